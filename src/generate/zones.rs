//! The zones file (shape of `shared/data/aura_zones.csv`): one zone of the scheme per row,
//! with its one consultation site.

use super::communes::Communes;
use crate::io::table::{Row, Table};
use crate::io::{Code, InputError};
use std::collections::BTreeMap;
use std::path::Path;

/// The facts of one zone and its site, as read (nothing drawn here).
#[derive(Debug, Clone)]
pub struct ZoneFact {
    /// `Z` + the intercommunality's SIREN (see [`zone_id`]).
    pub zone_id: String,
    pub name: String,
    /// Department code, e.g. `03`.
    pub department: String,
    pub population: u32,
    pub priority: f64,
    /// `S` + the site commune's INSEE code (see [`site_id`]).
    pub site_id: String,
    pub site_name: String,
    pub site_commune: String,
    /// `health_centre`, `msp`, `hospital`, `ehpad`, `unknown`...: steers the drawn settings.
    pub site_kind: String,
    pub lat: f64,
    pub lon: f64,
    /// Region code of the site's commune (from the communes file).
    pub region: String,
    /// Where the zone comes from, for national datasets (written as `source_status`).
    pub source_status: Option<SourceStatus>,
}

/// How sure the sources are that a zone is one of the scheme's zones rouges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceStatus {
    /// Named by a public source (ARS page, prefecture, regional press).
    Confirmed,
    /// Not named itself, but a consultation site the sources name lies in it.
    Inferred,
    /// Not from any source: a stand-in chosen by rule (see `national.rs`).
    Illustrative,
}

impl SourceStatus {
    /// The zone's status from a zones file's `source_status` cell, in the words of
    /// `shared/data/aura_zones.csv` (`confirmed`, `zone confirmed, site illustrative`, `zone
    /// inferred from its confirmed site`, `illustrative`); None for an empty or unknown cell.
    pub fn from_cell(cell: &str) -> Option<SourceStatus> {
        let cell = cell.trim().to_lowercase();
        if cell.starts_with("confirmed") || cell.starts_with("zone confirmed") {
            Some(SourceStatus::Confirmed)
        } else if cell.starts_with("inferred") || cell.starts_with("zone inferred") {
            Some(SourceStatus::Inferred)
        } else if cell.starts_with("illustrative") {
            Some(SourceStatus::Illustrative)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceStatus::Confirmed => "confirmed",
            SourceStatus::Inferred => "inferred",
            SourceStatus::Illustrative => "illustrative",
        }
    }
}

/// The zone id: `Z` followed by the intercommunality's 9-digit SIREN, e.g. `Z200071082`.
/// The SIREN is the EPCI's official, stable identifier (names change with mergers and
/// spelling fixes); the `Z` keeps spreadsheets from reading it as a number.
pub fn zone_id(siren: &str) -> String {
    format!("Z{siren}")
}

/// The site id: `S` followed by the INSEE code of the site's commune, e.g. `S03185`. One site
/// per zone and zones are disjoint intercommunalities, so a commune holds at most one site.
pub fn site_id(insee: &str) -> String {
    format!("S{insee}")
}

/// Priority of a zone: how much an uncovered doctor-day there weighs in the plan.
///
/// Rule, from the zone's population alone (the one figure of need the zones file carries,
/// and one site serves the whole intercommunality, so an uncovered day leaves more patients
/// without a consultation where more people depend on that site):
/// - fewer than 10 000 inhabitants: 1.0;
/// - 10 000 to 29 999: 1.25;
/// - 30 000 and more: 1.5.
///
/// For the AuRA file this gives nine zones at 1.0, six at 1.25 and two at 1.5.
pub fn priority(population: u32) -> f64 {
    match population {
        0..=9_999 => 1.0,
        10_000..=29_999 => 1.25,
        _ => 1.5,
    }
}

pub const REQUIRED: [&str; 9] = [
    "epci_siren",
    "zone_name",
    "department",
    "zone_population",
    "site_commune",
    "site_insee",
    "site_name",
    "lat",
    "lon",
];

