//! Pinned assignments must be eligible and compatible with each other (contract §2): both
//! depend on the horizon and the policy, so they are checked once the instance is built.

use super::error::{Code, InputError, InputErrors};
use super::table::Table;
use crate::model::Assignment;
use crate::rules::{hard, Instance, Violation};
use chrono::Datelike;
use std::path::Path;

/// What can only be checked once the horizon is known: the history lies before it, then the
/// pins (which H3 checks together with the history's days of the same month).
pub fn validate_for_horizon(inst: &Instance, dataset_dir: &Path) -> Result<(), InputErrors> {
    super::validate_history(inst.dataset, &inst.horizon)?;
    validate_pins(inst, dataset_dir)
}

pub fn validate_pins(inst: &Instance, dataset_dir: &Path) -> Result<(), InputErrors> {
    let ds = inst.dataset;
    let file = dataset_dir.join("pinned.csv").display().to_string();
    let mut errors = Vec::new();
    // The date column as the file has it (columns are matched by name, in any order).
    let date_column = || {
        Table::read(&dataset_dir.join("pinned.csv"), &file, &[])
            .ok()
            .and_then(|t| t.column_label("date"))
            .unwrap_or_else(|| "date".to_owned())
    };
    for (p, &line) in &ds.pinned {
        let (v, s) = (&ds.volunteers[p.volunteer].id, &ds.sites[p.site].id);
        if !inst.horizon.contains(p.date) {
            errors.push(
                InputError::new(
                    Code::PinnedNotEligible,
                    &file,
                    format!(
                        "{v} at {s} on {}: the date is outside the horizon {}",
                        p.date, inst.horizon
                    ),
                )
                .line(line)
                .column(date_column()),
            );
        } else if let Err(why) = inst.eligibility(p.volunteer, p.site, p.date) {
            errors.push(
                InputError::new(
                    Code::PinnedNotEligible,
                    &file,
                    format!("{v} at {s} on {} is not eligible: {why}", p.date),
                )
                .line(line),
            );
        }
    }
    if errors.is_empty() {
        // Every other rule only limits assignments: the pins alone must be a valid plan,
        // else no plan exists. Say which rule they break.
        let pins = ds.pinned_plan();
        for v in hard::check(inst, &pins) {
            if matches!(v, Violation::PinnedMissing { .. }) {
                continue;
            }
            // The pins involved, by line; the error points at the last one.
            let vol = |a: &Assignment| ds.volunteers[a.volunteer].id.as_str();
            let site = |a: &Assignment| ds.sites[a.site].id.as_str();
            let involved = |a: &Assignment| match &v {
                Violation::NotEligible {
                    volunteer,
                    site: s,
                    date,
                    ..
                } => vol(a) == volunteer && site(a) == s && a.date == *date,
                Violation::TwoPlacesOneDay {
                    volunteer, date, ..
                } => vol(a) == volunteer && a.date == *date,
                Violation::OverMonthlyCap {
                    volunteer, month, ..
                } => vol(a) == volunteer && (a.date.year(), a.date.month()) == *month,
                Violation::OverRooms { site: s, date, .. }
                | Violation::OverBeds { site: s, date, .. } => site(a) == s && a.date == *date,
                Violation::PinnedMissing { .. } => false,
            };
            let mut lines: Vec<u64> = ds
                .pinned
                .iter()
                .filter(|(a, _)| involved(a))
                .map(|(_, &l)| l)
                .collect();
            lines.sort_unstable();
            let on = match lines.as_slice() {
                [] => String::new(),
                [l] => format!(" (pinned on line {l})"),
                [init @ .., last] => format!(
                    " (pinned on lines {} and {last})",
                    init.iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let e = InputError::new(
                Code::PinnedConflict,
                &file,
                format!("the pinned assignments break {v}{on}"),
            );
            errors.push(match lines.last() {
                Some(&l) => e.line(l),
                None => e,
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}
