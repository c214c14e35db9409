//! The import's mapping file: which export column holds which field, the values for fields
//! the export lacks, and how homes are placed. Example: `examples/ars-export/mapping.toml`.

use serde::Deserialize;

/// The mapping file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub columns: Columns,
    #[serde(default)]
    pub defaults: Defaults,
    pub places: Option<Places>,
}

/// renfort field = export column name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The RPPS number (or any id); without it, or on a row where it is empty, a key from
    /// the name and the home commune.
    pub volunteer_id: Option<String>,
    pub name: String,
    pub availability: String,
    pub department: Option<String>,
    pub zones: Option<String>,
    pub authorized: Option<String>,
    /// The CDOM of registration: named in the report's list of authorisations to chase.
    pub cdom: Option<String>,
    /// A free address line: "12 rue des Écoles, 43170 Saugues".
    pub address: Option<String>,
    pub postcode: Option<String>,
    /// A commune name ("Saugues", "Murat (15)") or an INSEE code.
    pub commune: Option<String>,
    pub lat: Option<String>,
    pub lon: Option<String>,
    pub max_days: Option<String>,
    pub max_km: Option<String>,
    pub overnight: Option<String>,
    /// Carried into `volunteers.csv` for the convocations (not part of the contract).
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Columns {
    /// Every mapped export column.
    pub fn mapped(&self) -> Vec<&String> {
        [
            &self.volunteer_id,
            &self.department,
            &self.zones,
            &self.authorized,
            &self.cdom,
            &self.address,
            &self.postcode,
            &self.commune,
            &self.lat,
            &self.lon,
            &self.max_days,
            &self.max_km,
            &self.overnight,
        ]
        .into_iter()
        .flatten()
        .chain([&self.name, &self.availability])
        .collect()
    }

    /// The home is given as a commune (a name, a code, a postcode or an address).
    pub fn has_commune(&self) -> bool {
        self.address.is_some() || self.postcode.is_some() || self.commune.is_some()
    }
}

/// Values for fields the export has no column for.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub authorized: Option<bool>,
    pub max_days: Option<u32>,
    pub max_km: Option<f64>,
    pub overnight: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Places {
    #[serde(rename = "use")]
    pub use_: String,
}

/// The Table's name of an export column.
pub fn key(col: &str) -> String {
    col.trim().to_lowercase()
}
