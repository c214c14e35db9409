//! The JSON API, which the page itself uses (documented in `assets/openapi.json`). Handlers
//! turn HTTP into `service` calls on a blocking thread (SQLite and the solvers are
//! synchronous), and `ApiError` turns their errors back into HTTP statuses.

use super::files::{materialise, Problem, Upload, UploadProblem};
use super::service::{self, ServiceError};
use super::workspace::{Edit, Row};
use super::App;
use crate::report::Lang;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

pub struct ApiError(ServiceError);

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        ApiError(e)
    }
}

impl From<super::workspace::WorkspaceError> for ApiError {
    fn from(e: super::workspace::WorkspaceError) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self.0 {
            ServiceError::NotFound(m) => (
                StatusCode::NOT_FOUND,
                json!({"error": format!("not found: {m}")}),
            ),
            ServiceError::BadRequest(m) => (StatusCode::BAD_REQUEST, json!({"error": m})),
            ServiceError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, json!({"error": m})),
            ServiceError::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"error": "the input has errors", "errors": errors}),
            ),
            ServiceError::Conflict(broken) => (
                StatusCode::CONFLICT,
                json!({"error": "the change breaks a rule", "broken": broken}),
            ),
            ServiceError::Internal(m) => (StatusCode::INTERNAL_SERVER_ERROR, json!({"error": m})),
        };
        (status, Json(body)).into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// Runs `f` with the workspace on a blocking thread.
async fn blocking<T: Send + 'static>(
    app: &App,
    f: impl FnOnce(&App) -> Result<T, ServiceError> + Send + 'static,
) -> ApiResult<T> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || f(&app))
        .await
        .map_err(|e| ApiError(ServiceError::Internal(e.to_string())))?
        .map_err(ApiError)
}

pub async fn health(State(app): State<App>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "max_upload_bytes": app.max_upload,
    }))
}

pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("assets/openapi.json"),
    )
        .into_response()
}

/// A body that could not be read: over the size limit (413), or malformed (400).
fn rejected(e: impl IntoResponse + ToString) -> ApiError {
    let text = e.to_string();
    if e.into_response().status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError(ServiceError::TooLarge(format!(
            "the upload is larger than the server accepts (renfort serve --max-upload-mb): {text}"
        )))
    } else {
        ApiError(ServiceError::BadRequest(text))
    }
}

/// The answer to a body declared larger than `limit` bytes.
pub fn too_large(declared: u64, limit: usize) -> Response {
    ApiError(ServiceError::TooLarge(format!(
        "the upload declares {declared} bytes; the server accepts at most {limit} \
         (renfort serve --max-upload-mb)"
    )))
    .into_response()
}

fn upload_error(p: UploadProblem) -> ApiError {
    ApiError(ServiceError::Invalid(vec![Problem {
        code: "E003".into(),
        file: p.file,
        line: None,
        column: None,
        message: p.message,
    }]))
}

/// `POST /api/datasets`: a zip of the dataset's files, one workbook, or the files one by
/// one (multipart).
pub async fn upload(State(app): State<App>, req: Request) -> ApiResult<Response> {
    let kind = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let up = if kind.starts_with("multipart/form-data") {
        let mut parts = Multipart::from_request(req, &app).await.map_err(rejected)?;
        let mut up = Upload::default();
        while let Some(field) = parts.next_field().await.map_err(rejected)? {
            let name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(rejected)?;
            if name.to_ascii_lowercase().ends_with(".zip") {
                let inner = Upload::from_zip(&bytes).map_err(upload_error)?;
                for (n, b) in inner.files {
                    up.add(&n, b).map_err(upload_error)?;
                }
                up.ignored.extend(inner.ignored);
            } else {
                up.add(&name, bytes.to_vec()).map_err(upload_error)?;
            }
        }
        up
    } else {
        let bytes = Bytes::from_request(req, &app).await.map_err(rejected)?;
        if kind.contains("zip") && !kind.contains("spreadsheet") {
            Upload::from_zip(&bytes).map_err(upload_error)?
        } else if kind.contains("spreadsheetml") || bytes.starts_with(b"PK") {
            let mut up = Upload::default();
            up.add("dataset.xlsx", bytes.to_vec())
                .map_err(upload_error)?;
            up
        } else {
            return Err(ApiError(ServiceError::BadRequest(
                "expected a zip of the dataset's files (application/zip), dataset.xlsx, or \
                 multipart/form-data with the files"
                    .into(),
            )));
        }
    };
    let ignored = up.ignored.clone();
    let (id, warnings) = blocking(&app, move |app| {
        let m = materialise(&up.files)?;
        let ds = m.result.map_err(ServiceError::Invalid)?;
        let mut ws = app.ws.lock().unwrap();
        let id = ws.add_dataset(
            &ds.name,
            &ds.month,
            &up.files,
            &json!([]),
            &serde_json::to_value(&m.warnings).unwrap_or_default(),
        )?;
        // What needs the horizon (pins eligible, history before the month) is checked
        // now, with the workspace's history: a dataset that cannot be planned is not kept.
        let history = service::default_history(&ws, id)?;
        if let Err(e) = service::load(&ws, id, &history, None) {
            ws.delete_dataset(id)?;
            return Err(e);
        }
        ws.audit("planner", "upload", &format!("dataset {id} ({})", ds.name))?;
        Ok((id, m.warnings))
    })
    .await?;
    let body = json!({"id": id, "errors": [], "warnings": warnings, "ignored": ignored});
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

pub async fn datasets(State(app): State<App>) -> ApiResult<Json<Value>> {
    blocking(&app, |app| {
        let ws = app.ws.lock().unwrap();
        Ok(Json(json!(ws.datasets()?)))
    })
    .await
}

pub async fn dataset(State(app): State<App>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let history = service::default_history(&ws, id)?;
        let loaded = service::load(&ws, id, &history, None)?;
        let mut d = service::digest(&loaded);
        d["id"] = json!(id);
        d["history_plans"] = json!(history);
        Ok(Json(d))
    })
    .await
}

