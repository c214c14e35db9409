//! The next month of a dataset (`renfort generate --next DATASET --history PLAN_DIR`), so
//! that anyone can build a monthly cycle of any length: the same zones, sites, volunteers,
//! closures, demand and distances (closures before the month still shape the carried gap);
//! each volunteer's offers for the next month drawn as `generate` draws them, from a stream
//! of that month (two months' offers are independent draws); the month's plan added to the
//! history (with the history the dataset already had); no pins (they were the past month's).

use super::availability;
use crate::model::{Dataset, Horizon};
use chrono::Datelike;

/// The month after `month`.
pub fn following(month: &Horizon) -> Horizon {
    let next = month.last.succ_opt().unwrap_or(month.last);
    Horizon::month(next.year(), next.month()).unwrap_or(*month)
}

/// `ds` moved to `horizon` (the caller has added the plan to `ds.history`): offers redrawn
/// with `seed`, pins dropped, named `name`.
pub fn next_month(ds: &Dataset, horizon: &Horizon, seed: u64, name: String) -> Dataset {
    let label = horizon.label();
    let mut next = ds.clone();
    next.name = name;
    next.month = label.clone();
    next.description = Some(format!(
        "The month after {} ({}), made by `renfort generate --next` (seed {seed}): the same \
         zones, sites and volunteers, offers drawn for {label}, the previous months' plans as \
         history.csv.",
        ds.name, ds.month
    ));
    next.availability = (0..ds.volunteers.len())
        .flat_map(|v| {
            availability::draw_in_month(seed, v, horizon)
                .into_iter()
                .map(move |d| (v, d))
        })
        .collect();
    next.pinned.clear();
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_after_december_is_january() {
        let dec = Horizon::month(2026, 12).unwrap();
        assert_eq!(following(&dec), Horizon::month(2027, 1).unwrap());
    }

    #[test]
    fn offers_of_two_months_are_independent_draws() {
        let jan = Horizon::month(2027, 1).unwrap();
        let feb = Horizon::month(2027, 2).unwrap();
        let day_of = |ds: Vec<chrono::NaiveDate>| ds.iter().map(|d| d.day()).collect::<Vec<_>>();
        let same = (0..50)
            .filter(|&i| {
                day_of(availability::draw_in_month(1, i, &jan))
                    == day_of(availability::draw_in_month(1, i, &feb))
            })
            .count();
        assert!(
            same < 5,
            "{same} of 50 volunteers offer the same days of both months"
        );
    }
}
