//! What each day of the horizon is at each site, in one place for every report that draws a
//! calendar (HTML, spreadsheet): covered (by whom), short of doctors (and why), or not a
//! service day (and why, from `service_status`).

use crate::model::{Plan, SiteIdx, VolIdx};
use crate::rules::service_days::{service_status, NoService};
use crate::rules::uncovered::{UncoveredDay, UncoveredReason};
use crate::rules::Instance;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The state of one (site, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayState {
    /// A service day with at least its demand in doctors.
    Covered,
    /// A service day with some doctors, fewer than its demand.
    Partial(UncoveredReason),
    /// A service day without any doctor.
    Uncovered(UncoveredReason),
    /// Not a service day.
    NoService(NoService),
}

impl DayState {
    /// A CSS class / stable name.
    pub fn class(self) -> &'static str {
        match self {
            DayState::Covered => "covered",
            DayState::Partial(_) => "partial",
            DayState::Uncovered(_) => "uncovered",
            DayState::NoService(NoService::Closed) => "closed",
            DayState::NoService(NoService::PublicHoliday) => "holiday",
            DayState::NoService(NoService::ClosedWeekday) => "not_open",
            DayState::NoService(NoService::NoDemand) => "no_demand",
        }
    }

    pub fn reason(self) -> Option<UncoveredReason> {
        match self {
            DayState::Partial(r) | DayState::Uncovered(r) => Some(r),
            _ => None,
        }
    }
}

/// One (site, day) of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteDay {
    pub date: NaiveDate,
    pub state: DayState,
    /// demand(s, d) on a service day, 0 otherwise.
    pub demand: u32,
    /// The doctors assigned, in name order.
    pub doctors: Vec<VolIdx>,
}

/// Every day of the horizon for every site: `grid[site][day]`.
pub fn grid(inst: &Instance, plan: &Plan, uncovered: &[UncoveredDay]) -> Vec<Vec<SiteDay>> {
    let ds = inst.dataset;
    let mut doctors: HashMap<(SiteIdx, NaiveDate), Vec<VolIdx>> = HashMap::new();
    for a in plan.assignments() {
        doctors
            .entry((a.site, a.date))
            .or_default()
            .push(a.volunteer);
    }
    for vs in doctors.values_mut() {
        vs.sort_by(|&a, &b| {
            (&ds.volunteers[a].name, &ds.volunteers[a].id)
                .cmp(&(&ds.volunteers[b].name, &ds.volunteers[b].id))
        });
    }
    let reasons: HashMap<(SiteIdx, NaiveDate), UncoveredReason> = uncovered
        .iter()
        .map(|u| ((u.site, u.date), u.reason))
        .collect();
    (0..ds.sites.len())
        .map(|s| {
            inst.horizon
                .days()
                .map(|date| {
                    let docs = doctors.get(&(s, date)).cloned().unwrap_or_default();
                    let (state, demand) = match service_status(ds, s, date) {
                        Err(why) => (DayState::NoService(why), 0),
                        Ok(demand) => match reasons.get(&(s, date)) {
                            None => (DayState::Covered, demand),
                            Some(&r) if docs.is_empty() => (DayState::Uncovered(r), demand),
                            Some(&r) => (DayState::Partial(r), demand),
                        },
                    };
                    SiteDay {
                        date,
                        state,
                        demand,
                        doctors: docs,
                    }
                })
                .collect()
        })
        .collect()
}
