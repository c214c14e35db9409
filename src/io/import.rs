//! Importing volunteers from a registration export (a form's CSV or spreadsheet, with its own
//! French column names and hand-typed cells) into the contract's `volunteers.csv` and
//! `availability.csv`. A mapping file says which export column holds which field (see
//! `docs/import-mapping.example.toml`).
//!
//! Registration data is messy and every volunteer counts: a row with a problem is imported
//! with what could be read and listed in the report (line, column, cell, why) so that the
//! planner can call the volunteer; nothing is silently dropped. Only a row without a usable
//! id or home is left out, and the report says so.

use super::error::{Code, InputError, InputErrors};
use super::fr_dates::parse_availability;
use super::import_out::{quote, volunteers_csv, Out};
use super::import_places::{split_wishes, Departments, ZoneIndex};
use super::sheet::read_any;
use super::table::{Row, Table};
use super::toml_span::toml_error;
use crate::model::Horizon;
use chrono::Datelike;
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

/// The mapping file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Mapping {
    columns: Columns,
    #[serde(default)]
    defaults: Defaults,
    places: Option<Places>,
}

/// renfort field = export column name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Columns {
    volunteer_id: String,
    name: String,
    availability: String,
    department: Option<String>,
    zones: Option<String>,
    authorized: Option<String>,
    lat: Option<String>,
    lon: Option<String>,
    max_days: Option<String>,
    max_km: Option<String>,
    overnight: Option<String>,
    /// Carried into `volunteers.csv` for the convocations (not part of the contract).
    email: Option<String>,
    phone: Option<String>,
}

/// Values for fields the export has no column for.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Defaults {
    authorized: Option<bool>,
    max_days: Option<u32>,
    max_km: Option<f64>,
    overnight: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Places {
    #[serde(rename = "use")]
    use_: String,
}

/// What the import needs.
pub struct ImportRequest<'a> {
    pub export: &'a Path,
    pub mapping: &'a Path,
    /// `YYYY-MM`: bare day numbers belong to it.
    pub month: &'a str,
    pub zones: &'a Path,
    /// `communes_fr.csv`, for `places.use = "department_centroid"`.
    pub communes: Option<&'a Path>,
}

/// The import's outputs, ready to be written.
pub struct Imported {
    pub volunteers_csv: String,
    pub availability_csv: String,
    pub report: String,
    pub rows: usize,
    pub imported: usize,
    /// Rows with at least one problem (imported or not).
    pub problem_rows: usize,
}

fn bad_mapping(file: &str, msg: String) -> InputErrors {
    InputError::new(Code::BadValue, file, msg).into()
}

