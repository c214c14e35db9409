//! What the web app does with a stored dataset and plan, apart from HTTP: load them,
//! figure a plan, apply a planner's edit (checked against H1–H6), rank who could take an
//! uncovered day, and build the downloadable files. Every figure comes from
//! `rules::metrics`, every check from `rules::hard`, as for the command line.

use super::files::{materialise, Problem};
use super::workspace::{Edit, PlanRow, Row, Workspace, WorkspaceError};
use crate::io::policy::parse_policy;
use crate::io::validate_for_horizon;
use crate::model::{Assignment, Dataset, Horizon, Plan, Policy};
use crate::report::ics::{read_sequences, Previous};
use crate::report::{publish, Lang, Summary};
use crate::rules::{hard, metrics, Instance};
use crate::solve::{Outcome, Status};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};

/// What can go wrong answering a request, by HTTP meaning.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    /// A request body over the server's limit.
    #[error("{0}")]
    TooLarge(String),
    /// The input cannot be planned: the located errors.
    #[error("the dataset has errors")]
    Invalid(Vec<Problem>),
    /// An edit that breaks a rule: the rules broken.
    #[error("{0:?}")]
    Conflict(Vec<String>),
    #[error("{0}")]
    Internal(String),
}

impl From<WorkspaceError> for ServiceError {
    fn from(e: WorkspaceError) -> Self {
        ServiceError::Internal(e.to_string())
    }
}

