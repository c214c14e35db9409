//! Reading one CSV table as a planner's spreadsheet writes it: UTF-8 (with or without BOM),
//! UTF-16 with BOM, or Windows-1252 (Excel's "CSV"); `,`, `;` or tab separated (detected on
//! the header line). Cells come out with their line and column so that every error can
//! point at them.

use super::error::{column_letter, Code, InputError, Location};
use super::fr_dates::{read_date, DATE_FORMS};
use super::warning::{WarnCode, Warning};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::path::Path;

/// A whole CSV file, decoded.
#[derive(Debug)]
pub struct Table {
    /// Name shown in messages.
    pub file: String,
    headers: Vec<String>,
    rows: Rows,
    /// How the file was decoded, when the planner should know (see `decode`).
    decoding: Option<Warning>,
}

/// A table's data rows, blank ones left out.
#[derive(Debug)]
enum Rows {
    /// A sheet's (bounded by `sheet::MAX_CELLS`).
    Parsed(Vec<(u64, Vec<String>)>),
    /// A CSV file's decoded text, checked whole once by `parse` (`count` rows), then parsed
    /// again record by record as `rows()` is read: kept as a vector of rows of cells, a
    /// 200 MB availability.csv took 5.6 GB; now about twice the file, plus what is kept.
    Csv {
        text: String,
        delimiter: u8,
        count: usize,
    },
}

/// The first byte of a UTF-8 file that is not UTF-8: 1-based line and column (in
/// characters, as an editor counts them), the byte, and how many such bytes the file has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrayBytes {
    pub line: u64,
    pub column: u64,
    pub byte: u8,
    pub count: usize,
}

/// Decodes bytes as UTF-8 / UTF-16 (by BOM), else by the file's evidence: UTF-8 when it is
/// valid UTF-8; Windows-1252 (Excel's "CSV") when no character of it is UTF-8 beyond ASCII;
/// otherwise a UTF-8 file with stray bytes (two sources pasted together), whose UTF-8
/// characters are kept and each stray byte read as Windows-1252, and `StrayBytes` says where
/// the first is. Reading such a file all as Windows-1252 garbled every accented name (`é`
/// became `Ã©`) without a word.
pub fn decode(bytes: &[u8]) -> (String, Option<StrayBytes>) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), None);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), None);
    }
    let utf8_evidence = bytes.utf8_chunks().any(|c| !c.valid().is_ascii());
    if !utf8_evidence {
        let text = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0;
        return (text.into_owned(), None);
    }
    let mut text = String::with_capacity(bytes.len());
    let mut first = None;
    let mut count = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for &b in chunk.invalid() {
            if first.is_none() {
                let line_start = text.rfind('\n').map_or(0, |i| i + 1);
                first = Some(StrayBytes {
                    line: text.matches('\n').count() as u64 + 1,
                    column: text[line_start..].chars().count() as u64 + 1,
                    byte: b,
                    count: 0,
                });
            }
            count += 1;
            text.push(cp1252(b));
        }
    }
    (text, first.map(|f| StrayBytes { count, ..f }))
}

