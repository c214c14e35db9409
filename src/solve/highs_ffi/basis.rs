//! The optimal basis HiGHS holds after an LP solve, read for the branching penalties (see
//! `ilp::search::penalty`): basic variables, primal and dual values, basis statuses, and rows of
//! the basis inverse. Each call checks its buffers against the model's size, so that HiGHS
//! never writes past them.

use highs_sys::HighsInt;

pub use highs_sys::HighsInt as Int;

/// Basis status: basic.
pub const BASIC: HighsInt = highs_sys::kHighsBasisStatusBasic;
/// Basis status: nonbasic at its lower bound.
pub const AT_LOWER: HighsInt = highs_sys::kHighsBasisStatusLower;
/// Basis status: nonbasic at its upper bound.
pub const AT_UPPER: HighsInt = highs_sys::kHighsBasisStatusUpper;

/// Columns and rows of the model HiGHS holds.
pub fn size(model: &highs::Model) -> (usize, usize) {
    // SAFETY: the live Highs instance owned by `model`; the calls only read it.
    unsafe {
        (
            highs_sys::Highs_getNumCol(model.as_ptr()) as usize,
            highs_sys::Highs_getNumRow(model.as_ptr()) as usize,
        )
    }
}

/// The basic variable of each row (a column `j` as `j`, a row `i` as `-1 - i`). False if
/// HiGHS has no basis, or `basic` has not one entry per row.
pub fn basic_variables(model: &highs::Model, basic: &mut [HighsInt]) -> bool {
    if basic.len() != size(model).1 {
        return false;
    }
    // SAFETY: as in `size`; `basic` has num_row entries.
    unsafe { highs_sys::Highs_getBasicVariables(model.as_ptr(), basic.as_mut_ptr()) == 0 }
}

/// The primal and dual values of the columns and rows. False if HiGHS cannot give them, or
/// a buffer is not the model's size.
pub fn solution(
    model: &highs::Model,
    (col_value, col_dual): (&mut [f64], &mut [f64]),
    (row_value, row_dual): (&mut [f64], &mut [f64]),
) -> bool {
    let (n_col, n_row) = size(model);
    if col_value.len() != n_col
        || col_dual.len() != n_col
        || row_value.len() != n_row
        || row_dual.len() != n_row
    {
        return false;
    }
    // SAFETY: as in `size`; each buffer has num_col or num_row entries, as asked.
    unsafe {
        highs_sys::Highs_getSolution(
            model.as_ptr(),
            col_value.as_mut_ptr(),
            col_dual.as_mut_ptr(),
            row_value.as_mut_ptr(),
            row_dual.as_mut_ptr(),
        ) == 0
    }
}

/// The basis status of each column and row (`BASIC`, `AT_LOWER`, `AT_UPPER`, ...). False if
/// HiGHS has no basis, or a buffer is not the model's size.
pub fn statuses(model: &highs::Model, cols: &mut [HighsInt], rows: &mut [HighsInt]) -> bool {
    if (cols.len(), rows.len()) != size(model) {
        return false;
    }
    // SAFETY: as in `size`; `cols` has num_col entries, `rows` num_row.
    unsafe { highs_sys::Highs_getBasis(model.as_ptr(), cols.as_mut_ptr(), rows.as_mut_ptr()) == 0 }
}

/// Row `row` of the basis inverse, dense, into `rho`. False if HiGHS has no factorization,
/// `row` is out of range, or `rho` has not one entry per row.
pub fn basis_inverse_row(model: &highs::Model, row: usize, rho: &mut [f64]) -> bool {
    let n_row = size(model).1;
    if rho.len() != n_row || row >= n_row {
        return false;
    }
    let (null_n, null_i) = (std::ptr::null_mut(), std::ptr::null_mut());
    // SAFETY: as in `size`; `rho` has num_row entries; the sparse output is not asked for
    // (null pointers).
    unsafe {
        highs_sys::Highs_getBasisInverseRow(
            model.as_ptr(),
            row as HighsInt,
            rho.as_mut_ptr(),
            null_n,
            null_i,
        ) == 0
    }
}
