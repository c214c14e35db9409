//! `renfort generate`.

use anyhow::{Context, Result};
use clap::Args;
use renfort::generate::{generate, GenerateOptions};
use renfort::io::{Code, InputError, OutputDir};
use renfort::model::Horizon;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct GenerateArgs {
    /// Zone/site facts (the shape of shared/data/aura_zones.csv).
    #[arg(long, value_name = "FILE")]
    zones: PathBuf,
    /// Communes (the shape of shared/data/communes_fr.csv).
    #[arg(long, value_name = "FILE")]
    communes: PathBuf,
    /// Number of volunteers.
    #[arg(long, value_name = "N")]
    volunteers: usize,
    /// Month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    /// Random seed: same seed, same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Dataset name (default: the output folder's name).
    #[arg(long)]
    name: Option<String>,
    /// Output dataset folder.
    out_dir: PathBuf,
}

pub fn run(a: GenerateArgs) -> Result<ExitCode> {
    let horizon = Horizon::parse_month(&a.month).ok_or_else(|| {
        InputError::new(
            Code::BadArgument,
            "command line",
            format!("--month: expected YYYY-MM, found '{}'", a.month),
        )
    })?;
    let name = a.name.clone().unwrap_or_else(|| {
        a.out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generated".into())
    });
    let opts = GenerateOptions {
        zones: a.zones,
        communes: a.communes,
        volunteers: a.volunteers,
        horizon,
        seed: a.seed,
        name,
    };
    let files = generate(&opts).map_err(|e| match e {
        renfort::generate::GenerateError::Input(i) => anyhow::Error::new(i),
        #[allow(unreachable_patterns)]
        other => anyhow::Error::new(other),
    })?;
    let dir = OutputDir::create(&a.out_dir)
        .with_context(|| format!("cannot create {}", a.out_dir.display()))?;
    for (name, bytes) in &files {
        dir.write(name, bytes)?;
    }
    dir.commit()
        .with_context(|| format!("cannot write {}", a.out_dir.display()))?;
    println!("Wrote {} files to {}", files.len(), a.out_dir.display());
    Ok(ExitCode::SUCCESS)
}
