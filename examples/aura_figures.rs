//! Key figures of a generated AuRA dataset, with the plan the ILP finds under the default
//! policy: what the generator's plausibility constants were tuned on, and where the shipped
//! dataset's README figures come from. Reads `../shared/data` beside the project:
//!
//!     cargo run --release --example aura_figures
//!
//! `FIGURES_SEEDS=2026,1,2` compares seeds (150 volunteers, December 2026).

use renfort::generate::{generate, GenerateOptions, ZoneSource};
use renfort::rules::metrics;
use renfort::{Horizon, Instance, Policy, SolveOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

/// The options of the shipped AuRA month with another seed.
fn aura(seed: u64) -> GenerateOptions {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    GenerateOptions {
        zones: ZoneSource::File(dir.join("aura_zones.csv")),
        communes: dir.join("communes_fr.csv"),
        volunteers: 150,
        partners: 0,
        horizon: Horizon::month(2026, 12).expect("a month"),
        seed,
        months: 1,
        name: "figures".into(),
    }
}

/// The generated files, read back as a dataset.
fn load(files: &[(String, Vec<u8>)]) -> renfort::Dataset {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("written");
    }
    renfort::io::load_dataset(dir.path()).unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    let seeds: Vec<u64> = match std::env::var("FIGURES_SEEDS") {
        Ok(list) => list
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect(),
        Err(_) => vec![2026],
    };
    for seed in seeds {
        let o = aura(seed);
        let files = generate(&o).unwrap_or_else(|e| panic!("{e}"));
        let ds = load(&files);
        let policy = Policy::default();
        let inst = Instance::new(&ds, &policy, o.horizon);
        let (n, n_sites) = (ds.volunteers.len(), ds.sites.len());
        let reaches = |v: usize| (0..n_sites).any(|s| inst.reachable(v, s).is_ok());

        let authorised = ds.volunteers.iter().filter(|v| v.authorized).count();
        let overnight = ds.volunteers.iter().filter(|v| v.overnight).count();
        let offered = ds.availability.len();
        let offered_authorised = ds
            .availability
            .iter()
            .filter(|(v, _)| ds.volunteers[*v].authorized)
            .count();
        let reach = (0..n).filter(|&v| reaches(v)).count();
        let reach_authorised = (0..n)
            .filter(|&v| ds.volunteers[v].authorized && reaches(v))
            .count();
        // Upper bound on coverable doctor-days: each volunteer gives at most their monthly cap,
        // on distinct days on which some site they can reach works.
        let mut days: BTreeMap<usize, BTreeSet<chrono::NaiveDate>> = BTreeMap::new();
        for c in inst.candidates() {
            days.entry(c.volunteer).or_default().insert(c.date);
        }
        let bound: usize = days
            .iter()
            .map(|(&v, d)| d.len().min(inst.monthly_cap(v) as usize))
            .sum();
        let demand: u64 = (0..n_sites)
            .flat_map(|s| inst.service_days(s))
            .map(|d| u64::from(d.demand))
            .sum();

        let outcome = renfort::solve(
            &inst,
            &SolveOptions {
                time_limit: Some(Duration::from_secs(120)),
                ..Default::default()
            },
        );
        println!(
            "seed {seed}: {n} volunteers, {authorised} authorised, {overnight} accept a night away"
        );
        println!("  offered days: {offered} ({offered_authorised} by authorised volunteers)");
        println!(
            "  reach at least one site: {reach} ({reach_authorised} authorised), {} with a candidate day",
            days.len()
        );
        println!(
            "  demand {demand} doctor-days; coverable at most {bound} ({:.0} %)",
            100.0 * bound as f64 / demand.max(1) as f64
        );
        let Some(plan) = &outcome.plan else {
            println!("  solver: {:?}, no plan", outcome.status);
            continue;
        };
        let m = metrics::compute(&inst, plan);
        let covered = m.demand_doctor_days - m.uncovered_doctor_days;
        println!(
            "  solver {:?} in {:.1} s: covers {covered} ({:.0} %), longest gap {}, bed nights {}, preference misses {}",
            outcome.status,
            outcome.seconds,
            100.0 * covered as f64 / m.demand_doctor_days.max(1) as f64,
            m.longest_gap,
            m.bed_nights,
            m.preference_misses
        );
        for (s, site) in ds.sites.iter().enumerate() {
            let ok = |v: usize| ds.volunteers[v].authorized && inst.reachable(v, s).is_ok();
            let commuters = (0..n).filter(|&v| ok(v) && !inst.is_stayer(v, s)).count();
            let stayers = (0..n).filter(|&v| ok(v) && inst.is_stayer(v, s)).count();
            let site_demand: u32 = inst.service_days(s).iter().map(|d| d.demand).sum();
            let assigned = plan.assignments().iter().filter(|a| a.site == s).count();
            println!(
                "  {} {:<48} {:<23} rooms {} demand {} beds {} | reach: {commuters:>2} commuters {stayers:>2} stayers | {assigned:>2}/{site_demand} covered",
                site.id,
                site.name,
                site.open_days.to_contract_string(),
                site.rooms,
                site.demand,
                site.beds
            );
        }
    }
}
