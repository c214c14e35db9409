//! Reading a table from a spreadsheet workbook (.xlsx, .xlsm, .xls, .ods) as planners keep
//! them: ARS planners live in Excel / LibreOffice, and asking them to "save as CSV" loses
//! dates and encodings on the way. Cells are turned into the same strings a CSV would hold,
//! so that every check and error message of [`Table`]'s row accessors applies unchanged.

use super::error::{Code, InputError};
use super::table::Table;
use calamine::{open_workbook_auto, Data, Range, Reader};
use chrono::{Days, NaiveDate};
use std::path::Path;

/// File extensions read as workbooks.
pub const SPREADSHEET_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// True if `path` has a workbook extension.
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads a CSV file or a workbook, by extension.
pub fn read_any(path: &Path, file: &str, required: &[&str]) -> Result<Table, InputError> {
    if is_spreadsheet(path) {
        Table::read_spreadsheet(path, file, required)
    } else {
        Table::read(path, file, required)
    }
}

impl Table {
    /// Reads the table in the workbook at `path`: the sheet named like the file (`sites` for
    /// `sites.xlsx`) if there is one, else the first sheet.
    pub fn read_spreadsheet(
        path: &Path,
        file: &str,
        required: &[&str],
    ) -> Result<Table, InputError> {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        read(path, file, required, stem, false)
    }

    /// Reads the sheet `sheet` of the workbook at `path` (one workbook holding every table).
    /// Err(MissingFile) if the workbook has no such sheet.
    pub fn read_sheet(
        path: &Path,
        file: &str,
        sheet: &str,
        required: &[&str],
    ) -> Result<Table, InputError> {
        read(path, file, required, sheet, true)
    }
}

/// Sheet names of a workbook (empty if it cannot be opened: the read reports why).
pub fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path)
        .map(|wb| wb.sheet_names())
        .unwrap_or_default()
}

fn read(
    path: &Path,
    file: &str,
    required: &[&str],
    sheet: &str,
    sheet_required: bool,
) -> Result<Table, InputError> {
    if !path.exists() {
        return Err(InputError::new(
            Code::MissingFile,
            file,
            "cannot read the file: it does not exist",
        ));
    }
    let mut wb = open_workbook_auto(path).map_err(|e| {
        InputError::new(
            Code::MalformedFile,
            file,
            format!("not a readable spreadsheet (.xlsx, .xls or .ods): {e}"),
        )
    })?;
    let names = wb.sheet_names();
    let chosen = match names.iter().find(|n| n.trim().eq_ignore_ascii_case(sheet)) {
        Some(n) => n.clone(),
        None if sheet_required => {
            return Err(InputError::new(
                Code::MissingFile,
                file,
                format!(
                    "no sheet named '{sheet}'; the workbook has: {}",
                    names.join(", ")
                ),
            ))
        }
        None => match names.first() {
            Some(n) => n.clone(),
            None => {
                return Err(InputError::new(
                    Code::MalformedFile,
                    file,
                    "the workbook has no sheet",
                ))
            }
        },
    };
    check_extent(path, file, &chosen)?;
    let range = wb.worksheet_range(&chosen).map_err(|e| {
        InputError::new(
            Code::MalformedFile,
            file,
            format!("cannot read sheet '{chosen}': {e}"),
        )
    })?;
    let (header, rows) = grid(&range, required);
    Table::from_parts(file, header, rows, required)
}

/// The most cells (rows × columns of the used range) a sheet may span: far more than any
/// month's table, far less than what aborts the process.
pub const MAX_CELLS: u64 = 20_000_000;

/// Refuses an .xlsx sheet whose used range is absurd before anything is allocated for it.
///
/// Why: calamine materialises the rectangle from A1 to the farthest cell, so one stray cell
/// at XFD1048576 in a 6 KB file asked for 512 GiB and aborted renfort. The cells are read as
/// a stream here (nothing kept) and the rectangle measured. .ods and .xls are read as before.
fn check_extent(path: &Path, file: &str, sheet: &str) -> Result<(), InputError> {
    let is_xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"));
    if !is_xlsx {
        return Ok(());
    }
    let bad = |why: String| InputError::new(Code::MalformedFile, file, why);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path)
        .map_err(|e| bad(format!("not a readable spreadsheet: {e}")))?;
    let mut cells = wb
        .worksheet_cells_reader(sheet)
        .map_err(|e| bad(format!("cannot read sheet '{sheet}': {e}")))?;
    let (mut rows, mut cols) = (0u64, 0u64);
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| bad(format!("cannot read sheet '{sheet}': {e}")))?
    {
        let (r, c) = cell.get_position();
        rows = rows.max(u64::from(r) + 1);
        cols = cols.max(u64::from(c) + 1);
        if rows.saturating_mul(cols) > MAX_CELLS {
            return Err(bad(format!(
                "sheet '{sheet}' reaches row {} and column {}: more than {MAX_CELLS} cells from \
                 A1, far beyond a table of this kind (a stray cell far from the table? delete \
                 it, or copy the table into a new sheet)",
                u64::from(r) + 1,
                u64::from(c) + 1
            )));
        }
    }
    Ok(())
}

