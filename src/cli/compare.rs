//! `renfort compare`: every solver on every dataset under every policy, one after the other
//! (never two HiGHS solves at once in this process), so analysts see what optimisation adds
//! over the naive ways of planning. Writes, atomically, `compare.csv`, `compare.md`,
//! `compare.html` and each cell's plan (`plans/<dataset>__<model>__<solver>/plan.csv` and
//! `summary.json`, which `renfort check` and the shared checker can verify), and prints the
//! markdown table.

use anyhow::{Context, Result};
use clap::Args;
use renfort::choice::Choice;
use renfort::io::{load_policy, validate_for_horizon};
use renfort::report::compare::{self, Cell};
use renfort::report::compare_html::{self, RunInfo};
use renfort::report::{plan_csv, Lang, Summary};
use renfort::solve::{SolveOptions, SolverKind, Status};
use renfort::{Dataset, Horizon, Instance, Policy};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct CompareArgs {
    /// Dataset folders (default: every folder of datasets/ with a dataset.toml).
    #[arg(long, num_args = 1.., value_name = "DIR")]
    datasets: Vec<PathBuf>,
    /// Policy files (default: models/*.toml).
    #[arg(long, num_args = 1.., value_name = "FILE")]
    models: Vec<PathBuf>,
    /// Solvers, comma-separated.
    #[arg(
        long,
        value_parser = super::choice::<SolverKind>(),
        value_delimiter = ',',
        default_value = "auto,local,fcfs,neediest"
    )]
    solvers: Vec<SolverKind>,
    /// Time limit of each run, seconds.
    #[arg(long, value_name = "SECONDS", value_parser = super::parse_seconds, default_value_t = 30.0)]
    time_limit: f64,
    /// Solver threads (HiGHS's own choice by default).
    #[arg(long, value_name = "N", value_parser = super::threads_parser())]
    threads: Option<u32>,
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "out/compare")]
    out: PathBuf,
    /// The policy every cell's figures are measured with, so that they compare across
    /// policies (default: the built-in default policy). Each objective stays its own.
    #[arg(long, value_name = "FILE")]
    measure_with: Option<PathBuf>,
    /// Language of the printed table and of compare.html (the CSV keeps the codes).
    #[arg(long, value_parser = super::choice::<Lang>(), default_value_t = Lang::Fr)]
    lang: Lang,
}

