//! Block pairs (formulation `schedules`, `SolveOptions::block_pairs`, on by default): the
//! convex hull of a volunteer's feasible schedules in O(candidates) columns, when the
//! monthly cap is 2 and every candidate day lies in one month. The other volunteers keep
//! their schedules listed (see `schedules`).
//!
//! Why: the compact rows z ≥ x_today − x_yesterday let the LP pay 2/3 of a trip for two
//! stayer doctor-days (see `schedules`); HiGHS then spends its root cuts on exactly these
//! volunteers (read from its cut pool on a generated 225-volunteer dataset: every small cut
//! joined a stayer's x with its z). Listing schedules fixes that but grows as candidates²
//! (`MAX_SCHEDULES`).
//!
//! With a cap of 2 a schedule is empty, one day, two days, or a *pair*: two consecutive
//! dates at the same stayer site, which pays one trip instead of two. Without the pair
//! discount the schedules are the independent sets of a laminar matroid (one place a day
//! inside a cap per month), whose polytope {y ≥ 0: Σ_day y ≤ 1, Σ_month y ≤ 2} is integral.
//! So the schedules are the union of that polytope (every day its own trip) and one point
//! per pair (one trip), and Balas' disjunctive formulation gives the hull of the union:
//!
//! - μ ≥ 0 and λ_p ≥ 0 per pair, μ + Σ_p λ_p = 1 (μ: the no-pair branch);
//! - y_k = x_k − Σ_{p ∋ k} λ_p ≥ 0 (substituted, one row per candidate in a pair);
//! - per day d: Σ_{k on d} x_k − Σ_{p touching d} λ_p ≤ μ (the day rows of the no-pair
//!   branch, scaled by μ);
//! - per month: Σ x_k ≤ 2 (the scaled cap row, with μ + Σ λ = 1 and each pair using 2);
//! - x_k costs its own trip when a stayer; λ_p earns back one trip.
//!
//! A schedule that is a pair could also be counted on the no-pair branch, at two trips: never
//! cheaper, so the LP and the MIP optima are the contract's. With x integral, λ_p > 0 needs
//! both of p's x at 1, so the cheapest completion is exact.

use super::model::Builder;
use crate::rules::month_key;
use chrono::NaiveDate;
use good_lp::{variable, Expression};
use std::collections::{BTreeMap, HashMap};

/// A pair: candidate indices on consecutive dates at the same stayer site.
type Pair = (usize, usize);

impl Builder<'_, '_> {
    /// Whether `pair_hull` applies to a volunteer with candidates `ks` (all with x).
    pub(super) fn pair_hull_applies(&self, v: usize, ks: &[usize]) -> bool {
        let cands = self.inst.candidates();
        let month = |k: usize| month_key(cands[k].date);
        // New pairs of several days are paid once per pair: not on this hull's linear costs.
        let new_pair = |k: usize| self.new_pairs.contains(&(v, cands[k].site));
        ks.iter().all(|&k| month(k) == month(ks[0]))
            && self.inst.cap_in_month(v, month(ks[0])) == 2
            && !ks.iter().any(|&k| new_pair(k))
    }

    /// The stayer pairs among `ks` (consecutive dates, same site).
    fn pairs(&self, ks: &[usize]) -> Vec<Pair> {
        let inst = self.inst;
        let cands = inst.candidates();
        let at: HashMap<(usize, NaiveDate), usize> = ks
            .iter()
            .map(|&k| ((cands[k].site, cands[k].date), k))
            .collect();
        ks.iter()
            .filter(|&&a| inst.is_stayer(cands[a].volunteer, cands[a].site))
            .filter_map(|&a| {
                let next = cands[a].date.succ_opt()?;
                at.get(&(cands[a].site, next)).map(|&b| (a, b))
            })
            .collect()
    }

