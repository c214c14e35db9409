//! Volunteer schedules (formulation `schedules`): each volunteer picks one whole month's
//! schedule among the feasible ones, instead of assignments tied by rows.
//!
//! Why: in the compact model a stayer's travel is paid once per block through
//! z ≥ x_today − x_yesterday, and its LP relaxation cheats: with a cap of 2, x = 2/3 on three
//! consecutive days pays 2/3 of one trip for two doctor-days. Measured on
//! datasets/aura-2026-12 and two generated AuRA-size datasets, removing stayers makes the
//! assignment part of the model totally unimodular (root LP integral, 0.1 s); they are what
//! HiGHS spends its cuts on. Listing the schedules gives the convex hull of each volunteer's
//! feasible schedules (an extended formulation, as in Dantzig–Wolfe):
//!
//! - λ_S ≥ 0 for each feasible schedule S of v (one place a day, at most the monthly cap per
//!   month), Σ_S λ_S ≤ 1 (the empty schedule is the slack);
//! - x_k = Σ_{S ∋ k} λ_S for each of v's candidates k;
//! - the cost of S (travel by blocks, beds, preferences, bias) sits on λ_S, exactly as the
//!   contract counts it.
//!
//! x stays binary and carries every other row (coverage, rooms, beds, continuity); when the
//! x's are integral the λ's are forced (the only schedule with positive weight is the set of
//! x's at 1), so λ can stay continuous. H2 and H3 rows are implied and left out. Volunteers
//! with a monthly cap of 2 get the same hull more compactly (see `pairs`); among the others,
//! one with more than `MAX_SCHEDULES` schedules keeps the compact rows (all are exact models,
//! they mix freely per volunteer).

use super::model::Builder;
use crate::rules::{metrics, month_key, Instance};
use chrono::NaiveDate;
use good_lp::{variable, Expression};
use std::collections::{BTreeMap, HashMap};

/// Above this many schedules a volunteer keeps the compact rows: the LP would grow faster
/// than the bound improves (with the default cap of 2, that is about 27 candidate days).
pub const MAX_SCHEDULES: usize = 400;
/// Above this many schedules in all, none is listed (the block pairs still apply): a
/// national LP (4,000 volunteers) grew too large to solve quickly.
pub const MAX_TOTAL: usize = 100_000;

/// The non-empty feasible schedules over candidates `ks` of one volunteer (indices into
/// `inst.candidates()`), or None when there are more than `limit`.
pub fn enumerate(inst: &Instance, ks: &[usize], limit: usize) -> Option<Vec<Vec<usize>>> {
    let cands = inst.candidates();
    let Some(&first) = ks.first() else {
        return Some(Vec::new());
    };
    let v = cands[first].volunteer;
    let mut sorted = ks.to_vec();
    sorted.sort_by_key(|&k| (cands[k].date, cands[k].site));
    let mut out = Vec::new();
    let mut current = Vec::new();
    let mut per_month: HashMap<(i32, u32), usize> = HashMap::new();
    let ok = extend(
        inst,
        &sorted,
        0,
        v,
        &mut current,
        &mut per_month,
        &mut out,
        limit,
    );
    ok.then_some(out)
}

/// Depth-first: every schedule whose first element is at position ≥ `from`, added to
/// `current`. Returns false as soon as `out` exceeds `limit`.
#[allow(clippy::too_many_arguments)]
fn extend(
    inst: &Instance,
    sorted: &[usize],
    from: usize,
    v: usize,
    current: &mut Vec<usize>,
    per_month: &mut HashMap<(i32, u32), usize>,
    out: &mut Vec<Vec<usize>>,
    limit: usize,
) -> bool {
    let cands = inst.candidates();
    for pos in from..sorted.len() {
        let k = sorted[pos];
        let c = &cands[k];
        // One place a day: the schedule is in date order, so only the last one can clash.
        if current.last().is_some_and(|&l| cands[l].date == c.date) {
            continue;
        }
        let m = month_key(c.date);
        if per_month.get(&m).copied().unwrap_or(0) >= inst.cap_in_month(v, m) as usize {
            continue;
        }
        current.push(k);
        *per_month.entry(m).or_default() += 1;
        out.push(current.clone());
        let fine =
            out.len() <= limit && extend(inst, sorted, pos + 1, v, current, per_month, out, limit);
        *per_month.get_mut(&m).expect("counted") -= 1;
        current.pop();
        if !fine {
            return false;
        }
    }
    true
}

