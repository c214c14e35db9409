//! Command-line flags (clap derive), turned once into validated settings, then dispatched.

mod check;
mod compare;
mod generate;
mod import;
mod marginal;
mod plan;
mod progress;
mod publish;
mod repair;
mod serve;
mod speed;
mod tuning;
mod whatif;
mod whatif_merge;

use anyhow::Result;
use chrono::NaiveDate;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use renfort::choice::Choice;
use renfort::io::warning::{summarised, warning_lines};
use renfort::io::{Code, CreateError, InputError, InputErrors, OutputDir};
use renfort::model::{Dataset, Horizon, Plan};
use renfort::Instance;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Plans volunteer doctors' consultation days ("vacations") in medical deserts.
#[derive(Parser)]
#[command(name = "renfort", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Computes the month's plan and writes plan.csv, coverage.csv and summary.json.
    Plan(plan::PlanArgs),
    /// Validates a dataset, or checks a plan (H1–H6) and recomputes its metrics.
    Check(check::CheckArgs),
    /// Writes every output of a plan (any plan that keeps the rules): report, workbook,
    /// calendars with the cancellations since a previous plan, convocations ready to send.
    Publish(publish::PublishArgs),
    /// Builds a synthetic dataset from zone/site facts and real communes.
    Generate(generate::GenerateArgs),
    /// Times the exact solve's formulations and levers on the same datasets, or the default
    /// beside one variant of it (a lever off, another formulation), and prints the ratios.
    Speed(speed::SpeedArgs),
    /// Simulates a scenario (new sites, closures, rules, volunteers, dropout) against the plan.
    Whatif(whatif::WhatifArgs),
    /// Joins the folders of `renfort whatif --shard I/N` into the folder of one what-if.
    WhatifMerge(whatif_merge::WhatifMergeArgs),
    /// Repairs an agreed plan after cancellations, changing as few other days as it can.
    Repair(repair::RepairArgs),
    /// Ranks sites and days by the objective one more doctor would gain there.
    Marginal(marginal::MarginalArgs),
    /// Runs every solver on every dataset under every policy, baselines included, and writes
    /// compare.csv, compare.html and each run's plan.
    Compare(compare::CompareArgs),
    /// Imports volunteers from a registration export (CSV or spreadsheet) with a column mapping.
    ImportVolunteers(import::ImportArgs),
    /// Starts the planner's web app (a browser instead of a terminal) on this machine.
    Serve(serve::ServeArgs),
}

/// Loads the dataset in `dir` and prints its warnings (see `renfort::io::warning`) on
/// stderr: the commands plan from it all the same.
pub fn load_dataset(dir: &Path) -> Result<Dataset> {
    load_dataset_warned(dir).map(|(ds, _)| ds)
}

/// `load_dataset`, also returning the warning lines printed (without "warning: "), for the
/// outputs that repeat them (summary.json, report.html).
pub fn load_dataset_warned(dir: &Path) -> Result<(Dataset, Vec<String>)> {
    let loaded = renfort::io::load_dataset_with_warnings(dir)?;
    for line in warning_lines(&loaded.warnings) {
        eprintln!("{line}");
    }
    Ok((loaded.dataset, summarised(&loaded.warnings)))
}

/// A dataset read for a command that checks it against a horizon next.
pub struct ForHorizon {
    pub ds: Dataset,
    /// As `load_dataset_warned` returns them.
    pub warnings: Vec<String>,
    /// pinned.csv's rows that could not be read, for `renfort::io::validate_for_horizon_with`
    /// to report with the other pin errors: a planner sees every pin error in one run.
    pub pin_errors: Vec<InputError>,
}

/// `load_dataset_warned`, keeping pinned.csv's row errors apart (see `ForHorizon`).
pub fn load_for_horizon(dir: &Path) -> Result<ForHorizon> {
    let loaded = renfort::io::load_dataset_deferring_pins(dir)?;
    for line in warning_lines(&loaded.warnings) {
        eprintln!("{line}");
    }
    Ok(ForHorizon {
        warnings: summarised(&loaded.warnings),
        ds: loaded.dataset,
        pin_errors: loaded.pin_errors,
    })
}

