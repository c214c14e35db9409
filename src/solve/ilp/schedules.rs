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
    /// λ per schedule (see `schedules`); `scheduled` marks them.
    pub(super) fn list_schedules(&mut self) {
        let inst = self.inst;
        let travel = inst.policy.objective.travel;
        let new_pair = inst.policy.objective.new_pair;
        let per_v = self.candidates_by_volunteer();
        // The block-pair hull where it applies (as strong, and linear in size), the listed
        // schedules elsewhere (see `pairs`).
        let paired: Vec<bool> = per_v
            .iter()
            .enumerate()
            .map(|(v, ks)| self.block_pairs && !ks.is_empty() && self.pair_hull_applies(v, ks))
            .collect();
        let lists: Vec<Option<Vec<Vec<usize>>>> = per_v
            .iter()
            .zip(&paired)
            .map(|(ks, &p)| {
                if p {
                    None
                } else {
                    enumerate(inst, ks, MAX_SCHEDULES)
                }
            })
            .collect();
        let total: usize = lists.iter().flatten().map(Vec::len).sum();
        if self.log {
            let n = paired.iter().filter(|&&p| p).count();
            println!("schedules: {total} listed, {n} volunteers on block pairs");
        }
        let listing = total <= MAX_TOTAL;
        // Rank of each schedule in the whole listing, kept or dropped (see `fixing`).
        let mut rank = 0;
        for (v, (ks, list)) in per_v.iter().zip(lists).enumerate() {
            if paired[v] {
                self.pair_hull(v, ks);
                self.paired += 1;
                continue;
            }
            // Too many schedules to list: the compact rows.
            let Some(list) = list.filter(|l| listing && !l.is_empty()) else {
                continue;
            };
            self.scheduled[v] = true;
            let mut lambdas = Expression::default();
            let mut covering: HashMap<usize, Expression> = HashMap::new();
            for sch in &list {
                let dropped = self.dropped.is_some_and(|d| d.contains(&rank));
                rank += 1;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assignment, Plan};
    use crate::rules::{hard, metrics};
    use crate::solve::state::tests::{random_dataset, random_dataset_with_history};

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
                random_dataset_with_history(seed, 3, 5, 10)
            } else {
                random_dataset(seed, 3, 5, 10)
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

    #[test]
    fn enumeration_stops_at_the_limit() {
        let (ds, policy, horizon) = random_dataset(3, 3, 6, 14);
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
