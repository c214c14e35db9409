//! `renfort speed`: solves the same instance with each formulation and lever of the exact
//! solve, alternately, in this one process, and prints medians and the ratio to the plain
//! formulation; or the default beside one variant of it (a lever off, another formulation).
//! Speed claims are ratios measured here, never absolute times from another machine.

use super::HorizonArgs;
use anyhow::Result;
use clap::Args;
use renfort::io::{load_policy, validate_for_horizon};
use renfort::rules::metrics;
use renfort::solve::{Formulation, ProvedBy, SolveOptions, SolverKind};
use renfort::Instance;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct SpeedArgs {
    /// Dataset folders.
    #[arg(required = true)]
    datasets: Vec<PathBuf>,
    /// Policy file (default: the built-in defaults, identical to models/default.toml).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    #[command(flatten)]
    horizon: HorizonArgs,
    /// Runs per formulation (the median is reported).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..), default_value_t = 3)]
    runs: u64,
    /// Time limit per solve, seconds.
    #[arg(long, value_parser = super::parse_seconds, default_value_t = 300.0)]
    time_limit: f64,
    /// HiGHS threads (1 keeps runs comparable on a shared machine).
    #[arg(long, value_parser = super::threads_parser(), default_value_t = 1)]
    threads: u32,
    /// Only the plain formulation and the default (the 10x check), not every lever and
    /// option: a quarter to two thirds of the time on AuRA-size datasets (plain itself
    /// takes the most).
    #[arg(long)]
    quick: bool,
    #[command(flatten)]
    variant: Variant,
}

/// The levers of the exact solve a developer turns to see what each is worth: given any,
/// `speed` times the default beside the default with these changed (the ratio is to the
/// default).
#[derive(Args)]
#[command(next_help_heading = "One variant, timed beside the default")]
struct Variant {
    /// The MIP formulation to build.
    #[arg(long, value_parser = super::choice::<Formulation>(), conflicts_with = "quick")]
    formulation: Option<Formulation>,
    /// Solve the whole problem at once instead of its independent parts apart.
    #[arg(long, conflicts_with = "quick")]
    no_decompose: bool,
    /// Don't leave out, before the exact solve, what the LP's reduced costs rule out.
    #[arg(long, conflicts_with = "quick")]
    no_rc_fixing: bool,
    /// Don't try renfort's own small branch-and-bound on the LP relaxation in hand before
    /// HiGHS's MIP solver.
    #[arg(long, conflicts_with = "quick")]
    no_branch_and_bound: bool,
    /// Don't add zero-half cuts to the root LP of renfort's own branch-and-bound.
    #[arg(long, conflicts_with = "quick")]
    no_root_cuts: bool,
    /// List every volunteer's schedules instead of the block-pair hull for those with a
    /// monthly cap of 2.
    #[arg(long, conflicts_with = "quick")]
    no_block_pairs: bool,
}

impl Variant {
    /// The flags given, as typed (empty: no variant asked for).
    fn label(&self) -> String {
        let mut flags: Vec<String> = self
            .formulation
            .map(|f| format!("--formulation {f}"))
            .into_iter()
            .collect();
        for (on, flag) in [
            (self.no_decompose, "--no-decompose"),
            (self.no_rc_fixing, "--no-rc-fixing"),
            (self.no_branch_and_bound, "--no-branch-and-bound"),
            (self.no_root_cuts, "--no-root-cuts"),
            (self.no_block_pairs, "--no-block-pairs"),
        ] {
            if on {
                flags.push(flag.to_owned());
            }
        }
        flags.join(" ")
    }

    /// `default` with the variant's levers changed.
    fn apply(&self, default: SolveOptions) -> SolveOptions {
        SolveOptions {
            formulation: self.formulation.unwrap_or(default.formulation),
            decompose: default.decompose && !self.no_decompose,
            rc_fixing: default.rc_fixing && !self.no_rc_fixing,
            branch_and_bound: default.branch_and_bound && !self.no_branch_and_bound,
            root_cuts: default.root_cuts && !self.no_root_cuts,
            block_pairs: default.block_pairs && !self.no_block_pairs,
            ..default
        }
    }
}

/// The label of the default's row (see `run`), the one `--quick` keeps beside plain.
const DEFAULT_ROW: &str = "+ zero-half cuts at the root (ilp, default)";

/// The summary also counts the datasets at 10x among those where plain takes at least this
/// many seconds (median). Why: where plain itself ends in 1-3 s, 10x asks for 0.1-0.3 s,
/// about what renfort's start (model, LP, restricted MIP) and a few dozen of HiGHS's
/// fixed-cost LP runs take, and plain's own time varies by a factor of up to 5 there from
/// run to run (z170-s71: 15.1 s in one run, 3.0 s as a median of 3); a floor makes the
/// count measure the solver rather than the timer (see docs/performance.md).
const SLOW_PLAIN: f64 = 5.0;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