/// `POST /api/datasets/{id}/plans`: queues a solve.
pub async fn create_plan(
    State(app): State<App>,
    Path(id): Path<i64>,
    body: Option<Json<Value>>,
) -> ApiResult<Response> {
    let mut req = body.map(|Json(v)| v).unwrap_or_else(|| json!({}));
    if !req.is_object() {
        return Err(ApiError(ServiceError::BadRequest(
            "expected a JSON object".into(),
        )));
    }
    super::jobs::check_request(&req)?;
    let plan = blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        if req.get("history").is_none() {
            req["history"] = json!(service::default_history(&ws, id)?);
        }
        // The policy and the history are checked before queueing: a plan that cannot
        // start says why at once.
        service::load(&ws, id, &service::history_of(&req), req["model"].as_str())?;
        let plan = ws.add_plan(id, "solve", None, &req)?;
        ws.audit("planner", "plan", &format!("plan {plan} of dataset {id}"))?;
        Ok(plan)
    })
    .await?;
    app.queue.push(plan);
    Ok((StatusCode::ACCEPTED, Json(json!({"id": plan}))).into_response())
}

/// `POST /api/datasets/{id}/whatif`: `{"scenario": "<scenario TOML>", "time_limit": 60}`;
/// queues the scenario's plan, compared with the dataset's own when it ends.
pub async fn whatif(
    State(app): State<App>,
    Path(id): Path<i64>,
    Json(mut req): Json<Value>,
) -> ApiResult<Response> {
    super::jobs::check_request(&req)?;
    let Some(text) = req["scenario"].as_str().map(str::to_string) else {
        return Err(ApiError(ServiceError::BadRequest(
            "scenario: expected the scenario's TOML text (docs/whatif.md)".into(),
        )));
    };
    let plan = blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        service::scenario(&text)?;
        if req.get("history").is_none() {
            req["history"] = json!(service::default_history(&ws, id)?);
        }
        let plan = ws.add_plan(id, "whatif", None, &req)?;
        // Applying it now says at once what in the scenario does not fit the dataset.
        if let Err(e) = service::load_for(&ws, &ws.plan(plan)?.expect("just added")) {
            ws.set_status(plan, "failed")?;
            return Err(e);
        }
        ws.audit("planner", "whatif", &format!("plan {plan} of dataset {id}"))?;
        Ok(plan)
    })
    .await?;
    app.queue.push(plan);
    Ok((StatusCode::ACCEPTED, Json(json!({"id": plan}))).into_response())
}

#[derive(Deserialize)]
pub struct PlansQuery {
    dataset: Option<i64>,
}

pub async fn plans(State(app): State<App>, Query(q): Query<PlansQuery>) -> ApiResult<Json<Value>> {
    blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let rows: Vec<Value> = ws
            .plans(q.dataset)?
            .iter()
            .map(|p| plan_json(app, p))
            .collect();
        Ok(Json(json!(rows)))
    })
    .await
}

fn plan_json(app: &App, p: &super::workspace::PlanRow) -> Value {
    let mut v = serde_json::to_value(p).unwrap_or_default();
    v["vacations"] = json!(p.assignments.as_ref().map(|a| a.len()));
    if p.status == "solving" {
        if let Some(live) = app.queue.live(p.id) {
            v["live"] = json!(live);
        }
    }
    v
}

pub async fn plan(State(app): State<App>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let p = ws
            .plan(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
        Ok(Json(plan_json(app, &p)))
    })
    .await
}

