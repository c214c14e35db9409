//! The few HiGHS calls the `highs` crate does not wrap without panicking: model and solution
//! status read as raw integers, and the MIP callback that feeds the progress line.

pub mod basis;

use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut, HighsInt};
use std::os::raw::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// When to interrupt a MIP early: as soon as it has found a plan of objective at most
/// `target`, or, once its bound is above `target` (no such plan left to find), when its own
/// relative gap is at most `gap`.
#[derive(Debug, Clone, Copy)]
pub struct Stop {
    pub target: f64,
    pub gap: f64,
}

impl Stop {
    fn reached(&self, best: Option<f64>, bound: Option<f64>) -> bool {
        match (best, bound) {
            (Some(b), _) if b <= self.target => true,
            (Some(b), Some(lb)) => lb > self.target && super::relative_gap(b, lb) <= self.gap,
            _ => false,
        }
    }
}

struct CallbackData<'a> {
    observer: Option<Observer<'a>>,
    stop: Option<Stop>,
    /// Set by another thread: interrupt now, keeping the best plan (`SolveOptions::stop`).
    cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// Objective of the best plan HiGHS has reported (f64 bits; +inf before the first).
    /// HiGHS's own primal bound is not that: with the option objective_bound set, it starts
    /// at that bound.
    found: AtomicU64,
}

unsafe extern "C" fn trampoline(
    kind: c_int,
    _message: *const c_char,
    data_out: *const HighsCallbackDataOut,
    data_in: *mut HighsCallbackDataIn,
    user: *mut c_void,
) {
    if data_out.is_null() || user.is_null() {
        return;
    }
    // SAFETY: HiGHS passes back the pointer given to Highs_setCallback, which outlives the
    // solve (see `install`), and a valid data_out for the duration of this call.
    let (data, out) = unsafe { (&*(user as *const CallbackData), &*data_out) };
    let finite = |x: f64| (x.is_finite() && x.abs() < 1e50).then_some(x);
    if kind == highs_sys::kHighsCallbackMipImprovingSolution as c_int {
        let objective = out.objective_function_value;
        let _ = data
            .found
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
                (objective < f64::from_bits(bits)).then_some(objective.to_bits())
            });
    }
    let best = finite(f64::from_bits(data.found.load(Ordering::Relaxed)));
    let bound = finite(out.mip_dual_bound);
    if let Some(observer) = data.observer {
        let p = match data.stop {
            // The MIP's own figures, its start included.
            None => SolveProgress {
                seconds: out.running_time,
                best: finite(out.mip_primal_bound),
                bound,
                part: None,
            },
            // Stopped at a target: no bound reported above it (the plan sought is there).
            Some(stop) => SolveProgress {
                seconds: out.running_time,
                best,
                bound: bound.map(|b| b.min(stop.target)),
                part: None,
            },
        };
        // A panic must not unwind into C++.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| observer(&p)));
    }
    let interrupt = kind == highs_sys::kHighsCallbackMipInterrupt as c_int;
    let cancelled = data
        .cancel
        .as_ref()
        .is_some_and(|c| c.load(Ordering::Relaxed));
    if interrupt
        && !data_in.is_null()
        && (cancelled || data.stop.is_some_and(|s| s.reached(best, bound)))
    {
        // SAFETY: for an interrupt callback HiGHS passes a valid data_in it reads after the
        // call.
        unsafe { (*data_in).user_interrupt = 1 };
    }
}

/// Keeps the callback's data alive while the model solves.
pub struct Installed<'a> {
    _data: Box<CallbackData<'a>>,
}

/// Registers `observer` for MIP progress (improving solutions and periodic interrupts),
/// `stop` to interrupt the MIP early, and `cancel` to interrupt it when another thread asks.
/// The returned guard must live until the solve returns.
pub fn install<'a>(
    model: &mut highs::Model,
    observer: Option<Observer<'a>>,
    stop: Option<Stop>,
    cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
) -> Installed<'a> {
    let data = Box::new(CallbackData {
        observer,
        stop,
        cancel,
        found: AtomicU64::new(f64::INFINITY.to_bits()),
    });
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

