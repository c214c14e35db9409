//! Input errors: each names the file, the line, the column and what was expected, and carries
//! a stable code (documented in the README) so that a planner can look it up.

use std::fmt;

/// Stable error codes. Never renumber: add new ones at the end of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A required file is missing.
    MissingFile,
    /// A file cannot be read (permissions, a folder instead of a file, ...).
    Unreadable,
    /// A file is not text in a known encoding, or its CSV structure is broken.
    MalformedFile,
    /// A required column is missing.
    MissingColumn,
    /// The same column appears twice.
    DuplicateColumn,
    /// An identifier is empty or has leading/trailing spaces.
    BadIdentifier,
    /// An identifier appears twice in its file.
    DuplicateId,
    /// A cell is not a number (or not an integer where one is needed).
    NotANumber,
    /// A cell is not a boolean.
    NotABoolean,
    /// A cell is not a date.
    NotADate,
    /// A value is outside its allowed range.
    OutOfRange,
    /// An `open_days` cell is not a list of weekdays.
    BadWeekdays,
    /// A reference to an id that does not exist.
    UnknownReference,
    /// The same key appears twice where one value is expected (demand.csv, distances.csv).
    DuplicateRow,
    /// A pinned assignment is not eligible.
    PinnedNotEligible,
    /// Pinned assignments break a hard rule among themselves.
    PinnedConflict,
    /// A history row on or after the horizon's first day.
    HistoryInHorizon,
    /// TOML syntax error.
    TomlSyntax,
    /// A key or section the file format does not know.
    UnknownKey,
    /// A TOML value of the wrong type or out of range.
    BadValue,
    /// A command-line value (month, date range) that is not valid.
    BadArgument,
}

impl Code {
    /// The stable code shown to users, e.g. `E012`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::MissingFile => "E001",
            Code::Unreadable => "E002",
            Code::MalformedFile => "E003",
            Code::MissingColumn => "E004",
            Code::DuplicateColumn => "E005",
            Code::BadIdentifier => "E010",
            Code::DuplicateId => "E011",
            Code::NotANumber => "E020",
            Code::NotABoolean => "E021",
            Code::NotADate => "E022",
            Code::OutOfRange => "E023",
            Code::BadWeekdays => "E024",
            Code::UnknownReference => "E030",
            Code::DuplicateRow => "E031",
            Code::PinnedNotEligible => "E040",
            Code::PinnedConflict => "E041",
            Code::HistoryInHorizon => "E042",
            Code::TomlSyntax => "E050",
            Code::UnknownKey => "E051",
            Code::BadValue => "E052",
            Code::BadArgument => "E060",
        }
    }
}

/// Where an error is, as precisely as known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// File name as the user knows it (e.g. `datasets/x/sites.csv`).
    pub file: String,
    /// 1-based line.
    pub line: Option<u64>,
    /// Column: a CSV column name with its spreadsheet letter, or a TOML column number.
    pub column: Option<String>,
}

/// One input error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub code: Code,
    pub at: Location,
    pub message: String,
}

impl InputError {
    pub fn new(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            code,
            at: Location {
                file: file.into(),
                line: None,
                column: None,
            },
            message: message.into(),
        }
    }

    pub fn line(mut self, line: u64) -> Self {
        self.at.line = Some(line);
        self
    }

    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.at.column = Some(column.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.at, self.message, self.code.as_str())
    }
}

/// All the input errors found at once (never empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} input error{}:", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl From<InputError> for InputErrors {
    fn from(e: InputError) -> Self {
        InputErrors(vec![e])
    }
}

/// Spreadsheet letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut index: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn display_names_everything() {
        let e = InputError::new(
            Code::NotANumber,
            "sites.csv",
            "expected a number, found 'abc'",
        )
        .line(4)
        .column("lat (D)");
        assert_eq!(
            e.to_string(),
            "sites.csv, line 4, column lat (D): expected a number, found 'abc' [E020]"
        );
    }
}
