//! Homes for the volunteer import: the commune a registration form gives (an INSEE code, a
//! postcode, a commune name with its department, or an address line as people type it),
//! placed at the commune's point of `communes_fr.csv`. Distance, overnight stays and
//! eligibility all depend on the home, so a home that is not certain is never guessed: the
//! caller reports why, with the candidates when there are several.

use super::error::InputError;
use super::fr_dates::fold;
use super::import_address::{parse_address, postcode_of, split_department};
use super::sheet::read_any;
use std::collections::HashMap;
use std::path::Path;

pub use super::communes::Commune;

/// Every commune, by INSEE code, by name and by postcode.
pub struct Communes {
    by_insee: HashMap<String, Commune>,
    /// Name key (see [`name_key`]) → INSEE codes; with and without a leading article.
    by_name: HashMap<String, Vec<String>>,
    /// Postcode → (INSEE code, name key of the postcode file's own name).
    by_postcode: HashMap<String, Vec<(String, String)>>,
    /// Folded department name → code, and the codes themselves.
    departments: HashMap<String, String>,
    /// (code, name) as the communes file writes them, for matching wishes.
    pub department_names: Vec<(String, String)>,
}

/// The cells of one row that say where the doctor lives.
#[derive(Default)]
pub struct HomeCells<'a> {
    pub address: &'a str,
    pub postcode: &'a str,
    pub commune: &'a str,
    pub department: &'a str,
}

impl HomeCells<'_> {
    pub fn is_empty(&self) -> bool {
        [self.address, self.postcode, self.commune]
            .iter()
            .all(|c| c.trim().is_empty())
    }
}

/// Words of a commune name, folded, "St" → "saint": "St-Éloy les Mines" and
/// "Saint-Éloy-les-Mines" give the same key (wishes are matched with the same words).
pub(super) fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint".to_owned(),
            "ste" => "sainte".to_owned(),
            w => w.to_owned(),
        })
        .collect()
}

/// A commune name's key: its words joined.
pub fn name_key(text: &str) -> String {
    words(text).concat()
}

/// The key without a leading article ("Le Puy-en-Velay" → "puyenvelay").
fn without_article(text: &str) -> Option<String> {
    let w = words(text);
    match w.first().map(String::as_str) {
        Some("le" | "la" | "les" | "l") if w.len() > 1 => Some(w[1..].concat()),
        _ => None,
    }
}

/// A 5-character INSEE code: 5 digits, or 2A/2B and 3 digits (Corsica).
fn looks_like_insee(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && (b.iter().all(u8::is_ascii_digit)
            || (b[0] == b'2' && matches!(b[1], b'A' | b'B' | b'a' | b'b'))
                && b[2..].iter().all(u8::is_ascii_digit))
}

/// Paris, Lyon and Marseille: the postcodes give an arrondissement's INSEE code, the communes
/// file the city's.
fn city_of_arrondissement(insee: &str) -> Option<&'static str> {
    let n: u32 = insee.parse().ok()?;
    match n {
        75101..=75120 => Some("75056"),
        69381..=69389 => Some("69123"),
        13201..=13216 => Some("13055"),
        _ => None,
    }
}

