//! Baseline and scenario side by side: every metric of contract §6 with its delta, overall
//! and per zone, and for stochastic scenarios the distribution over runs. One list of rows
//! feeds the three outputs (markdown, whatif.csv, whatif.json), so they always agree.

use super::stats::Distribution;
use super::Figures;
use crate::rules::Metrics;
use serde::Serialize;
use std::fmt::Write;

/// Every metric, in the contract's order, `objective` first.
pub const METRICS: [&str; 14] = [
    "objective",
    "demand_doctor_days",
    "uncovered_doctor_days",
    "weighted_uncovered",
    "covered_site_days",
    "breaks",
    "long_gap_excess",
    "longest_gap",
    "travel_km",
    "bed_nights",
    "preference_misses",
    "new_pairs",
    "assigned_days",
    "cost_eur",
];

/// The metrics shown per zone (the ones a zone's planner asks about).
pub const ZONE_METRICS: [&str; 4] = ["uncovered_doctor_days", "breaks", "longest_gap", "cost_eur"];

/// A metric's value; `objective` is carried by `Figures`.
pub fn value(m: &Metrics, objective: f64, key: &str) -> f64 {
    match key {
        "objective" => objective,
        "demand_doctor_days" => m.demand_doctor_days as f64,
        "uncovered_doctor_days" => m.uncovered_doctor_days as f64,
        "weighted_uncovered" => m.weighted_uncovered,
        "covered_site_days" => m.covered_site_days as f64,
        "breaks" => m.breaks as f64,
        "long_gap_excess" => m.long_gap_excess as f64,
        "longest_gap" => m.longest_gap as f64,
        "travel_km" => m.travel_km,
        "bed_nights" => m.bed_nights as f64,
        "preference_misses" => m.preference_misses as f64,
        "new_pairs" => m.new_pairs as f64,
        "assigned_days" => m.assigned_days as f64,
        "cost_eur" => m.cost_eur,
        _ => f64::NAN,
    }
}

/// One metric of one scope (`total` or a zone id).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub scope: String,
    pub metric: &'static str,
    pub baseline: Option<f64>,
    pub scenario: Option<f64>,
    pub delta: Option<f64>,
    /// Over the dropout runs (None without dropout).
    pub runs: Option<Distribution>,
    /// Mean over the runs minus the baseline.
    pub mean_delta: Option<f64>,
}

fn zone_metrics<'f>(f: &'f Figures, zone: &str) -> Option<&'f Metrics> {
    f.zones.iter().find(|(z, _)| z == zone).map(|(_, m)| m)
}

/// All rows: totals (every metric), then each zone (`ZONE_METRICS`), zones in the
/// scenario's order (the baseline's, then the new ones).
pub fn rows(baseline: &Figures, scenario: &Figures, runs: &[Figures]) -> Vec<Row> {
    let mut out = Vec::new();
    let row = |scope: &str, metric: &'static str, b: Option<f64>, s: Option<f64>, r: Vec<f64>| {
        let runs = Distribution::of(&r);
        Row {
            scope: scope.to_owned(),
            metric,
            baseline: b,
            scenario: s,
            delta: b.zip(s).map(|(b, s)| s - b),
            mean_delta: b.zip(runs).map(|(b, d)| d.mean - b),
            runs,
        }
    };
    for key in METRICS {
        let b = value(&baseline.total, baseline.objective, key);
        let s = value(&scenario.total, scenario.objective, key);
        let r = runs
            .iter()
            .map(|f| value(&f.total, f.objective, key))
            .collect();
        out.push(row("total", key, Some(b), Some(s), r));
    }
    let mut zones: Vec<&str> = baseline.zones.iter().map(|(z, _)| z.as_str()).collect();
    for (z, _) in &scenario.zones {
        if !zones.contains(&z.as_str()) {
            zones.push(z);
        }
    }
    for z in zones {
        for key in ZONE_METRICS {
            let b = zone_metrics(baseline, z).map(|m| value(m, 0.0, key));
            let s = zone_metrics(scenario, z).map(|m| value(m, 0.0, key));
            let r = runs
                .iter()
                .filter_map(|f| zone_metrics(f, z).map(|m| value(m, 0.0, key)))
                .collect();
            out.push(row(z, key, b, s, r));
        }
    }
    out
}

/// A figure as a planner reads it: whole numbers without decimals, others with two.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", num(x))
    } else if x == 0.0 {
        "0".into()
    } else {
        num(x)
    }
}

fn opt(x: Option<f64>, f: fn(f64) -> String) -> String {
    x.map(f).unwrap_or_else(|| "-".into())
}

