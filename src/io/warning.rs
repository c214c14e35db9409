//! Warnings: input that is valid by the contract but probably not what the planner meant
//! (a row given twice, a zone without a site, a site that never opens). The plan is made
//! all the same; each warning names the file, line and column like an error, with a stable
//! code of its own (`W…`, documented in the README).

use super::error::Location;
use std::fmt;

/// Stable warning codes. Never renumber: add new ones at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarnCode {
    /// A row repeats an earlier one where repeating changes nothing (availability.csv,
    /// closures.csv, pinned.csv): the repeat is ignored.
    RepeatedRow,
    /// A zone no site belongs to: nothing can be planned for it.
    ZoneWithoutSite,
    /// A site whose `open_days` is empty: it never opens, so it gets no vacation.
    SiteNeverOpen,
    /// An offered day outside the horizon: not planned (a typo such as 12/01 for 12/12?).
    OfferOutsideHorizon,
    /// A UTF-8 file with bytes that are not UTF-8 (two sources pasted together): those bytes
    /// are read as Windows-1252, the rest as UTF-8.
    MixedEncoding,
}

impl WarnCode {
    pub fn as_str(self) -> &'static str {
        match self {
            WarnCode::RepeatedRow => "W001",
            WarnCode::ZoneWithoutSite => "W002",
            WarnCode::SiteNeverOpen => "W003",
            WarnCode::OfferOutsideHorizon => "W004",
            WarnCode::MixedEncoding => "W005",
        }
    }
}

/// One warning, located like an input error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub code: WarnCode,
    pub at: Location,
    pub message: String,
}

impl Warning {
    /// A warning at `at` (a cell: `Row::cell`, so that warnings and errors name it alike).
    pub fn new(code: WarnCode, at: Location, message: impl Into<String>) -> Self {
        Warning {
            code,
            at,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.at, self.message, self.code.as_str())
    }
}

/// One warning per offered day outside the horizon, in line order: they are not planned,
/// and one among many is easily a typo (`12/01/2026` for `12/12/2026`).
pub fn offers_outside(ds: &crate::model::Dataset, horizon: &crate::model::Horizon) -> Vec<Warning> {
    let o = &ds.offer_origins;
    let mut outside: Vec<(u64, &str, chrono::NaiveDate)> = ds
        .availability
        .iter()
        .filter(|(_, d)| !horizon.contains(*d))
        .map(|&(v, d)| {
            let line = o.lines.get(&(v, d)).copied().unwrap_or(0);
            (line, ds.volunteers[v].id.as_str(), d)
        })
        .collect();
    outside.sort();
    outside
        .into_iter()
        .map(|(line, v, d)| {
            let at = Location {
                file: o.file.clone(),
                line: (line > 0).then_some(line),
                column: Some(o.date_column.clone()),
            };
            let message = format!("{v} offers {d}, outside {horizon}: not planned");
            Warning::new(WarnCode::OfferOutsideHorizon, at, message)
        })
        .collect()
}

/// How many warnings of one code are printed before "and N more like it": a sheet pasted
/// twice would otherwise bury the rest.
pub const SHOWN_PER_CODE: usize = 5;

/// The lines to print for `warnings`, each after "warning: ": see `summarised`.
pub fn warning_lines(warnings: &[Warning]) -> Vec<String> {
    summarised(warnings)
        .into_iter()
        .map(|l| format!("warning: {l}"))
        .collect()
}

/// `warnings` as lines: at most `SHOWN_PER_CODE` per code, then a count (as printed, and as
/// the plan's summary and report repeat them).
pub fn summarised(warnings: &[Warning]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut codes: Vec<WarnCode> = warnings.iter().map(|w| w.code).collect();
    codes.sort();
    codes.dedup();
    for code in codes {
        let of_code: Vec<&Warning> = warnings.iter().filter(|w| w.code == code).collect();
        for w in of_code.iter().take(SHOWN_PER_CODE) {
            lines.push(w.to_string());
        }
        if of_code.len() > SHOWN_PER_CODE {
            lines.push(format!(
                "and {} more like it [{}]",
                of_code.len() - SHOWN_PER_CODE,
                code.as_str()
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repeated(line: u64) -> Warning {
        let at = Location {
            file: "availability.csv".into(),
            line: Some(line),
            column: Some("date (B)".into()),
        };
        Warning::new(WarnCode::RepeatedRow, at, "repeats line 2")
    }

    #[test]
    fn reads_like_an_error_with_its_own_code() {
        assert_eq!(
            repeated(7).to_string(),
            "availability.csv, line 7, column date (B): repeats line 2 [W001]"
        );
    }

    #[test]
    fn many_of_one_kind_are_counted_not_listed() {
        let ws: Vec<Warning> = (3..13).map(repeated).collect();
        let lines = warning_lines(&ws);
        assert_eq!(lines.len(), SHOWN_PER_CODE + 1);
        assert_eq!(lines[5], "warning: and 5 more like it [W001]");
        assert!(lines[0].starts_with("warning: availability.csv, line 3,"));
    }
}
