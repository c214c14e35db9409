//! `summary.json`: the contract's keys (objective, metrics, solver) plus per-zone detail.

use crate::model::Plan;
use crate::rules::care::{self, SiteCare};
use crate::rules::metrics::{breakdown, Metrics};
use crate::rules::Instance;
use crate::solve::{ModelStats, Outcome};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SolverInfo {
    pub status: &'static str,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub seconds: f64,
    pub name: &'static str,
    pub model: ModelStats,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZoneLine {
    pub zone_id: String,
    pub name: String,
    pub priority: f64,
    pub service_days: u64,
    pub covered_site_days: u64,
    pub demand_doctor_days: u64,
    pub uncovered_doctor_days: u64,
    pub breaks: u64,
    pub longest_gap: u64,
    pub assigned_days: u64,
    pub cost_eur: f64,
    /// Where the zone comes from, when the dataset says (`confirmed`, `illustrative`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_status: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub dataset: String,
    pub horizon: Horizon,
    pub objective: f64,
    pub metrics: Metrics,
    pub solver: SolverInfo,
    pub zones: Vec<ZoneLine>,
    /// Per site: the last vacation before the horizon, its carried gap, the plan's doctors
    /// and how many return, the continuity-of-care index.
    pub sites: Vec<SiteLine>,
    /// Vacations in the history (`history.csv` or `--history`).
    pub history_vacations: usize,
    /// The convocations written with the plan (`report::publish`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub convocations: Option<crate::report::convocation::Written>,
    /// What the planner should check in the input (see `io::warning`, and a month with
    /// most offers outside it): the lines printed on stderr, kept with the plan so the
    /// report says them too. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// A site's continuity of care across the history and the plan (`rules::care`).
#[derive(Debug, Clone, Serialize)]
pub struct SiteLine {
    pub site_id: String,
    pub name: String,
    #[serde(flatten)]
    pub care: SiteCare,
}

#[derive(Debug, Clone, Serialize)]
pub struct Horizon {
    pub first: String,
    pub last: String,
}

impl Summary {
    pub fn new(inst: &Instance, plan: &Plan, outcome: &Outcome) -> Summary {
        let b = breakdown(inst, plan);
        let ds = inst.dataset;
        let per_zone = b.per_zone(inst);
        let zones = ds
            .zones
            .iter()
            .zip(per_zone)
            .enumerate()
            .map(|(z, (zone, m))| ZoneLine {
                zone_id: zone.id.clone(),
                name: zone.name.clone(),
                priority: zone.priority,
                service_days: (0..ds.sites.len())
                    .filter(|&s| ds.sites[s].zone == z)
                    .map(|s| inst.service_days(s).len() as u64)
                    .sum(),
                covered_site_days: m.covered_site_days,
                demand_doctor_days: m.demand_doctor_days,
                uncovered_doctor_days: m.uncovered_doctor_days,
                breaks: m.breaks,
                longest_gap: m.longest_gap,
                assigned_days: m.assigned_days,
                cost_eur: m.cost_eur,
                source_status: zone.source_status.clone(),
            })
            .collect();
        Summary {
            dataset: ds.name.clone(),
            horizon: Horizon {
                first: inst.horizon.first.to_string(),
                last: inst.horizon.last.to_string(),
            },
            objective: b.total.objective(inst),
            metrics: b.total,
            solver: SolverInfo {
                status: outcome.status.as_str(),
                bound: outcome.bound,
                gap: outcome.gap,
                seconds: outcome.seconds,
                name: outcome.solver,
                model: outcome.stats.clone(),
            },
            zones,
            sites: ds
                .sites
                .iter()
                .zip(care::per_site(inst, plan))
                .map(|(site, care)| SiteLine {
                    site_id: site.id.clone(),
                    name: site.name.clone(),
                    care,
                })
                .collect(),
            history_vacations: ds.history.len(),
            convocations: None,
            warnings: Vec::new(),
        }
    }

    /// summary.json with one more key (a repair's or a scenario's details), or as it is.
    pub fn to_json_with(&self, extra: Option<(&str, serde_json::Value)>) -> Vec<u8> {
        let Some((key, value)) = extra else {
            return self.to_json();
        };
        let mut v = serde_json::to_value(self).expect("summary serialises");
        v[key] = value;
        let mut bytes = serde_json::to_vec_pretty(&v).expect("json");
        bytes.push(b'\n');
        bytes
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("summary serialises");
        v.push(b'\n');
        v
    }
}
