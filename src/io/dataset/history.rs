//! history.csv (contract v2): vacations worked or agreed before the horizon. A previous
//! plan's `plan.csv` given with `--history` is read the same way (extra columns ignored).
//! Sites must resolve; a doctor need not be in volunteers.csv (they still count for the
//! site's continuity). Dates are checked against the horizon once it is known
//! (`validate_history`).

use super::{reference, Ctx, Errors, Ids};
use crate::io::error::{Code, InputError, InputErrors};
use crate::io::table::Table;
use crate::model::{Dataset, HistoryFile, HistoryOrigin, Horizon, PastVisit};
use std::path::PathBuf;

const COLUMNS: &[&str] = &["volunteer_id", "site_id", "date"];

pub(super) fn history(cx: &mut Ctx, ds: &mut Dataset, site_ids: Option<&Ids>) {
    let Some(t) = cx.table("history.csv", COLUMNS, true) else {
        return;
    };
    read_rows(&mut cx.errors, &t, ds, site_ids);
}

fn read_rows(errors: &mut Errors, t: &Table, ds: &mut Dataset, site_ids: Option<&Ids>) {
    let file = ds.history.files.len();
    ds.history.files.push(HistoryFile {
        name: t.file.clone(),
        date_column: t.column_label("date").unwrap_or_else(|| "date".into()),
    });
    for row in t.rows() {
        let v = errors.ok(row.id("volunteer_id"));
        let s = reference(errors, &row, "site_id", site_ids, "site");
        let d = errors.ok(row.date("date"));
        if let (Some(volunteer), Some(site), Some(date)) = (v, s, d) {
            let visit = PastVisit {
                date,
                site,
                volunteer,
            };
            let origin = HistoryOrigin {
                file,
                line: row.line,
            };
            ds.history.visits.entry(visit).or_insert(origin);
        }
    }
}

/// Adds the `plan.csv` of each previous plan folder to the dataset's history (`--history`).
pub fn add_history_plans(ds: &mut Dataset, dirs: &[PathBuf]) -> Result<(), InputErrors> {
    let ids: Ids = ds
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), (i, 0)))
        .collect();
    let mut errors = Errors::default();
    for dir in dirs {
        let path = dir.join("plan.csv");
        let name = path.display().to_string();
        if !path.is_file() {
            errors.push(InputError::new(
                Code::MissingFile,
                &name,
                "cannot read the previous plan: --history takes a plan folder renfort wrote \
                 (it holds plan.csv)",
            ));
            continue;
        }
        match Table::read(&path, &name, COLUMNS) {
            Ok(t) => read_rows(&mut errors, &t, ds, Some(&ids)),
            Err(e) => errors.push(e),
        }
    }
    if errors.0.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors.0))
    }
}

/// Every history row must lie before the horizon's first day: days inside the horizon that
/// are already agreed are pins.
pub fn validate_history(ds: &Dataset, horizon: &Horizon) -> Result<(), InputErrors> {
    let errors: Vec<InputError> = ds
        .history
        .visits
        .iter()
        .filter(|(p, _)| p.date >= horizon.first)
        .map(|(p, o)| {
            let f = &ds.history.files[o.file];
            InputError::new(
                Code::HistoryInHorizon,
                &f.name,
                format!(
                    "{} at {} on {}: the history holds days before the horizon ({}); a day \
                     already agreed inside it belongs in pinned.csv",
                    p.volunteer, ds.sites[p.site].id, p.date, horizon
                ),
            )
            .line(o.line)
            .column(f.date_column.clone())
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}
