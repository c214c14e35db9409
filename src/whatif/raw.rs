//! The scenario file as written: serde structures that refuse unknown keys and keep the
//! position of every value (turned into a checked `Scenario` by `scenario.rs`).

use crate::io::policy::RawPolicy;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    pub communes: Option<String>,
    pub runs: Option<Spanned<i64>>,
    pub seed: Option<Spanned<i64>>,
    /// Same keys as a model file, applied on top of the model in use.
    pub policy: Option<RawPolicy>,
    #[serde(default)]
    pub remove_sites: Vec<Spanned<String>>,
    #[serde(default)]
    pub add_site: Vec<Spanned<RawSite>>,
    #[serde(default)]
    pub close_site: Vec<RawClose>,
    #[serde(default)]
    pub demand: Vec<Spanned<RawDemand>>,
    #[serde(default)]
    pub remove_volunteers: Vec<Spanned<String>>,
    #[serde(default)]
    pub add_volunteers: Vec<Spanned<RawVolunteers>>,
    pub dropout: Option<RawDropout>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub id: Option<Spanned<String>>,
    pub name: Option<String>,
    pub commune: Option<Spanned<String>>,
    pub lat: Option<Spanned<f64>>,
    pub lon: Option<Spanned<f64>>,
    pub zone: Option<Spanned<String>>,
    pub zone_name: Option<String>,
    pub department: Option<String>,
    pub priority: Option<Spanned<f64>>,
    pub open_days: Option<Spanned<String>>,
    pub rooms: Option<Spanned<i64>>,
    pub demand: Option<Spanned<i64>>,
    pub beds: Option<Spanned<i64>>,
    pub bed_cost_eur: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClose {
    pub site: Spanned<String>,
    pub dates: Spanned<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemand {
    pub site: Spanned<String>,
    pub dates: Spanned<toml::Value>,
    pub demand: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVolunteers {
    pub count: Spanned<i64>,
    pub around: Option<Spanned<String>>,
    pub lat: Option<Spanned<f64>>,
    pub lon: Option<Spanned<f64>>,
    pub radius_km: Option<Spanned<f64>>,
    pub department: Option<Spanned<String>>,
    pub prefix: Option<String>,
    pub authorized: Option<bool>,
    pub max_days: Option<Spanned<i64>>,
    pub max_km: Option<Spanned<f64>>,
    pub overnight: Option<Spanned<f64>>,
    pub offer_days: Option<Spanned<Vec<i64>>>,
    #[serde(default)]
    pub zones: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDropout {
    pub volunteer: Option<Spanned<f64>>,
    pub day: Option<Spanned<f64>>,
}