/// One byte read as Windows-1252.
fn cp1252(b: u8) -> char {
    let bytes = [b];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    text.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

impl StrayBytes {
    /// The warning for `file`.
    pub fn warning(&self, file: &str) -> Warning {
        let ch = cp1252(self.byte);
        let more = match self.count {
            1 => String::new(),
            n => format!(" ({} more such bytes further on)", n - 1),
        };
        Warning::new(
            WarnCode::MixedEncoding,
            Location {
                file: file.to_owned(),
                line: Some(self.line),
                column: Some(self.column.to_string()),
            },
            format!(
                "byte 0x{:02X} is not UTF-8, unlike the rest of the file: read as \
                 Windows-1252 '{ch}'{more}; check the names there and save the file as UTF-8",
                self.byte
            ),
        )
    }
}

fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.matches(c).count();
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab > semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

impl Table {
    /// Reads `path`, checks that every `required` column is there.
    pub fn read(path: &Path, file: &str, required: &[&str]) -> Result<Table, InputError> {
        let bytes = std::fs::read(path).map_err(|e| {
            let code = if e.kind() == std::io::ErrorKind::NotFound {
                Code::MissingFile
            } else {
                Code::Unreadable
            };
            InputError::new(code, file, format!("cannot read the file: {e}"))
        })?;
        Table::parse(&bytes, file, required)
    }

    pub fn parse(bytes: &[u8], file: &str, required: &[&str]) -> Result<Table, InputError> {
        if bytes.contains(&0) && encoding_rs::Encoding::for_bom(bytes).is_none() {
            return Err(InputError::new(
                Code::MalformedFile,
                file,
                "this is not a text file (binary content); save it as CSV",
            ));
        }
        let (text, stray) = decode(bytes);
        let delimiter = detect_delimiter(&text);
        let mut reader = csv_reader(&text, delimiter);
        let lines = || Lines::new(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(file, e, &mut lines()))?
            .iter()
            .map(str::to_owned)
            .collect();
        // The whole file's structure is checked here, so that `rows()` cannot fail; the
        // records are not kept.
        let mut count = 0;
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => count += usize::from(!is_blank(record.iter())),
                Ok(false) => break,
                Err(e) => return Err(csv_error(file, e, &mut lines())),
            }
        }
        let mut table = Table::from_parts(file, (1, headers), Vec::new(), required)?;
        table.rows = Rows::Csv {
            text,
            delimiter,
            count,
        };
        table.decoding = stray.map(|s| s.warning(file));
        Ok(table)
    }

    /// A warning about the file's encoding, if any (see `decode`).
    pub fn decoding_warning(&self) -> Option<&Warning> {
        self.decoding.as_ref()
    }

    /// A table from a header row and `(line, cells)` rows, whatever file format they came
    /// from (`header_line` is where the header row is): CSV and spreadsheets share the header checks (empty, duplicate and missing
    /// columns) so that they fail the same way. Headers are trimmed and lower-cased; rows of
    /// empty cells (a spreadsheet's trailing `;;;;`) are dropped.
    pub fn from_parts(
        file: &str,
        (header_line, headers): (u64, Vec<String>),
        mut rows: Vec<(u64, Vec<String>)>,
        required: &[&str],
    ) -> Result<Table, InputError> {
        let headers: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
        if headers.iter().all(|h| h.is_empty()) {
            return Err(InputError::new(
                Code::MalformedFile,
                file,
                "the file is empty: expected a header row",
            )
            .line(header_line));
        }
        for (i, h) in headers.iter().enumerate() {
            if !h.is_empty() && headers[..i].contains(h) {
                return Err(InputError::new(
                    Code::DuplicateColumn,
                    file,
                    format!("column {} appears twice", shown_header(h)),
                )
                .line(header_line)
                .column(format!("{h} ({})", column_letter(i))));
            }
        }
        let missing: Vec<String> = required
            .iter()
            .filter(|c| !headers.iter().any(|h| h == *c))
            .map(|m| format!("'{m}'"))
            .collect();
        if !missing.is_empty() {
            let found = if headers.len() <= MAX_SHOWN_HEADERS
                && headers.iter().all(|h| looks_like_header(h))
            {
                format!("the header has: {}", headers.join(", "))
            } else {
                "the first line is not a header of column names (is this the right file?)".into()
            };
            return Err(InputError::new(
                Code::MissingColumn,
                file,
                format!(
                    "missing required column{} {}; {found}",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", "),
                ),
            )
            .line(header_line));
        }
        rows.retain(|(_, cells)| !is_blank(cells.iter().map(String::as_str)));
        Ok(Table {
            file: file.to_owned(),
            headers,
            rows: Rows::Parsed(rows),
            decoding: None,
        })
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }

    /// A column as errors name it, e.g. `date (C)`; None if the file does not have it.
    pub fn column_label(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .position(|h| h == name)
            .map(|i| format!("{name} ({})", column_letter(i)))
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        let rows: Box<dyn Iterator<Item = (u64, Cow<'_, [String]>)>> = match &self.rows {
            Rows::Parsed(rows) => Box::new(
                rows.iter()
                    .map(|(line, cells)| (*line, Cow::Borrowed(cells.as_slice()))),
            ),
            Rows::Csv {
                text, delimiter, ..
            } => {
                let mut lines = Lines::new(text.as_bytes());
                Box::new(
                    csv_reader(text, *delimiter)
                        .into_records()
                        // Checked by `parse`: no error here.
                        .filter_map(Result::ok)
                        .filter(|r| !is_blank(r.iter()))
                        .map(move |r| {
                            let line = r.position().map_or(0, |p| lines.line_of(p));
                            (line, Cow::Owned(r.iter().map(str::to_owned).collect()))
                        }),
                )
            }
        };
        rows.map(move |(line, cells)| Row {
            table: self,
            line,
            cells,
        })
    }

    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Parsed(rows) => rows.len(),
            Rows::Csv { count, .. } => *count,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes())
}

