//! A what-if's dropout runs split over processes or machines, and the shards' outputs merged
//! back into the table one process would have written (docs/scale-out.md).
//!
//! Shard I of N does the runs r (numbered from 1) with (r − 1) mod N = I − 1. Interleaved
//! rather than in blocks: which shard does run r depends on r and N only, not on the number
//! of runs, and the shards' sizes differ by one at most. Run r's figures depend on the seed
//! and r alone (`dropout_runs`), so N shards do exactly the runs of one process.
//!
//! A shard writes runs.csv, one line per run: its number, then its value of every row of
//! whatif.json (`compare::run_values`), as Rust prints a float (the shortest text that reads
//! back to the same number). The merge reads them back and computes the rows with
//! `compare::fill_runs`, the function a single process uses: the figures agree to the bit.

use super::compare::{self, Row, METRICS, ZONE_METRICS};
use crate::io::{Code, InputError};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A run's number and its value of each row (`compare::run_values`).
pub type RunValues = (u64, Vec<Option<f64>>);

/// Shard `index` of `count` (1 ≤ index ≤ count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `I/N`, as `--shard` takes it.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("expected I/N with 1 ≤ I ≤ N (like 2/8), found '{s}'");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            i.trim().parse::<u32>().map_err(|_| bad())?,
            n.trim().parse::<u32>().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// This shard's runs among runs 1..=`runs`.
    pub fn runs(&self, runs: u32) -> Vec<u64> {
        (1..=u64::from(runs))
            .filter(|r| (r - 1) % u64::from(self.count) == u64::from(self.index - 1))
            .collect()
    }
}

/// The header of runs.csv: `run`, then `scope:metric` for each row.
fn header(rows: &[Row]) -> Vec<String> {
    std::iter::once("run".to_owned())
        .chain(rows.iter().map(|r| format!("{}:{}", r.scope, r.metric)))
        .collect()
}

/// runs.csv: one line per run (`compare::run_values`), an empty cell for a zone the run
/// does not have.
pub fn runs_csv(rows: &[Row], runs: &[RunValues]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header(rows)).expect("memory");
    for (r, values) in runs {
        let cells = values
            .iter()
            .map(|v| v.map(|x| x.to_string()).unwrap_or_default());
        w.write_record(std::iter::once(r.to_string()).chain(cells))
            .expect("memory");
    }
    w.into_inner().expect("memory")
}

/// One shard's output folder, read.
pub struct ShardOutput {
    pub dir: PathBuf,
    pub shard: Shard,
    /// whatif.json as written.
    pub report: Value,
    pub rows: Vec<Row>,
    pub runs: Vec<RunValues>,
}

fn err(code: Code, file: &Path, message: String) -> InputError {
    InputError::new(code, file.display().to_string(), message)
}

/// A row of whatif.json back as a `Row` (without its runs: they come from runs.csv).
fn row_of(v: &Value) -> Option<Row> {
    let metric = v["metric"].as_str()?;
    let metric = *METRICS
        .iter()
        .chain(&ZONE_METRICS)
        .find(|m| **m == metric)?;
    let num = |k: &str| match &v[k] {
        Value::Null => Some(None),
        x => x.as_f64().map(Some),
    };
    Some(Row {
        scope: v["scope"].as_str()?.to_owned(),
        metric,
        baseline: num("baseline")?,
        scenario: num("scenario")?,
        delta: num("delta")?,
        runs: None,
        mean_delta: None,
    })
}

