//! The contract's rules, one file each. `Instance` holds the derived facts of §4 (service
//! days, distances, eligibility) for one dataset, policy and horizon; `hard` checks H1–H6;
//! `metrics` computes §6. Solvers and reports only ever read these.

pub mod care;
pub mod distance;
pub mod eligibility;
pub mod hard;
pub mod history;
pub mod metrics;
pub mod not_selected;
pub mod service_days;
pub mod uncovered;

use crate::model::{Dataset, Horizon, Policy, SiteIdx, VolIdx};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

pub use eligibility::Ineligible;
pub use hard::Violation;
pub use metrics::Metrics;

/// One service day of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceDay {
    pub date: NaiveDate,
    pub demand: u32,
}

/// An eligible (volunteer, site, date): a possible assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Candidate {
    pub volunteer: VolIdx,
    pub date: NaiveDate,
    pub site: SiteIdx,
    /// Position of `date` among the site's service days.
    pub day: usize,
}

/// The derived facts of one planning problem.
#[derive(Debug, Clone)]
pub struct Instance<'a> {
    pub dataset: &'a Dataset,
    pub policy: &'a Policy,
    pub horizon: Horizon,
    n_sites: usize,
    km: Vec<f64>,
    service: Vec<Vec<ServiceDay>>,
    service_lookup: HashMap<(SiteIdx, NaiveDate), usize>,
    candidates: Vec<Candidate>,
    history: history::Carried,
}

impl<'a> Instance<'a> {
    pub fn new(dataset: &'a Dataset, policy: &'a Policy, horizon: Horizon) -> Self {
        let n_sites = dataset.sites.len();
        let mut km = Vec::with_capacity(dataset.volunteers.len() * n_sites);
        for v in 0..dataset.volunteers.len() {
            for s in 0..n_sites {
                km.push(distance::road_km(dataset, policy, v, s));
            }
        }
        let service: Vec<Vec<ServiceDay>> = (0..n_sites)
            .map(|s| {
                service_days::service_days(dataset, s, &horizon)
                    .into_iter()
                    .map(|(date, demand)| ServiceDay { date, demand })
                    .collect()
            })
            .collect();
        let service_lookup = service
            .iter()
            .enumerate()
            .flat_map(|(s, days)| {
                days.iter()
                    .enumerate()
                    .map(move |(i, sd)| ((s, sd.date), i))
            })
            .collect();
        let mut inst = Instance {
            history: history::Carried::new(dataset, horizon.first),
            dataset,
            policy,
            horizon,
            n_sites,
            km,
            service,
            service_lookup,
            candidates: Vec::new(),
        };
        inst.candidates = inst.enumerate_candidates();
        inst
    }

    fn enumerate_candidates(&self) -> Vec<Candidate> {
        let ds = self.dataset;
        let mut out = Vec::new();
        for &(v, date) in &ds.availability {
            if !self.horizon.contains(date) || !ds.volunteers[v].authorized {
                continue;
            }
            for s in 0..self.n_sites {
                if let Some(day) = self.service_index(s, date) {
                    if self.reachable(v, s).is_ok() {
                        out.push(Candidate {
                            volunteer: v,
                            date,
                            site: s,
                            day,
                        });
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// km(v, s), road kilometres one way.
    pub fn km(&self, v: VolIdx, s: SiteIdx) -> f64 {
        self.km[v * self.n_sites + s]
    }

    pub fn is_stayer(&self, v: VolIdx, s: SiteIdx) -> bool {
        distance::is_stayer(self.km(v, s), self.policy)
    }

    /// Position of d among s's service days, if d is one.
    pub fn service_index(&self, s: SiteIdx, d: NaiveDate) -> Option<usize> {
        self.service_lookup.get(&(s, d)).copied()
    }

    pub fn service_days(&self, s: SiteIdx) -> &[ServiceDay] {
        &self.service[s]
    }

    /// All eligible (v, s, d), sorted by volunteer, date, site.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// min(max_days, max_days_per_month): a volunteer's cap in each calendar month.
    pub fn monthly_cap(&self, v: VolIdx) -> u32 {
        self.dataset.volunteers[v]
            .max_days
            .min(self.policy.rules.max_days_per_month)
    }

    /// Days of the history of v in `month` (H3 counts them with the plan's).
    pub fn history_days(&self, v: VolIdx, month: (i32, u32)) -> u32 {
        self.history.days.get(&(v, month)).copied().unwrap_or(0)
    }

    /// The days v may still be given in `month`: the monthly cap less the history's days.
    pub fn cap_in_month(&self, v: VolIdx, month: (i32, u32)) -> u32 {
        self.monthly_cap(v)
            .saturating_sub(self.history_days(v, month))
    }

    /// The carried gap c(s) (None: no vacation at s in the history).
    pub fn carried_gap(&self, s: SiteIdx) -> Option<u32> {
        self.history.gap[s]
    }

    /// L(s): the last vacation at s before the horizon.
    pub fn last_before(&self, s: SiteIdx) -> Option<NaiveDate> {
        self.history.last[s]
    }

    /// Whether the history holds the pair (v, s): v would return to s.
    pub fn returning(&self, v: VolIdx, s: SiteIdx) -> bool {
        self.history.pairs.contains(&(v, s))
    }

    /// Whether candidate `k` is a pinned assignment (`pinned.csv`).
    pub fn is_pinned(&self, k: &Candidate) -> bool {
        self.dataset.pinned.contains_key(&crate::model::Assignment {
            date: k.date,
            site: k.site,
            volunteer: k.volunteer,
        })
    }

    /// Whether the assignment of v at s misses v's preferred zones.
    pub fn preference_miss(&self, v: VolIdx, s: SiteIdx) -> bool {
        let zones = &self.dataset.volunteers[v].zones;
        !zones.is_empty() && !zones.contains(&self.dataset.sites[s].zone)
    }

    pub fn priority(&self, s: SiteIdx) -> f64 {
        self.dataset.zone_of(s).priority
    }
}

/// The calendar month of a date, the unit of the H3 cap.
pub fn month_key(d: NaiveDate) -> (i32, u32) {
    (d.year(), d.month())
}
