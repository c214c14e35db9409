//! `renfort whatif`: baseline and scenario side by side (see `renfort::whatif`).

use super::HorizonArgs;
use anyhow::{Context, Result};
use clap::Args;
use renfort::io::dataset_write::dataset_files;
use renfort::io::{load_policy, validate_for_horizon_with, OutputDir};
use renfort::model::{Dataset, Horizon, Policy};
use renfort::report::Lang;
use renfort::whatif::communes::Communes;
use renfort::whatif::files::{policy_toml, write_plan};
use renfort::whatif::report::{Report, ShardRuns, Solvers};
use renfort::whatif::scenario::Scenario;
use renfort::whatif::shard::{self, Shard};
use renfort::whatif::{
    apply, compare, dropout_runs, solve_case, solve_scenario, why, Figures, Solver,
};
use renfort::{Instance, SolveOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Default communes file, relative to the project folder (shared/ sits beside it).
const DEFAULT_COMMUNES: &str = "../shared/data/communes_fr.csv";

#[derive(Args)]
pub struct WhatifArgs {
    /// Dataset folder.
    dataset: PathBuf,
    /// Scenario file (TOML; see docs/whatif.md and scenarios/).
    #[arg(long, value_name = "FILE")]
    scenario: PathBuf,
    /// Policy file the baseline uses (the scenario's [policy] applies on top).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Dropout runs (default: the scenario's `runs`, else 100); ignored without dropout.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    runs: Option<u32>,
    /// Random seed (default: the scenario's `seed`, else 1): same seed, same numbers.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Communes CSV for places given by INSEE code or department (overrides the scenario's).
    #[arg(long, value_name = "FILE")]
    communes: Option<PathBuf>,
    /// Let the scenario name files outside its own folder (an absolute path, `..`): refused
    /// by default, since a scenario may come from someone else (the web app's uploads).
    #[arg(long)]
    allow_outside_paths: bool,
    /// Output folder (default: out/whatif-<scenario name>, a shard's
    /// out/whatif-<scenario name>-shard-I-of-N).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Time limit of each solve, in seconds.
    #[arg(long, value_name = "SECONDS", value_parser = super::parse_seconds, default_value_t = 60.0)]
    time_limit: f64,
    /// HiGHS threads per solve (default: HiGHS's own choice).
    #[arg(long, value_name = "N", value_parser = super::threads_parser())]
    threads: Option<u32>,
    /// Solver of the dropout runs: `local` (default: local search at --runs-effort, runs in
    /// parallel) or `ilp` (exact, one run at a time: HiGHS solves are never run at once).
    #[arg(long, value_enum, default_value_t = RunsSolver::Local)]
    runs_solver: RunsSolver,
    /// Share of the usual local search each dropout run does (0–1].
    #[arg(long, value_name = "E", value_parser = super::parse_effort, default_value_t = 0.1)]
    runs_effort: f64,
    /// Do only shard I of N of the dropout runs (runs r with (r - 1) mod N = I - 1), for a
    /// batch engine to run N processes; `renfort whatif-merge` joins their folders into the
    /// table of one run (docs/scale-out.md).
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
    #[command(flatten)]
    horizon: HorizonArgs,
    /// Language of the printed table (the files keep the metric codes).
    #[arg(long, value_parser = super::choice::<Lang>(), default_value_t = Lang::Fr)]
    lang: Lang,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RunsSolver {
    Local,
    Ilp,
}

pub fn run(a: WhatifArgs) -> Result<ExitCode> {
    let policy = load_policy(a.model.as_deref())?;
    let super::ForHorizon {
        mut ds, pin_errors, ..
    } = super::load_for_horizon(&a.dataset)?;
    a.horizon.add_history(&mut ds)?;
    let horizon = a.horizon.resolve(&ds.month)?;
    validate_for_horizon_with(
        &Instance::new(&ds, &policy, horizon),
        &a.dataset,
        &pin_errors,
    )?;
    let sc = Scenario::load(
        &a.scenario,
        // With --communes, the scenario's own path is never read.
        a.allow_outside_paths || a.communes.is_some(),
    )?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| default_out(&sc.name, a.shard));
    let inputs = [
        Some(a.dataset.as_path()),
        Some(a.scenario.as_path()),
        a.model.as_deref(),
    ];
    let dir = super::open_out(&out, "--out", inputs)?;
    let communes = communes_for(&a, &sc)?;
    let seed = a.seed.or(sc.seed).unwrap_or(1);
    let runs = if sc.dropout.is_active() {
        a.runs.or(sc.runs).unwrap_or(100)
    } else {
        0
    };
    let mut applied = apply::apply(&ds, &policy, &sc, communes.as_ref(), &horizon, seed)?;
    check_shard(a.shard, runs)?;
    let run_ids = a.shard.unwrap_or(Shard { index: 1, count: 1 }).runs(runs);
    if a.runs.is_some() && runs == 0 {
        applied
            .notes
            .push("--runs is ignored: the scenario has no [dropout]".into());
    }

    let (solver, runs_solver) = solvers(&a);
    let base = solve_case(&solver, &ds, &policy, horizon, "the baseline")?;
    let scen = solve_scenario(
        &solver,
        (&base, &ds, &policy),
        &applied.dataset,
        &applied.policy,
        horizon,
    )?;
    let t0 = Instant::now();
    let run_figs = dropout_runs(
        &runs_solver,
        &applied.dataset,
        &applied.policy,
        horizon,
        &sc.dropout,
        (&run_ids, seed),
        &scen.plan,
    )?;
    let runs_seconds = t0.elapsed().as_secs_f64();
    let rows = compare::rows(&base.figures, &scen.figures, &run_figs);

    let scen_inst = Instance::new(&applied.dataset, &applied.policy, horizon);
    let reasons = why::why(&scen_inst, &scen.plan, &applied.touched_sites);
    let base_inst = Instance::new(&ds, &policy, horizon);
    write_plan(
        &dir,
        "baseline/",
        &base_inst,
        &base.plan,
        &base.outcome,
        None,
    )?;
    write_plan(
        &dir,
        "scenario/",
        &scen_inst,
        &scen.plan,
        &scen.outcome,
        None,
    )?;
    let mut scen_ds = applied.dataset.clone();
    scen_ds.name = format!("{} + {}", ds.name, sc.name);
    write_tables(&dir, &scen_ds, &applied.policy, &rows, &run_ids, &run_figs)?;
    let report = Report {
        scenario: &sc.name,
        description: sc.description.as_deref(),
        dataset: &ds.name,
        horizon: (&horizon).into(),
        seed,
        runs,
        dropout: sc.dropout,
        runs_seconds,
        solver: Solvers {
            name: base.outcome.solver,
            runs: if runs_solver.concurrent {
                format!("local search, effort {}, in parallel", a.runs_effort)
            } else {
                "ilp, one at a time".to_owned()
            },
            concurrent_runs: runs_solver.concurrent,
            baseline_status: base.outcome.status.as_str(),
            scenario_status: scen.outcome.status.as_str(),
        },
        notes: &applied.notes,
        touched_zones: &applied.touched_zones,
        uncovered_at_touched_sites: &reasons,
        rows: &rows,
        // A shard's table holds its own runs only: `partial` until merged.
        partial: a.shard.map(|_| true),
        shard: a.shard.map(|sh| ShardRuns::new(sh, &run_ids)),
    };
    dir.write("whatif.json", &report.to_json()?)?;
    dir.commit()
        .with_context(|| format!("cannot write the output folder {}", out.display()))?;
    if !a.quiet {
        print_result(&a, &report, &applied.dataset, &horizon, &run_ids, &out);
    }
    Ok(ExitCode::SUCCESS)
}

/// out/whatif-<scenario>, a shard's out/whatif-<scenario>-shard-I-of-N: shards run side by
/// side on one machine must not replace each other's folder.
fn default_out(scenario: &str, shard: Option<Shard>) -> PathBuf {
    let name = super::folder_name(scenario);
    PathBuf::from("out").join(match shard {
        Some(sh) => format!("whatif-{name}-shard-{}-of-{}", sh.index, sh.count),
        None => format!("whatif-{name}"),
    })
}

/// The scenario's dataset and policy as files, whatif.csv, and runs.csv when there are runs.
fn write_tables(
    dir: &OutputDir,
    scen_ds: &Dataset,
    scen_policy: &Policy,
    rows: &[compare::Row],
    run_ids: &[u64],
    run_figs: &[Figures],
) -> Result<()> {
    for (name, bytes) in dataset_files(scen_ds) {
        dir.write(&format!("scenario-dataset/{name}"), &bytes)?;
    }
    dir.write("scenario-model.toml", policy_toml(scen_policy).as_bytes())?;
    dir.write("whatif.csv", &compare::to_csv(rows))?;
    if !run_ids.is_empty() {
        let values: Vec<shard::RunValues> = run_ids
            .iter()
            .zip(run_figs)
            .map(|(r, f)| (*r, compare::run_values(rows, f)))
            .collect();
        dir.write("runs.csv", &shard::runs_csv(rows, &values))?;
    }
    Ok(())
}

/// The printed table, the runs' lines and where the files are.
fn print_result(
    a: &WhatifArgs,
    report: &Report,
    scen_ds: &Dataset,
    horizon: &Horizon,
    run_ids: &[u64],
    out: &Path,
) {
    let names: Vec<(String, String)> = scen_ds
        .zones
        .iter()
        .map(|z| (z.id.clone(), z.name.clone()))
        .collect();
    let table = Table {
        lang: a.lang,
        scenario: report.scenario,
        dataset: report.dataset,
        horizon: &horizon.label(),
        runs: run_ids.len() as u32,
        zones: &names,
        touched: report.touched_zones,
        rows: report.rows,
        reasons: report.uncovered_at_touched_sites,
        notes: report.notes,
    };
    print_table(&table);
    print_runs(
        a,
        run_ids,
        report.runs,
        report.runs_seconds,
        report.solver.concurrent_runs,
        report.seed,
    );
    println!();
    super::print_written(a.lang, out);
}

/// The solver of the baseline and the scenario (exact: local search, then the ILP from its
/// plan), and that of the dropout runs.
fn solvers(a: &WhatifArgs) -> (Solver, Solver) {
    let solver = Solver::ilp(SolveOptions {
        time_limit: Some(Duration::from_secs_f64(a.time_limit)),
        threads: a.threads,
        kind: renfort::solve::SolverKind::Auto,
        tuning: super::tuning::from_env(),
        ..Default::default()
    });
    let runs_solver = match a.runs_solver {
        RunsSolver::Ilp => solver.clone(),
        RunsSolver::Local => Solver::local(SolveOptions {
            time_limit: Some(Duration::from_secs_f64(a.time_limit)),
            effort: a.runs_effort,
            tuning: super::tuning::from_env(),
            ..Default::default()
        }),
    };
    (solver, runs_solver)
}

/// The communes file, when the scenario places sites or volunteers by commune.
fn communes_for(a: &WhatifArgs, sc: &Scenario) -> Result<Option<Communes>> {
    if !sc.needs_communes() {
        return Ok(None);
    }
    {
        let path = a
            .communes
            .clone()
            .or(sc.communes.clone())
            .unwrap_or_else(|| PathBuf::from(DEFAULT_COMMUNES));
        if a.communes.is_none() && sc.communes.is_none() && !path.is_file() {
            // The default is relative to the project folder: elsewhere, say what to give.
            anyhow::bail!(
                "this scenario places new sites or volunteers by commune and needs the \
                 communes file: give --communes FILE (communes_fr.csv), or `communes = \
                 \"FILE\"` in the scenario; {DEFAULT_COMMUNES} is not here"
            );
        }
        Ok(Some(Communes::read(
            &path,
            &renfort::whatif::communes::NEEDS,
        )?))
    }
}

/// A shard needs runs to split, and no more shards than runs.
fn check_shard(shard: Option<Shard>, runs: u32) -> Result<()> {
    if let Some(sh) = shard {
        if runs == 0 {
            return Err(super::bad_argument(format!(
                "--shard {}/{}: the scenario has no [dropout], so no runs to split",
                sh.index, sh.count
            ))
            .into());
        }
        if sh.count > runs {
            return Err(super::bad_argument(format!(
                "--shard {}/{}: more shards than the {runs} runs (N must be at most the runs)",
                sh.index, sh.count
            ))
            .into());
        }
    }
    Ok(())
}

/// The lines after the table: which runs a shard did, and how fast the runs went.
fn print_runs(
    a: &WhatifArgs,
    run_ids: &[u64],
    runs: u32,
    runs_seconds: f64,
    concurrent: bool,
    seed: u64,
) {
    if let Some(sh) = a.shard {
        let list: Vec<String> = run_ids.iter().map(u64::to_string).collect();
        let list = renfort::report::words::cut(&list.join(", "), 40);
        match a.lang {
            Lang::Fr => println!(
                "\nTranche {}/{} : tirages {list} ({} sur {runs}).\n\
                     Tableau partiel : renfort whatif-merge réunit les tranches.",
                sh.index,
                sh.count,
                run_ids.len()
            ),
            Lang::En => println!(
                "\nShard {}/{}: runs {list} ({} of {runs}).\n\
                     Partial table: renfort whatif-merge joins the shards.",
                sh.index,
                sh.count,
                run_ids.len()
            ),
        }
    }
    if runs > 0 {
        let done = run_ids.len();
        let per_s = done as f64 / runs_seconds.max(1e-9);
        match (a.lang, concurrent) {
                (Lang::Fr, c) => println!(
                    "\n{done} tirages en {runs_seconds:.1} s ({per_s:.2} par seconde, {}, graine {seed})",
                    if c { "recherche locale, en parallèle" } else { "ILP, un à la fois" }
                ),
                (Lang::En, c) => println!(
                    "\n{done} draws in {runs_seconds:.1} s ({per_s:.2} per second, {}, seed {seed})",
                    if c { "local search, in parallel" } else { "ILP, one at a time" }
                ),
            }
    }
}

/// What `print_table` shows: a what-if's table, its reasons and notes.
pub struct Table<'a> {
    pub lang: Lang,
    pub scenario: &'a str,
    pub dataset: &'a str,
    pub horizon: &'a str,
    /// Dropout runs the rows are computed over (0: none).
    pub runs: u32,
    pub zones: &'a [(String, String)],
    pub touched: &'a [String],
    pub rows: &'a [compare::Row],
    pub reasons: &'a [why::SiteWhy],
    pub notes: &'a [String],
}

/// The what-if's table in words on stdout (`renfort whatif` and `renfort whatif-merge`).
pub fn print_table(t: &Table) {
    let title = match t.lang {
        Lang::Fr => format!("Et si : {} ({}, {})", t.scenario, t.dataset, t.horizon),
        Lang::En => format!("What if: {} ({}, {})", t.scenario, t.dataset, t.horizon),
    };
    let view = compare::View {
        lang: t.lang,
        title: &title,
        runs: t.runs,
        zones: t.zones,
        touched: t.touched,
    };
    print!("{}", compare::markdown(&view, t.rows));
    print!("{}", why::render(t.lang, t.reasons, compare::COLUMNS));
    for n in t.notes {
        match t.lang {
            Lang::Fr => println!("\nNote : {n}"),
            Lang::En => println!("\nNote: {n}"),
        }
    }
}
