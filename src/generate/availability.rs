//! Days a volunteer offers: 2 to 8 days of the horizon, never a Sunday or a public holiday
//! (no site works then), Saturdays seldom.
//!
//! Two habits, as doctors with a practice of their own have: most give short blocks (a day,
//! or 2–3 days in a row, e.g. around a weekend away from their practice); about a quarter
//! keep one weekday free and offer it week after week.

use super::{pick_weighted, stream};
use crate::model::calendar::is_public_holiday;
use crate::model::Horizon;
use chrono::{Datelike, NaiveDate, Weekday};
use rand::Rng;
use std::collections::BTreeSet;

const MIN_DAYS: usize = 2;
const MAX_DAYS: usize = 8;
/// Chance of the "same weekday every week" habit.
const WEEKLY: f64 = 0.25;
/// Weight of a Saturday against a weekday when picking a block start.
const SATURDAY_WEIGHT: f64 = 0.25;

/// The days volunteer number `index` (0-based) offers, sorted, without duplicates.
/// Depends only on the seed, the index and the horizon.
pub fn draw(seed: u64, index: usize, horizon: &Horizon) -> Vec<NaiveDate> {
    draw_from(
        stream(seed, &format!("availability:{}", index + 1)),
        horizon,
    )
}

/// The same draw from a stream of the horizon's month too, for the next months of a dataset
/// (`next`): `draw` keeps its stream so that generated datasets stay byte for byte the same.
pub fn draw_in_month(seed: u64, index: usize, horizon: &Horizon) -> Vec<NaiveDate> {
    let label = format!("availability:{}:{}", index + 1, horizon.label());
    draw_from(stream(seed, &label), horizon)
}

/// The days offered over consecutive `months`, in date order: the first month as `draw`
/// draws it (so a quarter's first month is the one-month dataset's), each later month as
/// `draw_in_month` (so it is what `generate --next` would draw for it with the same seed).
pub fn draw_months(seed: u64, index: usize, months: &[Horizon]) -> Vec<NaiveDate> {
    months
        .iter()
        .enumerate()
        .flat_map(|(m, h)| {
            if m == 0 {
                draw(seed, index, h)
            } else {
                draw_in_month(seed, index, h)
            }
        })
        .collect()
}

fn draw_from(mut rng: rand_chacha::ChaCha8Rng, horizon: &Horizon) -> Vec<NaiveDate> {
    let days: Vec<NaiveDate> = horizon
        .days()
        .filter(|d| d.weekday() != Weekday::Sun && !is_public_holiday(*d))
        .collect();
    if days.len() <= MIN_DAYS {
        return days; // a horizon this short: offer all it has
    }
    // 2..=8, centred on 3–5 days.
    let extra = pick_weighted(&mut rng, &[15.0, 20.0, 20.0, 15.0, 12.0, 10.0, 8.0]).unwrap_or(2);
    let target = (MIN_DAYS + extra).min(MAX_DAYS).min(days.len());
    let mut offered = BTreeSet::new();

    if rng.gen_bool(WEEKLY) {
        let weekday = rng.gen_range(0..5u32);
        offered.extend(
            days.iter()
                .filter(|d| d.weekday().num_days_from_monday() == weekday)
                .take(target),
        );
    }

    let weights: Vec<f64> = days
        .iter()
        .map(|d| {
            if d.weekday() == Weekday::Sat {
                SATURDAY_WEIGHT
            } else {
                1.0
            }
        })
        .collect();
    // Bounded: each try adds a day unless it hits only offered ones; 200 tries is plenty for
    // 8 days out of 20-odd, and a short horizon simply ends with fewer.
    for _ in 0..200 {
        if offered.len() >= target {
            break;
        }
        let Some(start) = pick_weighted(&mut rng, &weights) else {
            break;
        };
        let len = [1, 2, 3][pick_weighted(&mut rng, &[0.5, 0.3, 0.2]).unwrap_or(0)];
        // A block is consecutive calendar days; it stops at a Sunday, a holiday or the horizon's end.
        let mut day = days[start];
        for _ in 0..len {
            if offered.len() >= target || days.binary_search(&day).is_err() {
                break;
            }
            offered.insert(day);
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
    }
    offered.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_to_eight_working_days_in_the_horizon() {
        let h = Horizon::month(2026, 12).unwrap();
        for i in 0..500 {
            let d = draw(7, i, &h);
            assert!((MIN_DAYS..=MAX_DAYS).contains(&d.len()), "{}", d.len());
            assert!(d.windows(2).all(|w| w[0] < w[1]));
            assert!(d
                .iter()
                .all(|x| h.contains(*x) && x.weekday() != Weekday::Sun && !is_public_holiday(*x)));
        }
    }

    #[test]
    fn blocks_of_consecutive_days_occur() {
        let h = Horizon::month(2026, 12).unwrap();
        let with_block = (0..200)
            .filter(|&i| {
                draw(1, i, &h)
                    .windows(2)
                    .any(|w| w[0].succ_opt() == Some(w[1]))
            })
            .count();
        assert!(with_block > 50, "{with_block}");
    }

    #[test]
    fn a_quarter_starts_with_the_month_and_continues_as_next_draws() {
        let dec = Horizon::month(2026, 12).unwrap();
        let jan = Horizon::month(2027, 1).unwrap();
        let feb = Horizon::month(2027, 2).unwrap();
        for i in 0..50 {
            let q = draw_months(3, i, &[dec, jan, feb]);
            let mut parts = draw(3, i, &dec);
            parts.extend(draw_in_month(3, i, &jan));
            parts.extend(draw_in_month(3, i, &feb));
            assert_eq!(q, parts);
            assert!(q.windows(2).all(|w| w[0] < w[1]));
            // Each month keeps the per-month range of offers.
            for m in [dec, jan, feb] {
                let n = q.iter().filter(|d| m.contains(**d)).count();
                assert!((MIN_DAYS..=MAX_DAYS).contains(&n), "{m}: {n}");
            }
        }
        assert_eq!(draw_months(3, 7, &[dec]), draw(3, 7, &dec));
    }

    #[test]
    fn tiny_horizon() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(); // Christmas: nothing to offer
        assert!(draw(1, 0, &Horizon::range(d, d).unwrap()).is_empty());
    }
}