/// `DELETE /api/plans/{id}`: stops the solve; the best plan found is kept.
pub async fn stop(State(app): State<App>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    let stopping = app.queue.stop(id);
    blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let p = ws
            .plan(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
        if stopping {
            ws.audit("planner", "stop", &format!("plan {id}"))?;
        }
        Ok(Json(
            json!({"id": id, "stopping": stopping, "status": p.status}),
        ))
    })
    .await
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
    site: Option<String>,
    date: Option<String>,
}

fn lang_of(q: &LangQuery) -> Lang {
    match q.lang.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Fr,
    }
}

/// The files a plan can be downloaded as, and their content types.
const FILES: [(&str, &str); 8] = [
    ("plan.csv", "text/csv; charset=utf-8"),
    ("coverage.csv", "text/csv; charset=utf-8"),
    ("not-selected.csv", "text/csv; charset=utf-8"),
    ("summary.json", "application/json"),
    ("report.html", "text/html; charset=utf-8"),
    (
        "plan.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("calendars.zip", "application/zip"),
    ("convocations.zip", "application/zip"),
];

pub async fn file(
    State(app): State<App>,
    Path((id, name)): Path<(i64, String)>,
    Query(q): Query<LangQuery>,
) -> ApiResult<Response> {
    let Some(&(name, kind)) = FILES.iter().find(|(n, _)| *n == name) else {
        return Err(ApiError(ServiceError::NotFound(format!(
            "file (expected one of {})",
            FILES.map(|f| f.0).join(", ")
        ))));
    };
    let lang = lang_of(&q);
    let bytes = blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let row = ws
            .plan(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
        let loaded = service::load_for(&ws, &row)?;
        let previous = match ws.published_before_plan(&loaded.dataset.month, id)? {
            Some((pid, seq)) => {
                let prow = ws
                    .plan(pid)?
                    .ok_or_else(|| ServiceError::NotFound(format!("plan {pid}")))?;
                Some(service::previous_of(&loaded, &prow, &seq)?)
            }
            None => None,
        };
        let files = service::outputs(&loaded, &row, lang, previous.as_ref())?;
        files
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b)
            .ok_or_else(|| ServiceError::NotFound(name.to_string()))
    })
    .await?;
    let disposition = if name == "report.html" {
        "inline"
    } else {
        "attachment"
    };
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // `name` comes from the fixed list above, never from the request.
    if let Ok(v) = HeaderValue::from_str(&format!("{disposition}; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// `GET /api/plans/{id}/view`: what the page shows of a finished plan.
pub async fn view(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
) -> ApiResult<Json<Value>> {
    let lang = lang_of(&q);
    blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let row = ws
            .plan(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
        let loaded = service::load_for(&ws, &row)?;
        Ok(Json(service::plan_view(&loaded, &row, lang)?))
    })
    .await
}

/// `GET /api/plans/{id}/offers?site=S&date=D`: who could take the day, best first.
pub async fn offers(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<LangQuery>,
) -> ApiResult<Json<Value>> {
    blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let row = ws
            .plan(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
        let loaded = service::load_for(&ws, &row)?;
        let plan = service::plan_of(&loaded.dataset, &row)?;
        let site = q.site.unwrap_or_default();
        let date = q.date.unwrap_or_default();
        let offers = service::offers(&loaded.instance(), &plan, &site, &date)?;
        Ok(Json(json!(offers)))
    })
    .await
}

/// `POST /api/plans/{id}/edits`: pin, remove or assign one vacation.
pub async fn edit(
    State(app): State<App>,
    Path(id): Path<i64>,
    Json(edit): Json<Edit>,
) -> ApiResult<Json<Value>> {
    blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let row = ws
            .plan(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
        if !matches!(row.status.as_str(), "optimal" | "feasible" | "stopped") {
            return Err(ServiceError::Conflict(vec![format!(
                "the plan is {}: only a finished plan can be edited",
                row.status
            )]));
        }
        let loaded = service::load_for(&ws, &row)?;
        let inst = loaded.instance();
        let plan = service::plan_of(&loaded.dataset, &row)?;
        let edited = service::apply_edit(&inst, &plan, &edit)?;
        let (objective, metrics) = service::figures(&inst, &edited);
        // A later edit of the same vacation replaces the earlier one; removing a vacation
        // the planner added undoes the addition.
        let mut edits: Vec<Edit> = row
            .edits
            .into_iter()
            .filter(|e| e.row != edit.row)
            .collect();
        let undo =
            edit.action == "remove" && !plan_had_originally(&row.assignments, &edit.row, &edits);
        if !undo {
            edits.push(edit.clone());
        }
        let rows = service::rows_of(&loaded.dataset, &edited);
        ws.edit_plan(id, &rows, objective, &metrics, &edits)?;
        ws.audit(
            "planner",
            &edit.action,
            &format!(
                "plan {id}: {} {} {}",
                edit.row.volunteer_id, edit.row.site_id, edit.row.date
            ),
        )?;
        Ok(Json(json!({
            "objective": objective,
            "metrics": metrics,
            "breakdown": service::breakdown(&inst, &edited),
            "edits": edits,
        })))
    })
    .await
}

