//! Importing volunteers from a registration export (a form's CSV or spreadsheet, with its own
//! French column names and hand-typed cells) into the contract's `volunteers.csv` and
//! `availability.csv`, or, with `--into DATASET`, into a whole dataset for the month. A mapping
//! file says which export column holds which field (`import_mapping.rs`).
//!
//! Registration data is messy and every volunteer counts: a row with a problem is imported
//! with what could be read and listed in the report (line, column, cell, why) so that the
//! planner can call the volunteer; nothing is silently dropped. Only a row without an
//! identity or a certain home is left out, and the report says so.

use super::error::{Code, InputError, InputErrors};
use super::fr_dates::parse_availability;
use super::import_fields::{name_words, stable_key};
use super::import_home::Communes;
use super::import_into::{dataset_toml, merge, Known};
use super::import_mapping::{key, Mapping};
use super::import_out::{quote, volunteers_csv};
use super::import_places::Departments;
use super::import_report::Report;
use super::import_row::{at_cell, cut, read_row, Draft, RowContext, MAX_QUOTE};
use super::import_wishes::ZoneIndex;
use super::sheet::read_any;
use super::toml_span::toml_error;
use super::volunteer_row::VolunteerRow;
use crate::model::Horizon;
use crate::model::{Contact, Volunteer};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What the import needs.
pub struct ImportRequest<'a> {
    pub export: &'a Path,
    pub mapping: &'a Path,
    /// `YYYY-MM`: bare day numbers belong to it.
    pub month: &'a str,
    /// The zones to match wishes against (without `into`).
    pub zones: Option<&'a Path>,
    /// The dataset imported into: its zones, sites and known volunteers.
    pub into: Option<&'a Path>,
    /// `communes_fr.csv`: homes at their commune, or at their department's centroid.
    pub communes: Option<&'a Path>,
    /// `postcodes_fr.csv`; by default the one beside `communes`.
    pub postcodes: Option<&'a Path>,
    /// The output dataset's name (with `into`).
    pub name: &'a str,
}

/// The import's outputs, ready to be written.
pub struct Imported {
    /// (file name, bytes): volunteers.csv, availability.csv, import_report.txt, and with
    /// `into` the rest of the dataset.
    pub files: Vec<(String, Vec<u8>)>,
    pub rows: usize,
    pub imported: usize,
    /// Rows with at least one problem (imported or not).
    pub problem_rows: usize,
    /// With `into`: known volunteers without offers this month.
    pub absent: usize,
}

fn bad_mapping(file: &str, msg: String) -> InputErrors {
    InputError::new(Code::BadValue, file, msg).into()
}

fn bad_argument(msg: String) -> InputErrors {
    InputError::new(Code::BadArgument, "command line", msg).into()
}

