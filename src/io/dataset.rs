//! Loading and validating a dataset folder (contract §2). Every error is collected, so that a
//! planner fixes their files in one pass instead of one error per run.

use super::error::{Code, InputError, InputErrors};
use super::sheet::{sheet_names, SPREADSHEET_EXTENSIONS};
use super::table::{Row, Table};
use super::toml_span::{at_span, toml_error};
use crate::model::{Assignment, Dataset, Horizon, Site, Volunteer, Weekdays, Zone};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use toml::Spanned;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    name: String,
    month: Spanned<String>,
    description: Option<String>,
}

/// Parses weekday names: `mon tue wed` (English, or French `lun mar mer jeu ven sam dim`).
pub fn parse_weekdays(text: &str) -> Option<Weekdays> {
    const FR: [&str; 7] = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"];
    let mut w = Weekdays::default();
    for word in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        let i = Weekdays::NAMES
            .iter()
            .position(|n| *n == word)
            .or_else(|| FR.iter().position(|n| *n == word))?;
        w.insert(i as u32);
    }
    Some(w)
}

struct Ctx<'p> {
    dir: &'p Path,
    errors: Errors,
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
            return self.errors.ok(Table::read(&path, &name, required));
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
    seen: &mut HashMap<String, (usize, u64)>,
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
    ids: Option<&HashMap<String, (usize, u64)>>,
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