/// Reads the folder `renfort whatif --shard` wrote.
pub fn read_shard(dir: &Path) -> Result<ShardOutput, InputError> {
    let file = dir.join("whatif.json");
    let text = std::fs::read(&file).map_err(|e| {
        err(
            Code::MissingFile,
            &file,
            format!("cannot read it ({e}): give the folders `renfort whatif --shard I/N` wrote"),
        )
    })?;
    let report: Value = serde_json::from_slice(&text)
        .map_err(|e| err(Code::MalformedFile, &file, format!("not JSON: {e}")))?;
    let not_shard = || {
        err(
            Code::BadValue,
            &file,
            "no `shard` object: this folder is not a shard's output (`renfort whatif --shard I/N`)"
                .into(),
        )
    };
    let s = report.get("shard").ok_or_else(not_shard)?;
    let field = |k: &str| s[k].as_u64().and_then(|x| u32::try_from(x).ok());
    let shard = match (field("index"), field("count")) {
        (Some(index), Some(count)) if 1 <= index && index <= count => Shard { index, count },
        _ => return Err(not_shard()),
    };
    let rows = report["rows"]
        .as_array()
        .and_then(|rs| rs.iter().map(row_of).collect::<Option<Vec<Row>>>())
        .ok_or_else(|| {
            err(
                Code::MalformedFile,
                &file,
                "`rows` is not a what-if's".into(),
            )
        })?;
    let runs = read_runs(&dir.join("runs.csv"), &rows)?;
    Ok(ShardOutput {
        dir: dir.to_path_buf(),
        shard,
        report,
        rows,
        runs,
    })
}

