//! The few HiGHS calls the `highs` crate does not wrap without panicking: model and solution
//! status read as raw integers, and the MIP callback that feeds the progress line.

use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut, HighsInt};
use std::os::raw::{c_char, c_int, c_void};

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

/// A snapshot of the MIP search.
#[derive(Debug, Clone, Copy)]
pub struct SolveProgress {
    pub seconds: f64,
    /// Objective of the best plan so far (None before the first).
    pub best: Option<f64>,
    /// Best proven lower bound.
    pub bound: Option<f64>,
    /// (k, n) when the problem is solved as n independent parts and this is part k.
    pub part: Option<(usize, usize)>,
}

pub type Observer<'a> = &'a (dyn Fn(&SolveProgress) + Sync);

struct CallbackData<'a> {
    observer: Observer<'a>,
}

unsafe extern "C" fn trampoline(
    _kind: c_int,
    _message: *const c_char,
    data_out: *const HighsCallbackDataOut,
    _data_in: *mut HighsCallbackDataIn,
    user: *mut c_void,
) {
    if data_out.is_null() || user.is_null() {
        return;
    }
    // SAFETY: HiGHS passes back the pointer given to Highs_setCallback, which outlives the
    // solve (see `install`), and a valid data_out for the duration of this call.
    let (data, out) = unsafe { (&*(user as *const CallbackData), &*data_out) };
    let finite = |x: f64| (x.is_finite() && x.abs() < 1e50).then_some(x);
    let p = SolveProgress {
        seconds: out.running_time,
        best: finite(out.mip_primal_bound),
        bound: finite(out.mip_dual_bound),
        part: None,
    };
    // A panic must not unwind into C++.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (data.observer)(&p)));
}

/// Keeps the callback's data alive while the model solves.
pub struct Installed<'a> {
    _data: Box<CallbackData<'a>>,
}

/// Registers `observer` for MIP progress (improving solutions and periodic interrupts).
/// The returned guard must live until the solve returns.
pub fn install<'a>(model: &mut highs::Model, observer: Observer<'a>) -> Installed<'a> {
    let data = Box::new(CallbackData { observer });
    let ptr = &*data as *const CallbackData as *mut c_void;
    // SAFETY: the model pointer is live; `data` is boxed (stable address) and returned to the
    // caller, who keeps it until after the solve.
    unsafe {
        highs_sys::Highs_setCallback(model.as_mut_ptr(), Some(trampoline), ptr);
        highs_sys::Highs_startCallback(
            model.as_mut_ptr(),
            highs_sys::kHighsCallbackMipImprovingSolution as HighsInt,
        );
        highs_sys::Highs_startCallback(
            model.as_mut_ptr(),
            highs_sys::kHighsCallbackMipInterrupt as HighsInt,
        );
    }
    Installed { _data: data }
}

/// Gives HiGHS a (partial) starting solution: (column, value) pairs. Ignored by HiGHS if it
/// cannot complete it to a feasible one.
pub fn set_sparse_solution(model: &mut highs::Model, entries: &[(i32, f64)]) {
    let index: Vec<HighsInt> = entries.iter().map(|e| e.0 as HighsInt).collect();
    let value: Vec<f64> = entries.iter().map(|e| e.1).collect();
    // SAFETY: live model pointer; both arrays have `entries.len()` elements and outlive the call.
    unsafe {
        highs_sys::Highs_setSparseSolution(
            model.as_mut_ptr(),
            index.len() as HighsInt,
            index.as_ptr(),
            value.as_ptr(),
        );
    }
}

/// Sets the constant term of the objective.
pub fn set_objective_offset(model: &mut highs::Model, offset: f64) {
    // SAFETY: live model pointer.
    unsafe {
        highs_sys::Highs_changeObjectiveOffset(model.as_mut_ptr(), offset);
    }
}

/// Names a column (for `write_model`). Developer aid.
pub fn name_column(model: &mut highs::Model, col: usize, name: &str) {
    let Ok(c) = std::ffi::CString::new(name) else {
        return;
    };
    // SAFETY: live model pointer; `c` outlives the call.
    unsafe {
        highs_sys::Highs_passColName(model.as_mut_ptr(), col as HighsInt, c.as_ptr());
    }
}

/// Writes the model to `path` (format from the extension: .mps, .lp). Developer aid.
pub fn write_model(model: &mut highs::Model, path: &str) -> bool {
    let Ok(c) = std::ffi::CString::new(path) else {
        return false;
    };
    // SAFETY: live model pointer; `c` is a NUL-terminated string that outlives the call.
    unsafe { highs_sys::Highs_writeModel(model.as_mut_ptr(), c.as_ptr()) != -1 }
}

/// Makes columns `cols` integer (true) or continuous (false).
pub fn set_integrality(model: &mut highs::Model, cols: &[usize], integer: bool) {
    let set: Vec<HighsInt> = cols.iter().map(|&c| c as HighsInt).collect();
    let kind = if integer { 1 } else { 0 }; // kHighsVarTypeInteger / kHighsVarTypeContinuous
    let integrality: Vec<HighsInt> = vec![kind; set.len()];
    // SAFETY: live model pointer; both arrays have `set.len()` elements and outlive the call.
    unsafe {
        highs_sys::Highs_changeColsIntegralityBySet(
            model.as_mut_ptr(),
            set.len() as HighsInt,
            set.as_ptr(),
            integrality.as_ptr(),
        );
    }
}

/// Fixes each column of `fixes` (column, value) to its value.
pub fn fix_columns(model: &mut highs::Model, fixes: &[(usize, f64)]) {
    let bounds: Vec<(usize, f64, f64)> = fixes.iter().map(|&(c, v)| (c, v, v)).collect();
    set_column_bounds(model, &bounds);
}

/// Sets the bounds of each column of `bounds` (column, lower, upper).
pub fn set_column_bounds(model: &mut highs::Model, bounds: &[(usize, f64, f64)]) {
    if bounds.is_empty() {
        return;
    }
    let set: Vec<HighsInt> = bounds.iter().map(|b| b.0 as HighsInt).collect();
    let lower: Vec<f64> = bounds.iter().map(|b| b.1).collect();
    let upper: Vec<f64> = bounds.iter().map(|b| b.2).collect();
    // SAFETY: live model pointer; the arrays have `set.len()` elements and outlive the call.
    unsafe {
        highs_sys::Highs_changeColsBoundsBySet(
            model.as_mut_ptr(),
            set.len() as HighsInt,
            set.as_ptr(),
            lower.as_ptr(),
            upper.as_ptr(),
        );
    }
}
