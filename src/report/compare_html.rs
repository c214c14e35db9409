//! `compare.html`: the comparison matrix for people, in the style of `report.html`: one
//! self-contained file (inline CSS and SVG, no script, no request) that can be mailed and
//! opened offline. Rust computes every number, bar length and word; the template
//! `templates/compare.html` only lays them out (and minijinja escapes every value).
//!
//! Each (dataset, policy) gets small horizontal bar charts, one bar per solver, naive
//! baselines in another colour, so the value of optimisation reads at a glance: uncovered
//! doctor-days, breaks and km are comparable everywhere, the objective only within its
//! (dataset, policy), hence shown relative to that group's best cell.

use super::compare::{
    fmt, fmt_gap, fmt_ratio, gain_line, gap_to_bound, groups, is_baseline, vs_best, Cell, Group,
};
use super::i18n::Lang;
use crate::rules::Metrics;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

const TEMPLATE: &str = include_str!("../../templates/compare.html");

/// Geometry of a chart (SVG user units): label column, bar area, value column, row height.
const LABEL_W: f64 = 78.0;
const BAR_W: f64 = 150.0;
const ROW_H: f64 = 20.0;
const CHART_W: f64 = LABEL_W + BAR_W + 72.0;

#[derive(Serialize)]
struct Bar {
    label: String,
    value: String,
    y: f64,
    text_y: f64,
    width: f64,
    value_x: f64,
    baseline: bool,
}

#[derive(Serialize)]
struct Chart {
    title: String,
    height: f64,
    width: f64,
    label_w: f64,
    bars: Vec<Bar>,
}

#[derive(Serialize)]
struct GroupView {
    dataset: String,
    model: String,
    gain: Option<String>,
    charts: Vec<Chart>,
}

#[derive(Serialize)]
struct Row {
    dataset: String,
    model: String,
    solver: String,
    detail: String,
    baseline: bool,
    best: bool,
    /// First row of its (dataset, policy), after another group: drawn with a rule above.
    first: bool,
    status: &'static str,
    objective: String,
    vs_best: String,
    uncovered: String,
    coverage: String,
    breaks: String,
    long_gap: String,
    longest_gap: String,
    travel: String,
    beds: String,
    misses: String,
    cost: String,
    /// `gap_to_best_bound`, formatted.
    vs_bound: String,
    seconds: String,
}

/// What the page says about how the matrix was run.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub datasets: Vec<String>,
    pub models: Vec<String>,
    pub solvers: Vec<String>,
    pub time_limit: f64,
    pub total_seconds: f64,
    /// The yardstick policy every cell's figures are measured with.
    pub measured_with: String,
}

