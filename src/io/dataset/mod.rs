//! Loading and validating a dataset folder (contract §2). Every error is collected, so that a
//! planner fixes their files in one pass instead of one error per run.
//!
//! This file reads a table (CSV or spreadsheet) and resolves ids; `entities` reads
//! `dataset.toml` and the tables that define ids (zones, sites, volunteers), `links` the
//! tables that refer to them (availability, closures, demand, distances, pins), `history`
//! the vacations before the horizon.

mod entities;
mod history;
mod links;

pub use entities::{
    parse_weekdays, site_header, SITE_COLUMNS, SITE_COMMUNE, VOLUNTEER_COLUMNS, ZONE_COLUMNS,
    ZONE_SOURCE_STATUS,
};
pub use history::{add_history_plans, validate_history};

use super::error::{Code, InputError, InputErrors, Location};
use super::sheet::{sheet_names, SPREADSHEET_EXTENSIONS};
use super::table::{Row, Table};
use super::warning::{WarnCode, Warning};
use crate::model::Dataset;
use std::collections::HashMap;
use std::fs;
use std::path::Path;

/// A file's ids: id → (index in the dataset, or `BROKEN`; line).
type Ids = HashMap<String, (usize, u64)>;

/// Collects errors while reading rows: `ok(x)` keeps the value or records the error.
#[derive(Default)]
struct Errors(Vec<InputError>);

impl Errors {
    fn ok<T>(&mut self, r: Result<T, InputError>) -> Option<T> {
        match r {
            Ok(x) => Some(x),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }
    fn push(&mut self, e: InputError) {
        self.0.push(e);
    }
}

struct Ctx<'p> {
    dir: &'p Path,
    errors: Errors,
    /// The errors of pinned.csv's rows (unknown ids, dates), kept apart: when they are the
    /// only ones, the dataset is sound without those rows and the pins that were read can
    /// still be checked against the horizon, so that every pin error comes in one run.
    pin_rows: Errors,
    warnings: Vec<Warning>,
    /// Where each zone (by index) is defined: its zone_id cell, for warnings about it.
    zone_cells: Vec<Location>,
}

impl Ctx<'_> {
    fn name(&self, file: &str) -> String {
        self.dir.join(file).display().to_string()
    }

    /// Reads a table; None (with the error recorded) if it cannot be read at all.
    ///
    /// `file` is the contract's CSV name (`sites.csv`). Planners keep their tables in
    /// spreadsheets, so when the CSV is absent the same table is read from `sites.xlsx` /
    /// `sites.xls` / `sites.ods`, else from the sheet `sites` of one workbook
    /// `dataset.xlsx` (or `.ods`). CSV comes first so an exported CSV beside its workbook
    /// keeps its meaning. Errors name the file actually read.
    fn table(&mut self, file: &str, required: &[&str], optional_file: bool) -> Option<Table> {
        let path = self.dir.join(file);
        if path.exists() {
            let name = self.name(file);
            let table = self.errors.ok(Table::read(&path, &name, required));
            if let Some(w) = table.as_ref().and_then(Table::decoding_warning) {
                self.warnings.push(w.clone());
            }
            return table;
        }
        let stem = file.strip_suffix(".csv").unwrap_or(file);
        for ext in SPREADSHEET_EXTENSIONS {
            let alt = format!("{stem}.{ext}");
            let alt_path = self.dir.join(&alt);
            if alt_path.exists() {
                let name = self.name(&alt);
                return self
                    .errors
                    .ok(Table::read_spreadsheet(&alt_path, &name, required));
            }
        }
        for ext in SPREADSHEET_EXTENSIONS {
            let book = format!("dataset.{ext}");
            let book_path = self.dir.join(&book);
            if book_path.exists()
                && sheet_names(&book_path)
                    .iter()
                    .any(|n| n.trim().eq_ignore_ascii_case(stem))
            {
                let name = format!("{}, sheet {stem}", self.name(&book));
                return self
                    .errors
                    .ok(Table::read_sheet(&book_path, &name, stem, required));
            }
        }
        if optional_file {
            return None;
        }
        self.errors.push(InputError::new(
            Code::MissingFile,
            self.name(file),
            format!(
                "cannot read the file: it does not exist (nor {stem}.xlsx, {stem}.ods, \
                 or a sheet '{stem}' in dataset.xlsx)"
            ),
        ));
        None
    }
}

/// Index recorded for the id of a row that has other errors: references to that id are then
/// neither resolved nor reported as unknown (the row's own error is already reported).
const BROKEN: usize = usize::MAX;

/// Checks that ids are unique; returns the id → index map of the rows kept.
fn unique_id(
    errors: &mut Errors,
    seen: &mut Ids,
    row: &Row,
    col: &str,
    id: &str,
    index: usize,
) -> bool {
    if let Some((_, first)) = seen.get(id) {
        errors.push(row.error(
            Code::DuplicateId,
            col,
            format!("'{id}' is already used on line {first}"),
        ));
        return false;
    }
    seen.insert(id.to_owned(), (index, row.line));
    true
}