/// A row of empty cells (a spreadsheet's trailing `;;;;`): dropped.
fn is_blank<'a>(mut cells: impl Iterator<Item = &'a str>) -> bool {
    cells.all(|c| c.trim().is_empty())
}

/// The most header cells an error lists.
const MAX_SHOWN_HEADERS: usize = 40;

/// Whether a header cell looks like a column name (short words), and so may be quoted in an
/// error. A file that is not the expected table (a scenario naming `/etc/shadow` as its
/// communes) has its first line read as the header: quoting it would disclose the file.
fn looks_like_header(h: &str) -> bool {
    h.chars().count() <= 40
        && h.chars()
            .all(|c| c.is_alphanumeric() || " _-.()'/°%".contains(c))
}

/// A header cell for an error: quoted when it looks like a column name, else described.
fn shown_header(h: &str) -> String {
    if looks_like_header(h) {
        format!("'{h}'")
    } else {
        format!("of {} characters", h.chars().count())
    }
}

/// Line numbers of records. The csv crate's own `Position::line` is the line where the reader
/// stood before the record, which lags behind after CRLF endings (it stops between `\r` and
/// `\n`) and skipped blank lines (BurntSushi/rust-csv#395); so skip those from the
/// position's byte offset and count the line breaks before the record's first byte.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Bytes before `scanned` hold `breaks` line breaks (`\n`, or a `\r` not followed by
    /// `\n`): records come in order, so each line is counted once.
    scanned: usize,
    breaks: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            scanned: 0,
            breaks: 0,
        }
    }

    /// The line of the record at `pos` (at or after the previous one asked).
    fn line_of(&mut self, pos: &csv::Position) -> u64 {
        let b = self.bytes;
        let mut start = (pos.byte() as usize).min(b.len());
        while start < b.len() && matches!(b[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.scanned {
            // Not in order (never for records): count again from the start.
            *self = Lines::new(b);
        }
        let is_break = |i: usize| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'));
        self.breaks += (self.scanned..start).filter(|&i| is_break(i)).count() as u64;
        self.scanned = start;
        self.breaks + 1
    }
}

fn csv_error(file: &str, e: csv::Error, lines: &mut Lines) -> InputError {
    let line = e.position().map(|p| lines.line_of(p));
    let msg = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} cells but the header has {expected_len} (a stray separator or quote?)")
        }
        _ => format!("not a readable CSV file: {e}"),
    };
    let err = InputError::new(Code::MalformedFile, file, msg);
    match line {
        Some(l) => err.line(l),
        None => err,
    }
}

/// The largest priority, cost or weight renfort reads (a default weight is 1,000): every
/// number read has a finite upper bound, so that no input can make the objective overflow
/// (a priority of 1e308 used to give an objective of `inf`, `null` in summary.json).
pub const MAX_WEIGHT: f64 = 1e6;

/// The largest distance renfort reads, in km (about the Earth's circumference).
pub const MAX_KM: f64 = 40_000.0;

/// One data row.
pub struct Row<'t> {
    table: &'t Table,
    pub line: u64,
    cells: Cow<'t, [String]>,
}

/// The longest identifier: 64 bytes, at most 192 once percent-encoded in a file name.
pub const MAX_ID_BYTES: usize = 64;

impl<'t> Row<'t> {
    fn index(&self, col: &str) -> Option<usize> {
        self.table.headers.iter().position(|h| h == col)
    }

    /// This row's cell in column `col`, as errors and warnings name it.
    pub fn cell(&self, col: &str) -> Location {
        let letter = self.index(col).map(column_letter).unwrap_or_default();
        Location {
            file: self.table.file.clone(),
            line: Some(self.line),
            column: Some(format!("{col} ({letter})")),
        }
    }

    /// Error pointing at this row and column.
    pub fn error(&self, code: Code, col: &str, message: impl Into<String>) -> InputError {
        InputError {
            code,
            at: self.cell(col),
            message: message.into(),
        }
    }

