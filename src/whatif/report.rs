//! whatif.json: what a what-if compared, how it ran, and its rows (see `compare`), as one
//! typed report.

use super::compare::Row;
use super::scenario::Dropout;
use super::shard::Shard;
use super::why::SiteWhy;
use crate::model::Horizon;
use serde::Serialize;

/// The whole of whatif.json.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    pub scenario: &'a str,
    pub description: Option<&'a str>,
    /// The baseline dataset's name.
    pub dataset: &'a str,
    pub horizon: Span,
    pub seed: u64,
    /// Dropout runs of the whole what-if (0 without `[dropout]`).
    pub runs: u32,
    pub dropout: Dropout,
    pub runs_seconds: f64,
    pub solver: Solvers,
    pub notes: &'a [String],
    pub touched_zones: &'a [String],
    pub uncovered_at_touched_sites: &'a [SiteWhy],
    pub rows: &'a [Row],
    /// Set on one shard's report: its table holds that shard's runs only until merged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partial: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardRuns<'a>>,
}

/// The horizon's first and last days.
#[derive(Debug, Clone, Serialize)]
pub struct Span {
    pub first: String,
    pub last: String,
}

impl From<&Horizon> for Span {
    fn from(h: &Horizon) -> Span {
        Span {
            first: h.first.to_string(),
            last: h.last.to_string(),
        }
    }
}

/// Which solvers planned the baseline and the scenario, and ran the dropout runs.
#[derive(Debug, Clone, Serialize)]
pub struct Solvers {
    /// The baseline's solver (`Outcome::solver`).
    pub name: &'static str,
    /// The runs' solver, in words.
    pub runs: String,
    pub concurrent_runs: bool,
    pub baseline_status: &'static str,
    pub scenario_status: &'static str,
}

/// Which shard of the runs this report holds.
#[derive(Debug, Clone, Serialize)]
pub struct ShardRuns<'a> {
    pub index: u32,
    pub count: u32,
    pub runs: &'a [u64],
}

impl<'a> ShardRuns<'a> {
    pub fn new(shard: Shard, runs: &'a [u64]) -> ShardRuns<'a> {
        ShardRuns {
            index: shard.index,
            count: shard.count,
            runs,
        }
    }
}

impl Report<'_> {
    /// whatif.json's bytes: pretty-printed, a newline at the end, and every object's keys in
    /// alphabetical order (the layout `whatif-merge` and the readers of earlier what-ifs
    /// see), hence through a `serde_json::Value`, whose maps sort their keys.
    pub fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(&serde_json::to_value(self)?)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
