//! One row of a registration export read into a draft volunteer: every field with what could
//! be read, and each problem located (column, cell, why) for the report. Identity and the
//! dataset's known volunteers are the caller's (`import.rs`, `import_into.rs`).

use super::error::{Code, InputError};
use super::import_fields::{authorisation, clean_name, rpps, Authorisation};
use super::import_home::{Communes, HomeCells};
use super::import_mapping::{key, Mapping};
use super::import_places::Departments;
use super::import_wishes::{split_wishes, ZoneIndex};
use super::table::Row;
use chrono::NaiveDate;

/// Where a doctor lives.
#[derive(Clone, Debug, PartialEq)]
pub struct Home {
    pub lat: f64,
    pub lon: f64,
    pub commune: Option<String>,
    pub insee: Option<String>,
}

/// A row as read, before its identity is settled.
pub struct Draft {
    /// The RPPS number (digits) or the id the export gives; None when the cell is empty.
    pub id: Option<String>,
    pub name: String,
    /// None: the problem is in `problems` (the home is never guessed).
    pub home: Option<Home>,
    pub authorized: bool,
    /// Authorised from that day: offers before it are left out.
    pub authorized_from: Option<NaiveDate>,
    /// Why the authorisation is missing, and the cell: the ARS chases these.
    pub missing_authorisation: Option<(&'static str, String)>,
    pub max_days: u32,
    pub max_km: f64,
    pub overnight: bool,
    pub zones: Vec<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub cdom: String,
}

/// What reading a row needs.
pub struct RowContext<'a> {
    pub m: &'a Mapping,
    pub zones: &'a ZoneIndex,
    pub centroids: Option<&'a Departments>,
    pub communes: Option<&'a Communes>,
}

/// A problem at a cell: "column Adresse (G): '12 rue…': why".
pub fn at_cell(row: &Row, col: &str, why: &str) -> String {
    let label = row.cell(col).column.unwrap_or_else(|| col.to_owned());
    // A line break inside a quote would read as the report's next line.
    let cell = row.raw(col).trim().replace(['\n', '\r', '\t'], " ");
    format!("column {label}: '{}': {why}", cut(&cell, MAX_QUOTE))
}

/// A cell is quoted up to `MAX_QUOTE` characters in the report (the export comes from a
/// public form: the report's size must not depend on a cell's).
pub const MAX_QUOTE: usize = 80;

/// `s` cut to `max` characters, with "…" when it was longer.
pub fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

/// The digits of an RPPS number.
const RPPS_DIGITS: usize = 11;

/// An input error as a report line, with what was imported instead.
fn note(problems: &mut Vec<String>, e: InputError, fallback: &str) {
    let col = e.at.column.clone().unwrap_or_default();
    problems.push(format!("column {col}: {}{fallback}", e.message));
}

/// The most wishes of one cell that are read (a pasted list is not a wish).
const MAX_WISHES: usize = 20;