/// (key, French, English): every word of the page.
const WORDS: &[(&str, &str, &str)] = &[
    ("title", "Stratégies de couverture comparées", "Coverage strategies compared"),
    ("datasets", "Jeux de données", "Datasets"),
    ("policies", "politiques", "policies"),
    ("solvers", "solveurs", "solvers"),
    ("time_limit", "Limite de temps par calcul", "Time limit per run"),
    ("whole", "matrice entière", "whole matrix"),
    ("one_plan", "un plan par ligne dans", "one plan per row in"),
    ("optimising", "solveurs qui optimisent", "optimising solvers"),
    (
        "naive",
        "plans naïfs (fcfs : premier arrivé, premier servi au site le plus proche ; neediest : le site le plus en manque d'abord)",
        "naive baselines (fcfs: first come, first served to the nearest site; neediest: fill the neediest site first)",
    ),
    (
        "explain",
        "Chaque politique pondère l'objectif à sa façon : les objectifs ne se comparent qu'au sein d'un même jeu et d'une même politique (« × meilleur » = objectif ÷ le meilleur objectif de ce jeu et de cette politique ; « au-dessus de la borne » = de combien l'objectif dépasse la meilleure borne inférieure prouvée par un solveur, donc au plus de combien il s'éloigne de l'optimum). Les autres indicateurs sont mesurés pour toutes les cellules avec la même politique :",
        "Policies weigh the objective differently: objectives are compared only within one dataset and policy (“× best” = objective ÷ the best objective of that dataset and policy; “above bound” = how far the objective is above the best lower bound any solver proved for that dataset and policy, so how far at most from the optimum). The other figures are measured for every cell with one policy:",
    ),
    ("per_group", "Par jeu de données et politique", "Per dataset and policy"),
    ("all_runs", "Tous les calculs", "All runs"),
    ("dataset", "jeu", "dataset"),
    ("policy", "politique", "policy"),
    ("solver", "solveur", "solver"),
    ("status", "statut", "status"),
    ("objective", "objectif", "objective"),
    ("vs_best", "× meilleur", "× best"),
    ("vs_bound", "au-dessus de la borne", "above bound"),
    ("uncovered", "journées-médecin non couvertes", "uncovered doctor-days"),
    ("coverage", "demande couverte", "demand covered"),
    ("breaks", "ruptures", "breaks"),
    ("long_gap", "jours d'absence hors tolérance", "days of absence beyond tolerance"),
    ("longest_gap", "plus longue absence", "longest absence"),
    ("travel", "km parcourus", "km travelled"),
    ("beds", "nuitées", "bed nights"),
    ("misses", "hors zones souhaitées", "outside wished zones"),
    ("cost", "coût EUR", "cost EUR"),
    ("seconds", "secondes", "seconds"),
    (
        "footer",
        "Produit par renfort compare. Chaque chiffre est recalculé à partir du plan écrit à côté (contrat §6) ; compare.csv les donne en pleine précision.",
        "Generated by renfort compare. Every figure is recomputed from the plan written beside it (contract §6); compare.csv holds them at full precision.",
    ),
];

#[derive(Serialize)]
struct Context {
    lang: &'static str,
    t: std::collections::BTreeMap<&'static str, &'static str>,
    run: RunInfo,
    rows: Vec<Row>,
    groups: Vec<GroupView>,
}

/// One chart: a bar per cell with a value, lengths relative to the largest value.
fn chart(title: String, cells: &[&Cell], value: impl Fn(&Cell) -> Option<(f64, String)>) -> Chart {
    let values: Vec<Option<(f64, String)>> = cells.iter().map(|c| value(c)).collect();
    let max = values
        .iter()
        .flatten()
        .map(|(v, _)| *v)
        .fold(0.0_f64, f64::max);
    let bars = cells
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (c, v))| {
            let (x, text) = v.unwrap_or((0.0, "-".into()));
            let width = if max > 0.0 {
                BAR_W * x.max(0.0) / max
            } else {
                0.0
            };
            let y = i as f64 * ROW_H;
            Bar {
                label: c.solver.clone(),
                value: text,
                y: y + 3.0,
                text_y: y + 14.0,
                // A hairline for zero, so that "none" reads as a measured zero, not a gap.
                width: width.max(1.0),
                value_x: LABEL_W + width.max(1.0) + 5.0,
                baseline: is_baseline(&c.solver),
            }
        })
        .collect::<Vec<_>>();
    Chart {
        title,
        height: bars.len() as f64 * ROW_H + 4.0,
        width: CHART_W,
        label_w: LABEL_W,
        bars,
    }
}

fn int(c: &Cell, f: fn(&Metrics) -> u64) -> Option<(f64, String)> {
    c.metrics.as_ref().map(|m| (f(m) as f64, f(m).to_string()))
}

