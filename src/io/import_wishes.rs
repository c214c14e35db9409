//! Wished places typed by volunteers ("lieu(x) souhaité(s)") matched to the dataset's zones.
//! A doctor writes the town, the site or the department rather than the intercommunality's
//! name: a wish matches a zone by its id or name, a site's id, name or commune, or a
//! department's code or name, without regard to accents, case or punctuation. A wish that
//! matches nothing is reported with the nearest names, so that the planner sees the typo.

use super::dataset::{SITE_COLUMNS, SITE_COMMUNE};
use super::error::InputError;
use super::import_home::words;
use super::sheet::read_any;
use std::path::Path;

/// What a label names, for the report's suggestions.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Zone,
    Site,
    Commune,
    Department,
}

struct Label {
    kind: Kind,
    /// As written in the dataset, for suggestions.
    text: String,
    /// Folded letters and digits only.
    key: String,
    /// Folded words.
    words: Vec<String>,
    zones: Vec<String>,
}

/// The dataset's zones and sites, for matching names typed by volunteers.
pub struct ZoneIndex {
    labels: Vec<Label>,
}

/// Letters and digits only, folded: "Haut-Plateau " and "haut plateau" compare equal.
fn key(text: &str) -> String {
    words(text).concat()
}

/// Words that do not tell places apart ("CC du Pays Gentiane" is "Pays Gentiane").
const STOP: [&str; 17] = [
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "en",
    "sur",
    "et",
    "aux",
    "au",
    "cc",
    "ca",
    "communaute",
    "communes",
];

/// A cell meaning "anywhere": no preference, never a problem.
const ANYWHERE: [&str; 8] = [
    "indifferent",
    "indifferente",
    "peuimporte",
    "tous",
    "toutes",
    "partout",
    "sanspreference",
    "aucunepreference",
];

impl ZoneIndex {
    /// `zones` (zone_id, name, department), and `sites` (site_id, zone_id, name, and an
    /// optional commune) when given; `departments` maps codes to names (from communes_fr.csv).
    pub fn read(
        zones: &Path,
        sites: Option<&Path>,
        departments: &[(String, String)],
    ) -> Result<ZoneIndex, InputError> {
        let file = zones.display().to_string();
        let t = read_any(zones, &file, &["zone_id", "name"])?;
        let mut ix = ZoneIndex { labels: Vec::new() };
        for row in t.rows() {
            let id = row.id("zone_id")?;
            ix.add(Kind::Zone, &id, &id);
            ix.add(Kind::Zone, &row.text("name"), &id);
            let dep = row.text("department");
            if !dep.is_empty() {
                ix.add(Kind::Department, &dep, &id);
                for (code, name) in departments {
                    if *code == dep {
                        ix.add(Kind::Department, name, &id);
                    }
                }
            }
        }
        if let Some(path) = sites {
            let file = path.display().to_string();
            // The site's id, zone and name lead the contract's columns; a wish names a site by
            // its id, name or commune.
            let t = read_any(path, &file, &SITE_COLUMNS[..3])?;
            for row in t.rows() {
                let zone = row.text("zone_id");
                ix.add(Kind::Site, &row.text("site_id"), &zone);
                ix.add(Kind::Site, &row.text("name"), &zone);
                ix.add(Kind::Commune, &row.text(SITE_COMMUNE), &zone);
            }
        }
        Ok(ix)
    }

    fn add(&mut self, kind: Kind, text: &str, zone: &str) {
        let k = key(text);
        if k.is_empty() {
            return;
        }
        match self
            .labels
            .iter_mut()
            .find(|l| l.key == k && l.kind == kind)
        {
            Some(l) if !l.zones.iter().any(|z| z == zone) => l.zones.push(zone.to_owned()),
            Some(_) => {}
            None => self.labels.push(Label {
                kind,
                text: text.to_owned(),
                key: k,
                words: words(text),
                zones: vec![zone.to_owned()],
            }),
        }
    }

    /// Zone ids for one wish (a department may give several; "indifférent" none). Err with
    /// the reason, and the nearest names when nothing matches.
    pub fn find(&self, wish: &str) -> Result<Vec<String>, String> {
        let k = key(wish);
        if k.is_empty() {
            return Err(format!("'{wish}' is not a place name"));
        }
        if ANYWHERE.contains(&k.as_str()) {
            return Ok(Vec::new());
        }
        let exact = union(self.labels.iter().filter(|l| l.key == k));
        if !exact.is_empty() {
            return Ok(exact);
        }
        // Every meaningful word of the wish among a label's words: "Saugues" is in "Centre
        // de santé de Saugues", "Pays Gentiane" in "Communauté de communes du Pays Gentiane".
        let significant: Vec<String> = words(wish)
            .into_iter()
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect();
        let alpha: Vec<&String> = significant
            .iter()
            .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        if !alpha.is_empty() {
            let found = union(
                self.labels
                    .iter()
                    .filter(|l| alpha.iter().all(|w| l.words.contains(w))),
            );
            match found.len() {
                0 => {}
                1 => return Ok(found),
                _ => {
                    return Err(format!(
                        "'{wish}' matches several zones ({}); write the site or the zone",
                        found.join(", ")
                    ))
                }
            }
        }
        let near = self.nearest(&k, &alpha);
        if near.is_empty() {
            Err(format!("no zone matches '{wish}'"))
        } else {
            Err(format!(
                "no zone matches '{wish}' (did you mean {}?)",
                near.join(", or ")
            ))
        }
    }

