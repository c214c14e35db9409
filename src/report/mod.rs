//! Outputs of a run: `plan.csv`, `coverage.csv`, `summary.json`, and the summary printed for
//! the planner. Every figure comes from `rules::metrics` applied to the final plan.

pub mod coverage;
pub mod plan_csv;
pub mod summary;
pub mod text;

pub use summary::Summary;
