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
