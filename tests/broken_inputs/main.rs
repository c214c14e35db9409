//! Broken inputs, run through the real binary.
//!
//! Each test copies `tests/data/small` into a temporary folder, breaks ONE thing, runs
//! `renfort plan` (and `renfort check`) and asserts what a planner needs (contract §2): exit
//! code 2, one stderr line naming the file, the line, the column where there is one, the
//! stable code and what was expected; no panic; no output folder and no staging leftovers.
//! Then the spreadsheet variants that must keep working, and a mutation run (no panic, ever).

mod helpers;

// One module per section (sorted by rustfmt; reading order: files, cells, references, pinned,
// history, other_inputs, all_errors, spreadsheets, mutations, warnings).
mod all_errors; // Every error at once
mod cells;
mod files; // Missing files, File structure
mod history; // history.csv and --history
mod import_report; // import-volunteers' report, bounded
mod mutations;
mod other_inputs; // dataset.toml, model file, command line; `check DATASET PLAN_DIR`
mod out_folder; // The output folder: what may be replaced, and how
mod pinned; // Pinned assignments
mod references; // Identifiers and references
mod scenario_paths; // Files a what-if scenario names
mod spreadsheets; // What spreadsheets write must keep working
mod warnings; // Valid input that is probably a mistake: planned all the same, and said