impl Communes {
    /// Reads `communes_fr.csv` and, when given, `postcodes_fr.csv`.
    pub fn read(communes: &Path, postcodes: Option<&Path>) -> Result<Communes, InputError> {
        let list = super::communes::read(communes, &[])?;
        let mut c = Communes {
            by_insee: HashMap::new(),
            by_name: HashMap::new(),
            by_postcode: HashMap::new(),
            departments: HashMap::new(),
            department_names: Vec::new(),
        };
        for commune in list {
            let full = commune.department_name.clone();
            let dep_name = name_key(&full);
            if !dep_name.is_empty()
                && c.departments
                    .insert(dep_name, commune.department.clone())
                    .is_none()
            {
                c.department_names.push((commune.department.clone(), full));
            }
            c.departments.insert(
                commune.department.to_lowercase(),
                commune.department.clone(),
            );
            for k in [
                Some(name_key(&commune.name)),
                without_article(&commune.name),
            ]
            .into_iter()
            .flatten()
            {
                c.by_name.entry(k).or_default().push(commune.insee.clone());
            }
            c.by_insee.insert(commune.insee.clone(), commune);
        }
        if let Some(path) = postcodes {
            let file = path.display().to_string();
            let t = read_any(path, &file, &["postcode", "insee", "commune"])?;
            for row in t.rows() {
                let insee = row.text("insee").to_uppercase();
                let insee = city_of_arrondissement(&insee)
                    .map(str::to_owned)
                    .unwrap_or(insee);
                // 130 codes (former communes) are not in the communes file: no point to give.
                if !c.by_insee.contains_key(&insee) {
                    continue;
                }
                let list = c.by_postcode.entry(row.text("postcode")).or_default();
                let key = name_key(&row.text("commune"));
                if !list.iter().any(|(i, k)| *i == insee && *k == key) {
                    list.push((insee, key));
                }
            }
        }
        Ok(c)
    }

    pub fn has_postcodes(&self) -> bool {
        !self.by_postcode.is_empty()
    }

    pub fn get(&self, insee: &str) -> Option<&Commune> {
        self.by_insee.get(insee)
    }

    /// A department cell's code: "43", "1" (→ "01"), "Haute-Loire", "Haute-Loire (43)".
    pub fn department(&self, cell: &str) -> Option<String> {
        for w in cell.split(|c: char| !c.is_alphanumeric()) {
            let w = if w.len() == 1 && w.as_bytes()[0].is_ascii_digit() {
                format!("0{w}")
            } else {
                w.to_lowercase()
            };
            if w.len() <= 3 {
                if let Some(code) = self.departments.get(&w) {
                    return Some(code.clone());
                }
            }
        }
        self.departments.get(&name_key(cell)).cloned()
    }

    /// The commune a row's cells give, or why it cannot be placed for certain.
    pub fn place(&self, cells: &HomeCells) -> Result<&Commune, String> {
        let commune = cells.commune.trim();
        if looks_like_insee(commune) {
            if let Some(c) = self.by_insee.get(&commune.to_uppercase()) {
                return Ok(c);
            }
        }
        let (commune_name, dep_in_commune) = split_department(commune);
        let department = self
            .department(cells.department)
            .or_else(|| dep_in_commune.and_then(|d| self.department(&d)));
        let from_address = parse_address(cells.address, |p| self.by_postcode.contains_key(p));
        let postcode = postcode_of(cells.postcode).or(from_address.postcode.clone());
        let town = if commune_name.is_empty() {
            from_address.town.clone()
        } else {
            Some(commune_name)
        };
        match (postcode, town) {
            (Some(pc), town) => self.by_postcode_and_town(&pc, town.as_deref(), &department),
            (None, Some(town)) => self.by_town(&town, &department),
            (None, None) if !cells.address.trim().is_empty() => {
                Err("no postcode and no town found in the address: write it as \
                 'street, postcode town'"
                    .into())
            }
            (None, None) if looks_like_insee(commune) => Err(format!(
                "'{commune}' is not an INSEE code of communes_fr.csv (a former commune?)"
            )),
            (None, None) => Err("no home commune given".into()),
        }
    }