/// A model's rows as HiGHS holds them: bounds, and the matrix row by row (row i's entries
/// are `start[i]..start[i + 1]` of `index` and `coef`).
pub struct Rows {
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub start: Vec<HighsInt>,
    pub index: Vec<HighsInt>,
    pub coef: Vec<f64>,
}

/// The model's rows, or None if HiGHS does not give them (or the model has none).
pub fn rows(model: &mut highs::Model) -> Option<Rows> {
    // SAFETY: the live Highs instance owned by `model`.
    unsafe { rows_of(model.as_mut_ptr()) }
}

/// `rows` of a solved model (read only: its solution stays).
pub fn solved_rows(model: &highs::SolvedModel) -> Option<Rows> {
    // SAFETY: the live Highs instance owned by `model`; the calls only read it.
    unsafe { rows_of(model.as_ptr()) }
}

/// # Safety
/// `h` must be a live Highs instance.
unsafe fn rows_of(h: *const c_void) -> Option<Rows> {
    // SAFETY: buffers of the lengths the C API asks for (num_row + 1 starts, num_nz
    // entries).
    unsafe {
        let n_row = highs_sys::Highs_getNumRow(h) as usize;
        let nz = highs_sys::Highs_getNumNz(h) as usize;
        let (mut lower, mut upper) = (vec![0.0; n_row], vec![0.0; n_row]);
        let mut start: Vec<HighsInt> = vec![0; n_row + 1];
        let mut index: Vec<HighsInt> = vec![0; nz.max(1)];
        let mut coef = vec![0.0; nz.max(1)];
        let (mut got, mut got_nz) = (0, 0);
        if n_row == 0
            || highs_sys::Highs_getRowsByRange(
                h,
                0,
                n_row as HighsInt - 1,
                &mut got,
                lower.as_mut_ptr(),
                upper.as_mut_ptr(),
                &mut got_nz,
                start.as_mut_ptr(),
                index.as_mut_ptr(),
                coef.as_mut_ptr(),
            ) != 0
            || got as usize != n_row
            || got_nz as usize > nz
        {
            return None;
        }
        start[n_row] = got_nz;
        Some(Rows {
            lower,
            upper,
            start,
            index,
            coef,
        })
    }
}

/// The bounds (lower, upper) of the model's columns as HiGHS holds them now.
pub fn column_bounds(model: &mut highs::Model) -> Option<(Vec<f64>, Vec<f64>)> {
    // SAFETY: the live Highs instance owned by `model`.
    unsafe { column_bounds_of(model.as_mut_ptr()) }
}

/// `column_bounds` of a solved model (read only: its solution stays).
pub fn solved_column_bounds(model: &highs::SolvedModel) -> Option<(Vec<f64>, Vec<f64>)> {
    // SAFETY: the live Highs instance owned by `model`; the call only reads it.
    unsafe { column_bounds_of(model.as_ptr()) }
}

