//! Baseline and scenario side by side: every metric of contract §6 with its delta, overall
//! and per zone, and for stochastic scenarios the distribution over runs. One list of rows
//! feeds the three outputs (markdown, whatif.csv, whatif.json), so they always agree.

use super::stats::Distribution;
use super::Figures;
use crate::report::i18n::Lang;
use crate::report::words::{self, figure};
use crate::rules::Metrics;
use serde::Serialize;

/// Every metric, in the contract's order, `objective` first.
pub const METRICS: [&str; 14] = objective_first(Metrics::KEYS);

const fn objective_first(keys: [&'static str; 13]) -> [&'static str; 14] {
    let mut all = ["objective"; 14];
    let mut i = 0;
    while i < keys.len() {
        all[i + 1] = keys[i];
        i += 1;
    }
    all
}

/// The metrics shown per zone (the ones a zone's planner asks about).
pub const ZONE_METRICS: [&str; 4] = ["uncovered_doctor_days", "breaks", "longest_gap", "cost_eur"];

/// A metric's value; `objective` is carried by `Figures`.
pub fn value(m: &Metrics, objective: f64, key: &str) -> f64 {
    match key {
        "objective" => objective,
        _ => m.get(key).unwrap_or(f64::NAN),
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
    let row = |scope: &str, metric: &'static str, b: Option<f64>, s: Option<f64>| Row {
        scope: scope.to_owned(),
        metric,
        baseline: b,
        scenario: s,
        delta: b.zip(s).map(|(b, s)| s - b),
        runs: None,
        mean_delta: None,
    };
    for key in METRICS {
        let b = value(&baseline.total, baseline.objective, key);
        let s = value(&scenario.total, scenario.objective, key);
        out.push(row("total", key, Some(b), Some(s)));
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
            out.push(row(z, key, b, s));
        }
    }
    let values: Vec<Vec<Option<f64>>> = runs.iter().map(|f| run_values(&out, f)).collect();
    fill_runs(&mut out, &values);
    out
}

/// One run's value of each row, in the rows' order (None: a zone the run does not have).
/// runs.csv holds these lines, so a merge of shards recomputes the rows exactly.
pub fn run_values(rows: &[Row], run: &Figures) -> Vec<Option<f64>> {
    rows.iter()
        .map(|r| match r.scope.as_str() {
            "total" => Some(value(&run.total, run.objective, r.metric)),
            z => zone_metrics(run, z).map(|m| value(m, 0.0, r.metric)),
        })
        .collect()
}

/// Sets each row's distribution over `runs` (each one run's `run_values`) and its mean's
/// delta to the baseline. The one place a distribution is computed: a single run and a
/// merge of shards agree to the bit, whatever order the runs come in (`Distribution::of`
/// sorts before it sums).
pub fn fill_runs(rows: &mut [Row], runs: &[Vec<Option<f64>>]) {
    for (i, r) in rows.iter_mut().enumerate() {
        let values: Vec<f64> = runs.iter().filter_map(|v| v[i]).collect();
        r.runs = Distribution::of(&values);
        r.mean_delta = r.baseline.zip(r.runs).map(|(b, d)| d.mean - b);
    }
}

fn opt(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map(f).unwrap_or_else(|| "-".into())
}

/// What the terminal table shows of a scenario, beside the rows.
pub struct View<'a> {
    pub lang: Lang,
    pub title: &'a str,
    /// Dropout runs (0: none).
    pub runs: u32,
    /// (zone id, zone name), in the scenario's order.
    pub zones: &'a [(String, String)],
    /// Zones holding a site the scenario adds, removes, closes or changes.
    pub touched: &'a [String],
}

/// The width every terminal table keeps within.
pub const COLUMNS: usize = 100;