/// Travel of a schedule for the stayer trips: one round trip per block of consecutive
/// calendar dates at the same site (`metrics::blocks`, the contract's count); commuters pay
/// per day, in the per-candidate cost.
pub fn stayer_trips_km(inst: &Instance, schedule: &[usize]) -> f64 {
    let cands = inst.candidates();
    let mut dates_at: BTreeMap<usize, Vec<NaiveDate>> = BTreeMap::new();
    for &k in schedule {
        let c = &cands[k];
        if inst.is_stayer(c.volunteer, c.site) {
            dates_at.entry(c.site).or_default().push(c.date);
        }
    }
    dates_at
        .into_iter()
        .map(|(s, mut dates)| {
            dates.sort();
            let v = cands[schedule[0]].volunteer;
            2.0 * inst.km(v, s) * metrics::blocks(&dates) as f64
        })
        .sum()
}

impl Builder<'_, '_> {
    /// The sites of a schedule that make new pairs of several candidates (see
    /// `Builder::new_pairs`; the single-candidate ones are in the linear cost).
    fn new_pairs_of(&self, v: usize, schedule: &[usize]) -> usize {
        let cands = self.inst.candidates();
        let mut sites: Vec<usize> = schedule
            .iter()
            .map(|&k| cands[k].site)
            .filter(|&s| self.new_pairs.contains(&(v, s)))
            .collect();
        sites.sort_unstable();
        sites.dedup();
        sites.len()
    }

    /// Formulation `schedules`: each volunteer with few enough feasible schedules gets one
    /// λ per schedule (see `schedules`); `scheduled` marks them. Over several months, each
    /// month of a volunteer whose months are independent gets its own hull (see
    /// `month_parts`).
    pub(super) fn list_schedules(&mut self) {
        let per_v = self.candidates_by_volunteer();
        let parts: Vec<Vec<Vec<usize>>> = per_v
            .iter()
            .enumerate()
            .map(|(v, ks)| self.month_parts(v, ks))
            .collect();
        // The block-pair hull where it applies (as strong, and linear in size), the listed
        // schedules elsewhere (see `pairs`).
        let kinds: Vec<Vec<Hull>> = parts
            .iter()
            .enumerate()
            .map(|(v, ps)| {
                ps.iter()
                    .map(|ks| self.hull_of(v, ks, ps.len() > 1))
                    .collect()
            })
            .collect();
        let total: usize = kinds
            .iter()
            .flatten()
            .map(|h| match h {
                Hull::Listed(Some(list)) => list.len(),
                _ => 0,
            })
            .sum();
        self.listed = total;
        let listing = total <= MAX_TOTAL;
        // Rank of each schedule in the whole listing, kept or dropped (see `fixing`).
        let mut rank = 0;
        for (v, (ps, hulls)) in parts.iter().zip(kinds).enumerate() {
            // A volunteer is on hulls entirely or not at all (`scheduled` drops all of its
            // compact rows): one part left to the compact rows keeps them all.
            let whole = hulls.iter().all(|h| match h {
                Hull::Pairs | Hull::Single => true,
                Hull::Listed(list) => listing && list.as_ref().is_some_and(|l| !l.is_empty()),
            });
            if !whole {
                continue;
            }
            if hulls.iter().any(|h| matches!(h, Hull::Pairs)) {
                self.paired += 1;
            }
            if ps.len() > 1 {
                self.split += 1;
            }
            self.scheduled[v] = true;
            for (ks, hull) in ps.iter().zip(hulls) {
                match hull {
                    Hull::Pairs => self.pair_hull(v, ks),
                    Hull::Single => self.single_hull(v, ks),
                    Hull::Listed(list) => {
                        let list = list.expect("checked above");
                        self.listed_hull(v, ks, &list, &mut rank);
                    }
                }
            }
        }
    }

