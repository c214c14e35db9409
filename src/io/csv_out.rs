//! CSV written to memory: every CSV output renfort writes (datasets, plans, reports, what-if
//! tables) goes through [`csv_bytes`], so they share one dialect (comma, `"` quoting where
//! needed, `\n` line ends).

/// A CSV file's bytes: the header, then the rows.
pub fn csv_bytes<H, R, C>(header: &[H], rows: impl IntoIterator<Item = R>) -> Vec<u8>
where
    H: AsRef<[u8]>,
    R: IntoIterator<Item = C>,
    C: AsRef<[u8]>,
{
    // Writing to a Vec cannot fail: the writer's errors are I/O errors of its sink.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        let bytes = csv_bytes(&["a", "b"], [vec!["x, y", "z"], vec!["\"q\"", ""]]);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,b\n\"x, y\",z\n\"\"\"q\"\"\",\n"
        );
    }
}