/// Today's date on this computer, or `RENFORT_TODAY` (a date, for tests and for replaying a
/// past day): `repair`'s default first day that may change.
pub fn today() -> Result<NaiveDate, InputError> {
    match std::env::var("RENFORT_TODAY") {
        Ok(v) => renfort::io::fr_dates::read_date(&v).map_err(|why| {
            bad_argument(format!(
                "RENFORT_TODAY: expected a date like 2026-12-07, found '{v}': {why}"
            ))
        }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

/// Warns when `plan` (a plan the planner gives: agreed, or a base case) breaks a rule on a
/// day from `from` on, listing the first few; `consequence` says what the command does
/// about it.
pub fn warn_broken_rules(inst: &Instance, plan: &Plan, from: NaiveDate, consequence: &str) {
    // As many as the input warnings of one kind.
    const SHOWN: usize = renfort::io::warning::SHOWN_PER_CODE;
    let broken: Vec<String> = renfort::rules::hard::check(inst, plan)
        .iter()
        .filter(|v| v.date().is_none_or(|d| d >= from))
        .map(|v| v.to_string())
        .collect();
    if broken.is_empty() {
        return;
    }
    eprintln!(
        "warning: the plan given breaks {} rule(s) from {from} on; {consequence}:",
        broken.len()
    );
    for v in broken.iter().take(SHOWN) {
        eprintln!("warning:   {v}");
    }
    if broken.len() > SHOWN {
        eprintln!(
            "warning:   and {} more (renfort check DATASET PLAN lists them all)",
            broken.len() - SHOWN
        );
    }
}

/// Starts writing the output folder `out` (`flag` names where the path came from), before
/// any work, so that a folder renfort may not replace (one of the command's `inputs`:
/// `None`s are inputs not given) or cannot write is said at once.
pub fn open_out<'a>(
    out: &Path,
    flag: &str,
    inputs: impl IntoIterator<Item = Option<&'a Path>>,
) -> Result<OutputDir> {
    let inputs: Vec<&Path> = inputs.into_iter().flatten().collect();
    OutputDir::create(out, flag, &inputs).map_err(|e| match e {
        // An input error: exit code 2 (see `main`).
        CreateError::Refused(e) => e.into(),
        CreateError::Io(e) => anyhow::Error::new(e)
            .context(format!("cannot create the output folder {}", out.display())),
    })
}

/// A command-line mistake found after parsing: exit code 2, like a bad flag.
pub fn bad_argument(message: String) -> InputError {
    InputError::new(Code::BadArgument, "command line", message)
}

/// `--threads`: 1 to 256 (HiGHS aborted the process on 100,000).
fn threads_parser() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..=256)
}

/// A library [`Choice`] (a solver, a formulation, a language, ...) as a flag's value: its
/// names are the accepted values, its descriptions are listed by `--help`.
#[derive(Clone)]
pub struct ChoiceParser<T>(std::marker::PhantomData<T>);

/// The parser of a flag whose value is one of `T`'s names.
pub fn choice<T: Choice + Send + Sync>() -> ChoiceParser<T> {
    ChoiceParser(std::marker::PhantomData)
}

impl<T: Choice> ChoiceParser<T> {
    fn values() -> impl Iterator<Item = PossibleValue> {
        T::ALL.iter().map(|v| match v.about() {
            "" => PossibleValue::new(v.name()),
            about => PossibleValue::new(v.name()).help(about),
        })
    }
}

impl<T: Choice + Send + Sync> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        // clap's own parser of a fixed list, so that a wrong value gets clap's usual message.
        let name = PossibleValuesParser::new(Self::values()).parse_ref(cmd, arg, value)?;
        Ok(T::ALL
            .iter()
            .copied()
            .find(|v| v.name() == name)
            .expect("a listed name"))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Self::values()))
    }
}

/// The longest horizon `--from`/`--to` may give: a year. Vacations are planned a month at a
/// time; a typo in a year (2126 for 2026) used to build a century of days and run out of
/// memory or spreadsheet rows after minutes.
const MAX_HORIZON_DAYS: usize = 366;

/// Horizon flags shared by the commands.
#[derive(Args, Debug, Clone, Default)]
pub struct HorizonArgs {
    /// Month to plan, YYYY-MM (default: the dataset's month).
    #[arg(long, value_name = "YYYY-MM", conflicts_with_all = ["from", "to"])]
    month: Option<String>,
    /// First day of an explicit horizon (with --to).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "to")]
    from: Option<String>,
    /// Last day of an explicit horizon (with --from).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from")]
    to: Option<String>,
    /// A previous plan folder (its plan.csv) as the history before the horizon, as if it
    /// were the dataset's history.csv; repeat it for several months.
    #[arg(long, value_name = "PLAN_DIR")]
    history: Vec<PathBuf>,
}