    /// How the schedules of `ks`, all or one month of volunteer `v`'s candidates, are
    /// modelled; `split`: `ks` is one month of several.
    fn hull_of(&self, v: usize, ks: &[usize], split: bool) -> Hull {
        if self.block_pairs && !ks.is_empty() && self.pair_hull_applies(v, ks) {
            return Hull::Pairs;
        }
        let cands = self.inst.candidates();
        if split
            && ks
                .first()
                .is_some_and(|&k| self.inst.cap_in_month(v, month_key(cands[k].date)) <= 1)
        {
            return Hull::Single;
        }
        Hull::Listed(enumerate(self.inst, ks, MAX_SCHEDULES))
    }

    /// Volunteer `v`'s candidates `ks` in the parts whose schedules are independent: the
    /// calendar months, when the horizon spans several (`month_parts` on), no stayer block
    /// runs across a month's end and no new pair's cost (paid once over the horizon) joins
    /// two months; else all of `ks` as one part.
    ///
    /// Why: H3 caps each calendar month, and travel, beds and preferences are paid per day
    /// or per block, so such a volunteer's feasible schedules are the product of its
    /// months', and the hull of a product is the product of the hulls. Over a quarter, the
    /// schedules of the whole horizon are the product's size (past `MAX_SCHEDULES` for most
    /// volunteers) and the block pairs did not apply (candidates in several months), so most
    /// volunteers fell back to the compact rows and the LP's travel cheat (see the module).
    fn month_parts(&self, v: usize, ks: &[usize]) -> Vec<Vec<usize>> {
        let cands = self.inst.candidates();
        let month = |k: usize| month_key(cands[k].date);
        let several = ks.iter().any(|&k| month(k) != month(ks[0]));
        if !(self.month_parts && several) {
            return vec![ks.to_vec()];
        }
        let at: HashMap<(usize, NaiveDate), usize> = ks
            .iter()
            .map(|&k| ((cands[k].site, cands[k].date), k))
            .collect();
        let crosses = ks.iter().any(|&a| {
            let c = &cands[a];
            self.inst.is_stayer(v, c.site)
                && c.date
                    .succ_opt()
                    .and_then(|next| at.get(&(c.site, next)))
                    .is_some_and(|&b| month(b) != month(a))
        });
        let new_pair = ks
            .iter()
            .any(|&k| self.new_pairs.contains(&(v, cands[k].site)));
        if crosses || new_pair {
            return vec![ks.to_vec()];
        }
        let mut by_month: BTreeMap<(i32, u32), Vec<usize>> = BTreeMap::new();
        for &k in ks {
            by_month.entry(month(k)).or_default().push(k);
        }
        by_month.into_values().collect()
    }

    /// One month of a volunteer with a cap of at most 1 in it: each schedule is a single day
    /// (or none), whose costs are the candidate's own, a stayer's trip included; the cap row
    /// alone is the hull (H2 is implied).
    fn single_hull(&mut self, v: usize, ks: &[usize]) {
        let inst = self.inst;
        let cands = inst.candidates();
        let travel = inst.policy.objective.travel;
        for &k in ks {
            let (xk, _) = self.x[k].expect("candidates with x");
            let cost = self.linear_cost(k) + travel * stayer_trips_km(inst, &[k]);
            if cost != 0.0 {
                self.objective += cost * xk;
            }
        }
        let cap = inst.cap_in_month(v, month_key(cands[ks[0]].date));
        let all = self.sum_x(ks);
        self.rows.push(all.leq(f64::from(cap)));
    }

