//! `renfort import-volunteers`: a registration export → volunteers.csv + availability.csv +
//! import_report.txt (with `--into DATASET`, a whole dataset for the month), written
//! atomically. The work is in `renfort::io::import`.

use anyhow::{Context, Result};
use clap::Args;
use renfort::io::import::{import_volunteers, ImportRequest};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ImportArgs {
    /// The registration export (.csv, .xlsx or .ods).
    export: PathBuf,
    /// Column mapping (see examples/ars-export/mapping.toml).
    #[arg(long, value_name = "FILE")]
    mapping: PathBuf,
    /// Month the availabilities are for, YYYY-MM: a bare day number belongs to it.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    /// A zones.csv to match wished places against (without --into).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "into",
        conflicts_with = "into"
    )]
    zones: Option<PathBuf>,
    /// The dataset to import into: its zones and sites match the wishes, its volunteers are
    /// the doctors already known (kept, updated, or left without offers this month).
    #[arg(long, value_name = "DATASET")]
    into: Option<PathBuf>,
    /// communes_fr.csv: homes placed at their commune (address, postcode, commune columns)
    /// or at their department's centroid.
    #[arg(long, value_name = "FILE")]
    communes: Option<PathBuf>,
    /// postcodes_fr.csv (default: the one beside --communes).
    #[arg(long, value_name = "FILE")]
    postcodes: Option<PathBuf>,
    /// Output folder.
    out: PathBuf,
}

/// Exit 0 when every row was read fully, 1 when some rows have problems (outputs written
/// anyway, see import_report.txt), 2 when the input or the mapping cannot be read.
pub fn run(a: ImportArgs) -> Result<ExitCode> {
    let inputs = [
        Some(a.export.as_path()),
        Some(a.mapping.as_path()),
        a.zones.as_deref(),
        a.into.as_deref(),
        a.communes.as_deref(),
        a.postcodes.as_deref(),
    ];
    let out = super::open_out(&a.out, "--out", inputs)?;
    let name = a
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imported".into());
    let imported = import_volunteers(&ImportRequest {
        export: &a.export,
        mapping: &a.mapping,
        month: &a.month,
        zones: a.zones.as_deref(),
        into: a.into.as_deref(),
        communes: a.communes.as_deref(),
        postcodes: a.postcodes.as_deref(),
        name: &name,
    })?;
    for (file, bytes) in &imported.files {
        out.write(file, bytes)?;
    }
    let dir = out
        .commit()
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    print!(
        "{} rows read, {} volunteers imported into {}",
        imported.rows,
        imported.imported,
        dir.display()
    );
    if a.into.is_some() {
        print!(
            " ({} known volunteers without offers this month)",
            imported.absent
        );
    }
    println!();
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
