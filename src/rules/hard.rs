//! Hard rules H1–H6 (contract §5): what makes a plan valid.

use super::{month_key, Ineligible, Instance};
use crate::model::{Assignment, Plan};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;

/// One broken hard rule, with the ids a planner recognises.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// H1: an assignment that is not eligible.
    NotEligible {
        volunteer: String,
        site: String,
        date: NaiveDate,
        why: Ineligible,
    },
    /// H2: a volunteer at two places the same day.
    TwoPlacesOneDay {
        volunteer: String,
        date: NaiveDate,
        count: usize,
    },
    /// H3: a volunteer over the monthly cap.
    OverMonthlyCap {
        volunteer: String,
        month: (i32, u32),
        count: usize,
        /// Days of the same month already in the history.
        before: u32,
        cap: u32,
    },
    /// H4: more doctors than rooms.
    OverRooms {
        site: String,
        date: NaiveDate,
        count: usize,
        rooms: u32,
    },
    /// H5: more stayers than beds.
    OverBeds {
        site: String,
        date: NaiveDate,
        count: usize,
        beds: u32,
    },
    /// H6: an agreed assignment left out.
    PinnedMissing {
        volunteer: String,
        site: String,
        date: NaiveDate,
    },
}

impl Violation {
    /// The contract's rule name.
    pub fn rule(&self) -> &'static str {
        match self {
            Violation::NotEligible { .. } => "H1",
            Violation::TwoPlacesOneDay { .. } => "H2",
            Violation::OverMonthlyCap { .. } => "H3",
            Violation::OverRooms { .. } => "H4",
            Violation::OverBeds { .. } => "H5",
            Violation::PinnedMissing { .. } => "H6",
        }
    }

    /// The rule in a planner's words (the code stays beside it, for the contract).
    pub fn rule_words(&self) -> &'static str {
        match self {
            Violation::NotEligible { .. } => "not allowed there",
            Violation::TwoPlacesOneDay { .. } => "one place a day",
            Violation::OverMonthlyCap { .. } => "monthly cap",
            Violation::OverRooms { .. } => "rooms",
            Violation::OverBeds { .. } => "beds",
            Violation::PinnedMissing { .. } => "agreed vacation",
        }
    }

    /// The day the rule is broken on (None for the monthly cap).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Violation::NotEligible { date, .. }
            | Violation::TwoPlacesOneDay { date, .. }
            | Violation::OverRooms { date, .. }
            | Violation::OverBeds { date, .. }
            | Violation::PinnedMissing { date, .. } => Some(*date),
            Violation::OverMonthlyCap { .. } => None,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): ", self.rule_words(), self.rule())?;
        match self {
            Violation::NotEligible {
                volunteer,
                site,
                date,
                why,
            } => {
                write!(f, "{volunteer} cannot work at {site} on {date}: {why}")
            }
            Violation::TwoPlacesOneDay {
                volunteer,
                date,
                count,
            } => {
                write!(
                    f,
                    "{volunteer} has {count} assignments on {date} (at most one a day)"
                )
            }
            Violation::OverMonthlyCap {
                volunteer,
                month,
                count,
                before: 0,
                cap,
            } => write!(
                f,
                "{volunteer} works {count} days in {:04}-{:02}, above their cap of {cap}",
                month.0, month.1
            ),
            Violation::OverMonthlyCap {
                volunteer,
                month,
                count,
                before,
                cap,
            } => write!(
                f,
                "{volunteer} works {count} days in {:04}-{:02} after {before} in the history, \
                 above their cap of {cap}",
                month.0, month.1
            ),
            Violation::OverRooms {
                site,
                date,
                count,
                rooms,
            } => {
                write!(
                    f,
                    "{site} has {count} doctors on {date} but only {rooms} room(s)"
                )
            }
            Violation::OverBeds {
                site,
                date,
                count,
                beds,
            } => {
                // With no bed at all, one stayer is already too many.
                let doctors = if *count == 1 { "doctor" } else { "doctors" };
                let beds = match beds {
                    0 => "no bed".to_string(),
                    1 => "1 bed".to_string(),
                    n => format!("{n} beds"),
                };
                write!(
                    f,
                    "{site} has {count} {doctors} staying overnight on {date} but {beds}"
                )
            }
            Violation::PinnedMissing {
                volunteer,
                site,
                date,
            } => {
                write!(
                    f,
                    "the agreed assignment {volunteer} at {site} on {date} is not in the plan"
                )
            }
        }
    }
}

