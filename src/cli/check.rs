//! `renfort check`: a dataset's digest, or a plan's violations and metrics.

use super::HorizonArgs;
use anyhow::Result;
use clap::Args;
use renfort::io::plan::another_month;
use renfort::io::{load_policy, read_plan, validate_for_horizon_with};
use renfort::rules::{hard, metrics};
use renfort::Instance;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct CheckArgs {
    /// Dataset folder.
    dataset: PathBuf,
    /// A plan folder (with plan.csv) to check against the dataset.
    plan: Option<PathBuf>,
    /// Policy file (default: the built-in defaults).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    #[command(flatten)]
    horizon: HorizonArgs,
}

pub fn run(a: CheckArgs) -> Result<ExitCode> {
    let policy = load_policy(a.model.as_deref())?;
    let super::ForHorizon {
        mut ds, pin_errors, ..
    } = super::load_for_horizon(&a.dataset)?;
    a.horizon.add_history(&mut ds)?;
    let horizon = a.horizon.resolve(&ds.month)?;
    let inst = Instance::new(&ds, &policy, horizon);
    validate_for_horizon_with(&inst, &a.dataset, &pin_errors)?;
    match &a.plan {
        None => {
            print!("{}", renfort::report::text::terminal_safe(&digest(&inst)));
            Ok(ExitCode::SUCCESS)
        }
        Some(dir) => check_plan(&inst, dir),
    }
}

fn digest(inst: &Instance) -> String {
    let ds = inst.dataset;
    let offered = ds
        .availability
        .iter()
        .filter(|(_, d)| inst.horizon.contains(*d))
        .count();
    let offering: BTreeSet<usize> = ds
        .availability
        .iter()
        .filter(|(_, d)| inst.horizon.contains(*d))
        .map(|(v, _)| *v)
        .collect();
    let service: usize = (0..ds.sites.len())
        .map(|s| inst.service_days(s).len())
        .sum();
    let demand: u64 = (0..ds.sites.len())
        .flat_map(|s| inst.service_days(s))
        .map(|sd| sd.demand as u64)
        .sum();
    let reached: BTreeSet<usize> = inst.candidates().iter().map(|c| c.site).collect();
    let able: BTreeSet<usize> = inst.candidates().iter().map(|c| c.volunteer).collect();
    let named = |s: usize| format!("{} ({})", ds.sites[s].id, ds.sites[s].name);
    // A site without a service day needs nobody: not the same news as a site nobody reaches.
    let idle: Vec<String> = (0..ds.sites.len())
        .filter(|&s| inst.service_days(s).is_empty())
        .map(named)
        .collect();
    let unreachable: Vec<String> = (0..ds.sites.len())
        .filter(|&s| !reached.contains(&s) && !inst.service_days(s).is_empty())
        .map(named)
        .collect();
    let mut o = format!("Dataset {} is valid for {}.\n", ds.name, inst.horizon);
    o += &format!("  zones                 {}\n", ds.zones.len());
    o += &format!(
        "  sites                 {} ({} service days, {} doctor-days wanted)\n",
        ds.sites.len(),
        service,
        demand
    );
    o += &format!(
        "  volunteers            {} ({} authorised, {} awaiting authorisation)\n",
        ds.volunteers.len(),
        ds.volunteers.iter().filter(|v| v.authorized).count(),
        ds.volunteers.iter().filter(|v| !v.authorized).count()
    );
    o += &format!(
        "  offered days          {} by {} volunteers in the horizon\n",
        offered,
        offering.len()
    );
    o += &format!(
        "  eligible (volunteer, site, day)  {} ({} volunteers can work somewhere)\n",
        inst.candidates().len(),
        able.len()
    );
    o += &format!("  pinned assignments    {}\n", ds.pinned.len());
    o += &history_digest(inst);
    if !idle.is_empty() {
        o += &format!(
            "  sites with no service day in the horizon (never open, closed or no demand) ({}): {}\n",
            idle.len(),
            idle.join(", ")
        );
    }
    if unreachable.is_empty() {
        o += "  every site with service days can be reached by at least one volunteer\n";
    } else {
        o += &format!(
            "  sites no volunteer can reach ({}): {}\n",
            unreachable.len(),
            unreachable.join(", ")
        );
    }
    o
}

/// The history before the horizon: where it was read, the months it covers, and each
/// site's last vacation and carried gap (the service days without a doctor since).
fn history_digest(inst: &Instance) -> String {
    let ds = inst.dataset;
    let h = &ds.history;
    if h.is_empty() {
        return "  history               none (continuity is measured from the horizon's start)\n"
            .into();
    }
    let months: BTreeSet<String> = h
        .visits
        .keys()
        .map(|p| p.date.format("%Y-%m").to_string())
        .collect();
    let files: Vec<&str> = h.files.iter().map(|f| f.name.as_str()).collect();
    let mut o = format!(
        "  history               {} vacations from {}; months {}\n",
        h.len(),
        files.join(", "),
        months.into_iter().collect::<Vec<_>>().join(", ")
    );
    o += "    site      last vacation  carried gap (service days without a doctor since)\n";
    for (s, site) in ds.sites.iter().enumerate() {
        let (last, gap) = match (inst.last_before(s), inst.carried_gap(s)) {
            (Some(l), Some(g)) => (l.to_string(), g.to_string()),
            _ => (
                "-".to_owned(),
                "- (no history: measured from the start)".to_owned(),
            ),
        };
        o += &format!("    {:<9} {:<14} {}\n", site.id, last, gap);
    }
    o
}

fn check_plan(inst: &Instance, dir: &std::path::Path) -> Result<ExitCode> {
    let read = read_plan(inst.dataset, dir)?;
    let mut problems: Vec<String> = read
        .duplicates
        .iter()
        .map(|(line, first)| format!("plan.csv line {line} repeats the assignment of line {first}"))
        .collect();
    problems.extend(hard::check(inst, &read.plan).iter().map(|v| v.to_string()));
    let m = metrics::compute(inst, &read.plan);
    for p in &problems {
        println!("VIOLATION {p}");
    }
    println!(
        "{} assignments; uncovered {}/{} doctor-days; covered site-days {}; breaks {}; long-gap excess {}; longest gap {}",
        m.assigned_days,
        m.uncovered_doctor_days,
        m.demand_doctor_days,
        m.covered_site_days,
        m.breaks,
        m.long_gap_excess,
        m.longest_gap
    );
    println!(
        "travel {:.1} km; bed nights {}; preference misses {}; new pairs {}; cost {:.2} EUR; objective {:.3}",
        m.travel_km,
        m.bed_nights,
        m.preference_misses,
        m.new_pairs,
        m.cost_eur,
        m.objective(inst)
    );
    if problems.is_empty() {
        println!("valid: the plan keeps every hard rule (H1 to H6)");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("not valid: {} violation(s)", problems.len());
        if let Some(why) = another_month(&read.plan, &inst.horizon) {
            println!("the plan: {why}");
        }
        Ok(ExitCode::from(1))
    }
}
