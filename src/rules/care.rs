//! Continuity of care per site across the history and the plan (contract v2 figures shown
//! beside §6's): the last vacation before the horizon and its carried gap, the plan's doctors
//! and how many of them return, and the usual provider continuity index (UPC: the share of
//! the site's vacations, history and plan together, done by its most frequent doctor; 1 when
//! one doctor did them all).

use super::Instance;
use crate::model::{Plan, SiteIdx};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One site's continuity of care.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SiteCare {
    /// L(s), the last vacation before the horizon.
    pub last_before: Option<NaiveDate>,
    /// c(s), service days without a doctor from L(s) to the horizon.
    pub carried_gap: Option<u32>,
    /// Distinct doctors of the plan at the site.
    pub doctors: u64,
    /// Of whom the history already holds at the site.
    pub returning: u64,
    /// Vacations at the site, history and plan.
    pub vacations: u64,
    /// Usual provider continuity over history and plan (None: no vacation at all).
    pub upc: Option<f64>,
}

/// `SiteCare` of every site, in site order.
pub fn per_site(inst: &Instance, plan: &Plan) -> Vec<SiteCare> {
    let ds = inst.dataset;
    let n = ds.sites.len();
    // Vacations per (site, doctor id), history and plan.
    let mut by_doctor: Vec<BTreeMap<&str, u64>> = vec![BTreeMap::new(); n];
    for p in ds.history.visits.keys() {
        *by_doctor[p.site].entry(p.volunteer.as_str()).or_default() += 1;
    }
    let mut doctors: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for a in plan.assignments() {
        let id = ds.volunteers[a.volunteer].id.as_str();
        *by_doctor[a.site].entry(id).or_default() += 1;
        doctors[a.site].insert(a.volunteer);
    }
    (0..n)
        .map(|s: SiteIdx| {
            let total: u64 = by_doctor[s].values().sum();
            let most = by_doctor[s].values().copied().max().unwrap_or(0);
            SiteCare {
                last_before: inst.last_before(s),
                carried_gap: inst.carried_gap(s),
                doctors: doctors[s].len() as u64,
                returning: doctors[s].iter().filter(|&&v| inst.returning(v, s)).count() as u64,
                vacations: total,
                upc: (total > 0).then(|| most as f64 / total as f64),
            }
        })
        .collect()
}
