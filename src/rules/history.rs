//! Rule: what the history carries across the horizon's start (contract v2, §4-§6).
//!
//! - L(s), the last vacation at s before the horizon, and the carried gap c(s): the service
//!   days of s strictly between L(s) and the horizon's first day. Continuity is measured
//!   from there (see `metrics::continuity`): a site covered on 30 and 31 December is not
//!   "without a doctor since 1 January".
//! - H3 counts the history's days of the same calendar month (a horizon starting mid-month).
//! - A (volunteer, site) pair the history holds is a returning doctor; one it does not is a
//!   new pair (`new_pairs`).

use super::service_days::service_status;
use crate::model::{Dataset, SiteIdx, VolIdx};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// The history as the rules read it, for one horizon.
#[derive(Debug, Clone, Default)]
pub struct Carried {
    /// L(s) per site (None: no vacation in the history).
    pub last: Vec<Option<NaiveDate>>,
    /// c(s) per site (None: no history at s, v1's meaning).
    pub gap: Vec<Option<u32>>,
    /// Days of the history per volunteer of volunteers.csv and calendar month.
    pub days: HashMap<(VolIdx, (i32, u32)), u32>,
    /// (volunteer, site) pairs the history holds, for volunteers of volunteers.csv.
    pub pairs: HashSet<(VolIdx, SiteIdx)>,
}

impl Carried {
    pub fn new(ds: &Dataset, first: NaiveDate) -> Self {
        let mut last: Vec<Option<NaiveDate>> = vec![None; ds.sites.len()];
        let ids: HashMap<&str, VolIdx> = ds
            .volunteers
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i))
            .collect();
        let mut days = HashMap::new();
        let mut pairs = HashSet::new();
        for p in ds.history.visits.keys() {
            let l = &mut last[p.site];
            *l = Some(l.map_or(p.date, |l| l.max(p.date)));
            if let Some(&v) = ids.get(p.volunteer.as_str()) {
                *days.entry((v, super::month_key(p.date))).or_default() += 1;
                pairs.insert((v, p.site));
            }
        }
        for (volunteer, date) in &ds.history.elsewhere {
            if let Some(&v) = ids.get(volunteer.as_str()) {
                *days.entry((v, super::month_key(*date))).or_default() += 1;
            }
        }
        let gap = last
            .iter()
            .enumerate()
            .map(|(s, l)| l.map(|l| carried_gap(ds, s, l, first)))
            .collect();
        Carried {
            last,
            gap,
            days,
            pairs,
        }
    }
}

/// Service days of s strictly after `last` and strictly before `first`.
pub fn carried_gap(ds: &Dataset, s: SiteIdx, last: NaiveDate, first: NaiveDate) -> u32 {
    last.iter_days()
        .skip(1)
        .take_while(|d| *d < first)
        .filter(|&d| service_status(ds, s, d).is_ok())
        .count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{History, HistoryOrigin, PastVisit, Site, Weekdays, Zone};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn carried_gap_counts_service_days_between_the_last_vacation_and_the_horizon() {
        let mut ds = Dataset {
            zones: vec![Zone {
                id: "Z".into(),
                name: "Z".into(),
                department: "01".into(),
                priority: 1.0,
                source_status: None,
            }],
            sites: vec![Site {
                id: "S".into(),
                zone: 0,
                name: "S".into(),
                lat: 45.0,
                lon: 4.0,
                open_days: Weekdays(0b11111),
                rooms: 1,
                demand: 1,
                beds: 0,
                bed_cost_eur: 0.0,
                commune: None,
                contact: Default::default(),
            }],
            ..Default::default()
        };
        // Tue 22 Dec; then Wed 23, Thu 24, (Fri 25 a holiday), Mon 28, Tue 29 (closed),
        // Wed 30, Thu 31 before 1 Jan 2027: 5 service days.
        ds.closures.insert((0, d(12, 29)));
        ds.history = History {
            visits: [d(12, 22), d(11, 30)]
                .into_iter()
                .map(|date| {
                    let p = PastVisit {
                        date,
                        site: 0,
                        volunteer: "V9".into(),
                    };
                    (p, HistoryOrigin { file: 0, line: 2 })
                })
                .collect(),
            files: vec![],
            elsewhere: vec![],
        };
        let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let c = Carried::new(&ds, first);
        assert_eq!(c.last, vec![Some(d(12, 22))]);
        assert_eq!(c.gap, vec![Some(5)]);
        // V9 is not a volunteer: no cap, no pair, still the site's continuity.
        assert!(c.days.is_empty() && c.pairs.is_empty());
        assert_eq!(carried_gap(&ds, 0, d(12, 31), first), 0);
    }
}
