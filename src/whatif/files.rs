//! Files the what-if commands write besides their own tables: plan folders in the shape
//! `renfort plan` writes (so `renfort check` and the shared checker read them), and a
//! policy written back as a model file.

use crate::io::OutputDir;
use crate::model::{Plan, Policy};
use crate::report::{coverage, plan_csv, Summary};
use crate::rules::Instance;
use crate::solve::Outcome;

/// plan.csv, coverage.csv and summary.json under `prefix` (e.g. `"scenario/"`, or `""`).
/// `extra` is added to summary.json as more keys (the contract allows more).
pub fn write_plan(
    dir: &OutputDir,
    prefix: &str,
    inst: &Instance,
    plan: &Plan,
    outcome: &Outcome,
    extra: Option<(&str, serde_json::Value)>,
) -> std::io::Result<Summary> {
    let summary = Summary::new(inst, plan, outcome);
    dir.write(&format!("{prefix}plan.csv"), &plan_csv::to_csv(inst, plan))?;
    dir.write(
        &format!("{prefix}coverage.csv"),
        &coverage::to_csv(inst, plan),
    )?;
    dir.write(
        &format!("{prefix}summary.json"),
        &summary.to_json_with(extra),
    )?;
    Ok(summary)
}

/// A policy as a model file with every contract key. `[repair]` is written only when it is
/// not the default, since the shared checker refuses sections it does not know.
pub fn policy_toml(p: &Policy) -> String {
    let (r, c, o) = (&p.rules, &p.costs, &p.objective);
    let mut s = format!(
        "[rules]\nmax_days_per_month = {}\nroad_factor = {:?}\ncommute_km = {:?}\n\n\
         [costs]\ndaily_allowance_eur = {:?}\nkm_rate_eur = {:?}\n\n\
         [objective]\nuncovered = {:?}\nbreak = {:?}\nlong_gap = {:?}\ngap_tolerance = {}\n\
         travel = {:?}\nbed_night = {:?}\npreference = {:?}\nnew_pair = {:?}\n",
        r.max_days_per_month,
        r.road_factor,
        r.commute_km,
        c.daily_allowance_eur,
        c.km_rate_eur,
        o.uncovered,
        o.break_,
        o.long_gap,
        o.gap_tolerance,
        o.travel,
        o.bed_night,
        o.preference,
        o.new_pair
    );
    if p.repair != crate::model::policy::Repair::default() {
        s += &format!("\n[repair]\nchange = {:?}\n", p.repair.change);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_round_trips() {
        let mut p = Policy::default();
        p.rules.max_days_per_month = 4;
        p.objective.travel = 0.25;
        let text = policy_toml(&p);
        assert!(!text.contains("[repair]"));
        assert_eq!(crate::io::policy::parse_policy(&text, "m").unwrap(), p);
        p.repair.change = 80.0;
        assert_eq!(
            crate::io::policy::parse_policy(&policy_toml(&p), "m").unwrap(),
            p
        );
    }
}
