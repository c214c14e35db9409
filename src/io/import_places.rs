//! Homes placed at their department's population-weighted centroid when the registration
//! form asked for neither an address nor a commune (`[places] use = "department_centroid"`):
//! a rough place is better than no volunteer. A form with a commune or an address places
//! homes at their commune instead (`import_home.rs`).

use super::error::InputError;
use super::fr_dates::fold;
use super::sheet::read_any;
use std::collections::HashMap;
use std::path::Path;

/// Letters and digits only, folded: "Haute-Loire" and "haute loire" compare equal.
fn key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Population-weighted centroid of each department, by code ("15", "2A") and by folded
/// name ("cantal").
pub struct Departments {
    by_code: HashMap<String, (f64, f64)>,
    by_name: HashMap<String, String>,
    /// (code, name) as the communes file writes them, for matching wishes.
    pub names: Vec<(String, String)>,
}

impl Departments {
    pub fn read(path: &Path) -> Result<Departments, InputError> {
        let file = path.display().to_string();
        let t = read_any(path, &file, &["department", "population", "lat", "lon"])?;
        let mut sums: HashMap<String, (f64, f64, f64)> = HashMap::new();
        let mut by_name = HashMap::new();
        let mut names = Vec::new();
        for row in t.rows() {
            let dep = row.text("department");
            let pop = row.count("population")? as f64;
            let lat = row.latitude("lat")?;
            let lon = row.longitude("lon")?;
            let s = sums.entry(dep.clone()).or_default();
            // A commune without inhabitants still counts a little: no department ends empty.
            let w = pop.max(1.0);
            *s = (s.0 + w * lat, s.1 + w * lon, s.2 + w);
            let full = row.text("department_name");
            let name = key(&full);
            if !name.is_empty() && by_name.insert(name, dep.clone()).is_none() {
                names.push((dep, full));
            }
        }
        let by_code = sums
            .into_iter()
            .map(|(d, (a, b, w))| (d, (a / w, b / w)))
            .collect();
        Ok(Departments {
            by_code,
            by_name,
            names,
        })
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