    fn by_postcode_and_town(
        &self,
        pc: &str,
        town: Option<&str>,
        department: &Option<String>,
    ) -> Result<&Commune, String> {
        let Some(cands) = self.by_postcode.get(pc) else {
            if !self.has_postcodes() {
                return Err(format!(
                    "postcode {pc}: renfort needs postcodes_fr.csv beside communes_fr.csv \
                     (or --postcodes) to read postcodes"
                ));
            }
            return match town {
                Some(t) => self.by_town(t, department).map_err(|why| {
                    format!("{pc} is not a French postcode, and by the town: {why}")
                }),
                None => Err(format!("{pc} is not a French postcode")),
            };
        };
        let mut insees: Vec<&str> = Vec::new();
        for (i, _) in cands {
            if !insees.contains(&i.as_str()) {
                insees.push(i);
            }
        }
        let names = |list: &[&str]| {
            let mut n: Vec<String> = list
                .iter()
                .map(|i| self.by_insee[*i].name.clone())
                .collect();
            n.sort();
            n.dedup();
            let more = n.len().saturating_sub(6);
            n.truncate(6);
            let mut s = n.join(", ");
            if more > 0 {
                s += &format!(" and {more} more");
            }
            s
        };
        let Some(town) = town.filter(|t| !name_key(t).is_empty()) else {
            return match insees.as_slice() {
                [one] => Ok(&self.by_insee[*one]),
                many => Err(format!(
                    "postcode {pc} serves several communes ({}): give the commune",
                    names(many)
                )),
            };
        };
        let keys: Vec<String> = [Some(name_key(town)), without_article(town)]
            .into_iter()
            .flatten()
            .collect();
        let matching: Vec<&str> = insees
            .iter()
            .copied()
            .filter(|i| {
                let c = &self.by_insee[*i];
                let own = [Some(name_key(&c.name)), without_article(&c.name)];
                cands.iter().any(|(ci, k)| ci == i && keys.contains(k))
                    || own.iter().flatten().any(|k| keys.contains(k))
            })
            .collect();
        match (matching.as_slice(), insees.as_slice()) {
            ([one], _) => Ok(&self.by_insee[*one]),
            // One commune behind the postcode: the town may be a hamlet or a typo. It is
            // certain unless the town names another commune outright.
            ([], [one]) => match self.by_town(town, department) {
                Ok(other) if other.insee != *one => Err(format!(
                    "postcode {pc} is {}'s but the town says '{town}' ({}, {}): which is it?",
                    self.by_insee[*one].name, other.name, other.department
                )),
                _ => Ok(&self.by_insee[*one]),
            },
            ([], many) => Err(format!(
                "postcode {pc} serves {}, none named '{town}'",
                names(many)
            )),
            (many, _) => Err(format!(
                "postcode {pc} and '{town}' fit several communes ({}): give the INSEE code",
                names(many)
            )),
        }
    }

    fn by_town(&self, town: &str, department: &Option<String>) -> Result<&Commune, String> {
        let mut found: Vec<&str> = Vec::new();
        for k in [Some(name_key(town)), without_article(town)]
            .into_iter()
            .flatten()
        {
            for i in self.by_name.get(&k).into_iter().flatten() {
                if !found.contains(&i.as_str()) {
                    found.push(i);
                }
            }
        }
        let in_dep: Vec<&str> = found
            .iter()
            .copied()
            .filter(|i| {
                department
                    .as_ref()
                    .is_none_or(|d| self.by_insee[*i].department == *d)
            })
            .collect();
        match (in_dep.as_slice(), department) {
            ([one], _) => Ok(&self.by_insee[*one]),
            ([], Some(d)) if !found.is_empty() => Err(format!(
                "no commune named '{town}' in department {d} (there is one in {})",
                deps(&found, self)
            )),
            ([], _) => Err(format!("no commune named '{town}'")),
            (_, None) => Err(format!(
                "several communes are named '{town}' (departments {}): give the postcode or \
                 the department",
                deps(&found, self)
            )),
            (_, Some(d)) => Err(format!(
                "several communes are named '{town}' in department {d}: give the postcode"
            )),
        }
    }
}

fn deps(insees: &[&str], c: &Communes) -> String {
    let mut d: Vec<&str> = insees
        .iter()
        .map(|i| c.by_insee[*i].department.as_str())
        .collect();
    d.sort();
    d.dedup();
    d.join(", ")
}

#[cfg(test)]
mod tests;
