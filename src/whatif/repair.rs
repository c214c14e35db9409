//! Repairing an agreed plan after cancellations. A volunteer withdraws entirely or from some
//! dates; assignments before `from` are frozen (they become pins, and nobody else can be
//! added before `from`); every other kept assignment of the previous plan earns a bonus of
//! `[repair] change` in the objective (`SolveOptions::bias`), so that the new plan changes
//! another volunteer's day only when that gains more than the change costs.

use super::{plan_of, Figures, Infeasible, Solver};
use crate::model::{Assignment, Dataset, Horizon, Plan, Policy, VolIdx};
use crate::rules::{hard, Instance, Violation};
use crate::solve::{Outcome, SolveOptions, Status};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// A withdrawal: all the volunteer's days from `from` on, or one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancel {
    pub volunteer: VolIdx,
    pub date: Option<NaiveDate>,
}

/// The withdrawals from `from` on, looked up in constant time (a dropout run withdraws a
/// fifth of a national month's 18,000 offers, each looked up against all of them).
struct Cancelled {
    from: NaiveDate,
    whole: HashSet<VolIdx>,
    days: HashSet<(VolIdx, NaiveDate)>,
}

impl Cancelled {
    fn new(cancels: &[Cancel], from: NaiveDate) -> Cancelled {
        let whole = cancels
            .iter()
            .filter(|c| c.date.is_none())
            .map(|c| c.volunteer)
            .collect();
        let days = cancels
            .iter()
            .filter_map(|c| c.date.map(|d| (c.volunteer, d)))
            .collect();
        Cancelled { from, whole, days }
    }

    fn covers(&self, v: VolIdx, d: NaiveDate) -> bool {
        d >= self.from && (self.whole.contains(&v) || self.days.contains(&(v, d)))
    }
}

/// The dataset the repaired plan is made for: cancelled days withdrawn (with their pins),
/// the previous plan's assignments before `from` pinned, no other offer before `from`.
pub fn repair_dataset(
    ds: &Dataset,
    previous: &Plan,
    cancels: &[Cancel],
    from: NaiveDate,
) -> Dataset {
    let cancelled = Cancelled::new(cancels, from);
    let mut out = ds.clone();
    let frozen: Vec<Assignment> = previous
        .assignments()
        .iter()
        .filter(|a| a.date < from)
        .copied()
        .collect();
    let frozen_days: HashSet<(VolIdx, NaiveDate)> =
        frozen.iter().map(|a| (a.volunteer, a.date)).collect();
    out.availability.retain(|&(v, d)| {
        if d < from {
            frozen_days.contains(&(v, d))
        } else {
            !cancelled.covers(v, d)
        }
    });
    out.pinned
        .retain(|p, _| p.date >= from && !cancelled.covers(p.volunteer, p.date));
    out.pinned.extend(frozen.into_iter().map(|a| (a, 0)));
    out
}

/// Why a frozen assignment cannot be kept (the previous plan breaks a rule before `from`).
pub fn frozen_violations(inst: &Instance) -> Vec<Violation> {
    let pins = inst.dataset.pinned_plan();
    hard::check(inst, &pins)
        .into_iter()
        .filter(|v| !matches!(v, Violation::PinnedMissing { .. }))
        .collect()
}

/// The kinds of change, in the order they are listed for one date and site.
pub const KINDS: [&str; 5] = ["cancelled", "removed", "moved", "added", "newly_uncovered"];

/// One line of diff.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: &'static str,
    pub date: NaiveDate,
    pub site: String,
    pub volunteer: String,
    pub detail: String,
}

/// The repaired plan and how it differs from the previous one.
pub struct Repaired {
    pub dataset: Dataset,
    pub plan: Plan,
    pub outcome: Outcome,
    pub changes: Vec<Change>,
    /// Previous assignments from `from` on that were not cancelled, and how many are kept.
    pub keepable: usize,
    pub kept: usize,
}

/// A repaired plan without its diff (the dropout runs want its figures only).
pub struct RepairedPlan {
    pub dataset: Dataset,
    pub plan: Plan,
    pub outcome: Outcome,
    /// The plan's figures on `dataset`.
    pub figures: Figures,
    /// Previous assignments from `from` on that were not cancelled.
    pub keep: Vec<Assignment>,
}