    /// Volunteer `v`'s rules and costs through the pair hull (see the module). Call only
    /// when `pair_hull_applies`; marks `v` as scheduled. Also where `v` has no pair, though
    /// the compact rows are then the hull already (the matroid polytope): leaving those
    /// volunteers on the compact rows (same LP bound) changed HiGHS's path, one run on 19
    /// AuRA-size datasets: 4 got 1.8-6x slower, 2 got 2.2x and 5.8x faster, 5 datasets
    /// missed 10x against plain instead of 4.
    pub(super) fn pair_hull(&mut self, v: usize, ks: &[usize]) {
        let inst = self.inst;
        let cands = inst.candidates();
        let travel = inst.policy.objective.travel;
        self.scheduled[v] = true;
        let x = |b: &Self, k: usize| b.x[k].expect("candidates with x").0;
        for &k in ks {
            let c = &cands[k];
            let mut cost = self.linear_cost(k);
            if inst.is_stayer(v, c.site) {
                cost += 2.0 * inst.km(v, c.site) * travel;
            }
            if cost != 0.0 {
                self.objective += cost * x(self, k);
            }
        }
        let pairs = if travel > 0.0 {
            self.pairs(ks)
        } else {
            Vec::new()
        };
        let (mu, _) = self.add(variable().min(0.0));
        let mut branches: Expression = mu.into();
        let mut used: BTreeMap<usize, Expression> = BTreeMap::new();
        let mut touching: BTreeMap<NaiveDate, Expression> = BTreeMap::new();
        for &(a, b) in &pairs {
            let (l, _) = self.add(variable().min(0.0));
            self.objective -= 2.0 * inst.km(v, cands[a].site) * travel * l;
            branches += l;
            for k in [a, b] {
                *used.entry(k).or_default() += l;
                *touching.entry(cands[k].date).or_default() += l;
            }
        }
        self.rows.push(branches.eq(1.0));
        for (k, lambdas) in used {
            self.rows.push((x(self, k) - lambdas).geq(0.0));
        }
        let mut per_day: BTreeMap<NaiveDate, Expression> = BTreeMap::new();
        for &k in ks {
            *per_day.entry(cands[k].date).or_default() += x(self, k);
        }
        for (d, xs) in per_day {
            let lambdas = touching.remove(&d).unwrap_or_default();
            self.rows.push((xs - lambdas - mu).leq(0.0));
        }
        if ks.len() > 2 {
            let all = self.sum_x(ks);
            self.rows.push(all.leq(2.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::exact_options;
    use super::super::{exact, fixing::Fixings, rens};
    use super::*;
    use crate::rules::{metrics, Instance};
    use crate::solve::{Formulation, SolveOptions};
    use crate::testkit::solver_instance;
    use std::time::Instant;

    /// The block pairs are the hull of the schedules: the LP bound is the one with every
    /// schedule listed, and so is the MIP optimum.
    #[test]
    fn block_pairs_bound_like_the_listed_schedules() {
        let (mut paired, mut pairs) = (0, 0);
        for seed in 0..30 {
            let (mut ds, mut policy, horizon) = solver_instance(seed, 3, 8, 14);
            policy.rules.max_days_per_month = 2;
            for v in &mut ds.volunteers {
                v.max_days = v.max_days.max(2);
            }
            let inst = Instance::new(&ds, &policy, horizon);
            let b = Builder::new(&inst, Formulation::Schedules, None, None, true, true);
            paired += b.paired;
            pairs += b
                .candidates_by_volunteer()
                .iter()
                .map(|ks| b.pairs(ks).len())
                .sum::<usize>();
            // The LP itself, without the search's root cuts: those differ with the rows they
            // start from and lift either bound past the other (on 20 of 800 seeds, both ways).
            let with = |block_pairs| SolveOptions {
                block_pairs,
                root_cuts: false,
                ..exact_options()
            };
            let lp =
                |o: &SolveOptions| rens::start_plan(&inst, o, Instant::now()).map(|s| s.lp.bound);
            let optimum = |o: &SolveOptions| {
                exact(&inst, o, None, &Fixings::default(), Instant::now())
                    .plan
                    .map(|p| metrics::compute(&inst, &p).objective(&inst))
            };
            let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(1.0),
                (a, b) => a.is_none() && b.is_none(),
            };
            let (lp_pairs, lp_listed) = (lp(&with(true)), lp(&with(false)));
            assert!(
                close(lp_pairs, lp_listed),
                "seed {seed}: LP {lp_pairs:?} vs {lp_listed:?}"
            );
            let (mip_pairs, mip_listed) = (optimum(&with(true)), optimum(&with(false)));
            assert!(
                close(mip_pairs, mip_listed),
                "seed {seed}: MIP {mip_pairs:?} vs {mip_listed:?}"
            );
        }
        assert!(
            paired > 50 && pairs > 20,
            "too few cases: {paired} volunteers, {pairs} pairs"
        );
    }
}
