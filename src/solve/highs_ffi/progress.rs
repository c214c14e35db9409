//! The MIP callback: progress snapshots for the progress line, and interrupting the MIP at
//! a target or when another thread cancels.

use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut, HighsInt};
use std::os::raw::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicU64, Ordering};

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
    pub(super) fn reached(&self, best: Option<f64>, bound: Option<f64>) -> bool {
        match (best, bound) {
            (Some(b), _) if b <= self.target => true,
            (Some(b), Some(lb)) => {
                lb > self.target && crate::solve::relative_gap(b, lb) <= self.gap
            }
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