/// The table printed on stdout, in words, within `COLUMNS`: totals, then the zones the
/// scenario touched, then the others that moved (the optimiser's re-balancing). With
/// dropout, the scenario's result is the runs' mean and spread (the scenario without
/// withdrawals is shown only when it differs from the baseline); every figure of every row
/// is in whatif.csv.
pub fn markdown(v: &View, rows: &[Row]) -> String {
    let fr = v.lang == Lang::Fr;
    let w = |fr_text: &str, en_text: &str| if fr { fr_text } else { en_text }.to_string();
    let fig = |x: f64| figure(v.lang, x, 1);
    let mut o = format!("## {}\n\n", v.title);
    let totals: Vec<&Row> = rows.iter().filter(|r| r.scope == "total").collect();
    let stochastic = v.runs > 0;
    // A dropout-only scenario leaves the scenario column equal to the baseline: the
    // question is answered by the runs alone.
    let fixed_part = totals.iter().any(|r| r.delta.is_some_and(|d| d != 0.0));
    let mut header = vec![w("indicateur", "metric"), w("référence", "baseline")];
    if stochastic {
        o += &if fr {
            format!(
                "Désistements : {} tirages. Le résultat du scénario est la moyenne des tirages ;\n\
                 8 tirages sur 10 tombent entre p10 et p90 (whatif.csv).\n\n",
                v.runs
            )
        } else {
            format!(
                "Withdrawals: {} draws. The scenario's result is the draws' mean;\n\
                 8 draws in 10 fall between p10 and p90 (whatif.csv).\n\n",
                v.runs
            )
        };
        if fixed_part {
            // Within 100 columns: the runs' spread then lives in whatif.csv only.
            header.push(w("sans désist.", "no withdrawal"));
            header.extend([w("scénario", "scenario"), w("écart", "change")]);
        } else {
            header.extend([
                w("scénario", "scenario"),
                w("écart", "change"),
                "p10".into(),
                "p90".into(),
            ]);
        }
    } else {
        header.extend([w("scénario", "scenario"), w("écart", "change")]);
    }
    let body: Vec<Vec<String>> = totals
        .iter()
        .map(|r| {
            let mut cells = vec![words::metric(v.lang, r.metric), opt(r.baseline, fig)];
            match r.runs {
                Some(d) if stochastic => {
                    if fixed_part {
                        cells.push(opt(r.scenario, fig));
                    }
                    cells.extend([
                        fig(d.mean),
                        opt(r.mean_delta, |x| words::delta(v.lang, x, 1)),
                    ]);
                    if !fixed_part {
                        cells.extend([fig(d.p10), fig(d.p90)]);
                    }
                }
                _ => cells.extend([
                    opt(r.scenario, fig),
                    opt(r.delta, |x| words::delta(v.lang, x, 1)),
                ]),
            }
            cells
        })
        .collect();
    o += &words::table(&header, &body, COLUMNS);

    let mut scopes: Vec<&str> = Vec::new();
    for r in rows.iter().filter(|r| r.scope != "total") {
        if !scopes.contains(&r.scope.as_str()) {
            scopes.push(&r.scope);
        }
    }
    let (touched, others): (Vec<&str>, Vec<&str>) = scopes
        .into_iter()
        .partition(|z| v.touched.iter().any(|t| t == z));
    let moved: Vec<&str> = others
        .iter()
        .copied()
        .filter(|z| zone_moved(rows, z))
        .collect();
    if !touched.is_empty() {
        o += &w(
            "\nZones que le scénario modifie (référence → scénario)\n\n",
            "\nZones the scenario changes (baseline → scenario)\n\n",
        );
        o += &zone_table(v, rows, &touched);
    }
    if !moved.is_empty() {
        o += &if touched.is_empty() {
            w(
                "\nZones (référence → scénario)\n\n",
                "\nZones (baseline → scenario)\n\n",
            )
        } else {
            w(
                "\nAutres zones : l'optimiseur y déplace des médecins pour baisser le total \
                 (référence → scénario)\n\n",
                "\nOther zones: the optimiser moves doctors there to lower the total \
                 (baseline → scenario)\n\n",
            )
        };
        o += &zone_table(v, rows, &moved);
    }
    let still = others.len() - moved.len();
    if still > 0 {
        o += &if fr {
            format!("\n{still} autre(s) zone(s) inchangée(s).\n")
        } else {
            format!("\n{still} other zone(s) unchanged.\n")
        };
    }
    o
}

/// Whether any figure of zone `z` differs between the baseline and the scenario (or its runs).
fn zone_moved(rows: &[Row], z: &str) -> bool {
    rows.iter().filter(|r| r.scope == z).any(|r| {
        r.baseline.is_none()
            || r.delta.is_some_and(|d| d.abs() > 1e-9)
            || r.mean_delta.is_some_and(|d| d.abs() > 1e-9)
    })
}

