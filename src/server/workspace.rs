//! The web app's workspace: one SQLite file holding the datasets (their files as uploaded),
//! the plans (assignments, figures, the planner's edits), the published plans and an audit
//! log. Every write is one transaction, so that a crash leaves the file as it was before the
//! write or after it; a solve that a restart interrupted is marked as such when the
//! workspace opens (`Workspace::open`), never left "solving".

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The workspace's schema, one migration per version, applied in order and recorded in
/// `PRAGMA user_version`. Never edit a released migration: add the next one.
const MIGRATIONS: &[&str] = &[
    // 1: the first release.
    "CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        month TEXT NOT NULL,
        created TEXT NOT NULL,
        errors TEXT NOT NULL,
        warnings TEXT NOT NULL
     );
     CREATE TABLE dataset_files (
        dataset_id INTEGER NOT NULL REFERENCES datasets(id),
        name TEXT NOT NULL,
        bytes BLOB NOT NULL,
        PRIMARY KEY (dataset_id, name)
     );
     CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id),
        kind TEXT NOT NULL,
        parent_id INTEGER REFERENCES plans(id),
        request TEXT NOT NULL,
        status TEXT NOT NULL,
        objective REAL,
        bound REAL,
        gap REAL,
        seconds REAL,
        solver TEXT,
        metrics TEXT,
        assignments TEXT,
        edits TEXT NOT NULL DEFAULT '[]',
        changes TEXT,
        error TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
     );
     CREATE TABLE publications (
        id INTEGER PRIMARY KEY,
        plan_id INTEGER NOT NULL REFERENCES plans(id),
        dataset_id INTEGER NOT NULL REFERENCES datasets(id),
        month TEXT NOT NULL,
        sequences TEXT NOT NULL,
        created TEXT NOT NULL
     );
     CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL
     );",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("workspace database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("workspace database: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "the workspace was written by a newer renfort (schema {found}, this one knows {known})"
    )]
    Newer { found: i64, known: i64 },
}

pub type Result<T> = std::result::Result<T, WorkspaceError>;

/// One assignment by ids, as the plan.csv columns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Row {
    pub volunteer_id: String,
    pub site_id: String,
    pub date: String,
}

/// A planner's edit of a plan, kept with the plan (re-planning pins or forbids them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// `pin`, `remove` or `assign`.
    pub action: String,
    #[serde(flatten)]
    pub row: Row,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetRow {
    pub id: i64,
    pub name: String,
    pub month: String,
    pub created: String,
    pub errors: serde_json::Value,
    pub warnings: serde_json::Value,
}

/// A plan as stored.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub id: i64,
    pub dataset_id: i64,
    /// `solve`, `replan`, `repair` or `whatif`.
    pub kind: String,
    pub parent_id: Option<i64>,
    pub request: serde_json::Value,
    pub status: String,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub seconds: Option<f64>,
    pub solver: Option<String>,
    pub metrics: Option<serde_json::Value>,
    #[serde(skip)]
    pub assignments: Option<Vec<Row>>,
    pub edits: Vec<Edit>,
    pub changes: Option<serde_json::Value>,
    pub error: Option<String>,
    pub created: String,
    pub updated: String,
    /// When the plan was published (the latest publication of it).
    pub published: Option<String>,
}

/// What a finished solve writes.
pub struct Finished<'a> {
    pub status: &'a str,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub seconds: f64,
    pub solver: &'a str,
    pub metrics: Option<serde_json::Value>,
    pub assignments: Option<&'a [Row]>,
    pub changes: Option<serde_json::Value>,
    pub error: Option<&'a str>,
}

pub struct Workspace {
    conn: Connection,
}