/// A file's or folder's name as a label (`aura-2026-12`, `default`).
fn label(path: &Path, stem: bool) -> String {
    let name = if stem {
        path.file_stem()
    } else {
        path.file_name()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The entries of `dir` that `keep` accepts, sorted (empty when `dir` is absent).
fn listed(dir: &str, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| keep(p))
        .collect();
    found.sort();
    found
}

/// Labels name the plan folders, so two inputs may not share one.
fn unique_labels(paths: &[PathBuf], stem: bool, what: &str) -> Result<Vec<String>> {
    let labels: Vec<String> = paths.iter().map(|p| label(p, stem)).collect();
    for (i, l) in labels.iter().enumerate() {
        if labels[..i].contains(l) {
            return Err(super::bad_argument(format!(
                "two {what} are both called '{l}'; rename one (it names the plan folders)"
            ))
            .into());
        }
    }
    Ok(labels)
}

pub fn run(a: CompareArgs) -> Result<ExitCode> {
    let t0 = Instant::now();
    let dirs = if a.datasets.is_empty() {
        listed("datasets", |p| p.join("dataset.toml").is_file())
    } else {
        a.datasets.clone()
    };
    let models = if a.models.is_empty() {
        listed("models", |p| p.extension().is_some_and(|e| e == "toml"))
    } else {
        a.models.clone()
    };
    let out = super::open_out(
        &a.out,
        "--out",
        dirs.iter()
            .chain(&models)
            .chain(&a.measure_with)
            .map(|p| Some(p.as_path())),
    )?;
    let mut solvers: Vec<SolverKind> = Vec::new();
    for k in &a.solvers {
        if !solvers.contains(k) {
            solvers.push(*k);
        }
    }
    let missing: Vec<&str> = [
        (
            dirs.is_empty(),
            "--datasets (no datasets/*/dataset.toml here)",
        ),
        (models.is_empty(), "--models (no models/*.toml here)"),
        (solvers.is_empty(), "--solvers"),
    ]
    .into_iter()
    .filter_map(|(empty, what)| empty.then_some(what))
    .collect();
    if !missing.is_empty() {
        let message = format!("nothing to compare: give {}", missing.join(" and "));
        return Err(super::bad_argument(message).into());
    }
    let ds_labels = unique_labels(&dirs, false, "datasets")?;
    let model_labels = unique_labels(&models, true, "models")?;
    let names: Vec<String> = solvers.iter().map(|k| solver_name(*k)).collect();

    // Every input is read and checked before the first solve: a typo fails in a second.
    let policies = models
        .iter()
        .map(|m| load_policy(Some(m)))
        .collect::<Result<Vec<Policy>, _>>()?;
    let yardstick = load_policy(a.measure_with.as_deref())?;
    let measured_with = match &a.measure_with {
        Some(p) => label(p, true),
        None => "default".to_owned(),
    };
    let mut data: Vec<(Dataset, Horizon)> = Vec::new();
    for dir in &dirs {
        let ds = super::load_dataset(dir)?;
        let horizon = Horizon::parse_month(&ds.month)
            .with_context(|| format!("{}: bad month '{}'", dir.display(), ds.month))?;
        for p in &policies {
            validate_for_horizon(&Instance::new(&ds, p, horizon), dir)?;
        }
        data.push((ds, horizon));
    }

    let total = data.len() * policies.len() * solvers.len();
    let mut cells = Vec::with_capacity(total);
    for ((ds, horizon), ds_label) in data.iter().zip(&ds_labels) {
        for (policy, model_label) in policies.iter().zip(&model_labels) {
            let inst = Instance::new(ds, policy, *horizon);
            let yard = Instance::new(ds, &yardstick, *horizon);
            for (&kind, name) in solvers.iter().zip(&names) {
                let opts = SolveOptions {
                    time_limit: Some(Duration::from_secs_f64(a.time_limit)),
                    threads: a.threads,
                    kind,
                    tuning: super::tuning::from_env(),
                    ..Default::default()
                };
                let mut outcome = renfort::solve(&inst, &opts);
                let plan = match outcome.plan.take() {
                    Some(p) => Some(p),
                    None if outcome.status == Status::Infeasible => None,
                    None => {
                        // Stopped before any plan: the agreed assignments alone are valid,
                        // under the contract's status for that (not `feasible`: issue 27).
                        outcome.status = Status::TimeoutNoSolution;
                        Some(ds.pinned_plan())
                    }
                };
                let key = (ds_label.as_str(), model_label.as_str(), name.as_str());
                if let Some(plan) = &plan {
                    let dir = format!("plans/{ds_label}__{model_label}__{name}");
                    out.write(&format!("{dir}/plan.csv"), &plan_csv::to_csv(&inst, plan))?;
                    let summary = Summary::new(&inst, plan, &outcome);
                    out.write(&format!("{dir}/summary.json"), &summary.to_json())?;
                }
                let cell = Cell::new(key, &inst, (&yard, &measured_with), plan.as_ref(), &outcome);
                eprintln!(
                    "[{}/{total}] {ds_label} × {model_label} × {name}: {} objective {}, {:.2} s",
                    cells.len() + 1,
                    cell.status,
                    compare::fmt(cell.objective, 1),
                    cell.seconds
                );
                cells.push(cell);
            }
        }
    }

    let markdown = compare::to_markdown(&cells, a.lang);
    out.write("compare.csv", &compare::to_csv(&cells)?)?;
    out.write("compare.md", markdown.as_bytes())?;
    let run = RunInfo {
        datasets: ds_labels,
        models: model_labels,
        solvers: names,
        time_limit: a.time_limit,
        total_seconds: t0.elapsed().as_secs_f64(),
        measured_with,
    };
    let page = compare_html::render(&cells, run, a.lang).context("cannot render compare.html")?;
    out.write("compare.html", page.as_bytes())?;
    out.commit()
        .with_context(|| format!("cannot write the output folder {}", a.out.display()))?;
    print!("{markdown}");
    let secs = renfort::report::i18n::number(a.lang, t0.elapsed().as_secs_f64(), 1);
    match a.lang {
        Lang::Fr => println!("\n{total} calculs en {secs} s."),
        Lang::En => println!("\n{total} runs in {secs} s."),
    }
    super::print_written(a.lang, &a.out);
    Ok(ExitCode::SUCCESS)
}

/// The solver's name on the command line (`auto`, `fcfs`...), which also labels its rows.
fn solver_name(kind: SolverKind) -> String {
    kind.name().to_owned()
}