/// Resolves a reference; `ids` is None when the referenced file could not be read (its own
/// error is reported; a second one per row would only bury it).
fn reference(
    errors: &mut Errors,
    row: &Row,
    col: &str,
    ids: Option<&Ids>,
    what: &str,
) -> Option<usize> {
    let ids = ids?;
    let id = errors.ok(row.id(col))?;
    match ids.get(&id) {
        Some(&(BROKEN, _)) => None,
        Some(&(i, _)) => Some(i),
        None => {
            errors.push(row.error(
                Code::UnknownReference,
                col,
                format!("unknown {what} '{id}'"),
            ));
            None
        }
    }
}

/// A dataset and the warnings its files gave (see `warning`).
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Warning>,
    /// The rows of pinned.csv that could not be read (left out of `dataset.pinned`); never
    /// empty only from `load_dataset_deferring_pins`, for `validate_for_horizon_with`.
    pub pin_errors: Vec<InputError>,
}

/// Loads the dataset in `dir`, or every input error found.
pub fn load_dataset(dir: &Path) -> Result<Dataset, InputErrors> {
    load_dataset_with_warnings(dir).map(|l| l.dataset)
}

/// `load_dataset`, with the warnings (for the commands, which print them).
pub fn load_dataset_with_warnings(dir: &Path) -> Result<Loaded, InputErrors> {
    load(dir, false)
}

/// `load_dataset_with_warnings`, except that when pinned.csv's rows hold the only errors
/// (an unknown id, a wrong date) the dataset is returned without those rows and the errors
/// in `Loaded::pin_errors`: `validate_for_horizon_with` reports them together with the pins
/// the horizon forbids and the rules they break together.
pub fn load_dataset_deferring_pins(dir: &Path) -> Result<Loaded, InputErrors> {
    load(dir, true)
}

fn load(dir: &Path, defer_pins: bool) -> Result<Loaded, InputErrors> {
    // One error, not one per missing file, when the folder itself is wrong.
    let not_a_folder = match fs::metadata(dir) {
        Err(_) => Some("no such folder"),
        Ok(m) if !m.is_dir() => Some("this is a file, not a dataset folder"),
        Ok(_) => None,
    };
    if let Some(why) = not_a_folder {
        return Err(InputErrors(vec![InputError::new(
            Code::MissingFile,
            dir.display().to_string(),
            format!(
                "{why}; a dataset is a folder holding dataset.toml, zones.csv, sites.csv, \
                 volunteers.csv and availability.csv (is the dataset folder right?)"
            ),
        )]));
    }
    let mut cx = Ctx {
        dir,
        errors: Errors::default(),
        pin_rows: Errors::default(),
        warnings: Vec::new(),
        zone_cells: Vec::new(),
    };
    let mut ds = Dataset::default();
    entities::meta(&mut cx, &mut ds);
    // Each table's ids, None when it could not be read: references to it are then not
    // checked (its own error is reported).
    let zones = entities::zones(&mut cx, &mut ds);
    let sites = entities::sites(&mut cx, &mut ds, zones.as_ref());
    let volunteers = entities::volunteers(&mut cx, &mut ds, zones.as_ref());
    links::availability(&mut cx, &mut ds, volunteers.as_ref());
    links::closures(&mut cx, &mut ds, sites.as_ref());
    links::demand(&mut cx, &mut ds, sites.as_ref());
    links::distances(&mut cx, &mut ds, volunteers.as_ref(), sites.as_ref());
    let pins_at = cx.errors.0.len();
    links::pinned(&mut cx, &mut ds, volunteers.as_ref(), sites.as_ref());
    history::history(&mut cx, &mut ds, sites.as_ref());
    if zones.is_some() && sites.is_some() {
        zones_without_site(&mut cx, &ds);
    }
    let pin_errors = std::mem::take(&mut cx.pin_rows.0);
    if cx.errors.0.is_empty() && (defer_pins || pin_errors.is_empty()) {
        Ok(Loaded {
            dataset: ds,
            warnings: cx.warnings,
            pin_errors,
        })
    } else {
        // In file order, as if they had never been apart.
        let mut errors = cx.errors.0;
        errors.splice(pins_at..pins_at, pin_errors);
        Err(InputErrors(errors))
    }
}

/// A zone no site belongs to gets nothing planned and counts nowhere: say so, at its line.
fn zones_without_site(cx: &mut Ctx, ds: &Dataset) {
    let mut has_site = vec![false; ds.zones.len()];
    for s in &ds.sites {
        has_site[s.zone] = true;
    }
    for ((zone, cell), _) in ds
        .zones
        .iter()
        .zip(&cx.zone_cells)
        .zip(&has_site)
        .filter(|(_, &has)| !has)
    {
        let message = format!(
            "zone '{}' has no site in sites.csv: nothing can be planned for it",
            zone.id
        );
        cx.warnings.push(Warning::new(
            WarnCode::ZoneWithoutSite,
            cell.clone(),
            message,
        ));
    }
}
