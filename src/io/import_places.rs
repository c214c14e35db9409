//! Places for the volunteer import: wished sites typed by hand matched to the dataset's
//! zones, and homes placed at their department's population-weighted centroid when the
//! registration form did not ask for an address (a rough place is better than no volunteer;
//! the report says which homes are approximate).

use super::error::InputError;
use super::fr_dates::fold;
use super::sheet::read_any;
use std::collections::HashMap;
use std::path::Path;

/// The dataset's zones, for matching names typed by volunteers.
pub struct ZoneIndex {
    /// (zone id, folded id, folded name).
    zones: Vec<(String, String, String)>,
}

/// Letters and digits only, folded: "Haut-Plateau " and "haut plateau" compare equal.
fn key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

impl ZoneIndex {
    pub fn read(path: &Path) -> Result<ZoneIndex, InputError> {
        let file = path.display().to_string();
        let t = read_any(path, &file, &["zone_id", "name"])?;
        let mut zones = Vec::new();
        for row in t.rows() {
            let id = row.id("zone_id")?;
            zones.push((id.clone(), key(&id), key(&row.text("name"))));
        }
        Ok(ZoneIndex { zones })
    }

    /// Zone ids for one wish: an id or a name (case- and accent-insensitive), else the zones
    /// whose name contains the wish or is contained in it. Err when none or several match.
    pub fn find(&self, wish: &str) -> Result<String, String> {
        let k = key(wish);
        if k.is_empty() {
            return Err(format!("'{wish}' is not a zone name"));
        }
        let exact: Vec<&String> = self
            .zones
            .iter()
            .filter(|(_, id, name)| *id == k || *name == k)
            .map(|(z, _, _)| z)
            .collect();
        let found = if exact.is_empty() {
            self.zones
                .iter()
                .filter(|(_, _, name)| {
                    !name.is_empty() && (name.contains(&k) || k.contains(name.as_str()))
                })
                .map(|(z, _, _)| z)
                .collect()
        } else {
            exact
        };
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(format!("no zone matches '{wish}'")),
            many => Err(format!(
                "'{wish}' matches several zones ({}); write the zone id",
                many.iter()
                    .map(|z| z.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// Splits a wished-sites cell: "Haut-Plateau, Vallée et Z3".
pub fn split_wishes(cell: &str) -> Vec<String> {
    cell.split([',', ';', '/', '\n', '+'])
        .flat_map(|s| s.split(" et ").map(str::to_owned).collect::<Vec<_>>())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Population-weighted centroid of each department, by code ("15", "2A") and by folded
/// name ("cantal").
pub struct Departments {
    by_code: HashMap<String, (f64, f64)>,
    by_name: HashMap<String, String>,
}

impl Departments {
    pub fn read(path: &Path) -> Result<Departments, InputError> {
        let file = path.display().to_string();
        let t = read_any(path, &file, &["department", "population", "lat", "lon"])?;
        let mut sums: HashMap<String, (f64, f64, f64)> = HashMap::new();
        let mut by_name = HashMap::new();
        for row in t.rows() {
            let dep = row.text("department");
            let pop = row.count("population")? as f64;
            let lat = row.latitude("lat")?;
            let lon = row.longitude("lon")?;
            let s = sums.entry(dep.clone()).or_default();
            // A commune without inhabitants still counts a little: no department ends empty.
            let w = pop.max(1.0);
            *s = (s.0 + w * lat, s.1 + w * lon, s.2 + w);
            let name = key(&row.text("department_name"));
            if !name.is_empty() {
                by_name.insert(name, dep);
            }
        }
        let by_code = sums
            .into_iter()
            .map(|(d, (a, b, w))| (d, (a / w, b / w)))
            .collect();
        Ok(Departments { by_code, by_name })
    }

    /// The centroid for a department cell: "15", "1" (→ "01"), "Cantal", "15 - Cantal",
    /// "Haute-Loire (43)".
    pub fn centroid(&self, cell: &str) -> Option<(f64, f64)> {
        let words: Vec<&str> = cell
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for w in &words {
            let code = if w.len() == 1 && w.chars().all(|c| c.is_ascii_digit()) {
                format!("0{w}")
            } else {
                w.to_uppercase()
            };
            if let Some(p) = self.by_code.get(&code) {
                return Some(*p);
            }
        }
        let name = key(cell.trim_start_matches(|c: char| !c.is_alphabetic()));
        let name_only = key(&words
            .iter()
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .copied()
            .collect::<Vec<_>>()
            .join(" "));
        [name, name_only]
            .iter()
            .find_map(|n| self.by_name.get(n))
            .and_then(|code| self.by_code.get(code).copied())
    }
}
