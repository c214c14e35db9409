//! Everything that touches files: reading and validating inputs, writing outputs atomically.
//! The domain (`model`) never sees a path.

pub mod communes;
pub mod csv_out;
pub mod dataset;
pub mod dataset_write;
pub mod error;
pub mod fr_dates;
pub mod import;
pub mod import_address;
pub mod import_fields;
pub mod import_home;
pub mod import_into;
pub mod import_mapping;
pub mod import_out;
pub mod import_places;
pub mod import_report;
pub mod import_row;
pub mod import_wishes;
mod out_target;
mod output;
pub mod pins;
pub mod plan;
pub mod policy;
pub mod previous;
pub mod sheet;
mod swap;
pub mod table;
pub mod toml_span;
pub mod volunteer_row;
pub mod warning;

pub use dataset::{
    add_history_plans, load_dataset, load_dataset_deferring_pins, load_dataset_with_warnings,
    validate_history, Loaded,
};
pub use dataset_write::{dataset_files, write_dataset};
pub use error::{Code, InputError, InputErrors};
pub use output::{CreateError, OutputDir};
pub use pins::{validate_for_horizon, validate_for_horizon_with, validate_pins};
pub use plan::{read_plan, read_plan_for};
pub use policy::load_policy;
pub use previous::read_previous;
pub use warning::{warning_lines, WarnCode, Warning};
