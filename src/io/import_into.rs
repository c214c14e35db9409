//! Importing into an existing dataset (`--into DATASET`): its zones and sites match the
//! wishes, its volunteers are the doctors already known. The output is a whole dataset for
//! the month: the known volunteers kept (updated when they are in the export, without offers
//! when they are not: a doctor who skips a month is not deleted), the new ones added, and the
//! files that do not depend on the month copied as they are.

use super::error::{Code, InputError, InputErrors};
use super::sheet::{read_any, SPREADSHEET_EXTENSIONS};
use super::volunteer_row::VolunteerRow;
use crate::model::{Contact, Volunteer};
use std::path::{Path, PathBuf};

/// The dataset imported into.
pub struct Known {
    pub zones: PathBuf,
    pub sites: PathBuf,
    /// Its volunteers, in its order.
    pub volunteers: Vec<VolunteerRow>,
    /// Files carried into the output as they are: (file name, bytes).
    pub carried: Vec<(String, Vec<u8>)>,
    /// Its month-bound files that are not carried (`pinned`, `history`).
    pub left_behind: Vec<String>,
}

/// `DIR/NAME.csv`, or a workbook of that name.
fn table_file(dir: &Path, name: &str) -> Option<PathBuf> {
    std::iter::once("csv")
        .chain(SPREADSHEET_EXTENSIONS)
        .map(|ext| dir.join(format!("{name}.{ext}")))
        .find(|p| p.is_file())
}

impl Known {
    pub fn read(dir: &Path) -> Result<Known, InputErrors> {
        let shown = dir.display().to_string();
        let need = |name: &str| {
            table_file(dir, name).ok_or_else(|| {
                InputError::new(
                    Code::MissingFile,
                    &shown,
                    format!("--into: no {name}.csv (or workbook) in this dataset folder"),
                )
            })
        };
        let zones = need("zones")?;
        let sites = need("sites")?;
        let mut volunteers = Vec::new();
        if let Some(path) = table_file(dir, "volunteers") {
            let file = path.display().to_string();
            let t = read_any(&path, &file, super::dataset::VOLUNTEER_COLUMNS)?;
            let mut errors = Vec::new();
            for row in t.rows() {
                let read = || -> Result<VolunteerRow, InputError> {
                    let optional = |c: &str| Some(row.text(c)).filter(|t| !t.is_empty());
                    Ok(VolunteerRow {
                        volunteer: Volunteer {
                            id: row.id("volunteer_id")?,
                            name: row.text("name"),
                            lat: row.latitude("lat")?,
                            lon: row.longitude("lon")?,
                            authorized: row.boolean("authorized")?,
                            max_days: row.count("max_days")?,
                            max_km: row.float_in(
                                "max_km",
                                0.0,
                                super::table::MAX_KM,
                                "a distance",
                            )?,
                            overnight: row.boolean("overnight")?,
                            zones: row
                                .text("zones")
                                .split(';')
                                .map(str::trim)
                                .filter(|z| !z.is_empty())
                                .map(str::to_owned)
                                .collect(),
                            contact: Contact {
                                email: optional("email"),
                                phone: optional("phone"),
                                address: None,
                            },
                        },
                        home_commune: optional("home_commune"),
                        home_insee: optional("home_insee"),
                    })
                };
                match read() {
                    Ok(v) => volunteers.push(v),
                    Err(e) => errors.push(e),
                }
            }
            if !errors.is_empty() {
                return Err(InputErrors(errors));
            }
        }
        let mut carried = Vec::new();
        for name in ["zones", "sites", "closures", "demand", "distances"] {
            if let Some(path) = table_file(dir, name) {
                let bytes = std::fs::read(&path).map_err(|e| {
                    InputError::new(
                        Code::Unreadable,
                        path.display().to_string(),
                        format!("cannot read the file: {e}"),
                    )
                })?;
                let file = path.file_name().unwrap_or_default().to_string_lossy();
                carried.push((file.into_owned(), bytes));
            }
        }
        let left_behind = ["pinned", "history"]
            .into_iter()
            .filter_map(|n| table_file(dir, n))
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        Ok(Known {
            zones,
            sites,
            volunteers,
            carried,
            left_behind,
        })
    }

    pub fn get(&self, id: &str) -> Option<&VolunteerRow> {
        self.volunteers.iter().find(|v| v.volunteer.id == id)
    }
}

/// The output `dataset.toml`.
pub fn dataset_toml(name: &str, month: &str, export: &str, into: &Path) -> String {
    let s = |t: &str| toml::Value::String(t.to_owned()).to_string();
    format!(
        "name = {}\nmonth = {}\ndescription = {}\n",
        s(name),
        s(month),
        s(&format!(
            "Volunteers of {export} imported by renfort import-volunteers into the zones and \
             sites of {}",
            into.display()
        ))
    )
}

/// The known volunteers, updated by the imported ones (same id), then the new ones.
/// Returns the list and the ids of the known volunteers without offers this month.
pub fn merge(known: &Known, imported: Vec<VolunteerRow>) -> (Vec<VolunteerRow>, Vec<String>) {
    let mut imported: Vec<Option<VolunteerRow>> = imported.into_iter().map(Some).collect();
    let mut out = Vec::new();
    let mut absent = Vec::new();
    for k in &known.volunteers {
        match imported
            .iter_mut()
            .find(|v| v.as_ref().is_some_and(|v| v.volunteer.id == k.volunteer.id))
        {
            Some(v) => out.push(v.take().expect("found above")),
            None => {
                absent.push(k.volunteer.id.clone());
                out.push(k.clone());
            }
        }
    }
    out.extend(imported.into_iter().flatten());
    (out, absent)
}