impl From<std::io::Error> for ServiceError {
    fn from(e: std::io::Error) -> Self {
        ServiceError::Internal(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// A dataset loaded for one request, with its policy and horizon.
pub struct Loaded {
    pub dataset: Dataset,
    pub policy: Policy,
    pub horizon: Horizon,
    pub warnings: Vec<Problem>,
    /// The folder the files were written to (the pins are read from it again).
    pub dir: tempfile::TempDir,
}

impl Loaded {
    pub fn instance(&self) -> Instance<'_> {
        Instance::new(&self.dataset, &self.policy, self.horizon)
    }
}

/// The plans whose assignments are `dataset_id`'s history by default: the workspace's
/// published plans of earlier months, unless the dataset has a history of its own.
pub fn default_history(ws: &Workspace, dataset_id: i64) -> Result<Vec<i64>> {
    let d = ws
        .dataset(dataset_id)?
        .ok_or_else(|| ServiceError::NotFound(format!("dataset {dataset_id}")))?;
    let own = ws
        .dataset_files(dataset_id)?
        .iter()
        .any(|(n, _)| n.starts_with("history."));
    if own || d.month.is_empty() {
        return Ok(Vec::new());
    }
    Ok(ws
        .published_before(&d.month)?
        .into_iter()
        .map(|(_, p)| p)
        .collect())
}

/// Loads a stored dataset, with the assignments of the plans `history` as its history
/// (rows at sites the dataset doesn't have are left out: a closed site has no gap to carry),
/// and the policy `model` (TOML text; None: the defaults).
pub fn load(
    ws: &Workspace,
    dataset_id: i64,
    history: &[i64],
    model: Option<&str>,
) -> Result<Loaded> {
    let mut files = ws.dataset_files(dataset_id)?;
    if files.is_empty() {
        return Err(ServiceError::NotFound(format!("dataset {dataset_id}")));
    }
    let policy = match model {
        Some(text) if !text.trim().is_empty() => parse_policy(text, "model")
            .map_err(|e| ServiceError::Invalid(vec![Problem::from_error(&e, "".as_ref())]))?,
        _ => Policy::default(),
    };
    let mut m = materialise(&files)?;
    if !history.is_empty() {
        let ds = m.result.map_err(ServiceError::Invalid)?;
        let mut csv = String::from("volunteer_id,site_id,date\n");
        for &id in history {
            let p = ws
                .plan(id)?
                .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
            for r in p.assignments.unwrap_or_default() {
                if ds.site_index(&r.site_id).is_some() {
                    csv.push_str(&csv_line(&[&r.volunteer_id, &r.site_id, &r.date]));
                }
            }
        }
        files.push(("history.csv".into(), csv.into_bytes()));
        m = materialise(&files)?;
    }
    let dataset = m.result.map_err(ServiceError::Invalid)?;
    let horizon = Horizon::parse_month(&dataset.month)
        .ok_or_else(|| ServiceError::BadRequest(format!("month '{}'", dataset.month)))?;
    let loaded = Loaded {
        dataset,
        policy,
        horizon,
        warnings: m.warnings,
        dir: m.dir,
    };
    validate_for_horizon(&loaded.instance(), loaded.dir.path()).map_err(|errs| {
        ServiceError::Invalid(
            errs.0
                .iter()
                .map(|e| Problem::from_error(e, loaded.dir.path()))
                .collect(),
        )
    })?;
    Ok(loaded)
}

/// One CSV line, quoted where needed.
fn csv_line(cells: &[&str]) -> String {
    let no_rows: [[&str; 0]; 0] = [];
    String::from_utf8(crate::io::csv_out::csv_bytes(cells, no_rows)).expect("UTF-8 cells")
}

/// The history plans a plan request names.
pub fn history_of(request: &Value) -> Vec<i64> {
    request["history"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

/// The dataset of a plan as the plan was made: its request's policy and history, and its
/// what-if scenario applied (the same seed draws the same volunteers).
pub fn load_for(ws: &Workspace, plan: &PlanRow) -> Result<Loaded> {
    let mut loaded = load(
        ws,
        plan.dataset_id,
        &history_of(&plan.request),
        plan.request["model"].as_str(),
    )?;
    if let Some(text) = plan.request["scenario"].as_str() {
        let sc = scenario(text)?;
        let applied = crate::whatif::apply::apply(
            &loaded.dataset,
            &loaded.policy,
            &sc,
            super::communes(),
            &loaded.horizon,
            sc.seed.unwrap_or(1),
        )
        .map_err(|e| ServiceError::Invalid(vec![Problem::from_error(&e, "".as_ref())]))?;
        loaded.dataset = applied.dataset;
        loaded.policy = applied.policy;
    }
    Ok(loaded)
}

/// A what-if scenario sent as text. A path in it (`communes = ...`) is never read: the
/// server uses its own communes file (`renfort serve --communes`).
pub fn scenario(text: &str) -> Result<crate::whatif::scenario::Scenario> {
    let invalid = |e: &crate::io::InputError| {
        ServiceError::Invalid(vec![Problem::from_error(e, "".as_ref())])
    };
    let sc = crate::whatif::scenario::Scenario::parse(text, "scenario").map_err(|e| invalid(&e))?;
    if sc.needs_communes() && super::communes().is_none() {
        return Err(ServiceError::BadRequest(
            "this scenario places new sites or volunteers by commune: start renfort serve \
             with --communes FILE (communes_fr.csv)"
                .into(),
        ));
    }
    Ok(sc)
}

pub fn rows_of(ds: &Dataset, plan: &Plan) -> Vec<Row> {
    let mut rows: Vec<Row> = plan.assignments().iter().map(|a| row_of(ds, a)).collect();
    rows.sort();
    rows
}

fn row_of(ds: &Dataset, a: &Assignment) -> Row {
    Row {
        volunteer_id: ds.volunteers[a.volunteer].id.clone(),
        site_id: ds.sites[a.site].id.clone(),
        date: a.date.to_string(),
    }
}

pub fn assignment_of(ds: &Dataset, r: &Row) -> Result<Assignment> {
    let bad = |what: &str, v: &str| ServiceError::BadRequest(format!("unknown {what} '{v}'"));
    Ok(Assignment {
        volunteer: ds
            .volunteer_index(&r.volunteer_id)
            .ok_or_else(|| bad("volunteer", &r.volunteer_id))?,
        site: ds
            .site_index(&r.site_id)
            .ok_or_else(|| bad("site", &r.site_id))?,
        date: NaiveDate::parse_from_str(&r.date, "%Y-%m-%d")
            .map_err(|_| bad("date (expected YYYY-MM-DD)", &r.date))?,
    })
}

/// The plan of a stored plan row.
pub fn plan_of(ds: &Dataset, row: &PlanRow) -> Result<Plan> {
    let rows = row
        .assignments
        .as_ref()
        .ok_or_else(|| ServiceError::BadRequest(format!("plan {} has no plan yet", row.id)))?;
    Ok(Plan::new(
        rows.iter()
            .map(|r| assignment_of(ds, r))
            .collect::<Result<_>>()?,
    ))
}

/// The objective and the metrics (contract §6) of a plan.
pub fn figures(inst: &Instance, plan: &Plan) -> (f64, Value) {
    let m = metrics::compute(inst, plan);
    let objective = m.objective(inst);
    (objective, serde_json::to_value(&m).unwrap_or_default())
}

/// One term of the objective: its figure, its weight, what it costs.
#[derive(Debug, Serialize)]
pub struct Term {
    pub term: &'static str,
    pub value: f64,
    pub weight: f64,
    pub cost: f64,
}

/// The objective term by term (the score breakdown).
pub fn breakdown(inst: &Instance, plan: &Plan) -> Vec<Term> {
    let m = metrics::compute(inst, plan);
    let w = &inst.policy.objective;
    let terms = [
        ("weighted_uncovered", m.weighted_uncovered, w.uncovered),
        ("breaks", m.breaks as f64, w.break_),
        ("long_gap_excess", m.long_gap_excess as f64, w.long_gap),
        ("travel_km", m.travel_km, w.travel),
        ("bed_nights", m.bed_nights as f64, w.bed_night),
        (
            "preference_misses",
            m.preference_misses as f64,
            w.preference,
        ),
        ("new_pairs", m.new_pairs as f64, w.new_pair),
    ];
    terms
        .into_iter()
        .map(|(term, value, weight)| Term {
            term,
            value,
            weight,
            cost: value * weight,
        })
        .collect()
}

/// Applies an edit to `plan`: `assign` adds the vacation, `remove` takes it out, `pin` keeps
/// it (re-planning will not move it). The edited plan must keep H1–H6 (else the rules it
/// breaks) and, for a pin, hold the vacation.
pub fn apply_edit(inst: &Instance, plan: &Plan, edit: &Edit) -> Result<Plan> {
    let a = assignment_of(inst.dataset, &edit.row)?;
    let mut list = plan.assignments().to_vec();
    match edit.action.as_str() {
        "assign" => {
            if list.contains(&a) {
                return Err(ServiceError::Conflict(vec![
                    "the plan already has this vacation".into(),
                ]));
            }
            list.push(a);
        }
        "remove" | "pin" => {
            if !list.contains(&a) {
                return Err(ServiceError::Conflict(vec![
                    "the plan has no such vacation".into(),
                ]));
            }
            if edit.action == "remove" {
                list.retain(|x| *x != a);
            }
        }
        other => {
            return Err(ServiceError::BadRequest(format!(
                "action '{other}': expected pin, remove or assign"
            )))
        }
    }
    let edited = Plan::new(list);
    let broken: Vec<String> = hard::check(inst, &edited)
        .iter()
        .map(|v| v.to_string())
        .collect();
    if broken.is_empty() {
        Ok(edited)
    } else {
        Err(ServiceError::Conflict(broken))
    }
}

/// A volunteer who could take a day at a site, and what the plan gains with them.
#[derive(Debug, Serialize)]
pub struct Offer {
    pub volunteer_id: String,
    pub name: String,
    pub km: f64,
    pub gain: f64,
}

/// The volunteers who could be added at `site` on `date` without breaking H1–H6, ranked by
/// what the objective gains (largest first).
pub fn offers(inst: &Instance, plan: &Plan, site: &str, date: &str) -> Result<Vec<Offer>> {
    let ds = inst.dataset;
    let s = ds
        .site_index(site)
        .ok_or_else(|| ServiceError::BadRequest(format!("unknown site '{site}'")))?;
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| ServiceError::BadRequest(format!("date '{date}': expected YYYY-MM-DD")))?;
    let base = metrics::compute(inst, plan).objective(inst);
    let mut out = Vec::new();
    for k in inst
        .candidates()
        .iter()
        .filter(|k| k.site == s && k.date == d)
    {
        let a = Assignment {
            date: d,
            site: s,
            volunteer: k.volunteer,
        };
        if plan.contains(&a) {
            continue;
        }
        let mut list = plan.assignments().to_vec();
        list.push(a);
        let trial = Plan::new(list);
        if !hard::check(inst, &trial).is_empty() {
            continue;
        }
        let v = &ds.volunteers[k.volunteer];
        out.push(Offer {
            volunteer_id: v.id.clone(),
            name: v.name.clone(),
            km: inst.km(k.volunteer, s),
            gain: base - metrics::compute(inst, &trial).objective(inst),
        });
    }
    out.sort_by(|a, b| {
        b.gain
            .total_cmp(&a.gain)
            .then(a.volunteer_id.cmp(&b.volunteer_id))
    });
    Ok(out)
}

/// The outcome a stored plan stands for (for the summary: status, bound, solver).
fn outcome_of(row: &PlanRow) -> Outcome {
    let status = match row.status.as_str() {
        "optimal" => Status::Optimal,
        _ => Status::Feasible,
    };
    Outcome {
        plan: None,
        status,
        bound: row.bound,
        gap: row.gap,
        seconds: row.seconds.unwrap_or(0.0),
        solver: "renfort serve",
        stats: Default::default(),
    }
}

/// Every output of a plan (as `renfort publish` writes them), with the calendars and the
/// convocations also as one zip each. `previous`: the month's plan published before, whose
/// events the calendars cancel.
pub fn outputs(
    loaded: &Loaded,
    row: &PlanRow,
    lang: Lang,
    previous: Option<&Previous>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let inst = loaded.instance();
    let plan = plan_of(&loaded.dataset, row)?;
    let summary = Summary::new(&inst, &plan, &outcome_of(row));
    let p = publish::publish(&inst, &plan, summary, lang, previous, None)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let mut files = p.files;
    for (zip_name, prefix) in [
        ("calendars.zip", "calendars/"),
        ("convocations.zip", "convocations/"),
    ] {
        let inside: Vec<&(String, Vec<u8>)> = files
            .iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .collect();
        let bytes = zip_of(&inside)?;
        files.push((zip_name.to_string(), bytes));
    }
    Ok(files)
}

fn zip_of(files: &[&(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(name.as_str(), opts)
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        std::io::Write::write_all(&mut w, bytes)?;
    }
    w.finish()
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(buf.into_inner())
}

/// The previous publication of the month as the calendars need it: its plan and the
/// SEQUENCE of each event it sent.
pub fn previous_of(loaded: &Loaded, row: &PlanRow, sequences: &str) -> Result<Previous> {
    let plan = plan_of(&loaded.dataset, row)?;
    let sequences = serde_json::from_str(sequences).unwrap_or_default();
    Ok(Previous { plan, sequences })
}

/// The SEQUENCE of every event in a set of outputs (kept with a publication).
pub fn sequences_of(files: &[(String, Vec<u8>)]) -> Value {
    let mut all = std::collections::HashMap::new();
    for (name, bytes) in files {
        if name.starts_with("calendars/") && name.ends_with(".ics") {
            let text = String::from_utf8_lossy(bytes);
            for (uid, v) in read_sequences(&text) {
                let e = all.entry(uid).or_insert(v);
                if v.0 > e.0 {
                    *e = v;
                }
            }
        }
    }
    json!(all)
}

/// What the page shows of a plan: its vacations with names, its uncovered days with the
/// reason, the objective's terms.
pub fn plan_view(loaded: &Loaded, row: &PlanRow, lang: Lang) -> Result<Value> {
    let inst = loaded.instance();
    let ds = &loaded.dataset;
    let plan = plan_of(ds, row)?;
    // Pinned: what the plan's parents carried (`constraints`), then its own edits.
    let mut edits: Vec<Edit> =
        serde_json::from_value(row.request["constraints"].clone()).unwrap_or_default();
    for e in &row.edits {
        edits.retain(|c| c.row != e.row);
        edits.push(e.clone());
    }
    let pinned: std::collections::HashSet<&Row> = edits
        .iter()
        .filter(|e| e.action != "remove")
        .map(|e| &e.row)
        .collect();
    let vacations: Vec<Value> = crate::report::plan_csv::output_order(&inst, &plan)
        .into_iter()
        .map(|a| {
            let r = row_of(ds, a);
            let v = &ds.volunteers[a.volunteer];
            let s = &ds.sites[a.site];
            json!({
                "volunteer_id": r.volunteer_id, "volunteer": v.name,
                "site_id": r.site_id, "site": s.name, "date": r.date,
                "km": inst.km(a.volunteer, a.site),
                "pinned": pinned.contains(&r) || ds.pinned.contains_key(a),
            })
        })
        .collect();
    let uncovered: Vec<Value> = crate::rules::uncovered::uncovered_days(&inst, &plan)
        .iter()
        .map(|u| {
            let s = &ds.sites[u.site];
            json!({
                "site_id": s.id, "site": s.name, "date": u.date.to_string(),
                "missing": u.missing(), "reason": u.reason.code(),
                "why": match lang { Lang::Fr => u.reason.label_fr(), Lang::En => u.reason.label_en() },
            })
        })
        .collect();
    let sites: Vec<Value> = ds
        .sites
        .iter()
        .map(|s| json!({"id": s.id, "name": s.name, "zone": ds.zones[s.zone].id}))
        .collect();
    let volunteers: Vec<Value> = ds
        .volunteers
        .iter()
        .map(|v| json!({"id": v.id, "name": v.name}))
        .collect();
    Ok(json!({
        "month": ds.month,
        "days": loaded.horizon.days().map(|d| d.to_string()).collect::<Vec<_>>(),
        "vacations": vacations,
        "uncovered": uncovered,
        "breakdown": breakdown(&inst, &plan),
        "sites": sites,
        "volunteers": volunteers,
    }))
}

/// The digest of a loaded dataset (what `GET /api/datasets/{id}` shows).
pub fn digest(loaded: &Loaded) -> Value {
    let ds = &loaded.dataset;
    json!({
        "name": ds.name,
        "month": ds.month,
        "zones": ds.zones.len(),
        "sites": ds.sites.len(),
        "volunteers": ds.volunteers.len(),
        "offered_days": ds.availability.len(),
        "pinned": ds.pinned.len(),
        "history_vacations": ds.history.len(),
        "warnings": loaded.warnings,
    })
}