/// A row's number as the spreadsheet shows it, and its cells as text.
type NumberedRow = (u64, Vec<String>);

/// The header row and the data rows, each with its row number as the spreadsheet shows it.
/// The header is the first row holding every required column (planners often put a title
/// above the table), else the first non-empty row. Columns before the used range are padded
/// with empty cells so that column letters in messages match the sheet's.
fn grid(range: &Range<Data>, required: &[&str]) -> (NumberedRow, Vec<NumberedRow>) {
    let Some((row0, col0)) = range.start() else {
        return ((1, Vec::new()), Vec::new());
    };
    let raw: Vec<(u64, Vec<Option<&Data>>)> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut row: Vec<Option<&Data>> = vec![None; col0 as usize];
            row.extend(cells.iter().map(Some));
            (u64::from(row0) + i as u64 + 1, row)
        })
        .collect();
    let text = |c: &Option<&Data>, date: bool| c.map(|c| cell_text(c, date)).unwrap_or_default();
    let has_all = |row: &[Option<&Data>]| {
        let names: Vec<String> = row
            .iter()
            .map(|c| text(c, false).trim().to_lowercase())
            .collect();
        required.iter().all(|r| names.iter().any(|n| n == r))
    };
    let non_empty = |row: &[Option<&Data>]| row.iter().flatten().any(|c| !is_blank(c));
    let header_at = raw
        .iter()
        .take(20)
        .position(|(_, r)| !required.is_empty() && has_all(r))
        .or_else(|| raw.iter().position(|(_, r)| non_empty(r)));
    let Some(h) = header_at else {
        return ((1, Vec::new()), Vec::new());
    };
    let headers: Vec<String> = raw[h].1.iter().map(|c| text(c, false)).collect();
    let date_cols: Vec<bool> = headers
        .iter()
        .map(|h| h.trim().eq_ignore_ascii_case("date"))
        .collect();
    let rows = raw[h + 1..]
        .iter()
        .map(|(line, cells)| {
            let cells = cells
                .iter()
                .enumerate()
                .map(|(i, c)| text(c, date_cols.get(i).copied().unwrap_or(false)))
                .collect();
            (*line, cells)
        })
        .collect();
    ((raw[h].0, headers), rows)
}

fn is_blank(c: &Data) -> bool {
    match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as CSV text. Numbers print without a spurious `.0` (`2`, not `2.0`; `45.11`
/// exactly: Rust prints the shortest string that reads back the same float). Dates print
/// as `YYYY-MM-DD`; so do plain numbers in a `date` column, which is what a date typed into
/// a cell formatted as "Standard" becomes (its serial number).
pub fn cell_text(c: &Data, date_column: bool) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::Int(i) if date_column => serial_date(*i as f64).unwrap_or_else(|| i.to_string()),
        Data::Int(i) => i.to_string(),
        Data::Float(x) if date_column => serial_date(*x).unwrap_or_else(|| number(*x)),
        Data::Float(x) => number(*x),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(d) if d.time() == chrono::NaiveTime::MIN => {
                d.date().format("%Y-%m-%d").to_string()
            }
            Some(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => number(dt.as_f64()),
        },
        Data::DateTime(dt) => number(dt.as_f64()),
        // ODS writes dates as ISO text: keep the date part when there is no time.
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn number(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// An Excel serial day number (1900 system, days since 1899-12-30) as `YYYY-MM-DD`, for
/// whole numbers in a plausible range (1950–2100) only: anything else stays a number and
/// the date check reports it.
fn serial_date(x: f64) -> Option<String> {
    if x != x.trunc() || !(18_264.0..=73_050.0).contains(&x) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let d = epoch.checked_add_days(Days::new(x as u64))?;
    Some(d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_written() {
        assert_eq!(cell_text(&Data::Float(2.0), false), "2");
        assert_eq!(cell_text(&Data::Float(45.11), false), "45.11");
        assert_eq!(
            cell_text(&Data::Float(-0.1234567890123), false),
            "-0.1234567890123"
        );
        assert_eq!(cell_text(&Data::Int(7), false), "7");
        assert_eq!(cell_text(&Data::Bool(true), false), "true");
        assert_eq!(cell_text(&Data::Empty, false), "");
    }

    #[test]
    fn serial_numbers_in_date_columns_are_dates() {
        // 2026-12-07 is serial 46363.
        assert_eq!(cell_text(&Data::Float(46363.0), true), "2026-12-07");
        assert_eq!(cell_text(&Data::Float(46363.0), false), "46363");
        assert_eq!(cell_text(&Data::Float(3.5), true), "3.5");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2026-12-07T00:00:00".into()), true),
            "2026-12-07"
        );
    }
}
