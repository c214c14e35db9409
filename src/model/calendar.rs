//! Dates: the planning horizon and French public holidays (metropolitan France).

use chrono::{Datelike, Days, NaiveDate};
use std::fmt;

/// The inclusive range of dates a plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Horizon {
    /// The whole calendar month `year-month`; None if the month does not exist.
    pub fn month(year: i32, month: u32) -> Option<Horizon> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Horizon {
            first,
            last: next.pred_opt()?,
        })
    }

    /// Parses `YYYY-MM`.
    pub fn parse_month(text: &str) -> Option<Horizon> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        Horizon::month(y.parse().ok()?, m.parse().ok()?)
    }

    pub fn range(first: NaiveDate, last: NaiveDate) -> Option<Horizon> {
        (first <= last).then_some(Horizon { first, last })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(move |d| *d <= self.last)
    }

    pub fn len(&self) -> usize {
        (self.last - self.first).num_days() as usize + 1
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// A label for folder names: `2026-12` for a whole month, else `2026-12-01_2026-12-15`.
    pub fn label(&self) -> String {
        match Horizon::month(self.first.year(), self.first.month()) {
            Some(m) if m == *self => format!("{:04}-{:02}", self.first.year(), self.first.month()),
            _ => format!("{}_{}", self.first, self.last),
        }
    }
}

impl fmt::Display for Horizon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.first, self.last)
    }
}

/// Easter Sunday (Gregorian), anonymous Gregorian algorithm (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

/// The eleven public holidays of metropolitan France in `year`, sorted.
pub fn public_holidays(year: i32) -> Vec<NaiveDate> {
    let easter = easter_sunday(year);
    let fixed = [
        (1, 1),
        (5, 1),
        (5, 8),
        (7, 14),
        (8, 15),
        (11, 1),
        (11, 11),
        (12, 25),
    ];
    let mut days: Vec<NaiveDate> = fixed
        .iter()
        .map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d).expect("fixed holiday exists"))
        .chain([
            easter + Days::new(1),  // Easter Monday
            easter + Days::new(39), // Ascension Thursday
            easter + Days::new(50), // Whit Monday
        ])
        .collect();
    days.sort();
    days
}

pub fn is_public_holiday(d: NaiveDate) -> bool {
    public_holidays(d.year()).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_matches_known_years() {
        // Published dates of Easter Sunday.
        assert_eq!(easter_sunday(2024), ymd(2024, 3, 31));
        assert_eq!(easter_sunday(2025), ymd(2025, 4, 20));
        assert_eq!(easter_sunday(2026), ymd(2026, 4, 5));
        assert_eq!(easter_sunday(2027), ymd(2027, 3, 28));
        assert_eq!(easter_sunday(2038), ymd(2038, 4, 25));
        assert_eq!(easter_sunday(2285), ymd(2285, 3, 22));
    }

    #[test]
    fn holidays_2026_are_the_official_list() {
        let got = public_holidays(2026);
        let want = vec![
            ymd(2026, 1, 1),
            ymd(2026, 4, 6), // Lundi de Pâques
            ymd(2026, 5, 1),
            ymd(2026, 5, 8),
            ymd(2026, 5, 14), // Ascension
            ymd(2026, 5, 25), // Lundi de Pentecôte
            ymd(2026, 7, 14),
            ymd(2026, 8, 15),
            ymd(2026, 11, 1),
            ymd(2026, 11, 11),
            ymd(2026, 12, 25),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn holidays_2025_movable_feasts() {
        assert!(is_public_holiday(ymd(2025, 4, 21)));
        assert!(is_public_holiday(ymd(2025, 5, 29)));
        assert!(is_public_holiday(ymd(2025, 6, 9)));
        assert!(!is_public_holiday(ymd(2025, 4, 20))); // Easter Sunday itself is not listed
    }

    #[test]
    fn month_horizon() {
        let h = Horizon::parse_month("2026-12").unwrap();
        assert_eq!(h.first, ymd(2026, 12, 1));
        assert_eq!(h.last, ymd(2026, 12, 31));
        assert_eq!(h.len(), 31);
        assert_eq!(h.label(), "2026-12");
        assert_eq!(Horizon::parse_month("2028-02").unwrap().len(), 29);
        assert!(Horizon::parse_month("2026-13").is_none());
        assert!(Horizon::parse_month("26-1").is_none());
        let r = Horizon::range(ymd(2026, 12, 1), ymd(2026, 12, 15)).unwrap();
        assert_eq!(r.label(), "2026-12-01_2026-12-15");
    }
}