/// Whether the vacation came from the solver (not from an `assign` edit).
fn plan_had_originally(rows: &Option<Vec<Row>>, row: &Row, _edits: &[Edit]) -> bool {
    rows.as_ref().is_some_and(|r| r.contains(row))
}

/// `POST /api/plans/{id}/replan`: re-solves around the edits, changing as little else.
pub async fn replan(
    State(app): State<App>,
    Path(id): Path<i64>,
    body: Option<Json<Value>>,
) -> ApiResult<Response> {
    child(
        app,
        id,
        "replan",
        body.map(|Json(v)| v).unwrap_or_else(|| json!({})),
    )
    .await
}

/// `POST /api/plans/{id}/cancel`: a volunteer cancels (all days, or `dates`): the plan
/// repaired around it.
pub async fn cancel(
    State(app): State<App>,
    Path(id): Path<i64>,
    Json(body): Json<Value>,
) -> ApiResult<Response> {
    if body["volunteer_id"].as_str().is_none() {
        return Err(ApiError(ServiceError::BadRequest(
            "volunteer_id: expected the id of the volunteer who cancels".into(),
        )));
    }
    child(app, id, "repair", json!({"cancel": body})).await
}

async fn child(app: App, parent: i64, kind: &'static str, extra: Value) -> ApiResult<Response> {
    super::jobs::check_request(&extra)?;
    let plan = blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let p = ws
            .plan(parent)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {parent}")))?;
        if p.assignments.is_none() {
            return Err(ServiceError::Conflict(vec![format!(
                "plan {parent} is {}: it has no plan to start from",
                p.status
            )]));
        }
        let mut req = p.request.clone();
        for (k, v) in extra.as_object().into_iter().flatten() {
            req[k] = v.clone();
        }
        // The planner's pins and removals hold for every plan made from this one: those
        // its own parents carried, then its own edits (a later edit of a vacation wins).
        let mut constraints: Vec<Edit> =
            serde_json::from_value(p.request["constraints"].clone()).unwrap_or_default();
        for e in &p.edits {
            constraints.retain(|c| c.row != e.row);
            constraints.push(e.clone());
        }
        req["constraints"] = json!(constraints);
        if kind == "replan" {
            req.as_object_mut().map(|o| o.remove("cancel"));
        }
        let id = ws.add_plan(p.dataset_id, kind, Some(parent), &req)?;
        ws.audit("planner", kind, &format!("plan {id} from plan {parent}"))?;
        Ok(id)
    })
    .await?;
    app.queue.push(plan);
    Ok((StatusCode::ACCEPTED, Json(json!({"id": plan}))).into_response())
}

/// `POST /api/plans/{id}/publish`: the month's published plan (the history of the next).
pub async fn publish(State(app): State<App>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    blocking(&app, move |app| {
        let ws = app.ws.lock().unwrap();
        let row = ws
            .plan(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("plan {id}")))?;
        if row.assignments.is_none() {
            return Err(ServiceError::Conflict(vec![format!(
                "plan {id} is {}: nothing to publish",
                row.status
            )]));
        }
        let loaded = service::load_for(&ws, &row)?;
        let plan = service::plan_of(&loaded.dataset, &row)?;
        let broken = crate::rules::hard::check(&loaded.instance(), &plan);
        if !broken.is_empty() {
            return Err(ServiceError::Conflict(
                broken.iter().map(|v| v.to_string()).collect(),
            ));
        }
        let month = loaded.dataset.month.clone();
        let previous = match ws.published_before_plan(&month, id)? {
            Some((pid, seq)) => {
                let prow = ws
                    .plan(pid)?
                    .ok_or_else(|| ServiceError::NotFound(format!("plan {pid}")))?;
                Some(service::previous_of(&loaded, &prow, &seq)?)
            }
            None => None,
        };
        let files = service::outputs(&loaded, &row, Lang::Fr, previous.as_ref())?;
        let publication = ws.publish(&row, &month, &service::sequences_of(&files))?;
        ws.audit("planner", "publish", &format!("plan {id} for {month}"))?;
        Ok(Json(json!({"id": publication, "plan": id, "month": month})))
    })
    .await
}

pub async fn audit(State(app): State<App>) -> ApiResult<Json<Value>> {
    blocking(&app, |app| {
        let ws = app.ws.lock().unwrap();
        Ok(Json(json!(ws.audit_log(200)?)))
    })
    .await
}