/// The markdown printed on stdout: totals, then one line per zone (named from `names`,
/// (id, name) pairs, when there).
pub fn markdown(title: &str, rows: &[Row], runs: u32, names: &[(String, String)]) -> String {
    let mut o = format!("## {title}\n\n");
    let stochastic = runs > 0;
    if stochastic {
        o += &format!("Dropout: {runs} runs; mean, p10, p50, p90 over the runs.\n\n");
        o += "| metric | baseline | scenario | Δ | mean | Δ mean | p10 | p50 | p90 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    } else {
        o += "| metric | baseline | scenario | Δ |\n|---|---:|---:|---:|\n";
    }
    for r in rows.iter().filter(|r| r.scope == "total") {
        let _ = write!(
            o,
            "| {} | {} | {} | {} |",
            r.metric,
            opt(r.baseline, num),
            opt(r.scenario, num),
            opt(r.delta, signed)
        );
        if let Some(d) = r.runs {
            let _ = write!(
                o,
                " {} | {} | {} | {} | {} |",
                num(d.mean),
                opt(r.mean_delta, signed),
                num(d.p10),
                num(d.p50),
                num(d.p90)
            );
        }
        o.push('\n');
    }
    o += "\nPer zone (baseline → scenario";
    o += if stochastic {
        "; with dropout: mean [p10–p90])\n\n"
    } else {
        ")\n\n"
    };
    o += "| zone | uncovered doctor-days | breaks | longest gap | cost EUR |\n|---|---|---|---|---|\n";
    let mut scopes: Vec<&str> = Vec::new();
    for r in rows.iter().filter(|r| r.scope != "total") {
        if !scopes.contains(&r.scope.as_str()) {
            scopes.push(&r.scope);
        }
    }
    for z in scopes {
        match names.iter().find(|(id, _)| id == z) {
            Some((_, name)) => {
                let short: String = name.chars().take(40).collect();
                let _ = write!(o, "| {z} {short} |");
            }
            None => {
                let _ = write!(o, "| {z} |");
            }
        }
        for key in ZONE_METRICS {
            let Some(r) = rows.iter().find(|r| r.scope == z && r.metric == key) else {
                continue;
            };
            let _ = write!(
                o,
                " {} → {} ({})",
                opt(r.baseline, num),
                opt(r.scenario, num),
                opt(r.delta, signed)
            );
            if let Some(d) = r.runs {
                let _ = write!(o, "; {} [{}–{}]", num(d.mean), num(d.p10), num(d.p90));
            }
            o += " |";
        }
        o.push('\n');
    }
    o
}

/// whatif.csv: one line per row.
pub fn to_csv(rows: &[Row]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scope",
        "metric",
        "baseline",
        "scenario",
        "delta",
        "mean",
        "mean_delta",
        "p10",
        "p50",
        "p90",
    ])
    .expect("memory");
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for r in rows {
        let d = r.runs;
        w.write_record([
            r.scope.clone(),
            r.metric.to_owned(),
            f(r.baseline),
            f(r.scenario),
            f(r.delta),
            f(d.map(|d| d.mean)),
            f(r.mean_delta),
            f(d.map(|d| d.p10)),
            f(d.map(|d| d.p50)),
            f(d.map(|d| d.p90)),
        ])
        .expect("memory");
    }
    w.into_inner().expect("memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(uncovered: u64, objective: f64) -> Figures {
        let m = Metrics {
            uncovered_doctor_days: uncovered,
            ..Default::default()
        };
        Figures {
            total: m.clone(),
            objective,
            zones: vec![("Z1".into(), m)],
        }
    }

    #[test]
    fn deltas_and_runs() {
        let runs = [figs(5, 50.0), figs(7, 70.0), figs(6, 60.0)];
        let rows = rows(&figs(4, 40.0), &figs(3, 30.0), &runs);
        let r = rows
            .iter()
            .find(|r| r.scope == "total" && r.metric == "uncovered_doctor_days")
            .unwrap();
        assert_eq!(
            (r.baseline, r.scenario, r.delta),
            (Some(4.0), Some(3.0), Some(-1.0))
        );
        let d = r.runs.unwrap();
        assert_eq!((d.mean, d.p50, d.p90), (6.0, 6.0, 7.0));
        assert_eq!(r.mean_delta, Some(2.0));
        assert_eq!(rows.len(), METRICS.len() + ZONE_METRICS.len());
        let md = markdown("t", &rows, 3, &[("Z1".into(), "Haut-Plateau".into())]);
        assert!(
            md.contains("| Z1 Haut-Plateau | 4 → 3 (-1); 6 [5–7] |"),
            "{md}"
        );
        assert!(
            md.contains("| uncovered_doctor_days | 4 | 3 | -1 | 6 | +2 | 5 | 6 | 7 |"),
            "{md}"
        );
        let csv = String::from_utf8(to_csv(&rows)).unwrap();
        assert!(
            csv.contains("total,objective,40,30,-10,60,20,50,60,70"),
            "{csv}"
        );
    }
}
