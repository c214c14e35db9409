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
    // toml has no words for some bytes (a NUL): the fuzz suite found an empty message.
    let msg = if msg.is_empty() {
        "expected TOML text, found a character that cannot be there (a control character?)"
            .to_owned()
    } else {
        msg
    };
    let line = e.span().map_or("", |s| line_at(text, s.start));
    at_span(code, file, text, e.span(), plain_words(&msg, line))
}

/// The line of `text` holding byte `offset`.
fn line_at(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// serde's and toml's words for a value of the wrong type, in a planner's words:
/// `invalid type: string "3", expected i64` becomes `expected a whole number, found the
/// text "3" (write numbers without quotes)`.
fn plain_words(msg: &str, line: &str) -> String {
    let kind = |expected: &str| match expected.trim() {
        "i64" | "u64" | "u32" | "i32" | "usize" | "u8" | "u16" => "a whole number".to_string(),
        "f64" | "f32" => "a number".to_string(),
        "a string" => "text in quotes".to_string(),
        "a boolean" => "true or false".to_string(),
        other => other.to_string(),
    };
    if let Some((found, expected)) = msg
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        let expected = kind(expected);
        let found = found.replace('`', "");
        let found = match found.strip_prefix("string ") {
            Some(quoted) if expected.contains("number") => {
                format!("the text {quoted} (write numbers without quotes)")
            }
            Some(quoted) => format!("the text {quoted}"),
            None => found
                .trim_start_matches("floating point ")
                .trim_start_matches("integer ")
                .to_string(),
        };
        return format!("expected {expected}, found {found}");
    }
    let comma_decimal = line
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit());
    if msg.starts_with("expected newline") && comma_decimal {
        return format!("{msg} (decimals take a point in this file: 12.5, not 12,5)");
    }
    if msg.contains("invalid date-time") || msg.starts_with("invalid number") {
        return format!("{msg} (write text in quotes, e.g. month = \"2026-12\")");
    }
    msg.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_in_a_planners_words() {
        let w = |m: &str| plain_words(m, "");
        assert_eq!(
            w("invalid type: string \"3\", expected i64"),
            "expected a whole number, found the text \"3\" (write numbers without quotes)"
        );
        assert_eq!(
            w("invalid type: floating point `2.5`, expected u32"),
            "expected a whole number, found 2.5"
        );
        assert_eq!(
            w("invalid type: integer `3`, expected a string"),
            "expected text in quotes, found 3"
        );
        assert!(plain_words("expected newline, `#`", "uncovered = 1000,5").contains("12.5"));
        assert_eq!(w("expected newline, `#`"), "expected newline, `#`");
    }

    /// Found by the byte-mutation suite: a NUL byte gave an error with no words.
    #[test]
    fn a_nul_byte_is_said() {
        for text in [
            "#\0\n",
            "a = 1\0\n",
            "a = \"\0\"\n",
            "\0",
            "[a\0]\n",
            "a = [\0]\n",
        ] {
            let e = toml::from_str::<toml::Value>(text).unwrap_err();
            eprintln!("{text:?}: toml says {:?}", e.message());
            let e = toml_error("m.toml", text, &e);
            assert!(!e.message.trim().is_empty(), "{text:?}: {e}");
        }
    }

    #[test]
    fn offsets_to_lines() {
        let t = "a = 1\nbc = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 11), (2, 6));
    }
}
