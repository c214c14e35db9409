//! The communes file (shape of `shared/data/communes_fr.csv`): one commune a row, with its
//! department, region, intercommunality, population and point. Every use of it (generated
//! datasets, what-if sites and volunteers, the registration import) reads it here, so a
//! row is valid or not the same way everywhere.

use super::error::{Code, InputError};
use super::sheet::read_any;
use crate::rules::distance::great_circle_km;
use std::collections::HashMap;
use std::path::Path;

/// One row of the communes file. Optional columns the file lacks read as "" (or 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Commune {
    /// INSEE code, as [`normalise_insee`] spells it (`03185`, `2A004`).
    pub insee: String,
    pub name: String,
    /// Department code, e.g. `03`, `2A`, `976`.
    pub department: String,
    pub department_name: String,
    /// Region code, e.g. `84`; the overseas regions are `01` to `06`.
    pub region: String,
    pub region_name: String,
    /// The intercommunality's SIREN ("" for the few communes outside any).
    pub epci_siren: String,
    pub epci_name: String,
    pub population: u32,
    pub lat: f64,
    pub lon: f64,
}

/// Columns every use needs; a use that needs more names them to [`read`].
pub const REQUIRED: [&str; 5] = ["insee", "name", "department", "lat", "lon"];

/// An INSEE code as the communes file spells it. A spreadsheet that took the code for a
/// number drops its leading zero (`3185` for Montluçon's `03185`): put it back. Corsica's
/// letters are upper case (`2a004` → `2A004`).
pub fn normalise_insee(code: &str) -> String {
    let code = code.trim();
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{code}")
    } else {
        code.to_uppercase()
    }
}

/// Reads every row of the communes file (CSV or spreadsheet); `needs` names the columns this
/// use requires beyond [`REQUIRED`]. Every row must be valid and every INSEE code distinct: a
/// bad row skipped would silently change what is built from the file.
pub fn read(path: &Path, needs: &[&str]) -> Result<Vec<Commune>, InputError> {
    let file = path.display().to_string();
    let mut required: Vec<&str> = REQUIRED.to_vec();
    required.extend(needs.iter().copied().filter(|c| !REQUIRED.contains(c)));
    let table = read_any(path, &file, &required)?;
    let has_population = table.has_column("population");
    let mut list = Vec::with_capacity(table.len());
    let mut lines: HashMap<String, u64> = HashMap::with_capacity(table.len());
    for row in table.rows() {
        let insee = normalise_insee(&row.id("insee")?);
        if let Some(first) = lines.insert(insee.clone(), row.line) {
            return Err(row.error(
                Code::DuplicateId,
                "insee",
                format!("'{insee}' is already on line {first}"),
            ));
        }
        list.push(Commune {
            insee,
            name: row.text("name"),
            department: row.text("department"),
            department_name: row.text("department_name"),
            region: row.text("region"),
            region_name: row.text("region_name"),
            epci_siren: row.text("epci_siren"),
            epci_name: row.text("epci_name"),
            population: if has_population {
                row.count("population")?
            } else {
                0
            },
            lat: row.latitude("lat")?,
            lon: row.longitude("lon")?,
        });
    }
    Ok(list)
}

/// The communes, looked up by INSEE code.
#[derive(Debug, Clone, Default)]
pub struct Communes {
    pub list: Vec<Commune>,
    by_insee: HashMap<String, usize>,
}

impl Communes {
    /// The communes file read with [`read`], indexed.
    pub fn read(path: &Path, needs: &[&str]) -> Result<Communes, InputError> {
        Ok(Communes::new(read(path, needs)?))
    }

    pub fn new(list: Vec<Commune>) -> Communes {
        let by_insee = list
            .iter()
            .enumerate()
            .map(|(i, c)| (c.insee.clone(), i))
            .collect();
        Communes { list, by_insee }
    }

    /// The commune of an INSEE code, spelt as a spreadsheet may have left it (`3185`).
    pub fn get(&self, insee: &str) -> Option<&Commune> {
        self.by_insee
            .get(&normalise_insee(insee))
            .map(|&i| &self.list[i])
    }

    /// Communes whose point is within `radius_km` (great circle) of (lat, lon).
    pub fn within(&self, lat: f64, lon: f64, radius_km: f64) -> Vec<&Commune> {
        self.list
            .iter()
            .filter(|c| great_circle_km(lat, lon, c.lat, c.lon) <= radius_km)
            .collect()
    }

    pub fn in_department(&self, department: &str) -> Vec<&Commune> {
        self.list
            .iter()
            .filter(|c| c.department == department)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("communes_fr.csv");
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    #[test]
    fn reads_rows_and_restores_leading_zeros() {
        let (_d, p) = file(
            "insee,name,department,region,epci_siren,population,lat,lon\n\
             3185,Montluçon,03,84,200071082,34000,46.34,2.60\n\
             2a004,Ajaccio,2A,94,200066744,70000,41.92,8.74\n",
        );
        let c = read(&p, &["region", "population"]).unwrap();
        assert_eq!(c[0].insee, "03185");
        assert_eq!(c[1].insee, "2A004");
        assert_eq!(
            (c[0].population, c[0].epci_siren.as_str()),
            (34000, "200071082")
        );
        assert_eq!(c[1].epci_name, "", "a column the file lacks reads as empty");
    }

    #[test]
    fn a_duplicate_code_names_both_lines() {
        let (_d, p) = file("insee,name,department,lat,lon\n03185,A,03,46,2\n3185,B,03,46,2\n");
        let e = read(&p, &[]).unwrap_err();
        assert_eq!(e.code, Code::DuplicateId);
        assert_eq!(e.at.line, Some(3));
        assert!(e.message.contains("line 2"), "{}", e.message);
    }

    #[test]
    fn a_needed_column_is_required() {
        let (_d, p) = file("insee,name,department,lat,lon\n03185,A,03,46,2\n");
        assert_eq!(read(&p, &["region"]).unwrap_err().code, Code::MissingColumn);
    }
}
