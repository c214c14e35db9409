//! Independent parts of a problem. Two sites interact only through a volunteer who could work
//! at both; the objective is a sum over sites (coverage and continuity per site; travel,
//! beds and preferences per assignment, charged to its site). So the connected components of
//! the volunteer–site graph can be solved apart and their plans, objectives and bounds added.

use crate::rules::Instance;

/// Sites and volunteers of one component (original indices, sorted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    pub sites: Vec<usize>,
    pub volunteers: Vec<usize>,
}

/// The root of `x` in a union-find forest (with path halving).
pub(super) fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Components of the graph whose nodes are sites and whose edges join two sites one
/// volunteer can both reach. Sites without candidates form components of their own;
/// volunteers without candidates belong to none. Sorted by first site.
pub fn components(inst: &Instance) -> Vec<Component> {
    let n = inst.dataset.sites.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut first_site_of: Vec<Option<usize>> = vec![None; inst.dataset.volunteers.len()];
    for c in inst.candidates() {
        match first_site_of[c.volunteer] {
            None => first_site_of[c.volunteer] = Some(c.site),
            Some(s0) => {
                let (a, b) = (find(&mut parent, s0), find(&mut parent, c.site));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Component> =
        std::collections::BTreeMap::new();
    for s in 0..n {
        let r = find(&mut parent, s);
        by_root
            .entry(r)
            .or_insert_with(|| Component {
                sites: vec![],
                volunteers: vec![],
            })
            .sites
            .push(s);
    }
    for (v, s0) in first_site_of.iter().enumerate() {
        if let Some(s0) = s0 {
            let r = find(&mut parent, *s0);
            by_root.get_mut(&r).expect("root exists").volunteers.push(v);
        }
    }
    by_root.into_values().collect()
}

use super::{relative_gap, ModelStats, Outcome, SolveOptions, Status};
use crate::model::Plan;
use crate::rules::metrics;
use std::time::{Duration, Instant};

/// Solves each component with `solve_one` (one after the other: several HiGHS solves at once
/// in one process are not known to be safe) and joins the results. The time limit is a
/// deadline shared by all components.
pub fn solve_by_components(
    inst: &Instance,
    opts: &SolveOptions,
    solve_one: fn(&Instance, &SolveOptions) -> Outcome,
) -> Outcome {
    let t0 = Instant::now();
    let comps = components(inst);
    if comps.len() <= 1 {
        return solve_one(inst, opts);
    }
    let deadline = opts.time_limit.map(|t| t0 + t);
    let mut assignments = Vec::new();
    let mut status = Status::Optimal;
    let mut bound = Some(0.0);
    let mut stats = ModelStats {
        candidates: inst.candidates().len(),
        ..Default::default()
    };
    let mut solver_objective = Some(0.0);
    let mut name = "ilp";
    // Whether some part stopped without a plan, and whether some part that had anything to
    // decide found one: if not, the whole run found no plan either.
    let (mut timed_out, mut found_any) = (false, false);
    let n = comps.len();
    // Smallest first, each with a share of the time left proportional to its size: a large
    // component must not eat the deadline of the small ones (their bounds add up).
    let subs: Vec<_> = comps
        .iter()
        .map(|comp| inst.dataset.restrict(&comp.sites, &comp.volunteers))
        .collect();
    let sub_insts: Vec<Instance> = subs
        .iter()
        .map(|sub| Instance::new(&sub.dataset, inst.policy, inst.horizon))
        .collect();
    let sizes: Vec<usize> = sub_insts
        .iter()
        .map(|i| i.candidates().len().max(1))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&k| (sizes[k], k));
    let mut size_left: usize = sizes.iter().sum();
    for (rank, &k) in order.iter().enumerate() {
        let sub = &subs[k];
        let sub_inst = &sub_insts[k];
        let mut sub_opts = opts.clone();
        sub_opts.initial = opts
            .initial
            .as_ref()
            .map(|p| std::sync::Arc::new(sub.project(p)));
        if let Some(d) = deadline {
            let left = d.saturating_duration_since(Instant::now());
            let share = sizes[k] as f64 / size_left as f64;
            sub_opts.time_limit = Some(left.mul_f64(share).max(Duration::from_millis(10)));
        }
        size_left -= sizes[k];
        if let Some(obs) = &opts.observer {
            let obs = obs.clone();
            sub_opts.observer = Some(std::sync::Arc::new(move |p: &super::SolveProgress| {
                obs(&super::SolveProgress {
                    part: Some((rank + 1, n)),
                    ..*p
                })
            }));
        }
        let out = solve_one(sub_inst, &sub_opts);
        name = out.solver;
        let plan = match out.plan {
            Some(p) => p,
            None if out.status == Status::Infeasible => {
                return Outcome {
                    plan: None,
                    status: Status::Infeasible,
                    bound: None,
                    gap: None,
                    seconds: t0.elapsed().as_secs_f64(),
                    solver: name,
                    stats,
                };
            }
            None => {
                // No plan in time for this part: its agreed assignments alone are valid.
                status = Status::Feasible;
                bound = None;
                sub.dataset.pinned_plan()
            }
        };
        // (A part without candidates has its empty plan at once: it decides nothing.)
        timed_out |= out.status == Status::TimeoutNoSolution;
        found_any |= out.status != Status::TimeoutNoSolution && !sub_inst.candidates().is_empty();
        if out.status != Status::Optimal {
            status = Status::Feasible;
        }
        bound = match (bound, out.bound) {
            (Some(b), Some(x)) => Some(b + x),
            _ => None,
        };
        solver_objective = match (solver_objective, out.stats.solver_objective) {
            (Some(a), Some(b)) => Some(a + b),
            // No MIP ran for this part (nothing to decide, or its LP or renfort's own
            // branch-and-bound proved the start optimal): its plan's objective stands in.
            (Some(a), None) if out.stats.proved_without_mip() => {
                Some(a + metrics::compute(sub_inst, &plan).objective(sub_inst))
            }
            _ => None,
        };
        stats.columns += out.stats.columns;
        stats.rows += out.stats.rows;
        stats.build_seconds += out.stats.build_seconds;
        stats.proved_by.extend(out.stats.proved_by);
        assignments.extend(plan.assignments().iter().map(|a| sub.lift(a)));
    }
    if timed_out && !found_any {
        // Every part stopped before any plan: the caller decides what stands in (the
        // contract's `timeout_no_solution`, not a `feasible` plan of pins alone).
        return Outcome {
            plan: None,
            status: Status::TimeoutNoSolution,
            bound: None,
            gap: None,
            seconds: t0.elapsed().as_secs_f64(),
            solver: name,
            stats,
        };
    }
    let plan = Plan::new(assignments);
    let objective = metrics::compute(inst, &plan).objective(inst);
    let bound = bound.map(|b| b.min(objective));
    stats.solver_objective = solver_objective;
    stats.components = n;
    Outcome {
        plan: Some(plan),
        status,
        bound,
        gap: bound.map(|b| relative_gap(objective, b)),
        seconds: t0.elapsed().as_secs_f64(),
        solver: name,
        stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dataset, Policy, Site, Volunteer, Weekdays, Zone};
    use chrono::NaiveDate;

    #[test]
    fn sites_joined_by_a_shared_volunteer() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(); // a Tuesday
        let site = |id: &str, lon: f64| Site {
            id: id.into(),
            zone: 0,
            name: id.into(),
            lat: 45.0,
            lon,
            open_days: Weekdays(0b0011111),
            rooms: 1,
            demand: 1,
            beds: 0,
            bed_cost_eur: 0.0,
            commune: None,
            contact: Default::default(),
        };
        let vol = |id: &str, lon: f64| Volunteer {
            id: id.into(),
            name: id.into(),
            lat: 45.0,
            lon,
            authorized: true,
            max_days: 2,
            max_km: 30.0,
            overnight: false,
            zones: vec![],
            contact: Default::default(),
        };
        let mut ds = Dataset {
            zones: vec![Zone {
                id: "Z".into(),
                name: "Z".into(),
                department: "15".into(),
                priority: 1.0,
                source_status: None,
            }],
            // S0 and S1 are 16 km apart; S2 is 160 km away; S3 nobody reaches.
            sites: vec![
                site("S0", 3.0),
                site("S1", 3.2),
                site("S2", 5.0),
                site("S3", 7.0),
            ],
            volunteers: vec![vol("V0", 3.1), vol("V1", 5.0), vol("V2", 9.0)],
            ..Default::default()
        };
        for v in 0..3 {
            ds.availability.insert((v, d));
        }
        let policy = Policy::default();
        let inst = Instance::new(
            &ds,
            &policy,
            crate::model::Horizon::month(2026, 12).unwrap(),
        );
        let comps = components(&inst);
        assert_eq!(
            comps,
            vec![
                Component {
                    sites: vec![0, 1],
                    volunteers: vec![0]
                },
                Component {
                    sites: vec![2],
                    volunteers: vec![1]
                },
                Component {
                    sites: vec![3],
                    volunteers: vec![]
                },
            ]
        );
    }
}