/// Loads the dataset in `dir`, or every input error found.
pub fn load_dataset(dir: &Path) -> Result<Dataset, InputErrors> {
    let mut cx = Ctx {
        dir,
        errors: Errors::default(),
    };
    let mut ds = Dataset::default();

    // dataset.toml
    let meta_name = cx.name("dataset.toml");
    match std::fs::read_to_string(dir.join("dataset.toml")) {
        Err(e) => {
            let code = if e.kind() == std::io::ErrorKind::NotFound {
                Code::MissingFile
            } else {
                Code::Unreadable
            };
            let hint = if dir.is_dir() {
                String::new()
            } else {
                " (is the dataset folder right?)".into()
            };
            cx.errors.push(InputError::new(
                code,
                &meta_name,
                format!("cannot read the file: {e}{hint}"),
            ));
        }
        Ok(text) => match toml::from_str::<Meta>(&text) {
            Err(e) => cx.errors.push(toml_error(&meta_name, &text, &e)),
            Ok(meta) => {
                if Horizon::parse_month(meta.month.get_ref()).is_none() {
                    cx.errors.push(at_span(
                        Code::BadValue,
                        &meta_name,
                        &text,
                        Some(meta.month.span()),
                        format!(
                            "month: expected YYYY-MM (like 2026-12), found '{}'",
                            meta.month.get_ref()
                        ),
                    ));
                }
                ds.name = meta.name;
                ds.month = meta.month.into_inner();
                ds.description = meta.description;
            }
        },
    }

    // zones.csv
    let mut zone_ids = HashMap::new();
    let zones_ok = if let Some(t) = cx.table(
        "zones.csv",
        &["zone_id", "name", "department", "priority"],
        false,
    ) {
        for row in t.rows() {
            let e = &mut cx.errors;
            let id = e.ok(row.id("zone_id"));
            let priority = e.ok(row.float_in("priority", 0.0, f64::INFINITY, "a priority ≥ 0"));
            if let (Some(id), Some(priority)) = (id.clone(), priority) {
                if unique_id(e, &mut zone_ids, &row, "zone_id", &id, ds.zones.len()) {
                    ds.zones.push(Zone {
                        id,
                        name: row.text("name"),
                        department: row.text("department"),
                        priority,
                    });
                }
            } else if let Some(id) = id {
                unique_id(e, &mut zone_ids, &row, "zone_id", &id, BROKEN);
            }
        }
        true
    } else {
        false
    };

    // sites.csv
    let mut site_ids = HashMap::new();
    let sites_ok = if let Some(t) = cx.table(
        "sites.csv",
        &[
            "site_id",
            "zone_id",
            "name",
            "lat",
            "lon",
            "open_days",
            "rooms",
            "demand",
            "beds",
            "bed_cost_eur",
        ],
        false,
    ) {
        for row in t.rows() {
            let e = &mut cx.errors;
            let id = e.ok(row.id("site_id"));
            let zone = if zones_ok {
                reference(e, &row, "zone_id", Some(&zone_ids), "zone")
            } else {
                Some(0)
            };
            let lat = e.ok(row.latitude("lat"));
            let lon = e.ok(row.longitude("lon"));
            let open = parse_weekdays(row.raw("open_days"));
            if open.is_none() {
                e.push(row.error(
                    Code::BadWeekdays,
                    "open_days",
                    format!(
                        "expected weekdays like 'mon tue wed thu fri', found '{}'",
                        row.raw("open_days")
                    ),
                ));
            }
            let rooms = e.ok(row.count("rooms"));
            if rooms == Some(0) {
                e.push(row.error(
                    Code::OutOfRange,
                    "rooms",
                    "expected at least 1 room, found 0",
                ));
            }
            let demand = e.ok(row.count("demand"));
            if let (Some(d), Some(r)) = (demand, rooms) {
                if d > r && r > 0 {
                    e.push(row.error(
                        Code::OutOfRange,
                        "demand",
                        format!("demand {d} is more than the site's {r} room(s)"),
                    ));
                }
            }
            let beds = e.ok(row.count("beds"));
            let bed_cost = e.ok(row.float_in("bed_cost_eur", 0.0, f64::INFINITY, "a cost ≥ 0"));
            if let (
                Some(id),
                Some(zone),
                Some(lat),
                Some(lon),
                Some(open),
                Some(rooms),
                Some(demand),
                Some(beds),
                Some(bed_cost),
            ) = (
                id.clone(),
                zone,
                lat,
                lon,
                open,
                rooms,
                demand,
                beds,
                bed_cost,
            ) {
                if unique_id(e, &mut site_ids, &row, "site_id", &id, ds.sites.len()) {
                    let commune = Some(row.text("commune")).filter(|c| !c.is_empty());
                    ds.sites.push(Site {
                        id,
                        zone,
                        name: row.text("name"),
                        lat,
                        lon,
                        open_days: open,
                        rooms,
                        demand,
                        beds,
                        bed_cost_eur: bed_cost,
                        commune,
                    });
                }
            } else if let Some(id) = id {
                unique_id(e, &mut site_ids, &row, "site_id", &id, BROKEN);
            }
        }
        zones_ok
    } else {
        false
    };

    // volunteers.csv
    let mut vol_ids = HashMap::new();
    let vols_ok = if let Some(t) = cx.table(
        "volunteers.csv",
        &[
            "volunteer_id",
            "name",
            "lat",
            "lon",
            "authorized",
            "max_days",
            "max_km",
            "overnight",
            "zones",
        ],
        false,
    ) {
        for row in t.rows() {
            let e = &mut cx.errors;
            let id = e.ok(row.id("volunteer_id"));
            let lat = e.ok(row.latitude("lat"));
            let lon = e.ok(row.longitude("lon"));
            let authorized = e.ok(row.boolean("authorized"));
            let max_days = e.ok(row.count("max_days"));
            let max_km = e.ok(row.float_in("max_km", 0.0, f64::INFINITY, "a distance ≥ 0 km"));
            let overnight = e.ok(row.boolean("overnight"));
            let mut zones = Some(Vec::new());
            for z in row
                .raw("zones")
                .split(';')
                .map(str::trim)
                .filter(|z| !z.is_empty())
            {
                match zone_ids.get(z) {
                    Some(&(BROKEN, _)) => zones = None,
                    Some(&(i, _)) => zones.iter_mut().for_each(|v| v.push(i)),
                    None if zones_ok => {
                        e.push(row.error(
                            Code::UnknownReference,
                            "zones",
                            format!("unknown zone '{z}' in the preferred zones"),
                        ));
                        zones = None;
                    }
                    None => {}
                }
            }
            if let (
                Some(id),
                Some(lat),
                Some(lon),
                Some(authorized),
                Some(max_days),
                Some(max_km),
                Some(overnight),
                Some(zones),
            ) = (
                id.clone(),
                lat,
                lon,
                authorized,
                max_days,
                max_km,
                overnight,
                zones,
            ) {
                if unique_id(
                    e,
                    &mut vol_ids,
                    &row,
                    "volunteer_id",
                    &id,
                    ds.volunteers.len(),
                ) {
                    ds.volunteers.push(Volunteer {
                        id,
                        name: row.text("name"),
                        lat,
                        lon,
                        authorized,
                        max_days,
                        max_km,
                        overnight,
                        zones,
                    });
                }
            } else if let Some(id) = id {
                unique_id(e, &mut vol_ids, &row, "volunteer_id", &id, BROKEN);
            }
        }
        true
    } else {
        false
    };

    // availability.csv
    if let Some(t) = cx.table("availability.csv", &["volunteer_id", "date"], false) {
        for row in t.rows() {
            let e = &mut cx.errors;
            let v = reference(
                e,
                &row,
                "volunteer_id",
                vols_ok.then_some(&vol_ids),
                "volunteer",
            );
            let d = e.ok(row.date("date"));
            if let (Some(v), Some(d)) = (v, d) {
                ds.availability.insert((v, d));
            }
        }
    }

    // closures.csv (optional)
    if let Some(t) = cx.table("closures.csv", &["site_id", "date"], true) {
        for row in t.rows() {
            let e = &mut cx.errors;
            let s = reference(e, &row, "site_id", sites_ok.then_some(&site_ids), "site");
            let d = e.ok(row.date("date"));
            if let (Some(s), Some(d)) = (s, d) {
                ds.closures.insert((s, d));
            }
        }
    }

    // demand.csv (optional)
    if let Some(t) = cx.table("demand.csv", &["site_id", "date", "demand"], true) {
        let mut first_line = HashMap::new();
        for row in t.rows() {
            let e = &mut cx.errors;
            let s = reference(e, &row, "site_id", sites_ok.then_some(&site_ids), "site");
            let d = e.ok(row.date("date"));
            let n = e.ok(row.count("demand"));
            if let (Some(s), Some(d), Some(n)) = (s, d, n) {
                let rooms = ds.sites[s].rooms;
                if n > rooms {
                    e.push(row.error(
                        Code::OutOfRange,
                        "demand",
                        format!("demand {n} is more than the site's {rooms} room(s)"),
                    ));
                } else if let Some(l) = first_line.insert((s, d), row.line) {
                    e.push(row.error(
                        Code::DuplicateRow,
                        "date",
                        format!("a demand for this site and date is already on line {l}"),
                    ));
                } else {
                    ds.demand_overrides.insert((s, d), n);
                }
            }
        }
    }

    // distances.csv (optional)
    if let Some(t) = cx.table("distances.csv", &["volunteer_id", "site_id", "km"], true) {
        let mut first_line = HashMap::new();
        for row in t.rows() {
            let e = &mut cx.errors;
            let v = reference(
                e,
                &row,
                "volunteer_id",
                vols_ok.then_some(&vol_ids),
                "volunteer",
            );
            let s = reference(e, &row, "site_id", sites_ok.then_some(&site_ids), "site");
            let km = e.ok(row.float_in("km", 0.0, f64::INFINITY, "a distance ≥ 0 km"));
            if let (Some(v), Some(s), Some(km)) = (v, s, km) {
                if let Some(l) = first_line.insert((v, s), row.line) {
                    e.push(row.error(
                        Code::DuplicateRow,
                        "site_id",
                        format!("a distance for this pair is already on line {l}"),
                    ));
                } else {
                    ds.distances.insert((v, s), km);
                }
            }
        }
    }

    // pinned.csv (optional); eligibility is checked once the horizon is known (see `validate_pins`).
    if let Some(t) = cx.table("pinned.csv", &["volunteer_id", "site_id", "date"], true) {
        let mut pinned = BTreeMap::new();
        for row in t.rows() {
            let e = &mut cx.errors;
            let v = reference(
                e,
                &row,
                "volunteer_id",
                vols_ok.then_some(&vol_ids),
                "volunteer",
            );
            let s = reference(e, &row, "site_id", sites_ok.then_some(&site_ids), "site");
            let d = e.ok(row.date("date"));
            if let (Some(volunteer), Some(site), Some(date)) = (v, s, d) {
                pinned
                    .entry(Assignment {
                        date,
                        site,
                        volunteer,
                    })
                    .or_insert(row.line);
            }
        }
        ds.pinned = pinned;
    }

    if cx.errors.0.is_empty() {
        Ok(ds)
    } else {
        Err(InputErrors(cx.errors.0))
    }
}
