//! `renfort generate`.

use anyhow::{Context, Result};
use clap::Args;
use renfort::generate::{generate, next, GenerateOptions, ZoneSource};
use renfort::io::{Code, InputError};
use renfort::model::Horizon;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct GenerateArgs {
    /// Zone/site facts (the shape of shared/data/aura_zones.csv).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present_any = ["national", "next", "dense"],
        conflicts_with_all = ["national", "next", "dense"]
    )]
    zones: Option<PathBuf>,
    /// A France-wide instance instead: this many zones (151 in the scheme): those of
    /// --named-zones first, then illustrative rural intercommunalities drawn from the
    /// communes file.
    #[arg(
        long,
        value_name = "ZONES",
        num_args = 0..=1,
        default_missing_value = "151",
        conflicts_with_all = ["next", "dense"]
    )]
    national: Option<usize>,
    /// With --national: the zones rouges public sources name (the shape of
    /// shared/data/zones_rouges_fr.csv), placed first with their named sites.
    #[arg(long, value_name = "FILE", requires = "national")]
    named_zones: Option<PathBuf>,
    /// With --national: the zones each region holds as the sources state (the shape of
    /// datasets/sources/zones_rouges_totals.csv); those regions are completed to it.
    #[arg(long, value_name = "FILE", requires = "national")]
    regional_totals: Option<PathBuf>,
    /// A stress instance instead: this dataset's zones and sites with --volunteers
    /// volunteers eligible at every site on every day.
    #[arg(long, value_name = "DATASET", conflicts_with = "next")]
    dense: Option<PathBuf>,
    /// The month after this dataset's: the same zones, sites and volunteers, new offers
    /// drawn, and the plan given with --history added to the history (a monthly cycle).
    #[arg(long, value_name = "DATASET", requires = "history")]
    next: Option<PathBuf>,
    /// With --next: the plan folder of the dataset's month (its plan.csv becomes history).
    #[arg(long, value_name = "PLAN_DIR", requires = "next")]
    history: Option<PathBuf>,
    /// Communes (the shape of shared/data/communes_fr.csv).
    #[arg(long, value_name = "FILE", required_unless_present_any = ["next", "dense"])]
    communes: Option<PathBuf>,
    /// Number of volunteers.
    #[arg(long, value_name = "N", required_unless_present_any = ["next", "dense"])]
    volunteers: Option<usize>,
    /// Month, YYYY-MM (with --next: the dataset's next month; with --dense: the dataset's).
    #[arg(long, value_name = "YYYY-MM", required_unless_present_any = ["next", "dense"])]
    month: Option<String>,
    /// Months of offers (and closures) drawn from --month on: 3 for a quarter, planned with
    /// `renfort plan DATASET --from FIRST_DAY --to LAST_DAY`. The first month's offers are the
    /// one-month dataset's; each later month's are what `--next` would draw with this seed.
    #[arg(long, value_name = "N", default_value_t = 1, conflicts_with_all = ["next", "dense"])]
    months: usize,
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

/// The most volunteers `generate` draws.
const MAX_VOLUNTEERS: usize = 1_000_000;
/// The most months `generate --months` draws.
const MAX_MONTHS: usize = 12;