/// # Safety
/// `h` must be a live Highs instance.
unsafe fn column_bounds_of(h: *const c_void) -> Option<(Vec<f64>, Vec<f64>)> {
    // SAFETY: both buffers have num_col entries; no cost and no matrix asked for (null
    // pointers).
    unsafe {
        let n = highs_sys::Highs_getNumCol(h) as usize;
        if n == 0 {
            return Some((Vec::new(), Vec::new()));
        }
        let (mut lower, mut upper) = (vec![0.0; n], vec![0.0; n]);
        let (mut got, mut nz) = (0, 0);
        let (null_i, null_f) = (std::ptr::null_mut(), std::ptr::null_mut());
        let status = highs_sys::Highs_getColsByRange(
            h,
            0,
            n as HighsInt - 1,
            &mut got,
            null_f,
            lower.as_mut_ptr(),
            upper.as_mut_ptr(),
            &mut nz,
            null_i,
            null_i,
            null_f,
        );
        (status == 0 && got as usize == n).then_some((lower, upper))
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
fn run_time(model: &mut highs::Model) -> f64 {
    // SAFETY: live model pointer; the call only reads the model's timer.
    unsafe { highs_sys::Highs_getRunTime(model.as_mut_ptr()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_is_reached_by_a_plan_within_the_target_or_a_closed_gap_beyond_it() {
        let stop = Stop {
            target: 100.0,
            gap: 0.01,
        };
        // No plan yet: never.
        assert!(!stop.reached(None, Some(99.0)));
        // A plan within the target: at once, whatever the bound.
        assert!(stop.reached(Some(100.0), None));
        assert!(stop.reached(Some(99.5), Some(50.0)));
        // Beyond the target while the bound still allows a plan within it: go on, even
        // with the MIP's own gap closed.
        assert!(!stop.reached(Some(100.5), Some(99.9)));
        // Bound beyond the target: the MIP's own gap decides.
        assert!(stop.reached(Some(101.0), Some(100.5)));
        assert!(!stop.reached(Some(110.0), Some(100.5)));
    }

    /// A 0/1 knapsack (as a minimisation) HiGHS does not solve at its first plan.
    fn knapsack() -> highs::Model {
        let mut pb = highs::RowProblem::default();
        let items: Vec<(f64, f64)> = (0..30)
            .map(|i| (10.0 + ((i * 37) % 23) as f64, 5.0 + ((i * 53) % 19) as f64))
            .collect();
        let cols: Vec<_> = items
            .iter()
            .map(|&(value, _)| pb.add_integer_column(-value, 0..=1))
            .collect();
        let weights = cols.iter().zip(&items).map(|(&c, &(_, w))| (c, w));
        pb.add_row(..=97.0, weights);
        let mut model = pb.optimise(highs::Sense::Minimise);
        model.make_quiet();
        model.set_option("threads", 1i32);
        model.set_option("mip_rel_gap", 0.0);
        model.set_option("presolve", "off");
        model
    }

    #[test]
    fn stop_interrupts_the_mip_at_a_plan_within_the_target() {
        // Any plan is within this target: HiGHS stops at its first one.
        let mut model = knapsack();
        let stop = Stop {
            target: 0.0,
            gap: 0.0,
        };
        let guard = install(&mut model, None, Some(stop), None);
        let solved = model.solve();
        drop(guard);
        assert_eq!(model_status(&solved), RawStatus::Limit);
        assert!(solved.objective_value() <= 0.0);
        // A target no plan reaches, every bound beyond it: the MIP's own gap (0) ends it.
        let mut model = knapsack();
        let stop = Stop {
            target: -1e9,
            gap: 0.0,
        };
        let guard = install(&mut model, None, Some(stop), None);
        let optimal = model.solve();
        drop(guard);
        assert_eq!(model_status(&optimal), RawStatus::Optimal);
        // The interrupted plan is not the optimum (so the stop did cut the search short).
        assert!(optimal.objective_value() < solved.objective_value());
    }

    /// Regression (2026-11-23): the branch-and-bound gave each node "time_limit = what is
    /// left", but HiGHS's clock adds up the runs of a hot model, so nodes stopped at once
    /// once the model had run longer than what was left (x295-s56: 6 nodes instead of the
    /// 12 that prove the plan).
    #[test]
    fn regression_time_left_counts_from_the_clock_of_a_hot_model() {
        let solved = knapsack().solve();
        let mut model = highs::Model::from(solved);
        let spent = run_time(&mut model);
        assert!(spent > 0.0);
        set_time_left(&mut model, 5.0);
        let mut limit = 0.0;
        // SAFETY: live model pointer; the name is NUL-terminated; `limit` outlives the call.
        unsafe {
            highs_sys::Highs_getDoubleOptionValue(
                model.as_mut_ptr(),
                c"time_limit".as_ptr(),
                &mut limit,
            );
        }
        assert!(
            (limit - (spent + 5.0)).abs() < 1e-9,
            "{limit} vs {spent} + 5"
        );
        // The clock does add up runs (what the function is for): a second run of the same
        // model starts from the first one's time.
        let again = model.solve();
        let mut model = highs::Model::from(again);
        assert!(run_time(&mut model) >= spent);
    }
}
