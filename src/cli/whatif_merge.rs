//! `renfort whatif-merge`: the folders of `renfort whatif --shard I/N` joined into the
//! folder one `renfort whatif` writes (see `renfort::whatif::shard`, docs/scale-out.md).

use super::whatif::{print_table, Table};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::Args;
use renfort::model::Horizon;
use renfort::report::Lang;
use renfort::whatif::shard::{self, ShardOutput};
use renfort::whatif::{compare, why};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The files every shard writes the same (the cases solved before the runs): a shard that
/// differs solved them differently, and its runs repaired another plan.
const SAME_IN_EVERY_SHARD: [&str; 2] = ["baseline/plan.csv", "scenario/plan.csv"];

/// The files the merge computes rather than copies from the first shard.
const MERGED: [&str; 3] = ["whatif.json", "whatif.csv", "runs.csv"];

#[derive(Args)]
pub struct WhatifMergeArgs {
    /// The output folders of `renfort whatif --shard I/N`, one per shard, in any order.
    #[arg(value_name = "SHARD_DIR", required = true)]
    shards: Vec<PathBuf>,
    /// Output folder (default: out/whatif-<scenario name>, as `renfort whatif`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Language of the printed table (the files keep the metric codes).
    #[arg(long, value_parser = super::choice::<Lang>(), default_value_t = Lang::Fr)]
    lang: Lang,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

/// Every file under `dir` (relative paths), but the hidden ones (the output marker).
fn files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if e.file_type()?.is_dir() {
            files(&e.path(), &format!("{prefix}{name}/"), out)?;
        } else {
            out.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}

pub fn run(a: WhatifMergeArgs) -> Result<ExitCode> {
    let shards: Vec<ShardOutput> = a
        .shards
        .iter()
        .map(|d| shard::read_shard(d))
        .collect::<Result<_, _>>()?;
    let merged = shard::merge(&shards, &SAME_IN_EVERY_SHARD)?;
    let first = &shards[0];
    let report = &merged.report;
    let text = |k: &str| report[k].as_str().unwrap_or("").to_owned();
    let scenario = text("scenario");
    let out = a.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(format!("whatif-{}", super::folder_name(&scenario)))
    });
    // Zone names for the table: the scenario's dataset every shard wrote. Read before
    // anything is written, so that a folder it lacks is an error with nothing written.
    let names: Vec<(String, String)> = if a.quiet {
        Vec::new()
    } else {
        renfort::io::load_dataset(&first.dir.join("scenario-dataset"))?
            .zones
            .iter()
            .map(|z| (z.id.clone(), z.name.clone()))
            .collect()
    };
    let dir = super::open_out(&out, "--out", a.shards.iter().map(|p| Some(p.as_path())))?;
    let mut copied = Vec::new();
    files(&first.dir, "", &mut copied)
        .with_context(|| format!("cannot read {}", first.dir.display()))?;
    for f in copied.iter().filter(|f| !MERGED.contains(&f.as_str())) {
        let bytes = std::fs::read(first.dir.join(f))
            .with_context(|| format!("cannot read {}", first.dir.join(f).display()))?;
        dir.write(f, &bytes)?;
    }
    dir.write("whatif.csv", &compare::to_csv(&merged.rows))?;
    dir.write("runs.csv", &merged.runs_csv)?;
    let mut bytes = serde_json::to_vec_pretty(report)?;
    bytes.push(b'\n');
    dir.write("whatif.json", &bytes)?;
    dir.commit()
        .with_context(|| format!("cannot write the output folder {}", out.display()))?;
    if !a.quiet {
        let strings = |k: &str| -> Vec<String> {
            report[k]
                .as_array()
                .map(|v| {
                    v.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let reasons = why::from_json(&report["uncovered_at_touched_sites"]).unwrap_or_default();
        let runs = report["runs"].as_u64().unwrap_or(0) as u32;
        let h = &report["horizon"];
        let date = |k: &str| h[k].as_str().and_then(|d| d.parse::<NaiveDate>().ok());
        let horizon = date("first")
            .zip(date("last"))
            .and_then(|(f, l)| Horizon::range(f, l))
            .map(|h| h.label())
            .unwrap_or_default();
        print_table(&Table {
            lang: a.lang,
            scenario: &scenario,
            dataset: &text("dataset"),
            horizon: &horizon,
            runs,
            zones: &names,
            touched: &strings("touched_zones"),
            rows: &merged.rows,
            reasons: &reasons,
            notes: &strings("notes"),
        });
        let seconds = report["runs_seconds"].as_f64().unwrap_or(0.0);
        match a.lang {
            Lang::Fr => println!(
                "\n{runs} tirages réunis de {} tranches ({seconds:.1} s de tirages en tout)",
                shards.len()
            ),
            Lang::En => println!(
                "\n{runs} draws joined from {} shards ({seconds:.1} s of draws in all)",
                shards.len()
            ),
        }
        println!();
        super::print_written(a.lang, &out);
    }
    Ok(ExitCode::SUCCESS)
}
