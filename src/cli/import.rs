//! `renfort import-volunteers`: a registration export → volunteers.csv + availability.csv +
//! import_report.txt, written atomically. The work is in `renfort::io::import`.

use anyhow::{Context, Result};
use clap::Args;
use renfort::io::import::{import_volunteers, ImportRequest};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ImportArgs {
    /// The registration export (.csv, .xlsx or .ods).
    export: PathBuf,
    /// Column mapping (see docs/import-mapping.example.toml).
    #[arg(long, value_name = "FILE")]
    mapping: PathBuf,
    /// Month the availabilities are for, YYYY-MM: a bare day number belongs to it.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    /// The dataset's zones.csv, to match wished sites.
    #[arg(long, value_name = "FILE")]
    zones: PathBuf,
    /// communes_fr.csv, when the mapping places homes at department centroids.
    #[arg(long, value_name = "FILE")]
    communes: Option<PathBuf>,
    /// Output folder.
    out: PathBuf,
}

/// Exit 0 when every row was read fully, 1 when some rows have problems (outputs written
/// anyway, see import_report.txt), 2 when the input or the mapping cannot be read.
pub fn run(a: ImportArgs) -> Result<ExitCode> {
    let inputs = [
        Some(a.export.as_path()),
        Some(a.mapping.as_path()),
        Some(a.zones.as_path()),
        a.communes.as_deref(),
    ];
    let out = super::open_out(&a.out, "--out", inputs)?;
    let imported = import_volunteers(&ImportRequest {
        export: &a.export,
        mapping: &a.mapping,
        month: &a.month,
        zones: &a.zones,
        communes: a.communes.as_deref(),
    })?;
    out.write("volunteers.csv", imported.volunteers_csv.as_bytes())?;
    out.write("availability.csv", imported.availability_csv.as_bytes())?;
    out.write("import_report.txt", imported.report.as_bytes())?;
    let dir = out
        .commit()
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    println!(
        "{} rows read, {} volunteers imported into {}",
        imported.rows,
        imported.imported,
        dir.display()
    );
    if imported.problem_rows > 0 {
        eprintln!(
            "{} rows have problems: see {}",
            imported.problem_rows,
            dir.join("import_report.txt").display()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