/// runs.csv back as (run, values), checking its header against the rows.
fn read_runs(file: &Path, rows: &[Row]) -> Result<Vec<RunValues>, InputError> {
    let text = std::fs::read(file)
        .map_err(|e| err(Code::MissingFile, file, format!("cannot read it ({e})")))?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_slice());
    let want = header(rows);
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i as u64 + 1;
        let rec = rec.map_err(|e| err(Code::MalformedFile, file, e.to_string()).line(line))?;
        if i == 0 {
            if rec.iter().ne(want.iter().map(String::as_str)) {
                return Err(err(
                    Code::MalformedFile,
                    file,
                    "the header does not list whatif.json's rows (run, then scope:metric)".into(),
                )
                .line(1));
            }
            continue;
        }
        let at = |c: usize, what: &str, found: &str| {
            err(
                Code::NotANumber,
                file,
                format!("expected {what}, found '{found}'"),
            )
            .line(line)
            .column(format!(
                "{} ({})",
                want[c],
                crate::io::error::column_letter(c)
            ))
        };
        let run = rec[0]
            .parse::<u64>()
            .map_err(|_| at(0, "a run number", &rec[0]))?;
        let values = (1..want.len())
            .map(|c| match rec.get(c).unwrap_or("") {
                "" => Ok(None),
                x => x
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or_else(|| at(c, "a number", x)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.push((run, values));
    }
    Ok(out)
}

/// whatif.json without what differs between the shards of one what-if: its runs' figures,
/// timing and shard. Two shards belong together when these are equal.
fn identity(report: &Value) -> BTreeMap<String, Value> {
    let mut m: BTreeMap<String, Value> = report
        .as_object()
        .map(|o| o.clone().into_iter().collect())
        .unwrap_or_default();
    for k in ["shard", "partial", "runs_seconds"] {
        m.remove(k);
    }
    if let Some(Value::Array(rows)) = m.get_mut("rows") {
        for r in rows.iter_mut().filter_map(Value::as_object_mut) {
            r.remove("runs");
            r.remove("mean_delta");
        }
    }
    m
}

/// The merged what-if: whatif.json as one process writes it, its rows, and runs.csv.
pub struct Merged {
    pub report: Value,
    pub rows: Vec<Row>,
    pub runs_csv: Vec<u8>,
}

/// Merges the shards of one what-if, refusing shards of another (dataset, scenario, seed,
/// runs, shard count, baseline or scenario plan), a missing or repeated shard, and a runs.csv
/// without exactly its shard's runs. `plans` are the files every shard must have the same.
pub fn merge(shards: &[ShardOutput], plans: &[&str]) -> Result<Merged, InputError> {
    let cmd = |m: String| InputError::new(Code::BadArgument, "command line", m);
    let first = shards
        .first()
        .ok_or_else(|| cmd("give the shards' folders".into()))?;
    let n = first.shard.count;
    let want = identity(&first.report);
    let json_of = |s: &ShardOutput| s.dir.join("whatif.json");
    let mut seen: BTreeMap<u32, &Path> = BTreeMap::new();
    for s in shards {
        if s.shard.count != n {
            return Err(err(
                Code::BadValue,
                &json_of(s),
                format!(
                    "shard {}/{} of another split: {} is shard {}/{n}",
                    s.shard.index,
                    s.shard.count,
                    first.dir.display(),
                    first.shard.index
                ),
            ));
        }
        let mine = identity(&s.report);
        if let Some(k) = want
            .keys()
            .chain(mine.keys())
            .find(|k| want.get(*k) != mine.get(*k))
        {
            let show = |v: Option<&Value>| {
                let t = v.map(Value::to_string).unwrap_or_else(|| "nothing".into());
                crate::report::words::cut(&t, 60)
            };
            return Err(err(
                Code::BadValue,
                &json_of(s),
                format!(
                    "not a shard of the same what-if as {}: `{k}` is {} here, {} there \
                     (shards must share the dataset, scenario, seed and runs)",
                    first.dir.display(),
                    show(mine.get(k)),
                    show(want.get(k)),
                ),
            ));
        }
        for p in plans {
            if std::fs::read(s.dir.join(p)).ok() != std::fs::read(first.dir.join(p)).ok() {
                return Err(err(
                    Code::BadValue,
                    &s.dir.join(p),
                    format!(
                        "differs from {}'s: the shards solved the same case differently \
                         (a solve that hit its time limit?); re-run with a longer --time-limit",
                        first.dir.display()
                    ),
                ));
            }
        }
        if let Some(other) = seen.insert(s.shard.index, &s.dir) {
            return Err(cmd(format!(
                "{} and {} are both shard {}/{n}",
                other.display(),
                s.dir.display(),
                s.shard.index
            )));
        }
    }
    if let Some(missing) = (1..=n).find(|i| !seen.contains_key(i)) {
        return Err(cmd(format!(
            "shard {missing}/{n} is missing: give the folders of all {n} shards"
        )));
    }
    let total = first.report["runs"]
        .as_u64()
        .and_then(|x| u32::try_from(x).ok())
        .unwrap_or(0);
    let mut runs: Vec<RunValues> = Vec::new();
    for s in shards {
        let got: Vec<u64> = s.runs.iter().map(|(r, _)| *r).collect();
        if got != s.shard.runs(total) {
            return Err(err(
                Code::BadValue,
                &s.dir.join("runs.csv"),
                format!(
                    "does not hold the runs of shard {}/{n} of {total} runs",
                    s.shard.index
                ),
            ));
        }
        runs.extend(s.runs.iter().cloned());
    }
    runs.sort_by_key(|(r, _)| *r);
    let mut rows = first.rows.clone();
    let values: Vec<Vec<Option<f64>>> = runs.iter().map(|(_, v)| v.clone()).collect();
    compare::fill_runs(&mut rows, &values);
    let mut report = first.report.clone();
    let seconds: f64 = shards
        .iter()
        .filter_map(|s| s.report["runs_seconds"].as_f64())
        .sum();
    if let Some(o) = report.as_object_mut() {
        o.remove("shard");
        o.remove("partial");
        o.insert("runs_seconds".into(), seconds.into());
        o.insert(
            "rows".into(),
            serde_json::to_value(&rows).expect("rows are JSON"),
        );
    }
    Ok(Merged {
        runs_csv: runs_csv(&rows, &runs),
        report,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_runs_exactly_once() {
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "3", "a/3", "1/0", "-1/3", "1/3/4", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Shard { index: 2, count: 3 }.runs(10), vec![2, 5, 8]);
        let mut all: Vec<u64> = (1..=4)
            .flat_map(|i| Shard { index: i, count: 4 }.runs(11))
            .collect();
        all.sort();
        assert_eq!(all, (1..=11).collect::<Vec<u64>>());
    }
}