pub fn run(a: GenerateArgs) -> Result<ExitCode> {
    if let (Some(dataset), Some(plan)) = (&a.next, &a.history) {
        return next(&a, dataset, plan);
    }
    if let Some(base) = &a.dense {
        return dense(&a, base);
    }
    let (Some(month), Some(volunteers), Some(communes)) =
        (a.month.clone(), a.volunteers, a.communes.clone())
    else {
        anyhow::bail!("give --month, --volunteers and --communes (or --next)");
    };
    let horizon = Horizon::parse_month(&month).ok_or_else(|| {
        InputError::new(
            Code::BadArgument,
            "command line",
            format!("--month: expected YYYY-MM, found '{month}'"),
        )
    })?;
    // Regression (hostile input): a billion volunteers aborted allocating 152 GB.
    if volunteers > MAX_VOLUNTEERS {
        return Err(super::bad_argument(format!(
            "--volunteers {volunteers}: at most {MAX_VOLUNTEERS} (the largest instances renfort \
             is measured on hold 100,000)"
        ))
        .into());
    }
    if !(1..=MAX_MONTHS).contains(&a.months) {
        return Err(super::bad_argument(format!(
            "--months {}: from 1 to {MAX_MONTHS} (a year of offers at most)",
            a.months
        ))
        .into());
    }
    if a.partners > volunteers {
        // Each partner copies a distinct volunteer: more would be silently fewer.
        return Err(super::bad_argument(format!(
            "--partners {}: each partner copies a distinct volunteer, so at most --volunteers \
             ({})",
            a.partners, volunteers
        ))
        .into());
    }
    let inputs = [
        a.zones.as_deref(),
        Some(communes.as_path()),
        a.named_zones.as_deref(),
        a.regional_totals.as_deref(),
    ];
    let dir = super::open_out(&a.out_dir, "the output folder", inputs)?;
    let name = a.name.clone().unwrap_or_else(|| {
        a.out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generated".into())
    });
    let zones = match (a.zones.clone(), a.national) {
        (_, Some(count)) => ZoneSource::National {
            count,
            named: a.named_zones.clone(),
            totals: a.regional_totals.clone(),
        },
        (Some(path), None) => ZoneSource::File(path),
        (None, None) => anyhow::bail!("give --zones FILE or --national"),
    };
    let opts = GenerateOptions {
        zones,
        communes,
        volunteers,
        partners: a.partners,
        horizon,
        months: a.months,
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

/// `--next DATASET --history PLAN_DIR`: the dataset's next month (see `generate::next`).
fn next(a: &GenerateArgs, dataset: &Path, plan: &Path) -> Result<ExitCode> {
    let mut ds = super::load_dataset(dataset)?;
    let month = Horizon::parse_month(&ds.month)
        .ok_or_else(|| super::bad_argument(format!("{}: no month", dataset.display())))?;
    let horizon = match &a.month {
        None => next::following(&month),
        Some(m) => Horizon::parse_month(m).ok_or_else(|| {
            super::bad_argument(format!("--month: expected YYYY-MM, found '{m}'"))
        })?,
    };
    renfort::io::add_history_plans(&mut ds, &[plan.to_path_buf()])?;
    renfort::io::validate_history(&ds, &horizon)?;
    let inputs = [Some(dataset), Some(plan)];
    let dir = super::open_out(&a.out_dir, "the output folder", inputs)?;
    let name = a
        .name
        .clone()
        .unwrap_or_else(|| super::dataset_folder_name(&a.out_dir, &ds));
    let next = next::next_month(&ds, &horizon, a.seed, name);
    let files = renfort::io::dataset_files(&next);
    for (file, bytes) in &files {
        dir.write(file, bytes)?;
    }
    dir.commit()
        .with_context(|| format!("cannot write {}", a.out_dir.display()))?;
    println!(
        "Wrote {} files to {} ({}, {} vacations of history)",
        files.len(),
        a.out_dir.display(),
        horizon.label(),
        next.history.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `--dense DATASET --volunteers N`: a stress instance (see `generate::dense`).
fn dense(a: &GenerateArgs, base: &Path) -> Result<ExitCode> {
    let ds = super::load_dataset(base)?;
    let month = a.month.clone().unwrap_or_else(|| ds.month.clone());
    let horizon = Horizon::parse_month(&month).ok_or_else(|| {
        super::bad_argument(format!("--month: expected YYYY-MM, found '{month}'"))
    })?;
    let n = a.volunteers.unwrap_or(ds.volunteers.len());
    if n > MAX_VOLUNTEERS {
        return Err(
            super::bad_argument(format!("--volunteers {n}: at most {MAX_VOLUNTEERS}")).into(),
        );
    }
    let dir = super::open_out(&a.out_dir, "the output folder", [Some(base)])?;
    let mut dense = renfort::generate::dense(&ds, &horizon, n, a.seed);
    if let Some(name) = &a.name {
        dense.name = name.clone();
    }
    let files = renfort::io::dataset_files(&dense);
    for (file, bytes) in &files {
        dir.write(file, bytes)?;
    }
    dir.commit()
        .with_context(|| format!("cannot write {}", a.out_dir.display()))?;
    println!(
        "Wrote {} files to {} ({n} volunteers eligible everywhere)",
        files.len(),
        a.out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
