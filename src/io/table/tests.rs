//! Unit tests of the CSV table reader.

use super::*;

#[test]
fn reads_semicolons_bom_and_windows_1252() {
    let mut bytes = b"site_id;name\r\ns1;Th".to_vec();
    bytes.push(0xE9); // é in Windows-1252
    bytes.extend_from_slice(b"\r\n");
    let t = Table::parse(&bytes, "x.csv", &["site_id", "name"]).unwrap();
    let row = t.rows().next().unwrap();
    assert_eq!(row.text("name"), "Thé");
    assert_eq!(row.line, 2);

    let t = Table::parse("\u{feff}a,b\n1,2\n".as_bytes(), "x.csv", &["a"]).unwrap();
    assert_eq!(t.rows().next().unwrap().raw("a"), "1");
}

#[test]
fn missing_column_names_it() {
    let e = Table::parse(b"a,b\n1,2\n", "x.csv", &["a", "c"]).unwrap_err();
    assert_eq!(e.code, Code::MissingColumn);
    assert!(e.message.contains("'c'"), "{}", e.message);
}

#[test]
fn cells_parse_with_located_errors() {
    let t = Table::parse(
        b"n,f,b,d\n3,\"4,5\",oui,07/12/2026\n-1,x,maybe,2026-13-01\n",
        "x.csv",
        &[],
    )
    .unwrap();
    let rows: Vec<_> = t.rows().collect();
    assert_eq!(rows[0].count("n").unwrap(), 3);
    assert_eq!(rows[0].float("f").unwrap(), 4.5);
    assert!(rows[0].boolean("b").unwrap());
    assert_eq!(
        rows[0].date("d").unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    );
    let e = rows[1].count("n").unwrap_err();
    assert_eq!(
        (e.code, e.at.line, e.at.column.as_deref()),
        (Code::OutOfRange, Some(3), Some("n (A)"))
    );
    assert_eq!(rows[1].float("f").unwrap_err().code, Code::NotANumber);
    assert_eq!(rows[1].boolean("b").unwrap_err().code, Code::NotABoolean);
    assert_eq!(rows[1].date("d").unwrap_err().code, Code::NotADate);
}

#[test]
fn lines_count_crlf_and_blank_lines() {
    let t = Table::parse(b"a,b\r\n1,2\r\n\r\n\n3,4\r\n", "x.csv", &[]).unwrap();
    let lines: Vec<u64> = t.rows().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5]);
    let e = Table::parse(b"a,b\r\n1,2\r\n\r\n3,4,5\r\n", "x.csv", &[]).unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::MalformedFile, Some(4)));
    let t = Table::parse(b"a,b\n\"x\ny\",2\n3,4\n", "x.csv", &[]).unwrap();
    let lines: Vec<u64> = t.rows().map(|r| r.line).collect();
    assert_eq!(lines, [2, 4]);
}

#[test]
fn ragged_row_is_located() {
    let e = Table::parse(b"a,b\n1,2\n3,4,5\n", "x.csv", &[]).unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::MalformedFile, Some(3)));
}

/// Regression (issue 27, #7): one byte that is not UTF-8 in a UTF-8 file switched the whole
/// file to Windows-1252, and every accented name came out garbled (`é` as `Ã©`), unsaid.
#[test]
fn one_stray_byte_in_a_utf8_file_garbles_no_name() {
    let mut bytes = "site_id,name\nS1,Thé\nS2,Brûlé".as_bytes().to_vec();
    bytes.push(0xE9); // a Windows-1252 é pasted in
    bytes.extend_from_slice("\nS3,Noël\n".as_bytes());
    let t = Table::parse(&bytes, "x.csv", &["site_id", "name"]).unwrap();
    let names: Vec<String> = t.rows().map(|r| r.text("name")).collect();
    assert_eq!(names, ["Thé", "Brûlé\u{e9}", "Noël"]);
    let w = t.decoding_warning().expect("a warning").to_string();
    assert!(w.starts_with("x.csv, line 3, column 9: byte 0xE9"), "{w}");
    assert!(w.ends_with("[W005]"), "{w}");

    // A file with no UTF-8 at all is Excel's Windows-1252: read so, nothing to say.
    let t = Table::parse(b"site_id,name\nS1,Th\xe9\n", "x.csv", &["name"]).unwrap();
    assert!(t.decoding_warning().is_none());
}

/// Regression (issue 27, #12): a file that is not the expected table (a scenario naming
/// `/etc/shadow` as its communes) had its first line quoted in the error as "the header".
#[test]
fn a_file_that_is_not_a_table_is_not_quoted() {
    let e = Table::parse(b"root:$6$S3CRET:19000:0:99999:7:::\n", "x", &["insee"]).unwrap_err();
    assert_eq!(e.code, Code::MissingColumn);
    assert!(!e.message.contains("S3CRET"), "{}", e.message);
    assert!(
        e.message.contains("not a header of column names"),
        "{}",
        e.message
    );
    let e = Table::parse(b"insee,nom\n", "x", &["insee", "name"]).unwrap_err();
    assert!(
        e.message.ends_with("the header has: insee, nom"),
        "{}",
        e.message
    );
}