/// Reads the export with the mapping; Err only when nothing sensible can be produced.
pub fn import_volunteers(req: &ImportRequest) -> Result<Imported, InputErrors> {
    let map_file = req.mapping.display().to_string();
    let text = std::fs::read_to_string(req.mapping).map_err(|e| {
        InputErrors::from(InputError::new(
            Code::MissingFile,
            &map_file,
            format!("cannot read the file: {e}"),
        ))
    })?;
    let m: Mapping =
        toml::from_str(&text).map_err(|e| InputErrors::from(toml_error(&map_file, &text, &e)))?;
    let horizon = Horizon::parse_month(req.month).ok_or_else(|| {
        InputErrors::from(InputError::new(
            Code::BadArgument,
            "command line",
            format!(
                "--month: expected YYYY-MM (like 2026-12), found '{}'",
                req.month
            ),
        ))
    })?;
    let (year, month) = (horizon.first.year(), horizon.first.month());
    let places = match m.places.as_ref().map(|p| p.use_.as_str()) {
        None => None,
        Some("department_centroid") => {
            let Some(path) = req.communes else {
                return Err(bad_mapping(&map_file, "places.use = \"department_centroid\" needs --communes (shared/data/communes_fr.csv)".into()));
            };
            if m.columns.department.is_none() {
                return Err(bad_mapping(
                    &map_file,
                    "places.use = \"department_centroid\" needs columns.department".into(),
                ));
            }
            Some(Departments::read(path)?)
        }
        Some(other) => {
            return Err(bad_mapping(
                &map_file,
                format!("places.use: expected \"department_centroid\", found '{other}'"),
            ))
        }
    };
    if (m.columns.lat.is_none() || m.columns.lon.is_none()) && places.is_none() {
        return Err(bad_mapping(&map_file, "no home location: map columns.lat and columns.lon, or set [places] use = \"department_centroid\"".into()));
    }
    if m.columns.authorized.is_none() && m.defaults.authorized.is_none() {
        return Err(bad_mapping(
            &map_file,
            "map columns.authorized or give defaults.authorized".into(),
        ));
    }
    let zones = ZoneIndex::read(req.zones)?;
    let export_file = req.export.display().to_string();
    let c = &m.columns;
    let mapped: Vec<&String> = [Some(&c.volunteer_id), Some(&c.name), Some(&c.availability)]
        .into_iter()
        .chain(
            [
                &c.department,
                &c.zones,
                &c.authorized,
                &c.lat,
                &c.lon,
                &c.max_days,
                &c.max_km,
                &c.overnight,
            ]
            .map(Option::as_ref),
        )
        .flatten()
        .collect();
    let required: Vec<String> = mapped.iter().map(|s| s.trim().to_lowercase()).collect();
    let required: Vec<&str> = required.iter().map(String::as_str).collect();
    let table = read_any(req.export, &export_file, &required)?;

    let mut outs = Vec::new();
    let mut availability = Vec::new();
    let mut report = String::new();
    let mut problem_rows = 0;
    let mut seen = HashSet::new();
    for row in table.rows() {
        let mut problems = Vec::new();
        let v = read_row(&row, &m, &zones, places.as_ref(), &mut problems);
        let mut imported = false;
        if let Some(v) = v {
            if seen.insert(v.id.clone()) {
                let col = key(&c.availability);
                let p = parse_availability(row.raw(&col), year, month);
                if !p.problems.is_empty() {
                    // The cell once, then each part that could not be read: quoting the
                    // whole cell with each part made the report grow with the square of
                    // the cell (a 48 KB cell gave a 384 MB report).
                    let mut whys: Vec<String> = p
                        .problems
                        .iter()
                        .take(MAX_PROBLEMS_PER_CELL)
                        .map(|w| cut(w, MAX_QUOTE))
                        .collect();
                    if p.problems.len() > MAX_PROBLEMS_PER_CELL {
                        whys.push(format!(
                            "and {} more parts that could not be read",
                            p.problems.len() - MAX_PROBLEMS_PER_CELL
                        ));
                    }
                    problems.push(located(&table, &col, row.raw(&col), &whys.join("; ")));
                }
                availability.extend(p.dates.iter().map(|d| (v.id.clone(), *d)));
                outs.push(v);
                imported = true;
            } else {
                let col = key(&c.volunteer_id);
                problems.push(located(
                    &table,
                    &col,
                    row.raw(&col),
                    "this id is already on an earlier row",
                ));
            }
        }
        if !problems.is_empty() {
            problem_rows += 1;
            if problem_rows > MAX_REPORTED_ROWS {
                continue;
            }
            let what = if imported {
                "imported with what could be read"
            } else {
                "NOT imported"
            };
            let _ = writeln!(report, "line {} ({what}):", row.line);
            for p in problems {
                let _ = writeln!(report, "  {}", cut(&p, MAX_LINE));
            }
        }
    }
    if problem_rows > MAX_REPORTED_ROWS {
        let _ = writeln!(
            report,
            "... and {} more rows with problems, not listed (the first {MAX_REPORTED_ROWS} \
             are: correct them, then import again)",
            problem_rows - MAX_REPORTED_ROWS
        );
    }
    let header = format!(
        "Import of {}: {} rows, {} volunteers imported, {} rows with problems.\n",
        export_file,
        table.len(),
        outs.len(),
        problem_rows
    );
    Ok(Imported {
        volunteers_csv: volunteers_csv(&outs),
        availability_csv: availability.iter().fold(
            "volunteer_id,date\n".to_owned(),
            |mut s, (id, d)| {
                let _ = writeln!(s, "{},{d}", quote(id));
                s
            },
        ),
        report: header
            + if report.is_empty() {
                "Every row was read fully.\n"
            } else {
                &report
            },
        rows: table.len(),
        imported: outs.len(),
        problem_rows,
    })
}

/// The Table's name of an export column.
fn key(col: &str) -> String {
    col.trim().to_lowercase()
}

fn located(table: &Table, col: &str, cell: &str, why: &str) -> String {
    let label = table.column_label(col).unwrap_or_else(|| col.to_owned());
    format!("column {label}: '{}': {why}", cut(cell.trim(), MAX_QUOTE))
}

