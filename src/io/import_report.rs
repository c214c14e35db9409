//! `import_report.txt`: the rows that could not be read fully (line, column, cell, why), the
//! doctors whose CDOM authorisation is missing (whom the ARS chases), and with `--into` what
//! changed against the dataset. Its size does not depend on the export's (which comes from a
//! public form): cells are quoted up to 80 characters, a line up to `MAX_LINE`, a cell's
//! unreadable parts up to `MAX_PROBLEMS_PER_CELL`, and the rows up to `MAX_REPORTED_ROWS`
//! (then counted): at most a few megabytes.

use super::import_row::{cut, MAX_QUOTE};
use std::fmt::Write as _;
use std::path::Path;

const MAX_LINE: usize = 2_000;
const MAX_PROBLEMS_PER_CELL: usize = 10;
pub const MAX_REPORTED_ROWS: usize = 1_000;
/// The most ids listed in one line of the dataset section.
const MAX_IDS: usize = 50;

#[derive(Default)]
pub struct Report {
    pub problem_rows: usize,
    rows: String,
    chase: Vec<String>,
    moved: Vec<String>,
}

impl Report {
    /// One row's problems (nothing when there are none).
    pub fn row(&mut self, line: u64, imported: bool, problems: Vec<String>) {
        if problems.is_empty() {
            return;
        }
        self.problem_rows += 1;
        if self.problem_rows > MAX_REPORTED_ROWS {
            return;
        }
        let what = if imported {
            "imported with what could be read"
        } else {
            "NOT imported"
        };
        let _ = writeln!(self.rows, "line {line} ({what}):");
        for p in problems {
            let _ = writeln!(self.rows, "  {}", cut(&p, MAX_LINE));
        }
    }

    /// A cell's unreadable parts, each once: quoting the whole cell with each part made the
    /// report grow with the square of the cell (a 48 KB cell gave a 384 MB report).
    pub fn parts(problems: &[String]) -> String {
        let mut whys: Vec<String> = problems
            .iter()
            .take(MAX_PROBLEMS_PER_CELL)
            .map(|w| cut(w, MAX_QUOTE))
            .collect();
        if problems.len() > MAX_PROBLEMS_PER_CELL {
            whys.push(format!(
                "and {} more parts that could not be read",
                problems.len() - MAX_PROBLEMS_PER_CELL
            ));
        }
        whys.join("; ")
    }

    /// A doctor imported as not authorized.
    pub fn chase(&mut self, id: &str, name: &str, cdom: &str, why: &str, cell: &str) {
        if self.chase.len() >= MAX_REPORTED_ROWS {
            return;
        }
        let cdom = if cdom.is_empty() {
            String::new()
        } else {
            format!(", CDOM {cdom}")
        };
        self.chase.push(format!(
            "  {id}  {}{cdom}: {why} ('{cell}')",
            cut(name, MAX_QUOTE)
        ));
    }

    /// A known doctor whose home commune changed.
    pub fn moved(&mut self, id: &str, from: Option<&str>, to: Option<&str>) {
        if self.moved.len() < MAX_IDS {
            self.moved.push(format!(
                "{id} ({} → {})",
                from.unwrap_or("?"),
                to.unwrap_or("?")
            ));
        }
    }

    pub fn rows_text(&self) -> String {
        let mut s = if self.rows.is_empty() {
            "Every row was read fully.\n".to_owned()
        } else {
            self.rows.clone()
        };
        if self.problem_rows > MAX_REPORTED_ROWS {
            let _ = writeln!(
                s,
                "... and {} more rows with problems, not listed (the first {MAX_REPORTED_ROWS} \
                 are: correct them, then import again)",
                self.problem_rows - MAX_REPORTED_ROWS
            );
        }
        s
    }

    pub fn chase_text(&self) -> String {
        if self.chase.is_empty() {
            return String::new();
        }
        format!(
            "\nCDOM authorisation missing: {} doctors imported as not authorized (to chase with \
             their CDOM):\n{}\n",
            self.chase.len(),
            self.chase.join("\n")
        )
    }

    pub fn dataset_text(
        &self,
        into: &Path,
        imported: usize,
        new: usize,
        absent: &[String],
        left_behind: &[String],
    ) -> String {
        let list = |ids: &[String]| {
            let mut s = ids
                .iter()
                .take(MAX_IDS)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if ids.len() > MAX_IDS {
                let _ = write!(s, " and {} more", ids.len() - MAX_IDS);
            }
            s
        };
        let mut s = format!(
            "\nInto {}: {} known volunteers updated, {new} new; {} known volunteers kept \
             without offers this month",
            into.display(),
            imported - new,
            absent.len()
        );
        if absent.is_empty() {
            s += ".\n";
        } else {
            let _ = writeln!(s, ": {}.", list(absent));
        }
        if !self.moved.is_empty() {
            let _ = writeln!(s, "Homes moved since: {}.", self.moved.join(", "));
        }
        if !left_behind.is_empty() {
            let _ = writeln!(
                s,
                "Not carried (they belong to the dataset's own month): {}; give the previous \
                 plan with `renfort plan --history PLAN_DIR`.",
                left_behind.join(", ")
            );
        }
        s
    }
}
