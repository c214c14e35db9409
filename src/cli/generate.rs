//! `renfort generate`.

use anyhow::{Context, Result};
use clap::Args;
use renfort::generate::{generate, GenerateOptions, ZoneSource};
use renfort::io::{Code, InputError};
use renfort::model::Horizon;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct GenerateArgs {
    /// Zone/site facts (the shape of shared/data/aura_zones.csv).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "national",
        conflicts_with = "national"
    )]
    zones: Option<PathBuf>,
    /// A France-wide instance instead: this many rural intercommunalities (151 in the scheme)
    /// drawn over the metropolitan regions from the communes file.
    #[arg(long, value_name = "ZONES", num_args = 0..=1, default_missing_value = "151")]
    national: Option<usize>,
    /// Communes (the shape of shared/data/communes_fr.csv).
    #[arg(long, value_name = "FILE")]
    communes: PathBuf,
    /// Number of volunteers.
    #[arg(long, value_name = "N")]
    volunteers: usize,
    /// Month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    /// Of them, this many come in pairs from one practice: a partner with the same home,
    /// limits, preferences and dates is added for each (N more volunteers in all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    partners: usize,
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
    if a.partners > a.volunteers {
        // Each partner copies a distinct volunteer: more would be silently fewer.
        return Err(super::bad_argument(format!(
            "--partners {}: each partner copies a distinct volunteer, so at most --volunteers \
             ({})",
            a.partners, a.volunteers
        ))
        .into());
    }
    let inputs = [a.zones.as_deref(), Some(a.communes.as_path())];
    let dir = super::open_out(&a.out_dir, "the output folder", inputs)?;
    let name = a.name.clone().unwrap_or_else(|| {
        a.out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generated".into())
    });
    let zones = match (a.zones, a.national) {
        (_, Some(n)) => ZoneSource::National(n),
        (Some(path), None) => ZoneSource::File(path),
        (None, None) => anyhow::bail!("give --zones FILE or --national"),
    };
    let opts = GenerateOptions {
        zones,
        communes: a.communes,
        volunteers: a.volunteers,
        partners: a.partners,
        horizon,
        seed: a.seed,
        name,
    };
    let files = generate(&opts).map_err(|e| match e {
        renfort::generate::GenerateError::Input(i) => anyhow::Error::new(i),
        #[allow(unreachable_patterns)]
        other => anyhow::Error::new(other),
    })?;
    for (name, bytes) in &files {
        dir.write(name, bytes)?;
    }
    dir.commit()
        .with_context(|| format!("cannot write {}", a.out_dir.display()))?;
    println!("Wrote {} files to {}", files.len(), a.out_dir.display());
    Ok(ExitCode::SUCCESS)
}