/// Every violation of H1–H6 by `plan`, in rule order.
pub fn check(inst: &Instance, plan: &Plan) -> Vec<Violation> {
    let ds = inst.dataset;
    let vid = |v: usize| ds.volunteers[v].id.clone();
    let sid = |s: usize| ds.sites[s].id.clone();
    let mut out = Vec::new();

    let mut per_vd: HashMap<(usize, NaiveDate), usize> = HashMap::new();
    let mut per_vm: HashMap<(usize, (i32, u32)), usize> = HashMap::new();
    let mut per_sd: HashMap<(usize, NaiveDate), usize> = HashMap::new();
    let mut stay_sd: HashMap<(usize, NaiveDate), usize> = HashMap::new();
    for a in plan.assignments() {
        if let Err(why) = inst.eligibility(a.volunteer, a.site, a.date) {
            out.push(Violation::NotEligible {
                volunteer: vid(a.volunteer),
                site: sid(a.site),
                date: a.date,
                why,
            });
        }
        *per_vd.entry((a.volunteer, a.date)).or_default() += 1;
        *per_vm.entry((a.volunteer, month_key(a.date))).or_default() += 1;
        *per_sd.entry((a.site, a.date)).or_default() += 1;
        if inst.is_stayer(a.volunteer, a.site) {
            *stay_sd.entry((a.site, a.date)).or_default() += 1;
        }
    }
    out.extend(
        sorted(per_vd)
            .into_iter()
            .filter(|&(_, n)| n > 1)
            .map(|((v, date), count)| Violation::TwoPlacesOneDay {
                volunteer: vid(v),
                date,
                count,
            }),
    );
    out.extend(
        sorted(per_vm)
            .into_iter()
            .filter_map(|((v, month), count)| {
                let cap = inst.monthly_cap(v);
                let before = inst.history_days(v, month);
                (count + before as usize > cap as usize).then(|| Violation::OverMonthlyCap {
                    volunteer: vid(v),
                    month,
                    count,
                    before,
                    cap,
                })
            }),
    );
    out.extend(sorted(per_sd).into_iter().filter_map(|((s, date), count)| {
        let rooms = ds.sites[s].rooms;
        (count > rooms as usize).then(|| Violation::OverRooms {
            site: sid(s),
            date,
            count,
            rooms,
        })
    }));
    out.extend(
        sorted(stay_sd)
            .into_iter()
            .filter_map(|((s, date), count)| {
                let beds = ds.sites[s].beds;
                (count > beds as usize).then(|| Violation::OverBeds {
                    site: sid(s),
                    date,
                    count,
                    beds,
                })
            }),
    );
    out.extend(
        ds.pinned
            .keys()
            .filter(|p| !plan.contains(p))
            .map(|p: &Assignment| Violation::PinnedMissing {
                volunteer: vid(p.volunteer),
                site: sid(p.site),
                date: p.date,
            }),
    );
    out
}

fn sorted<K: Ord, V>(map: HashMap<K, V>) -> Vec<(K, V)> {
    let mut v: Vec<_> = map.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[cfg(test)]
mod tests {
    use super::Violation;
    use chrono::NaiveDate;

    fn beds(count: usize, beds: u32) -> String {
        Violation::OverBeds {
            site: "S1".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            count,
            beds,
        }
        .to_string()
    }

    /// Regression: "S1 has 1 doctors staying overnight on 2026-12-03 but only 0 bed(s)".
    #[test]
    fn a_bed_message_counts_in_words() {
        assert_eq!(
            beds(1, 0),
            "beds (H5): S1 has 1 doctor staying overnight on 2026-12-03 but no bed"
        );
        assert_eq!(
            beds(3, 2),
            "beds (H5): S1 has 3 doctors staying overnight on 2026-12-03 but 2 beds"
        );
    }
}
