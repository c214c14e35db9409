//! TOML errors and spans turned into file / line / column.

use super::error::{Code, InputError};
use std::ops::Range;

/// 1-based (line, column) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0) as u64
        + 1;
    (line, col)
}

/// An error at a span of a TOML file.
pub fn at_span(
    code: Code,
    file: &str,
    text: &str,
    span: Option<Range<usize>>,
    message: String,
) -> InputError {
    let e = InputError::new(code, file, message);
    match span {
        Some(r) => {
            let (l, c) = line_col(text, r.start);
            e.line(l).column(c.to_string())
        }
        None => e,
    }
}

/// A `toml` parse/deserialise error: unknown keys get their own code.
pub fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> InputError {
    let msg = e.message().trim().to_owned();
    let code = if msg.starts_with("unknown field") || msg.starts_with("unknown variant") {
        Code::UnknownKey
    } else if msg.starts_with("invalid type")
        || msg.starts_with("missing field")
        || msg.starts_with("invalid value")
    {
        Code::BadValue
    } else {
        Code::TomlSyntax
    };
    let msg = msg.replace("unknown field", "unknown key");
    at_span(code, file, text, e.span(), msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_to_lines() {
        let t = "a = 1\nbc = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 11), (2, 6));
    }
}