pub fn repair(
    solver: &Solver,
    ds: &Dataset,
    policy: &Policy,
    horizon: Horizon,
    previous: &Plan,
    cancels: &[Cancel],
    from: NaiveDate,
) -> Result<Repaired, Infeasible> {
    let r = repair_plan(solver, ds, policy, horizon, previous, cancels, from)?;
    let before = Instance::new(ds, policy, horizon);
    let after = Instance::new(&r.dataset, policy, horizon);
    let changes = diff(&before, &after, previous, &r.plan, cancels, from);
    let kept = r.keep.iter().filter(|a| r.plan.contains(a)).count();
    Ok(Repaired {
        dataset: r.dataset,
        plan: r.plan,
        outcome: r.outcome,
        changes,
        keepable: r.keep.len(),
        kept,
    })
}

/// The repaired plan (see the module doc) and its figures.
pub fn repair_plan(
    solver: &Solver,
    ds: &Dataset,
    policy: &Policy,
    horizon: Horizon,
    previous: &Plan,
    cancels: &[Cancel],
    from: NaiveDate,
) -> Result<RepairedPlan, Infeasible> {
    let rds = repair_dataset(ds, previous, cancels, from);
    let cancelled = Cancelled::new(cancels, from);
    let keep: Vec<Assignment> = previous
        .assignments()
        .iter()
        .filter(|a| a.date >= from && !cancelled.covers(a.volunteer, a.date))
        .copied()
        .collect();
    let bias: HashMap<Assignment, f64> = keep.iter().map(|&a| (a, -policy.repair.change)).collect();
    // The kept assignments (with the frozen ones, pinned) are a valid plan: the ILP's warm
    // start, and the local search's start (it ignores the bias, so it starts from what is
    // kept rather than from a fresh greedy plan).
    let mut start: Vec<Assignment> = keep.clone();
    start.extend(previous.assignments().iter().filter(|a| a.date < from));
    let options = SolveOptions {
        bias: Some(Arc::new(bias)),
        initial: Some(Arc::new(Plan::new(start))),
        ..solver.options.clone()
    };
    let inst = Instance::new(&rds, policy, horizon);
    let mut outcome = solver.with_options(options).run(&inst);
    let plan = plan_of(&mut outcome, &rds, "the repaired plan")?;
    // Optimal for objective + change costs, not proven so for the contract's objective
    // alone; the bound HiGHS reports includes the bonuses.
    if outcome.status == Status::Optimal {
        outcome.status = Status::Feasible;
    }
    outcome.bound = None;
    outcome.gap = None;
    let figures = Figures::of(&inst, &plan);
    Ok(RepairedPlan {
        dataset: rds,
        plan,
        outcome,
        figures,
        keep,
    })
}

/// Uncovered doctors per (site, service day).
pub fn uncovered_per_site_day(inst: &Instance, plan: &Plan) -> BTreeMap<(usize, NaiveDate), u32> {
    let mut n: HashMap<(usize, NaiveDate), u32> = HashMap::new();
    for a in plan.assignments() {
        *n.entry((a.site, a.date)).or_default() += 1;
    }
    let mut out = BTreeMap::new();
    for s in 0..inst.dataset.sites.len() {
        for sd in inst.service_days(s) {
            let a = n.get(&(s, sd.date)).copied().unwrap_or(0);
            out.insert((s, sd.date), sd.demand.saturating_sub(a));
        }
    }
    out
}

