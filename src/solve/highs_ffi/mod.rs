//! The few HiGHS calls the `highs` crate does not wrap without panicking, and the only place
//! renfort calls HiGHS's C API: model and solution status read as raw integers (here), the
//! MIP callback that feeds the progress line and stops a MIP early (`progress`), changing a
//! model (`edit`), reading its rows and bounds back (`read`), and its basis (`basis`).

pub mod basis;
mod edit;
mod progress;
mod read;
#[cfg(test)]
mod tests;

pub use edit::{
    add_rows, delete_rows, fix_columns, name_column, set_column_bounds, set_integrality,
    set_objective_offset, set_sparse_solution, set_time_left, write_model, NewRow,
};
pub use progress::{install, Installed, Observer, SolveProgress, Stop};
pub use read::{column_bounds, rows, solved_column_bounds, solved_rows, Rows};

/// What HiGHS said about the model after a solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawStatus {
    Optimal,
    Infeasible,
    /// Time, iteration, solution or memory limit, or an interrupt.
    Limit,
    /// Anything else (errors, empty model, unknown).
    Other(i32),
}

pub fn model_status(model: &highs::SolvedModel) -> RawStatus {
    // SAFETY: the pointer is a live Highs instance owned by `model`.
    let s = unsafe { highs_sys::Highs_getModelStatus(model.as_ptr()) };
    match s {
        highs_sys::kHighsModelStatusOptimal => RawStatus::Optimal,
        highs_sys::kHighsModelStatusInfeasible => RawStatus::Infeasible,
        highs_sys::kHighsModelStatusTimeLimit
        | highs_sys::kHighsModelStatusIterationLimit
        | highs_sys::kHighsModelStatusSolutionLimit
        | highs_sys::kHighsModelStatusInterrupt => RawStatus::Limit,
        other => RawStatus::Other(other),
    }
}

/// Whether HiGHS holds a feasible primal solution (never panics, unlike the crate's accessor).
pub fn has_feasible_solution(model: &highs::SolvedModel) -> bool {
    matches!(model.int_info_value(c"primal_solution_status"), Ok(v) if v == highs_sys::kHighsSolutionStatusFeasible as i64)
}