pub fn read_row(row: &Row, cx: &RowContext, problems: &mut Vec<String>) -> Draft {
    let c = &cx.m.columns;
    let d = &cx.m.defaults;
    let id = c.volunteer_id.as_ref().and_then(|col| {
        let raw = row.raw(&key(col));
        if raw.trim().is_empty() {
            return None;
        }
        if let Some(digits) = rpps(raw).filter(|d| d.len() != RPPS_DIGITS) {
            // A typo here makes the doctor a stranger next month: worth a call.
            problems.push(at_cell(
                row,
                &key(col),
                &format!(
                    "an RPPS number has {RPPS_DIGITS} digits, this one {}: imported under it, \
                     please check",
                    digits.len()
                ),
            ));
        }
        rpps(raw).or_else(|| match row.id(&key(col)) {
            Ok(id) if !id.starts_with(['=', '+', '-', '@']) => Some(id),
            Ok(_) => {
                note(
                    problems,
                    row.error(
                        Code::BadIdentifier,
                        &key(col),
                        "a formula is no RPPS number",
                    ),
                    "; imported under a key from the name and the home",
                );
                None
            }
            Err(e) => {
                note(
                    problems,
                    e,
                    "; imported under a key from the name and the home",
                );
                None
            }
        })
    });
    let (name, name_notes) = clean_name(row.raw(&key(&c.name)));
    for n in name_notes {
        problems.push(at_cell(row, &key(&c.name), n));
    }
    let (authorized, authorized_from, missing_authorisation) = match &c.authorized {
        Some(col) => {
            let cell = row.raw(&key(col));
            match authorisation(cell) {
                Authorisation::Granted(from) => (true, from, None),
                Authorisation::Missing(why) => (false, None, Some((why, cut(cell.trim(), 40)))),
                Authorisation::Unreadable => {
                    problems.push(at_cell(
                        row,
                        &key(col),
                        "expected oui/non, a date of authorisation or a status (autorisé, en \
                         cours, refusé); imported as not authorized until checked",
                    ));
                    (false, None, Some(("unreadable", cut(cell.trim(), 40))))
                }
            }
        }
        None => (d.authorized.unwrap_or(false), None, None),
    };
    let max_days = match (&c.max_days, d.max_days) {
        (Some(col), dflt) if !(row.raw(&key(col)).trim().is_empty() && dflt.is_some()) => {
            row.count(&key(col)).unwrap_or_else(|e| {
                note(
                    problems,
                    e,
                    &format!("; imported with {}", dflt.unwrap_or(0)),
                );
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
                note(
                    problems,
                    e,
                    &format!("; imported with {}", dflt.unwrap_or(0.0)),
                );
                dflt.unwrap_or(0.0)
            }),
        (_, dflt) => dflt.unwrap_or(0.0),
    };
    let overnight = match (&c.overnight, d.overnight) {
        (Some(col), dflt) if !(row.raw(&key(col)).trim().is_empty() && dflt.is_some()) => {
            row.boolean(&key(col)).unwrap_or_else(|e| {
                note(problems, e, "; imported as false");
                false
            })
        }
        (_, dflt) => dflt.unwrap_or(false),
    };
    let home = read_home(row, cx, problems);
    let mut wished = Vec::new();
    if let Some(col) = &c.zones {
        let wishes = split_wishes(row.raw(&key(col)));
        for wish in wishes.iter().take(MAX_WISHES) {
            match cx.zones.find(&cut(wish, MAX_QUOTE)) {
                Ok(zs) => {
                    for z in zs {
                        if !wished.contains(&z) {
                            wished.push(z);
                        }
                    }
                }
                Err(why) => problems.push(format!(
                    "{}; left out of the wished zones",
                    at_cell(row, &key(col), &why)
                )),
            }
        }
        if wishes.len() > MAX_WISHES {
            problems.push(at_cell(
                row,
                &key(col),
                &format!("only the first {MAX_WISHES} wished places are read"),
            ));
        }
    }
    let optional = |col: &Option<String>| {
        col.as_ref()
            .map(|c| row.text(&key(c)))
            .filter(|t| !t.is_empty())
    };
    Draft {
        email: optional(&c.email),
        phone: optional(&c.phone),
        cdom: optional(&c.cdom).map(|s| cut(&s, 40)).unwrap_or_default(),
        id,
        name,
        home,
        authorized,
        authorized_from,
        missing_authorisation,
        max_days,
        max_km,
        overnight,
        zones: wished,
    }
}

/// The home: the commune the cells give, else coordinates, else the department's centroid
/// when the mapping asks for it. None with the reason in `problems`.
fn read_home(row: &Row, cx: &RowContext, problems: &mut Vec<String>) -> Option<Home> {
    let c = &cx.m.columns;
    let cell = |col: &Option<String>| col.as_ref().map(|x| row.raw(&key(x))).unwrap_or("");
    if let Some(communes) = cx.communes.filter(|_| c.has_commune()) {
        let cells = HomeCells {
            address: cell(&c.address),
            postcode: cell(&c.postcode),
            commune: cell(&c.commune),
            department: cell(&c.department),
        };
        // The column the report points at: the first one the row filled in.
        let col = [&c.address, &c.postcode, &c.commune]
            .into_iter()
            .flatten()
            .find(|x| !row.raw(&key(x)).trim().is_empty())
            .or(c.address.as_ref())
            .or(c.postcode.as_ref())
            .or(c.commune.as_ref())
            .map(|x| key(x))
            .unwrap_or_default();
        if !cells.is_empty() || c.lat.is_none() {
            return match communes.place(&cells) {
                Ok(p) => Some(Home {
                    lat: p.lat,
                    lon: p.lon,
                    commune: Some(p.name.clone()),
                    insee: Some(p.insee.clone()),
                }),
                Err(why) => {
                    problems.push(at_cell(row, &col, &format!("{why}; home not placed")));
                    None
                }
            };
        }
    }
    if let (Some(la), Some(lo)) = (&c.lat, &c.lon) {
        if !row.raw(&key(la)).trim().is_empty() {
            match (row.latitude(&key(la)), row.longitude(&key(lo))) {
                (Ok(lat), Ok(lon)) => {
                    return Some(Home {
                        lat,
                        lon,
                        commune: None,
                        insee: None,
                    })
                }
                (Err(e), _) | (_, Err(e)) => {
                    let col = e.at.column.clone().unwrap_or_default();
                    let fallback = if cx.centroids.is_some() {
                        "; placed at the department's centroid"
                    } else {
                        ""
                    };
                    problems.push(format!("column {col}: {}{fallback}", e.message));
                }
            }
        }
    }
    let col = key(c.department.as_ref()?);
    let dep = row.raw(&col);
    let found = cx.centroids?.centroid(dep);
    if found.is_none() {
        problems.push(format!(
            "column {}: '{}': unknown department, no home location",
            row.cell(&col).column.unwrap_or_default(),
            cut(dep.trim(), MAX_QUOTE)
        ));
    }
    found.map(|(lat, lon)| Home {
        lat,
        lon,
        commune: None,
        insee: None,
    })
}
