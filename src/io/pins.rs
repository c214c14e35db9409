//! Pinned assignments must be eligible and compatible with each other (contract §2): both
//! depend on the horizon and the policy, so they are checked once the instance is built.

use super::error::{Code, InputError, InputErrors};
use super::table::Table;
use crate::model::{Assignment, Plan};
use crate::rules::{hard, Ineligible, Instance, Violation};
use chrono::Datelike;
use std::collections::BTreeSet;
use std::path::Path;

/// What can only be checked once the horizon is known: the history lies before it, then the
/// pins (which H3 checks together with the history's days of the same month).
pub fn validate_for_horizon(inst: &Instance, dataset_dir: &Path) -> Result<(), InputErrors> {
    validate_for_horizon_with(inst, dataset_dir, &[])
}

/// `validate_for_horizon` for a dataset from `load_dataset_deferring_pins`: `pin_errors`
/// (its pinned.csv rows that could not be read) come first, with the other pin errors.
pub fn validate_for_horizon_with(
    inst: &Instance,
    dataset_dir: &Path,
    pin_errors: &[InputError],
) -> Result<(), InputErrors> {
    super::validate_history(inst.dataset, &inst.horizon)?;
    check_pins(inst, dataset_dir, pin_errors.to_vec())
}

pub fn validate_pins(inst: &Instance, dataset_dir: &Path) -> Result<(), InputErrors> {
    check_pins(inst, dataset_dir, Vec::new())
}

/// Every pin error at once (the README's promise): the rows already refused, then each pin
/// the horizon forbids (E040), then the rules the others break together (E041). A planner
/// fixing pinned.csv sees all three kinds in one run, not one kind per run.
fn check_pins(
    inst: &Instance,
    dataset_dir: &Path,
    mut errors: Vec<InputError>,
) -> Result<(), InputErrors> {
    let ds = inst.dataset;
    let file = dataset_dir.join("pinned.csv").display().to_string();
    // The columns as the file has them (matched by name, in any order).
    let table = Table::read(&dataset_dir.join("pinned.csv"), &file, &[]).ok();
    let column = |name: &str| {
        table
            .as_ref()
            .and_then(|t| t.column_label(name))
            .unwrap_or_else(|| name.to_owned())
    };
    let mut eligible = Vec::new();
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
                .column(column("date")),
            );
        } else if let Err(why) = inst.eligibility(p.volunteer, p.site, p.date) {
            // The cell to change: the doctor, the day or the site.
            let col = match why {
                Ineligible::NotAuthorized => "volunteer_id",
                Ineligible::NotAvailable | Ineligible::NotServiceDay => "date",
                Ineligible::TooFar { .. } | Ineligible::NoOvernight { .. } => "site_id",
            };
            errors.push(
                InputError::new(
                    Code::PinnedNotEligible,
                    &file,
                    format!("{v} at {s} on {} is not eligible: {why}", p.date),
                )
                .line(line)
                .column(column(col)),
            );
        } else {
            eligible.push(*p);
        }
    }
    {
        // Every other rule only limits assignments: the eligible pins alone must be a valid
        // plan, else no plan exists. Say which rule they break.
        let kept: BTreeSet<Assignment> = eligible.iter().copied().collect();
        let pins = Plan::new(eligible);
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
                .filter(|(a, _)| kept.contains(a) && involved(a))
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
                Some(&l) => e.line(l).column(column("date")),
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
