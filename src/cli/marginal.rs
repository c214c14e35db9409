//! `renfort marginal`: where one more doctor would help most (see `renfort::whatif::marginal`).

use super::{default_out, HorizonArgs};
use anyhow::{Context, Result};
use clap::Args;
use renfort::io::{load_policy, read_plan_for, validate_for_horizon_with};
use renfort::report::Lang;
use renfort::whatif::marginal::{exact_fits, marginal, markdown, to_csv, By};
use renfort::whatif::{plan_of, Solver};
use renfort::{Instance, SolveOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct MarginalArgs {
    /// Dataset folder.
    dataset: PathBuf,
    /// A plan folder to start from (default: the plan renfort makes).
    plan: Option<PathBuf>,
    /// One row per site and weekday, or per site and date.
    #[arg(long, value_parser = super::choice::<By>(), default_value_t = By::Weekday)]
    by: By,
    /// Policy file.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Re-solve every case, whatever the size.
    #[arg(long, conflicts_with = "estimate")]
    exact: bool,
    /// Estimate every case (insertion into the base plan), whatever the size.
    #[arg(long)]
    estimate: bool,
    /// Re-solve every case when candidates × cases is at most this.
    #[arg(long, value_name = "N", default_value_t = 50_000)]
    budget: u64,
    /// Language of the printed table (marginal.csv keeps the codes).
    #[arg(long, value_parser = super::choice::<Lang>(), default_value_t = Lang::Fr)]
    lang: Lang,
    /// Rows printed (all are in marginal.csv).
    #[arg(long, value_name = "N", default_value_t = 40)]
    limit: usize,
    /// Output folder (default: out/<dataset>-<month>-marginal).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Time limit of each solve, in seconds.
    #[arg(long, value_name = "SECONDS", value_parser = super::parse_seconds, default_value_t = 60.0)]
    time_limit: f64,
    /// HiGHS threads per solve (default: HiGHS's own choice).
    #[arg(long, value_name = "N", value_parser = super::threads_parser())]
    threads: Option<u32>,
    #[command(flatten)]
    horizon: HorizonArgs,
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(a: MarginalArgs) -> Result<ExitCode> {
    let policy = load_policy(a.model.as_deref())?;
    let super::ForHorizon {
        mut ds, pin_errors, ..
    } = super::load_for_horizon(&a.dataset)?;
    a.horizon.add_history(&mut ds)?;
    let horizon = a.horizon.resolve(&ds.month)?;
    let out = a.out.clone().unwrap_or_else(|| {
        let mut p =
            default_out(&super::dataset_folder_name(&a.dataset, &ds), &horizon).into_os_string();
        p.push("-marginal");
        PathBuf::from(p)
    });
    let inputs = [
        Some(a.dataset.as_path()),
        a.plan.as_deref(),
        a.model.as_deref(),
    ];
    let dir = super::open_out(&out, "--out", inputs)?;
    let inst = Instance::new(&ds, &policy, horizon);
    validate_for_horizon_with(&inst, &a.dataset, &pin_errors)?;
    let solver = Solver::ilp(SolveOptions {
        time_limit: Some(Duration::from_secs_f64(a.time_limit)),
        threads: a.threads,
        tuning: super::tuning::from_env(),
        ..Default::default()
    });
    let base = match &a.plan {
        Some(dir) => {
            let plan = read_plan_for(&ds, dir, &horizon)?.plan;
            super::warn_broken_rules(
                &inst,
                &plan,
                horizon.first,
                "the gains are measured from it as given",
            );
            plan
        }
        None => plan_of(&mut solver.run(&inst), &ds, "the base case")?,
    };
    let exact = a.exact || (!a.estimate && exact_fits(&inst, a.by, a.budget));
    let rows = marginal(&solver, &inst, &base, a.by, exact)?;

    dir.write("marginal.csv", &to_csv(&rows))?;
    dir.commit()
        .with_context(|| format!("cannot write the output folder {}", out.display()))?;
    if !a.quiet {
        let fr = a.lang == Lang::Fr;
        println!(
            "{}",
            match (fr, a.by, exact) {
                (true, By::Weekday, _) =>
                    "## Un médecin de plus : objectif gagné, par site et jour de la semaine",
                (true, By::Date, _) => "## Un médecin de plus : objectif gagné, par site et date",
                (false, By::Weekday, _) =>
                    "## One more doctor: objective gained, by site and weekday",
                (false, By::Date, _) => "## One more doctor: objective gained, by site and date",
            }
        );
        println!(
            "{}\n",
            match (fr, exact) {
                (true, true) => "(exact : chaque cas recalculé)",
                (true, false) =>
                    "(estimé : insertion dans le plan de base, un minimum du gain exact)",
                (false, true) => "(exact: every case re-solved)",
                (false, false) =>
                    "(estimated: insertion into the base plan, a lower bound on the exact gain)",
            }
        );
        print!("{}", markdown(&rows, a.limit, a.lang));
        println!();
        super::print_written(a.lang, &out);
    }
    Ok(ExitCode::SUCCESS)
}
