//! The solve queue: one worker thread runs the queued plans one after the other (HiGHS
//! keeps a process-wide scheduler that one solve's end resets, so two HiGHS solves never
//! run at once in a process: see ARCHITECTURE.md), publishing its progress for the page
//! to poll, and writing each result in one transaction.

use super::service::{self, figures, rows_of, ServiceError};
use super::workspace::{Finished, PlanRow, Workspace};
use crate::choice::Choice;
use crate::solve::{SolveOptions, SolveProgress, SolverKind, Status};
use crate::whatif::repair::{repair, Cancel};
use crate::whatif::Solver;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// What a running solve has found so far.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Live {
    pub seconds: f64,
    pub best: Option<f64>,
    pub bound: Option<f64>,
}

#[derive(Default)]
struct Shared {
    live: HashMap<i64, Live>,
    stops: HashMap<i64, Arc<AtomicBool>>,
}

pub struct Queue {
    tx: Mutex<mpsc::Sender<i64>>,
    shared: Arc<Mutex<Shared>>,
}

/// The longest time limit a request may ask (as `--time-limit`).
pub const MAX_SECONDS: f64 = 1e7;

/// Checks a plan request's options before it is queued.
pub fn check_request(req: &Value) -> Result<(), ServiceError> {
    let bad = |m: String| Err(ServiceError::BadRequest(m));
    if let Some(t) = req.get("time_limit").filter(|t| !t.is_null()) {
        match t.as_f64() {
            Some(x) if x > 0.0 && x <= MAX_SECONDS => {}
            _ => {
                return bad(format!(
                    "time_limit: expected seconds, above 0 and at most {MAX_SECONDS:.0}"
                ))
            }
        }
    }
    if let Some(s) = req.get("solver").filter(|s| !s.is_null()) {
        if solver_kind(s.as_str().unwrap_or("?")).is_none() {
            return bad("solver: expected auto, ilp, greedy or local".into());
        }
    }
    Ok(())
}

fn solver_kind(name: &str) -> Option<SolverKind> {
    SolverKind::from_name(name)
}

impl Queue {
    /// Starts the worker on its own connection to the workspace at `db`.
    pub fn start(db: PathBuf) -> Result<Queue, super::workspace::WorkspaceError> {
        let ws = Workspace::connect(&db)?;
        let (tx, rx) = mpsc::channel::<i64>();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let sh = shared.clone();
        std::thread::Builder::new()
            .name("renfort-solver".into())
            .spawn(move || {
                for id in rx {
                    work(&ws, id, &sh);
                }
            })
            .expect("cannot start the solver thread");
        Ok(Queue {
            tx: Mutex::new(tx),
            shared,
        })
    }

    pub fn push(&self, id: i64) {
        let stop = Arc::new(AtomicBool::new(false));
        self.shared.lock().unwrap().stops.insert(id, stop);
        // The worker lives as long as the process: a send cannot fail.
        let _ = self.tx.lock().unwrap().send(id);
    }