fn group_view(g: &Group, lang: Lang) -> GroupView {
    let cells = &g.cells;
    let w = |fr: &str, en: &str| if lang == Lang::Fr { fr } else { en }.to_string();
    let charts = vec![
        chart(
            w("Journées-médecin non couvertes", "Uncovered doctor-days"),
            cells,
            |c| int(c, |m| m.uncovered_doctor_days),
        ),
        chart(
            w("Ruptures de continuité", "Continuity breaks"),
            cells,
            |c| int(c, |m| m.breaks),
        ),
        chart(
            w(
                "Jours d'absence au-delà de la tolérance",
                "Days of absence beyond tolerance",
            ),
            cells,
            |c| int(c, |m| m.long_gap_excess),
        ),
        chart(
            w("Kilomètres parcourus", "Kilometres travelled"),
            cells,
            |c| {
                c.metrics
                    .as_ref()
                    .map(|m| (m.travel_km, fmt(Some(m.travel_km), 0)))
            },
        ),
        // Excess rather than ratio: ×1.00 and ×1.03 would draw two bars of the same length.
        chart(
            w(
                "Objectif au-dessus du meilleur de cette politique (%)",
                "Objective above the best of this policy (%)",
            ),
            cells,
            |c| {
                vs_best(c.objective, g.best).map(|r| {
                    let pct = 100.0 * (r - 1.0);
                    let text = if pct.abs() < 0.05 {
                        w("le meilleur", "best")
                    } else {
                        format!("+{pct:.1} %")
                    };
                    (pct, text)
                })
            },
        ),
        // How far from the optimum at most: the best lower bound proved in the group.
        chart(
            w(
                "Objectif au-dessus de la meilleure borne prouvée (%)",
                "Objective above the best proven bound (%)",
            ),
            cells,
            |c| {
                gap_to_bound(c.objective, g.best_bound).map(|gap| (100.0 * gap, fmt_gap(Some(gap))))
            },
        ),
    ];
    GroupView {
        dataset: g.dataset.to_owned(),
        model: g.model.to_owned(),
        gain: gain_line(g, lang),
        charts,
    }
}

fn row(c: &Cell, g: &Group, first: bool, lang: Lang) -> Row {
    let m = c.metrics.as_ref();
    let int = |f: fn(&Metrics) -> u64| m.map_or("-".into(), |m| f(m).to_string());
    let ratio = vs_best(c.objective, g.best);
    Row {
        dataset: c.dataset.clone(),
        model: c.model.clone(),
        solver: c.solver.clone(),
        detail: c.detail.clone(),
        baseline: is_baseline(&c.solver),
        best: ratio.is_some_and(|r| (r - 1.0).abs() < 1e-9),
        first,
        status: super::compare::status_words(lang, c.status),
        objective: fmt(c.objective, 1),
        vs_best: fmt_ratio(ratio),
        uncovered: int(|m| m.uncovered_doctor_days),
        coverage: c
            .coverage()
            .map_or("-".into(), |s| format!("{:.1} %", 100.0 * s)),
        breaks: int(|m| m.breaks),
        long_gap: int(|m| m.long_gap_excess),
        longest_gap: int(|m| m.longest_gap),
        travel: fmt(m.map(|m| m.travel_km), 0),
        beds: int(|m| m.bed_nights),
        misses: int(|m| m.preference_misses),
        cost: fmt(m.map(|m| m.cost_eur), 0),
        vs_bound: fmt_gap(gap_to_bound(c.objective, g.best_bound)),
        seconds: format!("{:.2}", c.seconds),
    }
}

/// Renders the page; an error only if the template itself is broken (a test renders it).
pub fn render(cells: &[Cell], run: RunInfo, lang: Lang) -> Result<String, minijinja::Error> {
    let gs = groups(cells);
    let rows = gs
        .iter()
        .enumerate()
        .flat_map(|(i, g)| {
            g.cells
                .iter()
                .enumerate()
                .map(move |(j, c)| row(c, g, i > 0 && j == 0, lang))
        })
        .collect();
    let ctx = Context {
        lang: lang.tag(),
        t: WORDS
            .iter()
            .map(|(k, fr, en)| (*k, if lang == Lang::Fr { *fr } else { *en }))
            .collect(),
        run,
        rows,
        groups: gs.iter().map(|g| group_view(g, lang)).collect(),
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template("compare.html", TEMPLATE)?;
    env.get_template("compare.html")?.render(ctx)
}
