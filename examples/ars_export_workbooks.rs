//! Writes the example workbooks `examples/ars-export/dossiers-*.xlsx` from the CSV exports
//! beside them (run after editing those): RPPS numbers as numbers and the submission time as
//! a date, as the form's export holds them.
//!
//!     cargo run --release --example ars_export_workbooks

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::fs;
use std::path::PathBuf;

fn example(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/ars-export")
        .join(file)
}

fn main() {
    for month in ["2026-11", "2026-12"] {
        let bytes = fs::read(example(&format!("dossiers-{month}.csv"))).unwrap();
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let when = Format::new().set_num_format("dd/mm/yyyy hh:mm");
        for (i, rec) in r.records().enumerate() {
            for (j, cell) in rec.unwrap().iter().enumerate() {
                let (row, col) = (i as u32, j as u16);
                let date = (i > 0 && j == 1)
                    .then(|| {
                        let (d, t) = cell.split_once(' ')?;
                        let p: Vec<u32> = d.split('/').filter_map(|x| x.parse().ok()).collect();
                        let q: Vec<u8> = t.split(':').filter_map(|x| x.parse().ok()).collect();
                        ExcelDateTime::from_ymd(p[2] as u16, p[1] as u8, p[0] as u8)
                            .ok()?
                            .and_hms(u16::from(q[0]), q[1], 0)
                            .ok()
                    })
                    .flatten();
                if let Some(d) = date {
                    ws.write_datetime_with_format(row, col, &d, &when).unwrap();
                } else if i > 0
                    && j == 4
                    && !cell.is_empty()
                    && cell.bytes().all(|b| b.is_ascii_digit())
                {
                    ws.write_number(row, col, cell.parse::<f64>().unwrap())
                        .unwrap();
                } else {
                    ws.write_string(row, col, cell).unwrap();
                }
            }
        }
        wb.save(example(&format!("dossiers-{month}.xlsx"))).unwrap();
    }
}