    /// Asks the plan's solve to stop (keeping its best plan); false if it is not queued or
    /// running.
    pub fn stop(&self, id: i64) -> bool {
        match self.shared.lock().unwrap().stops.get(&id) {
            Some(s) => {
                s.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    pub fn live(&self, id: i64) -> Option<Live> {
        self.shared.lock().unwrap().live.get(&id).cloned()
    }
}

fn work(ws: &Workspace, id: i64, shared: &Arc<Mutex<Shared>>) {
    let stop = shared.lock().unwrap().stops.get(&id).cloned();
    let stop = stop.unwrap_or_default();
    let result = (|| -> Result<(), ServiceError> {
        let row = ws
            .plan(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
        if row.status != "queued" {
            return Ok(());
        }
        if stop.load(Ordering::SeqCst) {
            ws.set_status(id, "stopped")?;
            return Ok(());
        }
        ws.set_status(id, "solving")?;
        shared.lock().unwrap().live.insert(id, Live::default());
        let sh = shared.clone();
        let observer: crate::solve::Observer = Arc::new(move |p: &SolveProgress| {
            sh.lock().unwrap().live.insert(
                id,
                Live {
                    seconds: p.seconds,
                    best: p.best,
                    bound: p.bound,
                },
            );
        });
        run(ws, &row, observer, &stop)
    })();
    if let Err(e) = result {
        let message = match &e {
            ServiceError::Invalid(p) => serde_json::to_string(p).unwrap_or_default(),
            e => e.to_string(),
        };
        let _ = ws.finish(
            id,
            Finished {
                status: "failed",
                objective: None,
                bound: None,
                gap: None,
                seconds: 0.0,
                solver: "",
                metrics: None,
                assignments: None,
                changes: None,
                error: Some(&message),
            },
        );
    }
    let mut sh = shared.lock().unwrap();
    sh.live.remove(&id);
    sh.stops.remove(&id);
}

fn options(req: &Value, observer: crate::solve::Observer, stop: &Arc<AtomicBool>) -> SolveOptions {
    SolveOptions {
        time_limit: Some(Duration::from_secs_f64(
            req["time_limit"]
                .as_f64()
                .unwrap_or(60.0)
                .clamp(0.001, MAX_SECONDS),
        )),
        kind: req["solver"]
            .as_str()
            .and_then(solver_kind)
            .unwrap_or(SolverKind::Auto),
        observer: Some(observer),
        stop: Some(stop.clone()),
        ..Default::default()
    }
}

/// Runs one queued plan: a solve, or a re-plan / repair of its parent.
fn run(
    ws: &Workspace,
    row: &PlanRow,
    observer: crate::solve::Observer,
    stop: &Arc<AtomicBool>,
) -> Result<(), ServiceError> {
    let opts = options(&row.request, observer, stop);
    let (mut loaded, parent) = match row.parent_id {
        Some(p) => {
            let parent = ws
                .plan(p)?
                .ok_or_else(|| ServiceError::NotFound(format!("plan {p}")))?;
            (service::load_for(ws, row)?, Some(parent))
        }
        None => (service::load_for(ws, row)?, None),
    };
    let stopped = || stop.load(Ordering::SeqCst);
    let Some(parent) = parent else {
        let inst = loaded.instance();
        let outcome = crate::solve(&inst, &opts);
        let Some(plan) = &outcome.plan else {
            let status = if stopped() {
                "stopped"
            } else {
                outcome.status.as_str()
            };
            return finish(ws, row.id, status, &outcome, None, None, None);
        };
        let status = if stopped() && outcome.status != Status::Optimal {
            "stopped"
        } else {
            outcome.status.as_str()
        };
        let fig = figures(&inst, plan);
        let rows = rows_of(&loaded.dataset, plan);
        let deltas = match row.request["scenario"].as_str() {
            Some(_) => Some(whatif_deltas(ws, row, &inst, plan, &opts)?),
            None => None,
        };
        return finish(ws, row.id, status, &outcome, Some(fig), Some(&rows), deltas);
    };
    // A re-plan around the planner's edits, or a repair after a cancellation: the parent
    // plan is kept as far as the objective allows (the repair's change cost), the pinned
    // and assigned vacations (`constraints`: the edits of the parent and of its own
    // parents) are pinned, the removed ones and the cancelled days withdrawn.
    let previous = service::plan_of(&loaded.dataset, &parent)?;
    let ds = &loaded.dataset;
    let mut cancels = Vec::new();
    let mut pins = Vec::new();
    let constraints: Vec<super::workspace::Edit> =
        serde_json::from_value(row.request["constraints"].clone()).unwrap_or_default();
    for e in &constraints {
        let a = service::assignment_of(ds, &e.row)?;
        match e.action.as_str() {
            "remove" => cancels.push(Cancel {
                volunteer: a.volunteer,
                date: Some(a.date),
            }),
            _ => pins.push(a),
        }
    }
    let mut from = loaded.horizon.first;
    if let Some(v) = row.request["cancel"]["volunteer_id"].as_str() {
        let volunteer = ds
            .volunteer_index(v)
            .ok_or_else(|| ServiceError::BadRequest(format!("unknown volunteer '{v}'")))?;
        let dates = row.request["cancel"]["dates"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if dates.is_empty() {
            cancels.push(Cancel {
                volunteer,
                date: None,
            });
        }
        for d in dates {
            let d = d
                .as_str()
                .and_then(|t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
                .ok_or_else(|| ServiceError::BadRequest("cancel.dates: YYYY-MM-DD".into()))?;
            cancels.push(Cancel {
                volunteer,
                date: Some(d),
            });
        }
        if let Some(f) = row.request["cancel"]["from"].as_str() {
            from = chrono::NaiveDate::parse_from_str(f, "%Y-%m-%d")
                .map_err(|_| ServiceError::BadRequest("cancel.from: YYYY-MM-DD".into()))?
                .max(loaded.horizon.first);
        }
    }
    loaded
        .dataset
        .pinned
        .extend(pins.into_iter().map(|a| (a, 0)));
    let solver = Solver::ilp(opts);
    let repaired = repair(
        &solver,
        &loaded.dataset,
        &loaded.policy,
        loaded.horizon,
        &previous,
        &cancels,
        from,
    )
    .map_err(|e| ServiceError::Conflict(vec![e.to_string()]))?;
    let rinst = crate::rules::Instance::new(&repaired.dataset, &loaded.policy, loaded.horizon);
    let fig = figures(&rinst, &repaired.plan);
    let rows = rows_of(&repaired.dataset, &repaired.plan);
    let changes: Vec<Value> = repaired
        .changes
        .iter()
        .map(|c| {
            json!({"kind": c.kind, "date": c.date.to_string(), "site": c.site,
                   "volunteer": c.volunteer, "detail": c.detail})
        })
        .collect();
    let status = if stopped() {
        "stopped"
    } else {
        repaired.outcome.status.as_str()
    };
    finish(
        ws,
        row.id,
        status,
        &repaired.outcome,
        Some(fig),
        Some(&rows),
        Some(json!({"changes": changes, "kept": repaired.kept, "keepable": repaired.keepable})),
    )
}

/// A scenario's figures against the dataset's own plan (solved here, as `renfort whatif`
/// does), metric by metric, in total and per zone.
fn whatif_deltas(
    ws: &Workspace,
    row: &PlanRow,
    inst: &crate::rules::Instance,
    plan: &crate::model::Plan,
    opts: &SolveOptions,
) -> Result<Value, ServiceError> {
    let mut base_row = row.clone();
    base_row
        .request
        .as_object_mut()
        .map(|o| o.remove("scenario"));
    let base = service::load_for(ws, &base_row)?;
    let scen = crate::whatif::Figures::of(inst, plan);
    // A scenario that leaves the instance as it is has the scenario's plan as its baseline
    // (as `whatif::solve_scenario`): a second solve could stop elsewhere within the gap.
    let same = base.dataset.same_problem(inst.dataset) && base.policy == *inst.policy;
    let baseline = if same && base.horizon == inst.horizon {
        scen.clone()
    } else {
        let solver = Solver::ilp(SolveOptions {
            observer: None,
            ..opts.clone()
        });
        crate::whatif::solve_case(
            &solver,
            &base.dataset,
            &base.policy,
            base.horizon,
            "the baseline",
        )
        .map_err(|e| ServiceError::Conflict(vec![e.to_string()]))?
        .figures
    };
    let rows = crate::whatif::compare::rows(&baseline, &scen, &[]);
    let total: Vec<&crate::whatif::compare::Row> =
        rows.iter().filter(|r| r.scope == "total").collect();
    Ok(json!({"deltas": total, "baseline_objective": baseline.objective}))
}

fn finish(
    ws: &Workspace,
    id: i64,
    status: &str,
    outcome: &crate::solve::Outcome,
    fig: Option<(f64, Value)>,
    rows: Option<&[super::workspace::Row]>,
    changes: Option<Value>,
) -> Result<(), ServiceError> {
    let (objective, metrics) = match fig {
        Some((o, m)) => (Some(o), Some(m)),
        None => (None, None),
    };
    ws.finish(
        id,
        Finished {
            status,
            objective,
            bound: outcome.bound,
            gap: outcome.gap,
            seconds: outcome.seconds,
            solver: outcome.solver,
            metrics,
            assignments: rows,
            changes,
            error: None,
        },
    )?;
    Ok(())
}
