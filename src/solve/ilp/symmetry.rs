//! Symmetry between identical volunteers: two volunteers with the same candidate
//! assignments (site, date), the same cost for each, the same stayer status, monthly cap
//! and pins can swap their whole schedules without changing anything the contract
//! measures. Branch-and-bound then explores each plan once per permutation. The model
//! keeps one of them: within each group (by index), a volunteer works at least as many
//! days as the next one (Σ x_v ≥ Σ x_w). Any plan becomes such a plan by swapping
//! schedules, so no objective value is lost.
//!
//! Identical volunteers arise when doctors of one practice (same home commune, hence the
//! same distances) offer the same dates. Off by default (`SolveOptions::symmetry`):
//! measured with `renfort speed` on two generated datasets with 40 such pairs each
//! (`generate --volunteers 160 --partners 40`), it made the solve slower (0.33 -> 1.32 s
//! and 1.88 -> 2.22 s, one run each); why was not investigated.

use super::model::Builder;
use std::collections::HashMap;

/// What makes a volunteer's part of the model: per candidate (site, date), its cost bits,
/// stayer status and pin; then the monthly cap.
/// With history, also whether the volunteer returns to the site and their cap left in the
/// candidate's month.
type Key = (
    Vec<(usize, chrono::NaiveDate, u64, u64, bool, bool, bool, u32)>,
    u32,
);

impl Builder<'_, '_> {
    /// Groups of two or more identical volunteers (each sorted; groups in index order).
    pub(super) fn identical_volunteers(&self) -> Vec<Vec<usize>> {
        let inst = self.inst;
        let cands = inst.candidates();
        let mut keys: Vec<Key> = (0..inst.dataset.volunteers.len())
            .map(|v| (Vec::new(), inst.monthly_cap(v)))
            .collect();
        for (i, k) in cands.iter().enumerate() {
            if self.x[i].is_none() {
                continue;
            }
            keys[k.volunteer].0.push((
                k.site,
                k.date,
                self.linear_cost(i).to_bits(),
                // A stayer's travel, per block, is not in the linear cost.
                inst.km(k.volunteer, k.site).to_bits(),
                inst.is_stayer(k.volunteer, k.site),
                self.is_pinned(i),
                inst.returning(k.volunteer, k.site),
                inst.cap_in_month(k.volunteer, crate::rules::month_key(k.date)),
            ));
        }
        let mut groups: HashMap<&Key, Vec<usize>> = HashMap::new();
        for (v, key) in keys.iter().enumerate() {
            if !key.0.is_empty() {
                groups.entry(key).or_default().push(v);
            }
        }
        let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
        out.sort();
        out
    }

    /// Σ x_v ≥ Σ x_w for consecutive members v, w of each group of identical volunteers.
    pub(super) fn symmetry_rows(&mut self) -> usize {
        let per_v = self.candidates_by_volunteer();
        let groups = self.identical_volunteers();
        let mut rows = 0;
        for g in &groups {
            for w in g.windows(2) {
                let more = self.sum_x(&per_v[w[0]]);
                let fewer = self.sum_x(&per_v[w[1]]);
                self.rows.push((more - fewer).geq(0.0));
                rows += 1;
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::Builder;
    use crate::model::Dataset;
    use crate::rules::{metrics, Instance};
    use crate::solve::state::tests::random_dataset;
    use crate::solve::{Formulation, SolveOptions, SolverKind};

    /// Adds `copies` clones of volunteer 0 (same home, dates, cap, distances).
    fn with_clones(ds: &mut Dataset, copies: usize) {
        for _ in 0..copies {
            let v = ds.volunteers.len();
            let mut clone = ds.volunteers[0].clone();
            clone.id = format!("{}-bis{v}", clone.id);
            ds.volunteers.push(clone);
            let dates: Vec<_> = ds
                .availability
                .iter()
                .filter(|a| a.0 == 0)
                .map(|a| a.1)
                .collect();
            ds.availability.extend(dates.into_iter().map(|d| (v, d)));
            let km: Vec<_> = ds
                .distances
                .iter()
                .filter(|e| e.0 .0 == 0)
                .map(|e| (e.0 .1, *e.1))
                .collect();
            ds.distances
                .extend(km.into_iter().map(|(s, d)| ((v, s), d)));
        }
    }

    /// Clones are found as one group; with and without the ordering rows, the exact
    /// optimum is the same (the rows cut only permuted copies of plans).
    #[test]
    fn clones_are_grouped_and_ordering_them_keeps_the_optimum() {
        let mut grouped = 0;
        for seed in 0..25 {
            let (mut ds, policy, horizon) = random_dataset(seed, 3, 5, 10);
            ds.volunteers[0].authorized = true;
            with_clones(&mut ds, 2);
            let inst = Instance::new(&ds, &policy, horizon);
            let b = Builder::new(&inst, Formulation::Schedules, None, None, true);
            let groups = b.identical_volunteers();
            let n = ds.volunteers.len();
            if inst.monthly_cap(0) > 0 && inst.candidates().iter().any(|c| c.volunteer == 0) {
                assert!(
                    groups.contains(&vec![0, n - 2, n - 1]),
                    "seed {seed}: {groups:?}"
                );
                grouped += 1;
            }
            let objective = |symmetry| {
                let opts = SolveOptions {
                    formulation: Formulation::Schedules,
                    kind: SolverKind::Ilp,
                    mip_rel_gap: 0.0,
                    threads: Some(1),
                    symmetry,
                    ..Default::default()
                };
                let plan = crate::solve::solve(&inst, &opts).plan.expect("a plan");
                metrics::compute(&inst, &plan).objective(&inst)
            };
            let (with, without) = (objective(true), objective(false));
            assert!(
                (with - without).abs() < 1e-6,
                "seed {seed}: {with} vs {without}"
            );
        }
        assert!(grouped > 0);
    }
}