/// A non-empty text cell.
fn name(row: &Row, col: &str) -> Result<String, InputError> {
    let v = row.text(col);
    if v.is_empty() {
        return Err(row.error(
            Code::BadIdentifier,
            col,
            "expected a name, found an empty cell",
        ));
    }
    Ok(v)
}

/// Reads the zones file; each site's commune must be in `communes` (its region tells where
/// volunteers are drawn from).
pub fn read(path: &Path, communes: &Communes) -> Result<Vec<ZoneFact>, InputError> {
    let file = path.display().to_string();
    let table = Table::read(path, &file, &REQUIRED)?;
    let mut zones = Vec::with_capacity(table.len());
    let mut zone_lines = BTreeMap::new();
    let mut site_lines = BTreeMap::new();
    for row in table.rows() {
        let siren = row.id("epci_siren")?;
        if siren.len() != 9 || !siren.bytes().all(|b| b.is_ascii_digit()) {
            return Err(row.error(
                Code::BadIdentifier,
                "epci_siren",
                format!("expected the intercommunality's 9-digit SIREN, found '{siren}'"),
            ));
        }
        let insee = row.id("site_insee")?;
        let commune = communes.get(&insee).ok_or_else(|| {
            row.error(
                Code::UnknownReference,
                "site_insee",
                format!(
                    "commune '{insee}' is not in the communes file {}",
                    communes_hint(communes)
                ),
            )
        })?;
        let population = row.count("zone_population")?;
        let lat = row.latitude("lat")?;
        let lon = row.longitude("lon")?;
        let zone = ZoneFact {
            zone_id: zone_id(&siren),
            name: name(&row, "zone_name")?,
            department: row.id("department")?,
            population,
            priority: priority(population),
            site_id: site_id(&commune.insee),
            site_name: name(&row, "site_name")?,
            site_commune: Some(row.text("site_commune"))
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| commune.name.clone()),
            site_kind: Some(row.text("site_kind").to_lowercase())
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| "unknown".into()),
            lat,
            lon,
            region: commune.region.clone(),
            source_status: SourceStatus::from_cell(&row.text("source_status")),
        };
        if let Some(first) = zone_lines.insert(zone.zone_id.clone(), row.line) {
            return Err(row.error(
                Code::DuplicateId,
                "epci_siren",
                format!("zone {siren} is already on line {first}"),
            ));
        }
        if let Some(first) = site_lines.insert(zone.site_id.clone(), row.line) {
            return Err(row.error(
                Code::DuplicateId,
                "site_insee",
                format!("line {first} already has a site in commune {insee}: one site per commune"),
            ));
        }
        zones.push(zone);
    }
    if zones.is_empty() {
        return Err(InputError::new(
            Code::MalformedFile,
            file,
            "no zone: expected one row per zone after the header",
        )
        .line(1));
    }
    Ok(zones)
}

fn communes_hint(communes: &Communes) -> String {
    format!(
        "({} communes; is the INSEE code right?)",
        communes.list.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_brackets() {
        assert_eq!(priority(4_924), 1.0);
        assert_eq!(priority(9_999), 1.0);
        assert_eq!(priority(10_000), 1.25);
        assert_eq!(priority(37_425), 1.5);
    }

    #[test]
    fn statuses_in_the_zones_files_words() {
        let s = SourceStatus::from_cell;
        assert_eq!(s("confirmed"), Some(SourceStatus::Confirmed));
        assert_eq!(
            s("zone confirmed, site illustrative"),
            Some(SourceStatus::Confirmed)
        );
        assert_eq!(
            s("zone inferred from its confirmed site"),
            Some(SourceStatus::Inferred)
        );
        assert_eq!(s("inferred from its site"), Some(SourceStatus::Inferred));
        assert_eq!(s("illustrative"), Some(SourceStatus::Illustrative));
        assert_eq!(s(""), None);
        assert_eq!(s("rumoured"), None);
    }

    #[test]
    fn ids() {
        assert_eq!(zone_id("200071082"), "Z200071082");
        assert_eq!(site_id("03185"), "S03185");
    }
}
