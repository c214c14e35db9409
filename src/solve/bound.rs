//! A cheap lower bound on the objective, reported with heuristic plans.
//!
//! The objective is a sum of non-negative terms, so a bound on each term separately adds up
//! to a bound on the whole. Each term gets what no plan can avoid:
//! - uncovered demand and what assignments cost on their own (preference, bed night, a
//!   commuter's trip): each site day either leaves a doctor missing or pays for one, at
//!   least its cheapest candidates (pins always), and holds at most
//!   min(rooms, commuters + min(stayers, beds)) of them — volunteers' caps relaxed;
//! - long gaps: service days without a single candidate are uncovered in every plan; a gap
//!   holding such stretches is at least as long as their sum, and since
//!   max(0, x − tol) is superadditive, the stretches' excesses add up to a bound;
//! - breaks: two pinned (hence covered) days of a site with a candidate-less day between
//!   them lie in different runs;
//! - stayers' travel: the pins' blocks, a stayer's pinned days counting as separate blocks
//!   only when some day between them cannot be worked at that site;
//! - new pairs: the pins' (volunteer, site) pairs that the history does not hold.
//!
//! With history the long-gap and break terms stay valid: a first gap that continues a carried
//! one of c days costs max(0, c + k − tol) − max(0, c − tol) ≥ max(0, k − tol) (the excess is
//! convex), and every run counts as a break or more.

use crate::model::{SiteIdx, VolIdx};
use crate::rules::Instance;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A valid lower bound on the contract's objective of every valid plan.
pub fn lower_bound(inst: &Instance) -> f64 {
    sites_bound(inst) + pins_bound(inst)
}

/// What one site day's candidates say about the plan.
#[derive(Debug, Clone, Default)]
struct DayCands {
    commuters: u32,
    stayers: u32,
    /// Own cost (without a stayer's trip) of the pinned candidates, and of the others.
    pinned: Vec<f64>,
    others: Vec<f64>,
}

impl DayCands {
    /// Least uncovered + own cost at this day: pins, then the cheapest others, as many as
    /// the rooms and beds let in.
    fn least_cost(&mut self, demand: u32, rooms: u32, beds: u32, weight: f64) -> f64 {
        let most = (self.commuters + self.stayers.min(beds))
            .min(rooms)
            .max(self.pinned.len() as u32) as usize;
        self.others.sort_by(f64::total_cmp);
        let mut paid: f64 = self.pinned.iter().sum();
        let mut best = f64::INFINITY;
        let extra = self.others.iter().map(Some).chain(std::iter::once(None));
        for (a, next) in (self.pinned.len()..=most).zip(extra) {
            best = best.min(weight * demand.saturating_sub(a as u32) as f64 + paid);
            match next {
                Some(c) => paid += c,
                None => break,
            }
        }
        best
    }
}

/// Uncovered demand with own costs, long gaps and breaks that no plan avoids.
fn sites_bound(inst: &Instance) -> f64 {
    let ds = inst.dataset;
    let w = &inst.policy.objective;
    let mut counts: Vec<Vec<DayCands>> = (0..ds.sites.len())
        .map(|s| vec![DayCands::default(); inst.service_days(s).len()])
        .collect();
    for c in inst.candidates() {
        let Some(e) = counts.get_mut(c.site).and_then(|days| days.get_mut(c.day)) else {
            continue;
        };
        let stayer = inst.is_stayer(c.volunteer, c.site);
        let mut own = if inst.preference_miss(c.volunteer, c.site) {
            w.preference
        } else {
            0.0
        };
        if stayer {
            e.stayers += 1;
            own += w.bed_night;
        } else {
            e.commuters += 1;
            own += w.travel * 2.0 * inst.km(c.volunteer, c.site);
        }
        let key = crate::model::Assignment {
            date: c.date,
            site: c.site,
            volunteer: c.volunteer,
        };
        if ds.pinned.contains_key(&key) {
            e.pinned.push(own);
        } else {
            e.others.push(own);
        }
    }
    let mut pinned_days: Vec<Vec<bool>> = counts.iter().map(|d| vec![false; d.len()]).collect();
    for p in ds.pinned.keys() {
        if inst.eligibility(p.volunteer, p.site, p.date).is_ok() {
            if let Some(i) = inst.service_index(p.site, p.date) {
                pinned_days[p.site][i] = true;
            }
        }
    }
    let excess = |g: u64| g.saturating_sub(w.gap_tolerance as u64) as f64;
    let mut lb = 0.0;
    for (s, days) in counts.iter_mut().enumerate() {
        let site = &ds.sites[s];
        let weight = w.uncovered * inst.priority(s);
        let mut paid = 0.0;
        let (mut empty_run, mut long_gap) = (0u64, 0.0);
        let (mut seen_pin, mut empty_since_pin, mut breaks) = (false, false, 0u64);
        for (i, (day, sd)) in days.iter_mut().zip(inst.service_days(s)).enumerate() {
            paid += day.least_cost(sd.demand, site.rooms, site.beds, weight);
            if day.commuters + day.stayers == 0 {
                empty_run += 1;
                empty_since_pin = true;
            } else {
                long_gap += excess(empty_run);
                empty_run = 0;
            }
            if pinned_days[s][i] {
                if seen_pin && empty_since_pin {
                    breaks += 1;
                }
                seen_pin = true;
                empty_since_pin = false;
            }
        }
        long_gap += excess(empty_run);
        lb += paid + w.long_gap * long_gap + w.break_ * breaks as f64;
    }
    lb
}

/// Stayers' travel and new pairs of the pins themselves.
fn pins_bound(inst: &Instance) -> f64 {
    let w = &inst.policy.objective;
    let mut by_pair: BTreeMap<(VolIdx, SiteIdx), Vec<NaiveDate>> = BTreeMap::new();
    for p in inst.dataset.pinned.keys() {
        if inst.eligibility(p.volunteer, p.site, p.date).is_ok() {
            by_pair
                .entry((p.volunteer, p.site))
                .or_default()
                .push(p.date);
        }
    }
    let mut lb = 0.0;
    for ((v, s), mut dates) in by_pair {
        if !inst.returning(v, s) {
            lb += w.new_pair;
        }
        dates.sort_unstable();
        if inst.is_stayer(v, s) {
            // Blocks that no added day can join: some day between two pins is not workable.
            let separated = dates
                .windows(2)
                .filter(|p| {
                    p[0].iter_days()
                        .skip(1)
                        .take_while(|d| *d < p[1])
                        .any(|d| inst.eligibility(v, s, d).is_err())
                })
                .count();
            lb += w.travel * 2.0 * inst.km(v, s) * (1 + separated) as f64;
        }
    }
    lb
}