    /// Raw cell ("" for a column the file does not have).
    pub fn raw(&self, col: &str) -> &str {
        self.index(col)
            .and_then(|i| self.cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// An identifier: non-empty, no leading/trailing spaces.
    pub fn id(&self, col: &str) -> Result<String, InputError> {
        let v = self.raw(col);
        if v.trim().is_empty() {
            return Err(self.error(
                Code::BadIdentifier,
                col,
                "expected an identifier, found an empty cell",
            ));
        }
        if v.trim() != v {
            return Err(self.error(
                Code::BadIdentifier,
                col,
                format!("identifier '{v}' has leading or trailing spaces; remove them"),
            ));
        }
        // Ids name calendar and letter files (percent-encoded, up to 3 bytes a byte): a
        // longer one was refused only after solving, as a file name past 255 bytes.
        if v.len() > MAX_ID_BYTES {
            return Err(self.error(
                Code::BadIdentifier,
                col,
                format!(
                    "expected an identifier of at most {MAX_ID_BYTES} bytes (it names the \
                     calendar and letter files), found one of {} bytes",
                    v.len()
                ),
            ));
        }
        Ok(v.to_owned())
    }

    pub fn text(&self, col: &str) -> String {
        self.raw(col).trim().to_owned()
    }

    /// A decimal number; `.` is the contract's decimal mark, `,` is accepted too (French Excel).
    pub fn float(&self, col: &str) -> Result<f64, InputError> {
        let v = self.raw(col).trim();
        let normalised = if v.contains(',') && !v.contains('.') {
            v.replacen(',', ".", 1)
        } else {
            v.to_owned()
        };
        match normalised.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(self.error(
                Code::NotANumber,
                col,
                format!("expected a number (like 12.5), found '{v}'"),
            )),
        }
    }

    /// A float within `[lo, hi]` (`hi` finite: see `MAX_WEIGHT`).
    pub fn float_in(&self, col: &str, lo: f64, hi: f64, what: &str) -> Result<f64, InputError> {
        let x = self.float(col)?;
        if x < lo || x > hi {
            // As written in the cell: 1e308, not its 309 digits.
            let found = self.raw(col).trim();
            return Err(self.error(
                Code::OutOfRange,
                col,
                format!("expected {what}, found {found}"),
            ));
        }
        Ok(x)
    }

    /// A latitude in degrees (WGS84).
    pub fn latitude(&self, col: &str) -> Result<f64, InputError> {
        self.float_in(col, -90.0, 90.0, "a latitude in degrees between -90 and 90")
    }

    /// A longitude in degrees (WGS84).
    pub fn longitude(&self, col: &str) -> Result<f64, InputError> {
        self.float_in(
            col,
            -180.0,
            180.0,
            "a longitude in degrees between -180 and 180",
        )
    }

    /// A whole number ≥ 0.
    pub fn count(&self, col: &str) -> Result<u32, InputError> {
        let v = self.raw(col).trim();
        if let Ok(n) = v.parse::<u32>() {
            return Ok(n);
        }
        let (code, msg) = match v.parse::<f64>() {
            Ok(x) if x < 0.0 => (
                Code::OutOfRange,
                format!("expected a whole number ≥ 0, found {v}"),
            ),
            Ok(x) if x.fract() == 0.0 && x > f64::from(u32::MAX) => (
                Code::OutOfRange,
                format!("expected a whole number up to {}, found {v}", u32::MAX),
            ),
            _ => (
                Code::NotANumber,
                format!("expected a whole number, found '{v}'"),
            ),
        };
        Err(self.error(code, col, msg))
    }

    /// `true`/`false`; also `oui`/`non`, `vrai`/`faux`, `yes`/`no`, `1`/`0`.
    pub fn boolean(&self, col: &str) -> Result<bool, InputError> {
        let v = self.raw(col).trim();
        match v.to_lowercase().as_str() {
            "true" | "oui" | "vrai" | "yes" | "1" => Ok(true),
            "false" | "non" | "faux" | "no" | "0" => Ok(false),
            _ => Err(self.error(
                Code::NotABoolean,
                col,
                format!("expected true or false (or oui/non), found '{v}'"),
            )),
        }
    }

    /// A date `YYYY-MM-DD`, or day first as French spreadsheets write it (`07/12/2026`,
    /// `7/12/26`): see `fr_dates::read_date`.
    pub fn date(&self, col: &str) -> Result<NaiveDate, InputError> {
        let v = self.raw(col).trim();
        read_date(v).map_err(|why| {
            self.error(
                Code::NotADate,
                col,
                format!("expected a date {DATE_FORMS}, found '{v}': {why}"),
            )
        })
    }
}

/// A date as `Row::date` reads it (`YYYY-MM-DD`, `D/M/YYYY`, `DD/MM/YY`...), if it is one.
pub fn parse_date(v: &str) -> Option<NaiveDate> {
    read_date(v).ok()
}

#[cfg(test)]
mod tests;
