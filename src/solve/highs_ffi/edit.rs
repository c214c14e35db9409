//! Changing a model HiGHS holds: a starting solution, the objective's offset, names,
//! integrality, column bounds, rows, and the time left.

use highs_sys::HighsInt;

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

/// A row to add: lower ≤ Σ coef·column ≤ upper.
#[derive(Debug, Clone)]
pub struct NewRow {
    pub lower: f64,
    pub upper: f64,
    pub entries: Vec<(usize, f64)>,
}

/// Adds `new` rows to the model (a solved model keeps its basis, the new rows basic).
/// False if HiGHS refused them (it then adds none).
pub fn add_rows(model: &mut highs::Model, new: &[NewRow]) -> bool {
    let lower: Vec<f64> = new.iter().map(|r| r.lower).collect();
    let upper: Vec<f64> = new.iter().map(|r| r.upper).collect();
    let mut start: Vec<HighsInt> = Vec::with_capacity(new.len());
    let (mut index, mut value): (Vec<HighsInt>, Vec<f64>) = (Vec::new(), Vec::new());
    for r in new {
        start.push(index.len() as HighsInt);
        for &(c, v) in &r.entries {
            index.push(c as HighsInt);
            value.push(v);
        }
    }
    // SAFETY: live model pointer; `lower`, `upper`, `start` have `new.len()` entries,
    // `index` and `value` the `index.len()` nonzeros; all outlive the call.
    unsafe {
        highs_sys::Highs_addRows(
            model.as_mut_ptr(),
            new.len() as HighsInt,
            lower.as_ptr(),
            upper.as_ptr(),
            index.len() as HighsInt,
            start.as_ptr(),
            index.as_ptr(),
            value.as_ptr(),
        ) == 0
    }
}

/// Deletes the rows `set` (indices, increasing) from the model. False if HiGHS refused.
pub fn delete_rows(model: &mut highs::Model, set: &[usize]) -> bool {
    let set: Vec<HighsInt> = set.iter().map(|&r| r as HighsInt).collect();
    // SAFETY: live model pointer; `set` has `set.len()` entries and outlives the call.
    unsafe {
        highs_sys::Highs_deleteRowsBySet(model.as_mut_ptr(), set.len() as HighsInt, set.as_ptr())
            == 0
    }
}

/// Sets HiGHS's time limit so that the model's next `run` stops `left` seconds from now.
/// HiGHS measures its limit on a clock that adds up every `run` of the same model (1.15:
/// `Highs::run` starts the clock without zeroing it), so a model solved before, kept hot,
/// needs its time so far added to what is left.
pub fn set_time_left(model: &mut highs::Model, left: f64) {
    let spent = run_time(model);
    model.set_option("time_limit", spent.max(0.0) + left.max(0.001));
}

/// HiGHS's run clock of the model: seconds spent in all its `run`s so far.
pub(super) fn run_time(model: &mut highs::Model) -> f64 {
    // SAFETY: live model pointer; the call only reads the model's timer.
    unsafe { highs_sys::Highs_getRunTime(model.as_mut_ptr()) }
}