/// Reads the export with the mapping; Err only when nothing sensible can be produced.
#[allow(
    clippy::too_many_lines,
    reason = "the mapping's checks in the order the planner reads their errors"
)]
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
        bad_argument(format!(
            "--month: expected YYYY-MM (like 2026-12), found '{}'",
            req.month
        ))
    })?;
    let c = &m.columns;
    let centroids = match m.places.as_ref().map(|p| p.use_.as_str()) {
        None => None,
        Some("department_centroid") => {
            let Some(path) = req.communes else {
                return Err(bad_mapping(&map_file, "places.use = \"department_centroid\" needs --communes (shared/data/communes_fr.csv)".into()));
            };
            if c.department.is_none() {
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
    let communes = if c.has_commune() {
        let Some(path) = req.communes else {
            return Err(bad_argument(
                "columns.address, postcode or commune need --communes \
                 (shared/data/communes_fr.csv)"
                    .into(),
            ));
        };
        let beside = path.with_file_name("postcodes_fr.csv");
        let postcodes: Option<PathBuf> = req
            .postcodes
            .map(Path::to_path_buf)
            .or_else(|| beside.is_file().then_some(beside));
        if postcodes.is_none() && c.postcode.is_some() {
            return Err(bad_argument(
                "columns.postcode needs postcodes_fr.csv beside communes_fr.csv, or --postcodes"
                    .into(),
            ));
        }
        Some(Communes::read(path, postcodes.as_deref())?)
    } else {
        None
    };
    if (c.lat.is_none() || c.lon.is_none()) && centroids.is_none() && communes.is_none() {
        return Err(bad_mapping(&map_file, "no home location: map columns.address, postcode or commune (with --communes), or columns.lat and columns.lon, or set [places] use = \"department_centroid\"".into()));
    }
    if c.authorized.is_none() && m.defaults.authorized.is_none() {
        return Err(bad_mapping(
            &map_file,
            "map columns.authorized or give defaults.authorized".into(),
        ));
    }
    let known = req.into.map(Known::read).transpose()?;
    let dep_names = communes
        .as_ref()
        .map(|c| c.department_names.clone())
        .or_else(|| centroids.as_ref().map(|d| d.names.clone()))
        .unwrap_or_default();
    let zones = match (&known, req.zones) {
        (Some(k), _) => ZoneIndex::read(&k.zones, Some(&k.sites), &dep_names)?,
        (None, Some(z)) => ZoneIndex::read(z, None, &dep_names)?,
        (None, None) => return Err(bad_argument("give --zones or --into DATASET".into())),
    };
    let export_file = req.export.display().to_string();
    let required: Vec<String> = c.mapped().iter().map(|s| key(s)).collect();
    let required: Vec<&str> = required.iter().map(String::as_str).collect();
    let table = read_any(req.export, &export_file, &required)?;

    let cx = RowContext {
        m: &m,
        zones: &zones,
        centroids: centroids.as_ref(),
        communes: communes.as_ref(),
    };
    let (year, month) = (horizon.first.year(), horizon.first.month());
    let mut outs: Vec<VolunteerRow> = Vec::new();
    let mut offers: HashMap<String, BTreeSet<NaiveDate>> = HashMap::new();
    // id → (line, name as written, folded name, home) of the row that brought it.
    let mut seen: HashMap<String, (u64, String, Vec<String>, String)> = HashMap::new();
    let mut report = Report::default();
    for row in table.rows() {
        let mut problems = Vec::new();
        let d = read_row(&row, &cx, &mut problems);
        let known_home = |id: &str| known.as_ref().and_then(|k| k.get(id));
        let id = d.id.clone().or_else(|| {
            let insee = d.home.as_ref().and_then(|h| h.insee.as_deref());
            stable_key(&d.name, insee).filter(|_| d.home.is_some())
        });
        let Some(id) = id else {
            problems.push(at_cell(
                &row,
                &key(&c.name),
                "no RPPS number, and no name with a home to make a key from; NOT imported",
            ));
            report.row(row.line, false, problems);
            continue;
        };
        let home = d.home.clone().or_else(|| {
            let k = known_home(&id)?;
            problems.push(format!(
                "the home of {id} known in the dataset is kept ({})",
                k.home_commune.as_deref().unwrap_or("its coordinates")
            ));
            Some(super::import_row::Home {
                lat: k.volunteer.lat,
                lon: k.volunteer.lon,
                commune: k.home_commune.clone(),
                insee: k.home_insee.clone(),
            })
        });
        let Some(home) = home else {
            report.row(row.line, false, problems);
            continue;
        };
        let where_ = match (&home.commune, &home.insee) {
            (Some(c), Some(i)) => format!("{c} {i}"),
            _ => format!("{:.5},{:.5}", home.lat, home.lon),
        };
        let who = name_words(&d.name);
        let col = key(&c.availability);
        let p = parse_availability(row.raw(&col), year, month);
        if !p.problems.is_empty() {
            problems.push(at_cell(&row, &col, &Report::parts(&p.problems)));
        }
        let mut dates = p.dates;
        if let (Some(from), Some(acol)) = (d.authorized_from, &c.authorized) {
            let before = dates.iter().filter(|x| **x < from).count();
            if before > 0 {
                dates.retain(|x| *x >= from);
                problems.push(at_cell(
                    &row,
                    &key(acol),
                    &format!(
                        "authorised from {from}: the {before} offered days before it are left out"
                    ),
                ));
            }
        }
        if let Some((line, shown, name, place)) = seen.get(&id) {
            if *name == who && *place == where_ {
                problems.push(format!(
                    "{id} is also on line {line} with the same name and home: the offers are added together"
                ));
                offers.entry(id).or_default().extend(dates);
                report.row(row.line, true, problems);
            } else {
                let col = c.volunteer_id.as_deref().map(key).unwrap_or(key(&c.name));
                problems.push(at_cell(
                    &row,
                    &col,
                    &format!(
                        "{id} is already on line {line} with another name or home ('{}', {place}): \
                         check which is right; NOT imported",
                        cut(shown, MAX_QUOTE),
                    ),
                ));
                report.row(row.line, false, problems);
            }
            continue;
        }
        if let Some(k) = known_home(&id) {
            if name_words(&k.volunteer.name) != who {
                problems.push(format!(
                    "{id} is '{}' in the dataset and '{}' here: check it is the same doctor \
                     (updated to this row)",
                    cut(&k.volunteer.name, MAX_QUOTE),
                    cut(&d.name, MAX_QUOTE)
                ));
            }
            if k.home_insee.is_some() && k.home_insee != home.insee {
                report.moved(&id, k.home_commune.as_deref(), home.commune.as_deref());
            }
        }
        if let Some((why, cell)) = &d.missing_authorisation {
            report.chase(&id, &d.name, &d.cdom, why, cell);
        }
        seen.insert(id.clone(), (row.line, d.name.clone(), who, where_));
        offers.insert(id.clone(), dates);
        outs.push(to_out(id, d, home));
        report.row(row.line, true, problems);
    }

    let imported = outs.len();
    let (all, absent) = match &known {
        Some(k) => merge(k, outs),
        None => (outs, Vec::new()),
    };
    let mut availability = "volunteer_id,date\n".to_owned();
    for v in &all {
        for d in offers.get(&v.volunteer.id).into_iter().flatten() {
            let _ = writeln!(availability, "{},{d}", quote(&v.volunteer.id));
        }
    }
    let mut files = vec![
        (
            "volunteers.csv".to_owned(),
            volunteers_csv(&all).into_bytes(),
        ),
        ("availability.csv".to_owned(), availability.into_bytes()),
    ];
    let header = format!(
        "Import of {export_file}: {} rows, {imported} volunteers imported, {} rows with problems.\n",
        table.len(),
        report.problem_rows
    );
    let mut text = header + &report.rows_text();
    text += &report.chase_text();
    if let (Some(k), Some(into)) = (&known, req.into) {
        text += &report.dataset_text(
            into,
            imported,
            all.len() - k.volunteers.len(),
            &absent,
            &k.left_behind,
        );
        files.push((
            "dataset.toml".to_owned(),
            dataset_toml(req.name, req.month, &export_file, into).into_bytes(),
        ));
        files.extend(k.carried.iter().cloned());
    }
    files.push(("import_report.txt".to_owned(), text.into_bytes()));
    Ok(Imported {
        files,
        rows: table.len(),
        imported,
        problem_rows: report.problem_rows,
        absent: absent.len(),
    })
}

fn to_out(id: String, d: Draft, home: super::import_row::Home) -> VolunteerRow {
    VolunteerRow {
        volunteer: Volunteer {
            id,
            name: d.name,
            lat: home.lat,
            lon: home.lon,
            authorized: d.authorized,
            max_days: d.max_days,
            max_km: d.max_km,
            overnight: d.overnight,
            zones: d.zones,
            contact: Contact {
                email: d.email,
                phone: d.phone,
                address: None,
            },
        },
        home_commune: home.commune,
        home_insee: home.insee,
    }
}
