//! Rule: eligibility of (volunteer, site, date) (contract §4, hard rule H1).

use super::Instance;
use crate::model::{SiteIdx, VolIdx};
use chrono::NaiveDate;
use std::fmt;

/// Tolerance on `max_km`, so that a distance equal to the limit up to rounding stays eligible.
pub const KM_TOLERANCE: f64 = 1e-9;

/// The first reason a (v, s, d) is not eligible.
#[derive(Debug, Clone, PartialEq)]
pub enum Ineligible {
    NotAuthorized,
    NotAvailable,
    NotServiceDay,
    TooFar { km: f64, max_km: f64 },
    NoOvernight { km: f64 },
}

impl fmt::Display for Ineligible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ineligible::NotAuthorized => write!(f, "the volunteer is not authorised (CDOM)"),
            Ineligible::NotAvailable => write!(f, "the volunteer did not offer that day"),
            Ineligible::NotServiceDay => write!(f, "that day is not a service day of the site"),
            Ineligible::TooFar { km, max_km } => {
                write!(f, "the site is {km:.1} km away, beyond the volunteer's max_km {max_km}")
            }
            Ineligible::NoOvernight { km } => write!(
                f,
                "the site is {km:.1} km away (a stay) but the volunteer does not accept overnight stays"
            ),
        }
    }
}

impl Instance<'_> {
    /// Eligible (v, s, d): authorised, available, service day, within max_km, commuter or overnight.
    pub fn eligibility(&self, v: VolIdx, s: SiteIdx, d: NaiveDate) -> Result<(), Ineligible> {
        let vol = &self.dataset.volunteers[v];
        if !vol.authorized {
            return Err(Ineligible::NotAuthorized);
        }
        if !self.dataset.availability.contains(&(v, d)) {
            return Err(Ineligible::NotAvailable);
        }
        if self.service_index(s, d).is_none() {
            return Err(Ineligible::NotServiceDay);
        }
        self.reachable(v, s)
    }

    /// The distance part of eligibility, independent of the date.
    pub fn reachable(&self, v: VolIdx, s: SiteIdx) -> Result<(), Ineligible> {
        let vol = &self.dataset.volunteers[v];
        let km = self.km(v, s);
        if km > vol.max_km + KM_TOLERANCE {
            return Err(Ineligible::TooFar {
                km,
                max_km: vol.max_km,
            });
        }
        if self.is_stayer(v, s) && !vol.overnight {
            return Err(Ineligible::NoOvernight { km });
        }
        Ok(())
    }
}