/// The report's bounds, so that its size does not depend on the export's (which comes from
/// a public form): a cell is quoted up to `MAX_QUOTE` characters, a line up to `MAX_LINE`,
/// a cell's unreadable parts up to `MAX_PROBLEMS_PER_CELL`, and the rows up to
/// `MAX_REPORTED_ROWS` (then counted): at most a few megabytes.
const MAX_QUOTE: usize = 80;
const MAX_LINE: usize = 2_000;
const MAX_PROBLEMS_PER_CELL: usize = 10;
pub const MAX_REPORTED_ROWS: usize = 1_000;

/// `s` cut to `max` characters, with "…" when it was longer.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

/// Reads one row's volunteer; None (with the reason in `problems`) without an id or a home.
fn read_row(
    row: &Row,
    m: &Mapping,
    zones: &ZoneIndex,
    places: Option<&Departments>,
    problems: &mut Vec<String>,
) -> Option<Out> {
    let c = &m.columns;
    let d = &m.defaults;
    let mut note = |e: InputError, fallback: &str| {
        let col = e.at.column.clone().unwrap_or_default();
        problems.push(format!("column {col}: {}{fallback}", e.message));
    };
    let id = match row.id(&key(&c.volunteer_id)) {
        Ok(id) => Some(id),
        Err(e) => {
            note(e, "");
            None
        }
    };
    let name = row.text(&key(&c.name));
    let authorized = match &c.authorized {
        Some(col) => row.boolean(&key(col)).unwrap_or_else(|e| {
            note(e, "; imported as not authorized until checked");
            false
        }),
        None => d.authorized.unwrap_or(false),
    };
    let max_days = match (&c.max_days, d.max_days) {
        (Some(col), dflt) if !(row.raw(&key(col)).trim().is_empty() && dflt.is_some()) => {
            row.count(&key(col)).unwrap_or_else(|e| {
                note(e, &format!("; imported with {}", dflt.unwrap_or(0)));
                dflt.unwrap_or(0)
            })
        }
        (_, dflt) => dflt.unwrap_or(0),
    };
    let max_km = match (&c.max_km, d.max_km) {
        (Some(col), dflt) if !(row.raw(&key(col)).trim().is_empty() && dflt.is_some()) => row
            .float_in(
                &key(col),
                0.0,
                super::table::MAX_KM,
                "a distance from 0 to 40,000 km",
            )
            .unwrap_or_else(|e| {
                note(e, &format!("; imported with {}", dflt.unwrap_or(0.0)));
                dflt.unwrap_or(0.0)
            }),
        (_, dflt) => dflt.unwrap_or(0.0),
    };
    let overnight = match (&c.overnight, d.overnight) {
        (Some(col), dflt) if !(row.raw(&key(col)).trim().is_empty() && dflt.is_some()) => {
            row.boolean(&key(col)).unwrap_or_else(|e| {
                note(e, "; imported as false");
                false
            })
        }
        (_, dflt) => dflt.unwrap_or(false),
    };
    let coords = match (&c.lat, &c.lon) {
        (Some(la), Some(lo)) if !row.raw(&key(la)).trim().is_empty() => {
            match (row.latitude(&key(la)), row.longitude(&key(lo))) {
                (Ok(a), Ok(b)) => Some((a, b)),
                (Err(e), _) | (_, Err(e)) => {
                    note(
                        e,
                        if places.is_some() {
                            "; placed at the department's centroid"
                        } else {
                            ""
                        },
                    );
                    None
                }
            }
        }
        _ => None,
    };
    let coords = coords.or_else(|| {
        let col = key(c.department.as_ref()?);
        let dep = row.raw(&col);
        let found = places?.centroid(dep);
        if found.is_none() {
            note(
                row.error(
                    Code::UnknownReference,
                    &col,
                    format!("'{}': unknown department, no home location", dep.trim()),
                ),
                "",
            );
        }
        found
    });
    let mut wished = Vec::new();
    if let Some(col) = &c.zones {
        for wish in split_wishes(row.raw(&key(col))) {
            match zones.find(&wish) {
                Ok(z) if !wished.contains(&z) => wished.push(z),
                Ok(_) => {}
                Err(why) => note(
                    row.error(Code::UnknownReference, &key(col), why),
                    "; left out of the wished zones",
                ),
            }
        }
    }
    let (lat, lon) = coords?;
    let optional = |col: &Option<String>| {
        col.as_ref()
            .map(|c| row.text(&key(c)))
            .filter(|t| !t.is_empty())
    };
    Some(Out {
        email: optional(&c.email),
        phone: optional(&c.phone),
        id: id?,
        name,
        lat,
        lon,
        authorized,
        max_days,
        max_km,
        overnight,
        zones: wished,
    })
}