    /// Up to 3 labels within a few typos of the wish or of one of its words.
    fn nearest(&self, k: &str, wish_words: &[&String]) -> Vec<String> {
        // A long cell is no typo of a place name; bounded so that the work stays small.
        if k.chars().count() > 60 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, &Label)> = Vec::new();
        for l in &self.labels {
            let mut best = distance(k, &l.key);
            let mut allowed = typos(l.key.chars().count());
            for w in wish_words.iter().filter(|w| w.chars().count() >= 4) {
                for lw in l.words.iter().filter(|x| x.chars().count() >= 4) {
                    let d = distance(w, lw);
                    if d < best {
                        best = d;
                        allowed = typos(lw.chars().count());
                    }
                }
            }
            if best <= allowed {
                scored.push((best, l));
            }
        }
        scored.sort_by_key(|(d, _)| *d);
        let mut out: Vec<String> = Vec::new();
        for (_, l) in scored {
            let what = match l.kind {
                Kind::Zone => "zone".to_owned(),
                Kind::Site => format!("site, zone {}", l.zones.join(" ")),
                Kind::Commune => format!("site commune, zone {}", l.zones.join(" ")),
                Kind::Department => "department".to_owned(),
            };
            let s = format!("'{}' ({what})", l.text);
            if !out.contains(&s) {
                out.push(s);
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }
}

/// The typos tolerated in a name of `len` letters: "Sogues" for "Saugues".
fn typos(len: usize) -> usize {
    if len >= 6 {
        (len / 4).max(2)
    } else {
        1
    }
}

fn union<'a>(labels: impl Iterator<Item = &'a Label>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in labels {
        for z in &l.zones {
            if !out.contains(z) {
                out.push(z.clone());
            }
        }
    }
    out
}

/// Levenshtein distance between two short strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Splits a wished-places cell: "Haut-Plateau, Vallée et Z3".
pub fn split_wishes(cell: &str) -> Vec<String> {
    cell.split([',', ';', '/', '\n', '+'])
        .flat_map(|s| s.split(" et ").map(str::to_owned).collect::<Vec<_>>())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> ZoneIndex {
        let dir = tempfile::tempdir().unwrap();
        let z = dir.path().join("zones.csv");
        let s = dir.path().join("sites.csv");
        std::fs::write(
            &z,
            "zone_id,name,department\nZ1,Communauté de communes du Pays Gentiane,15\n\
             Z2,Communauté de communes des Rives du Haut Allier,43\n\
             Z3,Communauté de communes Hautes Terres Communauté,15\n",
        )
        .unwrap();
        std::fs::write(
            &s,
            "site_id,zone_id,name,commune\nS1,Z1,Lieu de consultation de Riom-ès-Montagnes,\
             Riom-ès-Montagnes\nS2,Z2,Centre de santé de Saugues,Saugues\n\
             S3,Z3,Centre hospitalier de Murat,Murat\n",
        )
        .unwrap();
        let deps = [("15".to_owned(), "Cantal".to_owned())];
        ZoneIndex::read(&z, Some(&s), &deps).unwrap()
    }

    #[test]
    fn wishes_match_sites_communes_and_departments() {
        let ix = index();
        assert_eq!(ix.find("Saugues").unwrap(), ["Z2"]);
        assert_eq!(ix.find("SAUGUES (43)").unwrap(), ["Z2"]);
        assert_eq!(ix.find("centre hospitalier de murat").unwrap(), ["Z3"]);
        assert_eq!(ix.find("riom es montagnes").unwrap(), ["Z1"]);
        assert_eq!(ix.find("CC Pays Gentiane").unwrap(), ["Z1"]);
        assert_eq!(ix.find("Z3").unwrap(), ["Z3"]);
        assert_eq!(ix.find("cantal").unwrap(), ["Z1", "Z3"]);
        assert_eq!(ix.find("Indifférent").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn a_typo_is_reported_with_the_nearest_names() {
        let ix = index();
        let e = ix.find("Sogues").unwrap_err();
        assert!(e.starts_with("no zone matches 'Sogues'"), "{e}");
        assert!(e.contains("Saugues"), "{e}");
        let e = ix.find("Montagne noire").unwrap_err();
        assert!(e.starts_with("no zone matches"), "{e}");
        assert!(ix.find(&"x".repeat(10_000)).is_err());
    }
}
