//! Reading a model back from HiGHS: its rows and its columns' bounds, of a model being
//! built or of a solved one.

use highs_sys::HighsInt;
use std::os::raw::c_void;

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