impl HorizonArgs {
    /// Adds the `--history` plans to the dataset's history. A dataset with its own
    /// history.csv is refused rather than silently combined: which rows would count?
    pub fn add_history(&self, ds: &mut Dataset) -> Result<()> {
        if self.history.is_empty() {
            return Ok(());
        }
        if let Some(f) = ds.history.files.first() {
            return Err(bad_argument(format!(
                "--history: the dataset already has its history ({}, {} vacations); give one \
                 or the other (remove --history, or move the history file out of the dataset)",
                f.name,
                ds.history.len()
            ))
            .into());
        }
        renfort::io::add_history_plans(ds, &self.history)?;
        Ok(())
    }

    /// The horizon: flags first, else the dataset's month.
    pub fn resolve(&self, dataset_month: &str) -> Result<Horizon, InputError> {
        let bad = bad_argument;
        if let (Some(f), Some(t)) = (&self.from, &self.to) {
            let parse = |s: &str, flag: &str| {
                renfort::io::fr_dates::read_date(s).map_err(|why| {
                    bad(format!(
                        "{flag}: expected a date like 2026-12-07 or 07/12/2026, found '{s}': {why}"
                    ))
                })
            };
            let (first, last) = (parse(f, "--from")?, parse(t, "--to")?);
            let horizon = Horizon::range(first, last)
                .ok_or_else(|| bad(format!("--from {first} is after --to {last}")))?;
            if horizon.len() > MAX_HORIZON_DAYS {
                return Err(bad(format!(
                    "--from {first} --to {last} is {} days; renfort plans at most \
                     {MAX_HORIZON_DAYS} days at once (a year): check the years",
                    horizon.len()
                )));
            }
            return Ok(horizon);
        }
        let month = self.month.as_deref().unwrap_or(dataset_month);
        Horizon::parse_month(month).ok_or_else(|| {
            bad(format!(
                "--month: expected YYYY-MM (like 2026-12), found '{month}'"
            ))
        })
    }
}

/// `--time-limit`: a positive, finite number of seconds. Checked by clap, so that a bad
/// value is reported like any other bad flag (exit code 2, the usage line).
fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= MAX_SECONDS => Ok(x),
        Ok(x) if x > MAX_SECONDS => Err(format!(
            "at most {MAX_SECONDS:.0} seconds (a few months), got {s}"
        )),
        Ok(_) => Err(format!("expected a positive number of seconds, got {s}")),
        Err(_) => Err(format!("expected a number of seconds, got '{s}'")),
    }
}

/// The longest `--time-limit`: a deadline past what the clock can add (`1e20`) panicked.
const MAX_SECONDS: f64 = 1e7;

/// `--mip-gap`: a relative gap, at least 0 and below 1 (HiGHS ignores a value it cannot
/// use and would silently solve to its own default).
fn parse_gap(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..1.0).contains(&x) => Ok(x),
        Ok(_) => Err(format!(
            "expected a relative gap from 0 to below 1 (1e-4 is 0.01 %), got {s}"
        )),
        Err(_) => Err(format!("expected a number, got '{s}'")),
    }
}

/// `--runs-effort`: a share of the local search's effort, above 0 and at most 1.
fn parse_effort(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 1.0 => Ok(x),
        Ok(_) => Err(format!("expected a share above 0 and at most 1, got {s}")),
        Err(_) => Err(format!("expected a number, got '{s}'")),
    }
}