/// One line per zone of `scopes`: each zone metric as `baseline → scenario` (the runs' mean
/// with dropout; p10–p90 are in whatif.csv).
fn zone_table(v: &View, rows: &[Row], scopes: &[&str]) -> String {
    let fr = v.lang == Lang::Fr;
    let mut header = vec!["zone".to_string()];
    header.extend(ZONE_METRICS.iter().map(|m| {
        match (m, fr) {
            (&"uncovered_doctor_days", true) => "non couvertes",
            (&"uncovered_doctor_days", false) => "uncovered",
            (&"breaks", true) => "ruptures",
            (&"breaks", false) => "breaks",
            (&"longest_gap", true) => "plus longue absence",
            (&"longest_gap", false) => "longest absence",
            (_, true) => "coût EUR",
            (_, false) => "cost EUR",
        }
        .to_string()
    }));
    let body: Vec<Vec<String>> = scopes
        .iter()
        .map(|z| {
            let name = v
                .zones
                .iter()
                .find(|(id, _)| id == z)
                .map_or(z.to_string(), |(_, n)| words::zone_short(n, 60));
            let mut cells = vec![name];
            for key in ZONE_METRICS {
                let decimals = if key == "cost_eur" { 0 } else { 1 };
                let f = |x: f64| figure(v.lang, x, decimals);
                let Some(r) = rows.iter().find(|r| r.scope == *z && r.metric == key) else {
                    cells.push(String::new());
                    continue;
                };
                let after = match r.runs {
                    Some(d) if v.runs > 0 => Some(d.mean),
                    _ => r.scenario,
                };
                let cost = |x: f64| if key == "cost_eur" { x.round() } else { x };
                cells.push(format!(
                    "{} → {}",
                    opt(r.baseline.map(cost), f),
                    opt(after.map(cost), f)
                ));
            }
            cells
        })
        .collect();
    words::table(&header, &body, COLUMNS)
}

/// whatif.csv: one line per row.
pub fn to_csv(rows: &[Row]) -> Vec<u8> {
    let header = [
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
        "min",
        "max",
    ];
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let lines = rows.iter().map(|r| {
        let d = r.runs;
        [
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
            f(d.map(|d| d.min)),
            f(d.map(|d| d.max)),
        ]
    });
    crate::io::csv_out::csv_bytes(&header, lines)
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

    /// A table's line with its padding removed.
    fn squeeze(s: &str) -> String {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn deltas_and_runs() {
        let runs = [figs(5, 50.0), figs(7, 70.0), figs(6, 60.0)];
        let rows_of = rows;
        let rows = rows_of(&figs(4, 40.0), &figs(3, 30.0), &runs);
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
        let zones = [("Z1".to_string(), "Haut-Plateau".to_string())];
        let view = View {
            lang: Lang::En,
            title: "t",
            runs: 3,
            zones: &zones,
            touched: &[],
        };
        let md = squeeze(&markdown(&view, &rows));
        assert!(md.contains("| Haut-Plateau | 4 → 6 |"), "{md}");
        assert!(
            md.contains("| uncovered doctor-days | 4 | 3 | 6 | +2 |"),
            "{md}"
        );
        let fr = squeeze(&markdown(
            &View {
                lang: Lang::Fr,
                ..view
            },
            &rows,
        ));
        assert!(
            fr.contains("| journées-médecin non couvertes | 4 | 3 | 6 | +2 |"),
            "{fr}"
        );
        // Dropout alone: the scenario is the runs, with their spread.
        let alone = rows_of(&figs(4, 40.0), &figs(4, 40.0), &runs);
        let md = squeeze(&markdown(&view, &alone));
        assert!(
            md.contains("| uncovered doctor-days | 4 | 6 | +2 | 5 | 7 |"),
            "{md}"
        );
        for l in fr.lines() {
            assert!(l.chars().count() <= COLUMNS, "{l}");
        }
        let csv = String::from_utf8(to_csv(&rows)).unwrap();
        assert!(
            csv.contains("total,objective,40,30,-10,60,20,50,60,70"),
            "{csv}"
        );
    }
}
