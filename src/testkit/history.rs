//! A random history before an instance's horizon (contract v2).

use super::Mix;
use crate::model::{Dataset, HistoryFile, HistoryOrigin, PastVisit, Policy};
use crate::rules::{hard, Instance};
use crate::Horizon;
use chrono::Days;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Adds a random history before `horizon`, at most sites, some of it by a doctor who is not
/// a volunteer, and a random `new_pair` weight; returns the horizon, which may now start a
/// few days later (`Mix::history_late_start`) so that the history holds days of its first
/// month (H3). Pins before the new start, or over a cap with the history's days, would be
/// input errors: they are kept only where they still form a valid plan.
pub fn add_history(
    seed: u64,
    ds: &mut Dataset,
    policy: &mut Policy,
    horizon: Horizon,
    mix: &Mix,
) -> Horizon {
    // Its own stream: the instance's draws stay the same with or without a history.
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x005e_ed0f_1157);
    let h = horizon;
    let off = r
        .gen_range(0..=mix.history_late_start)
        .min(h.len() as u64 - 1);
    let first = h.first + Days::new(off);
    let start = h.first - Days::new(mix.history_days);
    ds.history.files = vec![HistoryFile {
        name: "history.csv".into(),
        date_column: "date (A)".into(),
    }];
    for s in 0..ds.sites.len() {
        if r.gen_bool(0.25) {
            continue;
        }
        for _ in 0..r.gen_range(mix.history_visits.clone()) {
            let date = start + Days::new(r.gen_range(0..mix.history_days + off));
            let volunteer = if r.gen_bool(0.8) && !ds.volunteers.is_empty() {
                ds.volunteers[r.gen_range(0..ds.volunteers.len())]
                    .id
                    .clone()
            } else {
                "V-gone".into()
            };
            let visit = PastVisit {
                date,
                site: s,
                volunteer,
            };
            ds.history
                .visits
                .insert(visit, HistoryOrigin { file: 0, line: 2 });
        }
    }
    policy.objective.new_pair = [0.0, 30.0, 300.0][r.gen_range(0..3)];
    let horizon = Horizon::range(first, h.last).unwrap();
    if !ds.pinned.is_empty() {
        ds.pinned.retain(|a, _| a.date >= first);
        let inst = Instance::new(ds, policy, horizon);
        if !hard::check(&inst, &ds.pinned_plan()).is_empty() {
            ds.pinned.clear();
        }
    }
    horizon
}
