//! Rule: demand(s, d) and service days (contract §4).

use crate::model::calendar::is_public_holiday;
use crate::model::{Dataset, Horizon, SiteIdx};
use chrono::{Datelike, NaiveDate};

/// demand(s, d): the `demand.csv` override if any, else the site's demand.
pub fn demand(ds: &Dataset, s: SiteIdx, d: NaiveDate) -> u32 {
    ds.demand_overrides
        .get(&(s, d))
        .copied()
        .unwrap_or(ds.sites[s].demand)
}

/// Why a day of the horizon is not a service day of a site (None: it is one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoService {
    Closed,
    PublicHoliday,
    ClosedWeekday,
    NoDemand,
}

impl NoService {
    pub fn describe(self) -> &'static str {
        match self {
            NoService::Closed => "closed (closures.csv)",
            NoService::PublicHoliday => "public holiday",
            NoService::ClosedWeekday => "not an opening day",
            NoService::NoDemand => "no demand",
        }
    }
}

/// Whether d is a service day of s, and if not, why.
pub fn service_status(ds: &Dataset, s: SiteIdx, d: NaiveDate) -> Result<u32, NoService> {
    if !ds.sites[s].open_days.contains(d.weekday()) {
        return Err(NoService::ClosedWeekday);
    }
    if is_public_holiday(d) {
        return Err(NoService::PublicHoliday);
    }
    if ds.closures.contains(&(s, d)) {
        return Err(NoService::Closed);
    }
    match demand(ds, s, d) {
        0 => Err(NoService::NoDemand),
        n => Ok(n),
    }
}

/// The service days of site s in the horizon, in date order, with their demand.
pub fn service_days(ds: &Dataset, s: SiteIdx, horizon: &Horizon) -> Vec<(NaiveDate, u32)> {
    horizon
        .days()
        .filter_map(|d| service_status(ds, s, d).ok().map(|n| (d, n)))
        .collect()
}