    /// The schedules `list` of `ks` (all or one month of volunteer `v`'s candidates), each
    /// with its λ, numbered from `rank` on (see `fixing`).
    fn listed_hull(&mut self, v: usize, ks: &[usize], list: &[Vec<usize>], rank: &mut usize) {
        let inst = self.inst;
        let travel = inst.policy.objective.travel;
        let new_pair = inst.policy.objective.new_pair;
        let mut lambdas = Expression::default();
        let mut covering: HashMap<usize, Expression> = HashMap::new();
        for sch in list {
            let dropped = self.dropped.is_some_and(|d| d.contains(rank));
            *rank += 1;
            if dropped {
                continue;
            }
            let cost = sch.iter().map(|&k| self.linear_cost(k)).sum::<f64>()
                + travel * stayer_trips_km(inst, sch)
                + new_pair * self.new_pairs_of(v, sch) as f64;
            let (l, col) = self.add(variable().min(0.0));
            self.lambda_cols.push(col);
            if cost != 0.0 {
                self.objective += cost * l;
            }
            lambdas += l;
            for &k in sch {
                *covering.entry(k).or_default() += l;
            }
        }
        self.rows.push(lambdas.leq(1.0));
        for &k in ks {
            let (xk, _) = self.x[k].expect("listed candidates have x");
            let sum = covering.remove(&k).unwrap_or_default();
            self.rows.push((xk - sum).eq(0.0));
        }
    }
}

/// How one part of a volunteer's candidates is modelled (see `Builder::list_schedules`).
enum Hull {
    /// The block-pair hull (see `pairs`).
    Pairs,
    /// One month with a cap of at most 1 (see `Builder::single_hull`).
    Single,
    /// The feasible schedules, listed; None: more than `MAX_SCHEDULES`.
    Listed(Option<Vec<Vec<usize>>>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assignment, Plan};
    use crate::rules::{hard, metrics};
    use crate::testkit::{solver_instance, solver_instance_with_history};

    fn plan_of(inst: &Instance, ks: &[usize]) -> Plan {
        let cands = inst.candidates();
        Plan::new(
            ks.iter()
                .map(|&k| Assignment {
                    date: cands[k].date,
                    site: cands[k].site,
                    volunteer: cands[k].volunteer,
                })
                .collect(),
        )
    }

    /// The listed schedules are exactly the non-empty subsets of a volunteer's candidates
    /// that keep H2 and H3 (checked by brute force), and each one's block travel is the
    /// contract's travel minus the commuters' daily trips.
    #[test]
    fn schedules_are_the_feasible_subsets_with_their_block_travel() {
        let mut checked = 0;
        for seed in 0..60 {
            // Odd seeds with a history: a cap left per month (H3 counts the history's days).
            let (ds, policy, horizon) = if seed % 2 == 1 {
                solver_instance_with_history(seed, 3, 5, 10)
            } else {
                solver_instance(seed, 3, 5, 10)
            };
            let inst = Instance::new(&ds, &policy, horizon);
            let cands = inst.candidates();
            for v in 0..ds.volunteers.len() {
                let ks: Vec<usize> = (0..cands.len())
                    .filter(|&k| cands[k].volunteer == v)
                    .collect();
                if ks.len() > 14 {
                    continue;
                }
                let listed = enumerate(&inst, &ks, usize::MAX).expect("no limit");
                let mut listed: Vec<Vec<usize>> = listed
                    .into_iter()
                    .map(|mut s| {
                        s.sort();
                        s
                    })
                    .collect();
                listed.sort();
                let mut brute = Vec::new();
                for mask in 1u32..(1 << ks.len()) {
                    let sub: Vec<usize> = (0..ks.len())
                        .filter(|i| mask & (1 << i) != 0)
                        .map(|i| ks[i])
                        .collect();
                    let keeps_h2_h3 = hard::check(&inst, &plan_of(&inst, &sub)).iter().all(|x| {
                        !matches!(
                            x,
                            hard::Violation::TwoPlacesOneDay { .. }
                                | hard::Violation::OverMonthlyCap { .. }
                        )
                    });
                    if keeps_h2_h3 {
                        brute.push(sub);
                    }
                }
                brute.sort();
                assert_eq!(listed, brute, "seed {seed} volunteer {v}");
                for s in &listed {
                    let commute: f64 = s
                        .iter()
                        .filter(|&&k| !inst.is_stayer(v, cands[k].site))
                        .map(|&k| 2.0 * inst.km(v, cands[k].site))
                        .sum();
                    let travel = metrics::compute(&inst, &plan_of(&inst, s)).travel_km;
                    let ours = stayer_trips_km(&inst, s) + commute;
                    assert!(
                        (travel - ours).abs() < 1e-6,
                        "seed {seed}: {travel} vs {ours}"
                    );
                }
                checked += listed.len();
            }
        }
        assert!(checked > 100, "too few schedules checked: {checked}");
    }