/// What changed: cancelled assignments, moves (a volunteer who lost one assignment and got
/// another, paired in date order), other removals and additions, and site-days that lack
/// more doctors than before. Sorted by date, site, kind (`KINDS`), volunteer.
pub fn diff(
    before: &Instance,
    after: &Instance,
    previous: &Plan,
    new: &Plan,
    cancels: &[Cancel],
    from: NaiveDate,
) -> Vec<Change> {
    let ds = before.dataset;
    let (vid, sid) = (
        |v: usize| ds.volunteers[v].id.clone(),
        |s: usize| ds.sites[s].id.clone(),
    );
    let cancelled = Cancelled::new(cancels, from);
    let mut out = Vec::new();
    let mut removed: BTreeMap<VolIdx, Vec<Assignment>> = BTreeMap::new();
    for a in previous.assignments().iter().filter(|a| !new.contains(a)) {
        if cancelled.covers(a.volunteer, a.date) {
            out.push(Change {
                kind: "cancelled",
                date: a.date,
                site: sid(a.site),
                volunteer: vid(a.volunteer),
                detail: "withdrawn by the volunteer".into(),
            });
        } else {
            removed.entry(a.volunteer).or_default().push(*a);
        }
    }
    let mut added: BTreeMap<VolIdx, Vec<Assignment>> = BTreeMap::new();
    for a in new.assignments().iter().filter(|a| !previous.contains(a)) {
        added.entry(a.volunteer).or_default().push(*a);
    }
    for (v, adds) in &added {
        let mut gone = removed.remove(v).unwrap_or_default().into_iter();
        for a in adds {
            match gone.next() {
                Some(old) => out.push(Change {
                    kind: "moved",
                    date: a.date,
                    site: sid(a.site),
                    volunteer: vid(*v),
                    detail: format!("was at {} on {}", sid(old.site), old.date),
                }),
                None => out.push(Change {
                    kind: "added",
                    date: a.date,
                    site: sid(a.site),
                    volunteer: vid(*v),
                    detail: String::new(),
                }),
            }
        }
        removed.insert(*v, gone.collect());
    }
    for a in removed.into_values().flatten() {
        out.push(Change {
            kind: "removed",
            date: a.date,
            site: sid(a.site),
            volunteer: vid(a.volunteer),
            detail: String::new(),
        });
    }
    let (u0, u1) = (
        uncovered_per_site_day(before, previous),
        uncovered_per_site_day(after, new),
    );
    for (&(s, d), &now) in &u1 {
        let was = u0.get(&(s, d)).copied().unwrap_or(0);
        if now > was {
            out.push(Change {
                kind: "newly_uncovered",
                date: d,
                site: sid(s),
                volunteer: String::new(),
                detail: format!("doctors missing: {was} → {now}"),
            });
        }
    }
    // Per date and site: what happened to the doctors first, then what it leaves uncovered.
    let rank = |k: &str| KINDS.iter().position(|x| *x == k);
    out.sort_by(|a, b| {
        (a.date, &a.site, rank(a.kind), &a.volunteer).cmp(&(
            b.date,
            &b.site,
            rank(b.kind),
            &b.volunteer,
        ))
    });
    out
}

/// diff.csv.
pub fn diff_csv(changes: &[Change]) -> Vec<u8> {
    crate::io::csv_out::csv_bytes(
        &["kind", "date", "site", "volunteer", "detail"],
        changes.iter().map(|c| {
            [
                c.kind.to_owned(),
                c.date.to_string(),
                c.site.clone(),
                c.volunteer.clone(),
                c.detail.clone(),
            ]
        }),
    )
}

/// diff.txt: the changes in plain words, for the message to the doctors and sites.
pub fn diff_text(
    ds: &Dataset,
    r: &Repaired,
    objective_before: f64,
    objective_after: f64,
) -> String {
    let name = |id: &str| {
        ds.volunteers
            .iter()
            .find(|v| v.id == id)
            .map(|v| format!("{} ({id})", v.name))
            .unwrap_or_else(|| id.to_owned())
    };
    let site = |id: &str| {
        ds.sites
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("{} ({id})", s.name))
            .unwrap_or_else(|| id.to_owned())
    };
    let mut o = format!(
        "{} of the {} assignments that could stay are kept; {} change(s) listed below.\nObjective {:.3} before, {:.3} after (before: the previous plan on the original offers).\n\n",
        r.kept, r.keepable, r.changes.len(), objective_before, objective_after
    );
    for c in &r.changes {
        let line = match c.kind {
            "cancelled" => format!(
                "{}: {} cancelled the day at {}.",
                c.date,
                name(&c.volunteer),
                site(&c.site)
            ),
            "moved" => format!(
                "{}: {} now works at {} ({}).",
                c.date,
                name(&c.volunteer),
                site(&c.site),
                c.detail
            ),
            "added" => format!(
                "{}: {} is added at {}.",
                c.date,
                name(&c.volunteer),
                site(&c.site)
            ),
            "removed" => format!(
                "{}: {} no longer works at {}.",
                c.date,
                name(&c.volunteer),
                site(&c.site)
            ),
            _ => format!(
                "{}: {} now lacks doctors ({}).",
                c.date,
                site(&c.site),
                c.detail
            ),
        };
        o += &line;
        o.push('\n');
    }
    if r.changes.is_empty() {
        o += "Nothing changes.\n";
    }
    o
}

#[cfg(test)]
mod tests;
