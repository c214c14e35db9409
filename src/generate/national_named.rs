//! The zones rouges that public sources name (shape of `shared/data/zones_rouges_fr.csv`),
//! and the regional totals the sources state (shape of `datasets/sources/zones_rouges_totals.csv`).

use super::communes::Commune;
use super::zones::SourceStatus;
use crate::io::fr_dates::fold;
use crate::io::table::{Row, Table};
use crate::io::{Code, InputError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A zone the sources name, with its site when they name one.
#[derive(Debug, Clone)]
pub struct NamedZone {
    pub siren: String,
    pub name: String,
    pub status: SourceStatus,
    /// The region code the row names (an intercommunality may straddle two regions).
    pub region: String,
    /// The department code the row names ("" when it names none).
    pub department: String,
    /// The site's commune (an index into the communes list) and its name and kind.
    pub site: Option<NamedSite>,
}

#[derive(Debug, Clone)]
pub struct NamedSite {
    pub commune: usize,
    pub name: String,
    pub kind: String,
}

/// What the named file holds: the zones to place, and every SIREN it lists (whatever its
/// status: a zone with conflicting sources is neither placed nor drawn as an illustrative one).
#[derive(Debug, Default)]
pub struct Named {
    pub zones: Vec<NamedZone>,
    pub listed: BTreeSet<String>,
}

const REQUIRED: [&str; 4] = ["epci_siren", "zone_name", "region", "status"];

/// Reads the named zones. `epci_communes` gives a SIREN's communes as indices in `communes`
/// (the EPCI must be in the communes file, in the region the row names).
pub fn read<'m>(
    path: &Path,
    communes: &[Commune],
    epci_communes: impl Fn(&str) -> Option<&'m [usize]>,
) -> Result<Named, InputError> {
    let file = path.display().to_string();
    let table = Table::read(path, &file, &REQUIRED)?;
    let mut named = Named::default();
    let mut lines = BTreeMap::new();
    for row in table.rows() {
        let siren = row.id("epci_siren")?;
        if let Some(first) = lines.insert(siren.clone(), row.line) {
            return Err(row.error(
                Code::DuplicateId,
                "epci_siren",
                format!("zone {siren} is already on line {first}"),
            ));
        }
        named.listed.insert(siren.clone());
        let cell = row.text("status");
        if cell == "conflicting sources" {
            continue;
        }
        let status = SourceStatus::from_cell(&cell)
            .filter(|s| *s != SourceStatus::Illustrative)
            .ok_or_else(|| {
                row.error(
                    Code::OutOfRange,
                    "status",
                    format!(
                        "expected 'confirmed', 'inferred from its site' or 'conflicting \
                         sources', found '{cell}'"
                    ),
                )
            })?;
        let members = epci_communes(&siren).ok_or_else(|| {
            row.error(
                Code::UnknownReference,
                "epci_siren",
                format!("intercommunality {siren} is not in the communes file"),
            )
        })?;
        // An intercommunality may straddle two regions (the Enclave des Papes): the row's
        // region must be one of its communes'.
        let region = members
            .iter()
            .map(|&i| &communes[i])
            .find(|c| fold(&c.region_name) == fold(&row.text("region")))
            .map(|c| c.region.clone())
            .ok_or_else(|| {
                row.error(
                    Code::UnknownReference,
                    "region",
                    format!(
                        "no commune of intercommunality {siren} is in '{}' in the communes file",
                        row.text("region")
                    ),
                )
            })?;
        named.zones.push(NamedZone {
            name: Some(row.text("zone_name"))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| communes[members[0]].epci_name.clone()),
            site: site(&row, communes, members)?,
            siren,
            status,
            region,
            department: row.text("department"),
        });
    }
    Ok(named)
}