    /// Over two calendar months, one hull per month (`month_parts`) is exact (the MIP
    /// optimum is the one with a hull over the horizon or the compact rows) and its LP bound
    /// is at least as tight.
    #[test]
    fn a_hull_per_month_keeps_the_optimum_and_tightens_the_bound() {
        use super::super::tests::exact_options;
        use super::super::{exact, fixing::Fixings, rens};
        use crate::solve::{Formulation, SolveOptions};
        use std::time::Instant;
        let (mut split, mut tighter) = (0, 0);
        for seed in 0..24 {
            // Dec 1 to Jan 14: two months.
            let (ds, policy, horizon) = solver_instance(seed, 3, 6, 45);
            let inst = Instance::new(&ds, &policy, horizon);
            let b = Builder::new(&inst, Formulation::Schedules, None, None, true, true);
            split += b
                .candidates_by_volunteer()
                .iter()
                .enumerate()
                .filter(|(v, ks)| b.month_parts(*v, ks).len() > 1)
                .count();
            // The LP itself, without the search's root cuts (see `pairs`' test).
            let with = |parts: bool| {
                let mut o = exact_options();
                o.tuning.no_month_parts = !parts;
                o.root_cuts = false;
                o
            };
            let lp = |o: &SolveOptions| {
                rens::start_plan(&inst, o, Instant::now()).map_or(f64::NAN, |s| s.lp.bound)
            };
            let optimum = |o: &SolveOptions| {
                exact(&inst, o, None, &Fixings::default(), Instant::now())
                    .plan
                    .map(|p| metrics::compute(&inst, &p).objective(&inst))
            };
            let (mip_parts, mip_whole) = (optimum(&with(true)), optimum(&with(false)));
            let (Some(a), Some(w)) = (mip_parts, mip_whole) else {
                panic!("seed {seed}: no optimum ({mip_parts:?}, {mip_whole:?})");
            };
            assert!(
                (a - w).abs() <= 1e-6 * w.abs().max(1.0),
                "seed {seed}: MIP {a} vs {w}"
            );
            let (lp_parts, lp_whole) = (lp(&with(true)), lp(&with(false)));
            assert!(
                lp_parts >= lp_whole - 1e-6 * lp_whole.abs().max(1.0),
                "seed {seed}: LP {lp_parts} below {lp_whole}"
            );
            assert!(
                lp_parts <= a + 1e-6 * a.abs().max(1.0),
                "seed {seed}: LP above the optimum"
            );
            if lp_parts > lp_whole + 1e-6 * lp_whole.abs().max(1.0) {
                tighter += 1;
            }
        }
        assert!(split > 20, "too few volunteers split by month: {split}");
        assert!(tighter > 0, "the hull per month never tightened the LP");
    }

    #[test]
    fn enumeration_stops_at_the_limit() {
        let (ds, policy, horizon) = solver_instance(3, 3, 6, 14);
        let inst = Instance::new(&ds, &policy, horizon);
        let cands = inst.candidates();
        let v = (0..ds.volunteers.len())
            .max_by_key(|&v| cands.iter().filter(|c| c.volunteer == v).count())
            .expect("volunteers");
        let ks: Vec<usize> = (0..cands.len())
            .filter(|&k| cands[k].volunteer == v)
            .collect();
        let all = enumerate(&inst, &ks, usize::MAX).expect("no limit").len();
        assert!(all > 2, "need a volunteer with several schedules");
        assert!(enumerate(&inst, &ks, all).is_some());
        assert!(enumerate(&inst, &ks, all - 1).is_none());
    }
}
