//! `renfort serve`: the planner's web app. An HTTP server (axum) with a JSON API and one
//! page that uses only that API; the workspace (datasets, plans, edits, publications, audit
//! log) in one SQLite file; solves queued and run one at a time (`jobs`).
//!
//! - `workspace`: the SQLite file, its migrations, every read and write;
//! - `files`: uploads turned into a dataset's files under the contract's names;
//! - `service`: what the app does with them, apart from HTTP;
//! - `jobs`: the solve queue;
//! - `api`: the HTTP handlers; `assets/`: the page, its script and the OpenAPI file.

pub mod api;
pub mod files;
pub mod jobs;
pub mod service;
pub mod workspace;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The server's validated settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub workspace: PathBuf,
    pub token: String,
    /// Largest request body accepted, in bytes.
    pub max_upload: usize,
    /// The communes file what-if scenarios place new sites and volunteers with.
    pub communes: Option<PathBuf>,
}

static COMMUNES: std::sync::OnceLock<Option<crate::whatif::communes::Communes>> =
    std::sync::OnceLock::new();

/// The server's communes (read once at start), for what-if scenarios.
pub fn communes() -> Option<&'static crate::whatif::communes::Communes> {
    COMMUNES.get().and_then(Option::as_ref)
}

/// The shortest token a server reachable from other machines accepts: 128 bits, as 32
/// hexadecimal digits (or as many characters of any other kind).
pub const MIN_TOKEN_CHARS: usize = 32;

/// A fresh random token of 128 bits, in hexadecimal.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Workspace(#[from] workspace::WorkspaceError),
    #[error("cannot create the workspace folder {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("cannot listen on {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
    #[error("{0}")]
    Communes(crate::io::InputError),
}

/// What every handler shares.
#[derive(Clone)]
pub struct App {
    pub ws: Arc<Mutex<workspace::Workspace>>,
    pub queue: Arc<jobs::Queue>,
    token: Arc<String>,
    /// The largest request body read, in bytes; the page checks a selection against it
    /// before sending, so a planner reads why rather than a reset connection.
    pub max_upload: usize,
}

/// The workspace file in its folder.
pub fn database(dir: &std::path::Path) -> PathBuf {
    dir.join("renfort.sqlite")
}

/// Binds, then calls `ready` with the page's URL (token included) and serves until
/// `shutdown` completes.
pub async fn serve(
    config: Config,
    ready: impl FnOnce(String),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    std::fs::create_dir_all(&config.workspace)
        .map_err(|e| ServeError::Folder(config.workspace.clone(), e))?;
    if let Some(path) = &config.communes {
        let c = crate::whatif::communes::Communes::read(path, &crate::whatif::communes::NEEDS)
            .map_err(ServeError::Communes)?;
        let _ = COMMUNES.set(Some(c));
    }
    let db = database(&config.workspace);
    let ws = workspace::Workspace::open(&db)?;
    let queue = jobs::Queue::start(db)?;
    let app = App {
        ws: Arc::new(Mutex::new(ws)),
        queue: Arc::new(queue),
        token: Arc::new(config.token.clone()),
        max_upload: config.max_upload,
    };
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| ServeError::Listen(config.addr, e))?;
    let bound = listener
        .local_addr()
        .map_err(|e| ServeError::Listen(config.addr, e))?;
    ready(format!("http://{bound}/?token={}", config.token));
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Serve)
}

pub fn router(app: App) -> Router {
    let max_upload = app.max_upload;
    let api = Router::new()
        .route("/", get(page))
        .route("/api/datasets", post(api::upload).get(api::datasets))
        .route("/api/datasets/{id}", get(api::dataset))
        .route("/api/datasets/{id}/plans", post(api::create_plan))
        .route("/api/datasets/{id}/whatif", post(api::whatif))
        .route("/api/plans", get(api::plans))
        .route("/api/plans/{id}", get(api::plan).delete(api::stop))
        .route("/api/plans/{id}/view", get(api::view))
        .route("/api/plans/{id}/offers", get(api::offers))
        .route("/api/plans/{id}/files/{name}", get(api::file))
        .route("/api/plans/{id}/edits", post(api::edit))
        .route("/api/plans/{id}/replan", post(api::replan))
        .route("/api/plans/{id}/cancel", post(api::cancel))
        .route("/api/plans/{id}/publish", post(api::publish))
        .route("/api/audit", get(api::audit))
        .layer(middleware::from_fn_with_state(app.clone(), require_token));
    Router::new()
        .route("/api/health", get(api::health))
        .route("/api/openapi.json", get(api::openapi))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .merge(api)
        .layer(axum::extract::DefaultBodyLimit::max(max_upload))
        .layer(middleware::from_fn_with_state(app.clone(), declared_length))
        .layer(middleware::from_fn(security_headers))
        .with_state(app)
}

/// Every call but the health check, the API description and the page's static assets
/// needs the token: `Authorization: Bearer T`, or `?token=T` (the printed URL).
async fn require_token(State(app): State<App>, req: Request, next: Next) -> Response {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let query = req.uri().query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("token="))
            .map(str::to_string)
    });
    let ok = [bearer, query]
        .into_iter()
        .flatten()
        .any(|t| same(t.as_bytes(), app.token.as_bytes()));
    if ok {
        next.run(req).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            axum::Json(serde_json::json!({"error": "a valid token is needed (the URL renfort serve printed)"})),
        )
            .into_response()
    }
}

/// Compares in time independent of where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A body whose declared length is over the limit is refused before a byte of it is read:
/// the client reads a 413 instead of a connection cut mid-send. Bodies without a declared
/// length (chunked) are still capped as they are read (`DefaultBodyLimit`).
async fn declared_length(State(app): State<App>, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > app.max_upload as u64 => api::too_large(n, app.max_upload),
        _ => next.run(req).await,
    }
}

/// The page may load only its own script and style, and nothing may frame it.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                 frame-src 'self'; frame-ancestors 'self'",
            ),
        );
    }
    resp
}

async fn page() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("assets/index.html"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/app.js"),
    )
        .into_response()
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/app.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_and_128_bits() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), MIN_TOKEN_CHARS);
        assert_ne!(a, b);
        assert!(same(a.as_bytes(), a.as_bytes()));
        assert!(!same(a.as_bytes(), b.as_bytes()));
        assert!(!same(b"abc", b"abcd"));
    }
}