pub fn run(a: SpeedArgs) -> Result<ExitCode> {
    let policy = load_policy(a.model.as_deref())?;
    let runs = a.runs;
    let tuning = super::tuning::from_env();
    // The first row of each dataset is the one the others are timed against.
    let base = if a.variant.label().is_empty() {
        "plain"
    } else {
        "the default"
    };
    println!("| dataset | candidates | formulation | median s | objective | status | gap | speed-up vs {base} | notes |");
    println!("|---|---:|---|---:|---:|---|---:|---:|---|");
    let mut ratios: Vec<Vec<f64>> = Vec::new();
    // Per dataset, in the order of each lever's ratios: whether plain's median is at least
    // `SLOW_PLAIN`.
    let mut slow: Vec<bool> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    for dir in &a.datasets {
        let mut ds = super::load_dataset(dir)?;
        a.horizon.add_history(&mut ds)?;
        let horizon = a.horizon.resolve(&ds.month)?;
        let inst = Instance::new(&ds, &policy, horizon);
        validate_for_horizon(&inst, dir)?;
        // Each lever on top of the previous one, so each row shows its own effect.
        let lever = |formulation, decompose, lp_start, kind| SolveOptions {
            tuning: tuning.clone(),
            time_limit: Some(Duration::from_secs_f64(a.time_limit)),
            threads: Some(a.threads),
            formulation,
            decompose,
            lp_start,
            kind,
            rc_fixing: false,
            branch_and_bound: false,
            ..Default::default()
        };
        let rc = |kind| SolveOptions {
            rc_fixing: true,
            ..lever(Formulation::Schedules, true, true, kind)
        };
        let search = |kind| SolveOptions {
            branch_and_bound: true,
            root_cuts: false,
            ..rc(kind)
        };
        let default = |kind| SolveOptions {
            root_cuts: true,
            ..search(kind)
        };
        let (sched, ilp) = (Formulation::Schedules, SolverKind::Ilp);
        let variant = a.variant.label();
        let forms: Vec<(String, SolveOptions)> = if !variant.is_empty() {
            vec![
                (DEFAULT_ROW.to_owned(), default(ilp)),
                (variant, a.variant.apply(default(ilp))),
            ]
        } else {
            let ladder = [
                ("plain", lever(Formulation::Plain, false, false, ilp)),
                ("tight", lever(Formulation::Tight, false, false, ilp)),
                (
                    "+ volunteer schedules (listed)",
                    SolveOptions {
                        block_pairs: false,
                        ..lever(sched, false, false, ilp)
                    },
                ),
                ("+ block pairs", lever(sched, false, false, ilp)),
                ("+ components", lever(sched, true, false, ilp)),
                ("+ LP-guided start", lever(sched, true, true, ilp)),
                ("+ reduced-cost fixing", rc(ilp)),
                ("+ own branch-and-bound", search(ilp)),
                (DEFAULT_ROW, default(ilp)),
                ("auto (heuristic first)", default(SolverKind::Auto)),
            ];
            ladder
                .into_iter()
                .filter(|(label, _)| !a.quick || *label == "plain" || *label == DEFAULT_ROW)
                .map(|(label, opts)| (label.to_owned(), opts))
                .collect()
        };
        ratios.resize(forms.len(), Vec::new());
        labels.resize(forms.len(), String::new());
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); forms.len()];
        let mut last = vec![None; forms.len()];
        // Alternate formulations so that machine noise hits both alike.
        for r in 1..=runs {
            for (j, (label, opts)) in forms.iter().enumerate() {
                let out = renfort::solve(&inst, opts);
                // Progress on stderr: a run of plain alone can take minutes.
                eprintln!(
                    "speed: {}, run {r} of {runs}: {label} {:.2} s",
                    ds.name, out.seconds
                );
                times[j].push(out.seconds);
                last[j] = Some(out);
            }
        }
        let base = median(times[0].clone());
        slow.push(base >= SLOW_PLAIN);
        for (j, (label, _)) in forms.iter().enumerate() {
            let out = last[j].as_ref().expect("ran");
            let obj = out
                .plan
                .as_ref()
                .map(|p| metrics::compute(&inst, p).objective(&inst));
            let med = median(times[j].clone());
            let mut notes = Vec::new();
            let stats = &out.stats;
            if stats.proved(|p| p == ProvedBy::Lp) {
                notes.push("LP bound proved the start".to_string());
            }
            if stats.proved(|p| matches!(p, ProvedBy::BranchAndBound { .. })) {
                notes.push(format!(
                    "own branch-and-bound proved it, {} nodes",
                    stats.bnb_nodes()
                ));
            }
            println!(
                "| {} | {} | {} | {:.3} | {} | {} | {} | {:.1}x | {} |",
                ds.name,
                inst.candidates().len(),
                label,
                med,
                obj.map(|o| format!("{o:.2}")).unwrap_or_else(|| "-".into()),
                out.status.as_str(),
                out.gap
                    .map(|g| format!("{g:.1e}"))
                    .unwrap_or_else(|| "-".into()),
                base / med,
                notes.join("; ")
            );
            ratios[j].push(base / med);
            labels[j] = label.clone();
        }
    }
    // Across datasets: the geometric mean of the ratios (a ratio's natural average) and how
    // many datasets reach 10x, in all and where plain is slow enough to time (`SLOW_PLAIN`).
    println!();
    println!(
        "| lever | geometric mean speed-up | min | max | datasets at 10x or more | the same where {base} takes {SLOW_PLAIN:.0} s or more |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let slow_n = slow.iter().filter(|&&s| s).count();
    for (label, r) in labels.iter().zip(&ratios).skip(1) {
        let n = r.len() as f64;
        let geo = (r.iter().map(|x| x.ln()).sum::<f64>() / n).exp();
        let min = r.iter().copied().fold(f64::INFINITY, f64::min);
        let max = r.iter().copied().fold(0.0, f64::max);
        let at10 = r.iter().filter(|&&x| x >= 10.0).count();
        let slow_at10 = r
            .iter()
            .zip(&slow)
            .filter(|&(&x, &s)| s && x >= 10.0)
            .count();
        println!(
            "| {label} | {geo:.1}x | {min:.1}x | {max:.1}x | {at10} of {} | {slow_at10} of {slow_n} |",
            r.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