/// Exit codes: 0 success, 1 a plan is invalid or no plan could be made, 2 unreadable input.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<ExitCode> = match cli.command {
        Command::Plan(a) => plan::run(a),
        Command::Check(a) => check::run(a),
        Command::Publish(a) => publish::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Speed(a) => speed::run(a),
        Command::Whatif(a) => whatif::run(a),
        Command::WhatifMerge(a) => whatif_merge::run(a),
        Command::Repair(a) => repair::run(a),
        Command::Marginal(a) => marginal::run(a),
        Command::Compare(a) => compare::run(a),
        Command::ImportVolunteers(a) => import::run(a),
        Command::Serve(a) => serve::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Errors quote the input (ids, names): no escape sequence reaches the terminal.
            let safe = |t: String| renfort::report::text::terminal_safe(&t);
            if let Some(errs) = e.downcast_ref::<InputErrors>() {
                eprint!("{}", safe(format!("error: {errs}")));
                eprintln!("Nothing was written.");
                return ExitCode::from(2);
            }
            if let Some(err) = e.downcast_ref::<InputError>() {
                eprintln!("{}", safe(format!("error: {err}")));
                eprintln!("Nothing was written.");
                return ExitCode::from(2);
            }
            eprintln!("{}", safe(format!("error: {e:#}")));
            ExitCode::from(1)
        }
    }
}

/// A name from a dataset or scenario file made safe as one folder name under `out/`: a
/// name such as "fermeture 24/12" or "../x" used to make nested folders, or a folder
/// outside `out/`. Path separators and characters Windows refuses become `-`, and leading
/// dots go.
pub fn folder_name(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    cleaned.trim_start_matches(['.', '-', ' ']).to_string()
}

/// A folder beside a plan folder: `out/aura-2026-12` → `out/aura-2026-12-<suffix>`.
pub fn beside(plan: &Path, suffix: &str) -> PathBuf {
    let name = plan
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    plan.with_file_name(format!("{name}-{suffix}"))
}

/// The last line of a command that wrote a folder, in the planner's language.
pub fn print_written(lang: renfort::report::Lang, out: &Path) {
    let written = match lang {
        renfort::report::Lang::Fr => "Écrit dans",
        renfort::report::Lang::En => "Written to",
    };
    println!("{written} {}", out.display());
}

/// The name of a dataset's folder, for default output folders: two copies of a dataset
/// share `dataset.toml`'s name, and their plans must not overwrite each other. The
/// dataset's name when the folder has none (`.` resolved, `/`).
pub fn dataset_folder_name(dir: &Path, ds: &Dataset) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(dir)
        .filter(|n| n != "." && n != "..")
        .or_else(|| dir.canonicalize().ok().as_deref().and_then(named))
        .unwrap_or_else(|| ds.name.clone())
}

/// Default output folder: out/<dataset name>-<horizon>, without repeating a month the
/// dataset's name already ends with (out/aura-2026-12, not out/aura-2026-12-2026-12).
pub fn default_out(dataset_name: &str, horizon: &Horizon) -> PathBuf {
    let label = horizon.label();
    let name = folder_name(dataset_name);
    let name = if name.is_empty() { "plan" } else { &name };
    if name.ends_with(&label) {
        PathBuf::from("out").join(name)
    } else {
        PathBuf::from("out").join(format!("{name}-{label}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a dataset named "../../esc" wrote its plan outside `out/`, a scenario
    /// named "fermeture 24/12" into nested folders.
    #[test]
    fn default_output_folders_stay_one_folder_under_out() {
        let h = Horizon::parse_month("2026-12").unwrap();
        assert_eq!(
            default_out("../../esc", &h),
            PathBuf::from("out/esc-2026-12")
        );
        assert_eq!(folder_name("fermeture 24/12"), "fermeture 24-12");
        assert_eq!(folder_name(".."), "");
        assert_eq!(default_out("..", &h), PathBuf::from("out/plan-2026-12"));
        assert_eq!(
            default_out("aura-2026-12", &h),
            PathBuf::from("out/aura-2026-12")
        );
    }

    #[test]
    fn numeric_flags_refuse_what_the_solver_cannot_use() {
        assert_eq!(parse_seconds("0.5"), Ok(0.5));
        // "1e20": regression (hostile input), a deadline past Duration's range panicked.
        for bad in ["0", "-1", "nan", "inf", "abc", "", "1e20", "10000001"] {
            assert!(parse_seconds(bad).is_err(), "--time-limit {bad}");
        }
        assert_eq!(parse_gap("0"), Ok(0.0));
        assert_eq!(parse_gap("1e-4"), Ok(1e-4));
        for bad in ["1", "2", "-0.1", "nan", "x"] {
            assert!(parse_gap(bad).is_err(), "--mip-gap {bad}");
        }
        assert_eq!(parse_effort("1"), Ok(1.0));
        for bad in ["0", "1.5", "nan", "x"] {
            assert!(parse_effort(bad).is_err(), "--runs-effort {bad}");
        }
    }
}