fn now() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl Workspace {
    /// Opens (creating it if needed) the workspace file, migrates it to this build's schema,
    /// and marks the solves a stop of the server interrupted.
    pub fn open(path: &Path) -> Result<Workspace> {
        let mut ws = Workspace::connect(path)?;
        ws.migrate()?;
        ws.conn.execute(
            "UPDATE plans SET status = 'failed', error = 'interrupted: the server stopped \
             during the solve', updated = ?1 WHERE status IN ('queued', 'solving')",
            params![now()],
        )?;
        Ok(ws)
    }

    /// A second connection to an open workspace (the solver thread's).
    pub fn connect(path: &Path) -> Result<Workspace> {
        let conn = Connection::open(path)?;
        // WAL: readers (the page polling) never wait for the solve's writes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(Workspace { conn })
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(WorkspaceError::Newer {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn audit(&self, who: &str, action: &str, detail: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO audit (at, who, action, detail) VALUES (?1, ?2, ?3, ?4)",
            params![now(), who, action, detail],
        )?;
        Ok(())
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<serde_json::Value>> {
        let mut st = self
            .conn
            .prepare("SELECT at, who, action, detail FROM audit ORDER BY id DESC LIMIT ?1")?;
        let rows = st.query_map(params![limit as i64], |r| {
            Ok(serde_json::json!({
                "at": r.get::<_, String>(0)?,
                "who": r.get::<_, String>(1)?,
                "action": r.get::<_, String>(2)?,
                "detail": r.get::<_, String>(3)?,
            }))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Stores a dataset and its files in one transaction.
    pub fn add_dataset(
        &mut self,
        name: &str,
        month: &str,
        files: &[(String, Vec<u8>)],
        errors: &serde_json::Value,
        warnings: &serde_json::Value,
    ) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO datasets (name, month, created, errors, warnings) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, month, now(), errors.to_string(), warnings.to_string()],
        )?;
        let id = tx.last_insert_rowid();
        for (file, bytes) in files {
            tx.execute(
                "INSERT INTO dataset_files (dataset_id, name, bytes) VALUES (?1, ?2, ?3)",
                params![id, file, bytes],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn dataset(&self, id: i64) -> Result<Option<DatasetRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, month, created, errors, warnings FROM datasets WHERE id = ?1",
                params![id],
                dataset_row,
            )
            .optional()?)
    }

    pub fn datasets(&self) -> Result<Vec<DatasetRow>> {
        let mut st = self.conn.prepare(
            "SELECT id, name, month, created, errors, warnings FROM datasets ORDER BY id DESC",
        )?;
        let rows = st.query_map([], dataset_row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    pub fn dataset_files(&self, id: i64) -> Result<Vec<(String, Vec<u8>)>> {
        let mut st = self
            .conn
            .prepare("SELECT name, bytes FROM dataset_files WHERE dataset_id = ?1 ORDER BY name")?;
        let rows = st.query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// A new plan, queued.
    pub fn add_plan(
        &self,
        dataset_id: i64,
        kind: &str,
        parent_id: Option<i64>,
        request: &serde_json::Value,
    ) -> Result<i64> {
        let t = now();
        self.conn.execute(
            "INSERT INTO plans (dataset_id, kind, parent_id, request, status, created, updated)
             VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?5)",
            params![dataset_id, kind, parent_id, request.to_string(), t],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn set_status(&self, id: i64, status: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE plans SET status = ?2, updated = ?3 WHERE id = ?1",
            params![id, status, now()],
        )?;
        Ok(())
    }

    /// Writes a solve's result, all of it at once.
    pub fn finish(&self, id: i64, f: Finished<'_>) -> Result<()> {
        let assignments = f.assignments.map(serde_json::to_string).transpose()?;
        self.conn.execute(
            "UPDATE plans SET status = ?2, objective = ?3, bound = ?4, gap = ?5, seconds = ?6,
             solver = ?7, metrics = ?8, assignments = ?9, changes = ?10, error = ?11,
             updated = ?12 WHERE id = ?1",
            params![
                id,
                f.status,
                f.objective,
                f.bound,
                f.gap,
                f.seconds,
                f.solver,
                f.metrics.map(|m| m.to_string()),
                assignments,
                f.changes.map(|c| c.to_string()),
                f.error,
                now()
            ],
        )?;
        Ok(())
    }

    /// Replaces a plan's assignments and figures after an edit, and records the edit.
    pub fn edit_plan(
        &self,
        id: i64,
        assignments: &[Row],
        objective: f64,
        metrics: &serde_json::Value,
        edits: &[Edit],
    ) -> Result<()> {
        // A pin leaves the plan as it was: its status and bound stay true. Any other edit
        // makes a plan no solver proved anything about.
        let same = self
            .plan(id)?
            .and_then(|p| p.assignments)
            .is_some_and(|mut before| {
                let mut after = assignments.to_vec();
                before.sort();
                after.sort();
                before == after
            });
        if same {
            self.conn.execute(
                "UPDATE plans SET edits = ?2, updated = ?3 WHERE id = ?1",
                params![id, serde_json::to_string(edits)?, now()],
            )?;
            return Ok(());
        }
        self.conn.execute(
            "UPDATE plans SET assignments = ?2, objective = ?3, metrics = ?4, edits = ?5,
             status = 'feasible', bound = NULL, gap = NULL, updated = ?6 WHERE id = ?1",
            params![
                id,
                serde_json::to_string(assignments)?,
                objective,
                metrics.to_string(),
                serde_json::to_string(edits)?,
                now()
            ],
        )?;
        Ok(())
    }

    pub fn plan(&self, id: i64) -> Result<Option<PlanRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("{PLAN_SELECT} WHERE p.id = ?1"),
                params![id],
                plan_row,
            )
            .optional()?)
    }

    pub fn plans(&self, dataset_id: Option<i64>) -> Result<Vec<PlanRow>> {
        let mut st = self.conn.prepare(&format!(
            "{PLAN_SELECT} WHERE ?1 IS NULL OR p.dataset_id = ?1 ORDER BY p.id DESC"
        ))?;
        let rows = st.query_map(params![dataset_id], plan_row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Records `plan` as `month`'s published plan, with the SEQUENCE of each calendar event
    /// it sent (the next publication's calendars update them).
    pub fn publish(
        &self,
        plan: &PlanRow,
        month: &str,
        sequences: &serde_json::Value,
    ) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO publications (plan_id, dataset_id, month, sequences, created)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                plan.id,
                plan.dataset_id,
                month,
                sequences.to_string(),
                now()
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The published plan of each month before `month` (the latest publication of a month
    /// wins): the history a new month is planned with.
    pub fn published_before(&self, month: &str) -> Result<Vec<(String, i64)>> {
        let mut st = self.conn.prepare(
            "SELECT month, plan_id FROM publications p WHERE month < ?1 AND id =
               (SELECT MAX(id) FROM publications q WHERE q.month = p.month)
             ORDER BY month",
        )?;
        let rows = st.query_map(params![month], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The latest publication of `month` of another plan than `plan` (the version a new
    /// publication's calendars update), with the SEQUENCE of its events.
    pub fn published_before_plan(&self, month: &str, plan: i64) -> Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT plan_id, sequences FROM publications WHERE month = ?1 AND plan_id != ?2
                 ORDER BY id DESC LIMIT 1",
                params![month, plan],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Removes a dataset nothing refers to yet (one refused after its upload).
    pub fn delete_dataset(&mut self, id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM dataset_files WHERE dataset_id = ?1",
            params![id],
        )?;
        tx.execute("DELETE FROM datasets WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(())
    }
}

const PLAN_SELECT: &str = "SELECT p.id, p.dataset_id, p.kind, p.parent_id, p.request, p.status,
    p.objective, p.bound, p.gap, p.seconds, p.solver, p.metrics, p.assignments, p.edits,
    p.changes, p.error, p.created, p.updated,
    (SELECT MAX(created) FROM publications u WHERE u.plan_id = p.id)
    FROM plans p";

fn json(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

fn dataset_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DatasetRow> {
    Ok(DatasetRow {
        id: r.get(0)?,
        name: r.get(1)?,
        month: r.get(2)?,
        created: r.get(3)?,
        errors: json(r.get(4)?).unwrap_or_default(),
        warnings: json(r.get(5)?).unwrap_or_default(),
    })
}

fn plan_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PlanRow> {
    Ok(PlanRow {
        id: r.get(0)?,
        dataset_id: r.get(1)?,
        kind: r.get(2)?,
        parent_id: r.get(3)?,
        request: json(r.get(4)?).unwrap_or_default(),
        status: r.get(5)?,
        objective: r.get(6)?,
        bound: r.get(7)?,
        gap: r.get(8)?,
        seconds: r.get(9)?,
        solver: r.get(10)?,
        metrics: json(r.get(11)?),
        assignments: r
            .get::<_, Option<String>>(12)?
            .and_then(|t| serde_json::from_str(&t).ok()),
        edits: r
            .get::<_, String>(13)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default(),
        changes: json(r.get(14)?),
        error: r.get(15)?,
        created: r.get(16)?,
        updated: r.get(17)?,
        published: r.get(18)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_solve_interrupted_by_a_restart_is_marked_failed_not_left_solving() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        {
            let mut ws = Workspace::open(&path).unwrap();
            let d = ws
                .add_dataset(
                    "d",
                    "2026-12",
                    &[],
                    &serde_json::json!([]),
                    &serde_json::json!([]),
                )
                .unwrap();
            let p = ws
                .add_plan(d, "solve", None, &serde_json::json!({}))
                .unwrap();
            ws.set_status(p, "solving").unwrap();
        }
        let ws = Workspace::open(&path).unwrap();
        let p = ws.plan(1).unwrap().unwrap();
        assert_eq!(p.status, "failed");
        assert!(p.error.unwrap().contains("interrupted"));
    }

    #[test]
    fn migrations_are_recorded_and_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.sqlite");
        drop(Workspace::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        assert!(matches!(
            Workspace::open(&path),
            Err(WorkspaceError::Newer { .. })
        ));
    }

    #[test]
    fn the_latest_publication_of_each_earlier_month_is_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(&dir.path().join("w.sqlite")).unwrap();
        let e = serde_json::json!([]);
        let d = ws.add_dataset("d", "2026-12", &[], &e, &e).unwrap();
        let p1 = ws.add_plan(d, "solve", None, &e).unwrap();
        let p2 = ws.add_plan(d, "solve", None, &e).unwrap();
        let row = |id| ws.plan(id).unwrap().unwrap();
        ws.publish(&row(p1), "2026-12", &e).unwrap();
        ws.publish(&row(p2), "2026-12", &e).unwrap();
        assert_eq!(
            ws.published_before("2027-01").unwrap(),
            vec![("2026-12".to_string(), p2)]
        );
        assert!(ws.published_before("2026-12").unwrap().is_empty());
        assert!(ws.plan(p2).unwrap().unwrap().published.is_some());
    }
}
