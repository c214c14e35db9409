//! Pinned assignments must be eligible and compatible with each other (contract §2): both
//! depend on the horizon and the policy, so they are checked once the instance is built.

use super::error::{Code, InputError, InputErrors};
use crate::model::Plan;
use crate::rules::{hard, Instance, Violation};
use std::path::Path;

pub fn validate_pins(inst: &Instance, dataset_dir: &Path) -> Result<(), InputErrors> {
    let ds = inst.dataset;
    let file = dataset_dir.join("pinned.csv").display().to_string();
    let mut errors = Vec::new();
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
                .column("date (C)"),
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
        let pins = Plan::new(ds.pinned.keys().copied().collect());
        for v in hard::check(inst, &pins) {
            if !matches!(v, Violation::PinnedMissing { .. }) {
                errors.push(InputError::new(
                    Code::PinnedConflict,
                    &file,
                    format!("the pinned assignments break {v}"),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}