/// The row's site: its commune (the first of several, `Marciac; Plaisance`) among the EPCI's
/// communes, a name from its detail, and its kind. None when the row names no site.
fn site(
    row: &Row,
    communes: &[Commune],
    members: &[usize],
) -> Result<Option<NamedSite>, InputError> {
    let text = row.text("site_commune");
    let Some(first) = text.split(';').map(str::trim).find(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let commune = members
        .iter()
        .copied()
        .find(|&i| fold(&communes[i].name) == fold(first))
        .ok_or_else(|| {
            row.error(
                Code::UnknownReference,
                "site_commune",
                format!(
                    "'{first}' is not a commune of intercommunality {} in the communes file",
                    row.text("epci_siren")
                ),
            )
        })?;
    let kind = Some(row.text("site_kind").to_lowercase())
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| "unknown".into());
    Ok(Some(NamedSite {
        commune,
        name: site_name(&row.text("site_detail"), &kind, &communes[commune].name),
        kind,
    }))
}

/// A site's name from the source's detail: its first part (before the address), without a
/// trailing remark in brackets, capitalised. A place the sources do not name yet (a planned
/// site, consultations "at" communes) is the commune's "Lieu de consultation".
fn site_name(detail: &str, kind: &str, commune: &str) -> String {
    let head = detail.split(',').next().unwrap_or("").trim();
    let head = match head.rfind(" (") {
        Some(i) if head.ends_with(')') => head[..i].trim(),
        _ => head,
    };
    if head.is_empty() || matches!(kind, "planned" | "unknown") {
        return format!("Lieu de consultation de {commune}");
    }
    let mut chars = head.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A stated regional total: these regions (by name) hold `total` zones in all.
#[derive(Debug, Clone)]
pub struct Total {
    /// `Auvergne-Rhône-Alpes`, or several for a group (`Guadeloupe; Guyane; Mayotte`).
    pub label: String,
    /// Region codes of the communes file.
    pub regions: BTreeSet<String>,
    pub total: usize,
}

/// Reads the stated totals; each region named must be a region of the communes file, and in
/// one row only.
pub fn read_totals(path: &Path, communes: &[Commune]) -> Result<Vec<Total>, InputError> {
    let file = path.display().to_string();
    let table = Table::read(path, &file, &["regions", "stated_total"])?;
    let codes: BTreeMap<String, String> = communes
        .iter()
        .map(|c| (fold(&c.region_name), c.region.clone()))
        .collect();
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    for row in table.rows() {
        let label = row.text("regions");
        let mut regions = BTreeSet::new();
        for name in label.split(';').map(str::trim).filter(|n| !n.is_empty()) {
            let code = codes.get(&fold(name)).ok_or_else(|| {
                row.error(
                    Code::UnknownReference,
                    "regions",
                    format!("'{name}' is not a region of the communes file"),
                )
            })?;
            if let Some(first) = seen.insert(code.clone(), row.line) {
                return Err(row.error(
                    Code::DuplicateId,
                    "regions",
                    format!("'{name}' already has a total on line {first}"),
                ));
            }
            regions.insert(code.clone());
        }
        if regions.is_empty() {
            return Err(row.error(
                Code::BadIdentifier,
                "regions",
                "expected one region name or more, separated by ';'",
            ));
        }
        out.push(Total {
            label,
            regions,
            total: row.count("stated_total")? as usize,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::site_name;

    #[test]
    fn site_names_from_the_sources_details() {
        let n = |d, k| site_name(d, k, "Thiers");
        assert_eq!(
            n(
                "Centre de santé Bien Assis, esplanade André Guy",
                "health_centre"
            ),
            "Centre de santé Bien Assis"
        );
        assert_eq!(
            n("centre de santé départemental (Thiers)", "health_centre"),
            "Centre de santé départemental"
        );
        assert_eq!(
            n("new site announced (Castellu di Rustinu)", "planned"),
            "Lieu de consultation de Thiers"
        );
        assert_eq!(n("", "msp"), "Lieu de consultation de Thiers");
    }
}
