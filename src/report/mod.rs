//! Outputs of a run: `plan.csv`, `coverage.csv`, `summary.json`, the summary printed for
//! the planner, and the outputs people use: `report.html`, `plan.xlsx` and calendars
//! (`.ics`). Every figure comes from `rules::metrics` applied to the final plan.

pub mod compare;
pub mod compare_html;
pub mod convocation;
pub mod coverage;
pub mod days;
pub mod figures;
pub mod html;
mod html_schedule;
pub mod i18n;
pub mod ics;
pub mod map;
pub mod map_mainland;
pub mod plan_csv;
pub mod publish;
pub mod summary;
pub mod text;
pub mod words;
pub mod xlsx;

pub use i18n::Lang;
pub use summary::Summary;
