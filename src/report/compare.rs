//! `renfort compare`'s figures: one `Cell` per (dataset, policy, solver), written as
//! `compare.csv` for analysts and as a markdown table for the terminal (the HTML page is in
//! `compare_html`).
//!
//! Every figure is recomputed from the cell's plan by `rules::metrics`, as for `renfort plan`,
//! so a row says exactly what `renfort check` says of the plan written beside it. Policies
//! weigh the objective differently, so objectives are only ever set against the best cell of
//! the same (dataset, policy): `objective_vs_best`. Likewise each plan's distance to the
//! best lower bound any solver proved for that (dataset, policy): `gap_to_best_bound`, which
//! says how far a heuristic is from the optimum when the ILP ran beside it (its own `gap`
//! is against the cheap bound of `solve::bound`).
//!
//! The metrics, unlike the objective, are measured with one policy for every cell (the
//! yardstick: the default policy, or `--measure-with`): a policy's own tolerance of long
//! gaps, road factor or costs would otherwise make each cell count with its own ruler
//! (continuity-first, tolerating 2 days instead of 3, showed more long-gap days than the
//! default). `measured_with` in compare.csv names the yardstick.

use super::i18n::Lang;
use super::words;
use crate::model::Plan;
use crate::rules::metrics::{self, Metrics};
use crate::rules::Instance;
use crate::solve::{relative_gap, Outcome};

/// The naive solvers, which a hand planner could run: the reference optimisation must beat.
pub const BASELINES: [&str; 2] = ["fcfs", "neediest"];

/// Whether a solver label names a naive baseline.
pub fn is_baseline(solver: &str) -> bool {
    BASELINES.contains(&solver)
}

/// One run of the matrix.
#[derive(Debug, Clone)]
pub struct Cell {
    pub dataset: String,
    pub model: String,
    /// The solver asked for (`auto`, `fcfs`...).
    pub solver: String,
    /// What actually ran (`auto (ilp; the greedy plan was the fallback)`...).
    pub detail: String,
    pub status: &'static str,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub seconds: f64,
    pub candidates: usize,
    /// Metrics of the plan measured with the yardstick policy; None without a plan.
    pub metrics: Option<Metrics>,
    /// The plan's objective under the cell's own policy.
    pub objective: Option<f64>,
    /// The yardstick's label.
    pub measured_with: String,
}

impl Cell {
    /// A cell of `inst` (its own policy), its metrics measured on `yardstick` (the same
    /// dataset and horizon under the common policy, labelled `measured_with`).
    pub fn new(
        (dataset, model, solver): (&str, &str, &str),
        inst: &Instance,
        (yardstick, measured_with): (&Instance, &str),
        plan: Option<&Plan>,
        outcome: &Outcome,
    ) -> Cell {
        Cell {
            dataset: dataset.to_owned(),
            model: model.to_owned(),
            solver: solver.to_owned(),
            detail: outcome.solver.to_owned(),
            status: outcome.status.as_str(),
            bound: outcome.bound,
            gap: outcome.gap,
            seconds: outcome.seconds,
            candidates: inst.candidates().len(),
            objective: plan.map(|p| metrics::compute(inst, p).objective(inst)),
            metrics: plan.map(|p| metrics::compute(yardstick, p)),
            measured_with: measured_with.to_owned(),
        }
    }

    /// Share of the wanted doctor-days that have a doctor, in [0, 1] (None without demand).
    pub fn coverage(&self) -> Option<f64> {
        let m = self.metrics.as_ref()?;
        (m.demand_doctor_days > 0).then(|| {
            let covered = m.demand_doctor_days - m.uncovered_doctor_days.min(m.demand_doctor_days);
            covered as f64 / m.demand_doctor_days as f64
        })
    }
}

/// The cells of one (dataset, policy), in the order they ran, with the best objective among
/// them: the only set within which objectives may be compared.
#[derive(Debug)]
pub struct Group<'a> {
    pub dataset: &'a str,
    pub model: &'a str,
    pub cells: Vec<&'a Cell>,
    pub best: Option<f64>,
    /// The highest lower bound among the cells: every plan of the group costs at least it.
    pub best_bound: Option<f64>,
}

impl Group<'_> {
    /// The cell with the lowest objective among those `keep` selects.
    pub fn best_of(&self, keep: impl Fn(&Cell) -> bool) -> Option<&Cell> {
        self.cells
            .iter()
            .copied()
            .filter(|c| keep(c) && c.objective.is_some())
            .min_by(|a, b| {
                a.objective
                    .unwrap_or(0.0)
                    .total_cmp(&b.objective.unwrap_or(0.0))
            })
    }
}

/// Cells grouped by (dataset, policy), groups in order of first appearance.
pub fn groups(cells: &[Cell]) -> Vec<Group<'_>> {
    let mut out: Vec<Group> = Vec::new();
    for c in cells {
        match out
            .iter_mut()
            .find(|g| g.dataset == c.dataset && g.model == c.model)
        {
            Some(g) => g.cells.push(c),
            None => out.push(Group {
                dataset: &c.dataset,
                model: &c.model,
                cells: vec![c],
                best: None,
                best_bound: None,
            }),
        }
    }
    for g in &mut out {
        g.best = g
            .cells
            .iter()
            .filter_map(|c| c.objective)
            .min_by(f64::total_cmp);
        g.best_bound = g
            .cells
            .iter()
            .filter_map(|c| c.bound)
            .filter(|b| b.is_finite())
            .max_by(f64::total_cmp);
    }
    out
}

/// How far `objective` is above the group's best lower bound, relative to the objective
/// (as HiGHS counts its gap).
pub fn gap_to_bound(objective: Option<f64>, best_bound: Option<f64>) -> Option<f64> {
    Some(relative_gap(objective?, best_bound?))
}

/// A gap for people: `0.15 %`, "-" when there is none.
pub fn fmt_gap(gap: Option<f64>) -> String {
    gap.map_or("-".into(), |g| format!("{:.2} %", 100.0 * g))
}

/// objective / best objective of the group (1 for the best cell); a zero best makes every
/// other plan infinitely worse, so the ratio is then only given for zero objectives.
pub fn vs_best(objective: Option<f64>, best: Option<f64>) -> Option<f64> {
    const TINY: f64 = 1e-9;
    let (o, b) = (objective?, best?);
    if b.abs() > TINY {
        Some(o / b)
    } else {
        (o.abs() <= TINY).then_some(1.0)
    }
}

/// §6's metrics of a cell, key and value, in the contract's order. Counts are held as f64
/// by `Metrics::get`, far below 2^53, and print as the integers they are.
fn metric_fields(m: &Metrics) -> [(&'static str, String); 13] {
    Metrics::KEYS.map(|key| (key, m.get(key).expect("a metric key").to_string()))
}

/// The columns of `compare.csv`, in order.
pub fn csv_header() -> Vec<&'static str> {
    let mut h = vec!["dataset", "model", "solver"];
    h.extend(metric_fields(&Metrics::default()).map(|(k, _)| k));
    h.extend([
        "objective",
        "status",
        "bound",
        "gap",
        "seconds",
        "coverage_pct",
        "objective_vs_best",
        "gap_to_best_bound",
        "solver_detail",
        "candidates",
        "measured_with",
    ]);
    h
}

fn opt(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// `compare.csv`: one row per cell, numbers at full precision (empty when not applicable).
pub fn to_csv(cells: &[Cell]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(csv_header())?;
    for g in groups(cells) {
        for c in &g.cells {
            let mut row = vec![c.dataset.clone(), c.model.clone(), c.solver.clone()];
            match &c.metrics {
                Some(m) => row.extend(metric_fields(m).map(|(_, v)| v)),
                None => row.extend(std::iter::repeat_n(String::new(), 13)),
            }
            row.extend([
                opt(c.objective),
                c.status.to_owned(),
                opt(c.bound),
                opt(c.gap),
                c.seconds.to_string(),
                opt(c.coverage().map(|s| 100.0 * s)),
                opt(vs_best(c.objective, g.best)),
                opt(gap_to_bound(c.objective, g.best_bound)),
                c.detail.clone(),
                c.candidates.to_string(),
                c.measured_with.clone(),
            ]);
            w.write_record(&row)?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A number for people: fixed decimals, "-" when there is none.
pub fn fmt(x: Option<f64>, decimals: usize) -> String {
    match x {
        Some(x) if x.is_finite() => format!("{x:.decimals$}"),
        _ => "-".into(),
    }
}

/// objective_vs_best for people: `×1.00`, `×2.35`.
pub fn fmt_ratio(r: Option<f64>) -> String {
    r.map(|r| format!("×{r:.2}")).unwrap_or_else(|| "-".into())
}

/// A status in a few words, for a table column (the report's sentences, such as "réalisable
/// (optimalité non prouvée)", are `i18n::status`: too wide beside four solvers).
pub fn status_words(lang: Lang, status: &str) -> &'static str {
    match (status, lang) {
        ("optimal", Lang::Fr) => "optimal",
        ("optimal", Lang::En) => "optimal",
        ("feasible", Lang::Fr) => "réalisable",
        ("feasible", Lang::En) => "feasible",
        ("infeasible", Lang::Fr) => "impossible",
        ("infeasible", Lang::En) => "infeasible",
        (_, Lang::Fr) => "sans plan (temps écoulé)",
        (_, Lang::En) => "no plan (time out)",
    }
}

/// The table printed on stdout (and written as `compare.md`), within 100 columns for up to
/// five solvers: per (dataset, policy), one column per solver and one line per figure, in
/// words; then what optimisation gains over the best baseline. "Above the best bound" is
/// `gap_to_best_bound`; each solver's own gap and every figure at full precision are in
/// compare.csv.
pub fn to_markdown(cells: &[Cell], lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let w = |f: &str, e: &str| if fr { f } else { e }.to_string();
    let mut o = String::new();
    if let Some(c) = cells.first() {
        o += &if fr {
            format!(
                "Objectif : celui de la politique de chaque cellule. Indicateurs : mesurés \
                 pour toutes\navec la même politique, « {} » (--measure-with).\n",
                c.measured_with
            )
        } else {
            format!(
                "Objective: each cell's own policy's. Figures: measured for every cell with \
                 one policy,\n'{}' (--measure-with).\n",
                c.measured_with
            )
        };
    }
    for g in groups(cells) {
        o += &format!("\n### {} × {}\n\n", g.dataset, g.model);
        let mut header = vec![w("indicateur", "figure")];
        header.extend(g.cells.iter().map(|c| c.solver.clone()));
        let fig = |x: f64, d: usize| words::figure(lang, x, d);
        type Get<'c> = Box<dyn Fn(&Cell) -> String + 'c>;
        // Whole numbers: km and euros are shown rounded.
        let metric = |key: &'static str| -> Get {
            Box::new(move |c: &Cell| {
                c.metrics
                    .as_ref()
                    .and_then(|m| m.get(key))
                    .map_or("-".into(), |x| fig(x, 0))
            })
        };
        let mut lines: Vec<(String, Get)> = vec![
            (
                w("objectif (propre politique)", "objective (own policy)"),
                Box::new(|c: &Cell| c.objective.map_or("-".into(), |x| fig(x, 1))),
            ),
            (
                w("× le meilleur objectif", "× the best objective"),
                Box::new(|c: &Cell| {
                    vs_best(c.objective, g.best).map_or("-".into(), |r| {
                        format!("×{}", super::i18n::number(lang, r, 2))
                    })
                }),
            ),
            (
                w("au-dessus de la meilleure borne", "above the best bound"),
                Box::new(|c: &Cell| {
                    gap_to_bound(c.objective, g.best_bound)
                        .map_or("-".into(), |x| format!("{} %", fig(100.0 * x, 2)))
                }),
            ),
            (
                w("statut", "status"),
                Box::new(move |c: &Cell| status_words(lang, c.status).to_string()),
            ),
            (
                words::metric(lang, "uncovered_doctor_days"),
                metric("uncovered_doctor_days"),
            ),
            (
                w("part de la demande couverte", "share of demand covered"),
                Box::new(|c: &Cell| {
                    c.coverage()
                        .map_or("-".into(), |x| format!("{} %", fig(100.0 * x, 1)))
                }),
            ),
        ];
        // The metrics from `breaks` on, but the two counts that say how the plan is made
        // rather than how good it is (new pairs, vacations).
        lines.extend(
            Metrics::KEYS
                .into_iter()
                .skip_while(|&key| key != "breaks")
                .filter(|&key| !matches!(key, "new_pairs" | "assigned_days"))
                .map(|key| (words::metric(lang, key), metric(key))),
        );
        lines.push((
            w("secondes de calcul", "seconds of computing"),
            Box::new(|c: &Cell| fig(c.seconds, 2)),
        ));
        let body: Vec<Vec<String>> = lines
            .iter()
            .map(|(label, get)| {
                let mut r = vec![label.clone()];
                r.extend(g.cells.iter().map(|c| get(c)));
                r
            })
            .collect();
        o += &words::table(&header, &body, 100);
        if let Some(line) = gain_line(&g, lang) {
            o += "\n";
            o += &words::wrap(&line, 100, "", "");
        }
    }
    o
}

/// What optimisation buys in one (dataset, policy): the best non-baseline cell against the
/// best baseline, in the numbers a planner reads (None when either side is missing).
pub fn gain_line(g: &Group, lang: Lang) -> Option<String> {
    let opt = g.best_of(|c| !is_baseline(&c.solver))?;
    let base = g.best_of(|c| is_baseline(&c.solver))?;
    let (mo, mb) = (opt.metrics.as_ref()?, base.metrics.as_ref()?);
    let (oo, ob) = (opt.objective?, base.objective?);
    let change = if ob.abs() > 1e-9 {
        let pct = words::figure(lang, 100.0 * (oo - ob) / ob, 1);
        if oo > ob {
            format!("+{pct} %")
        } else {
            format!("{pct} %")
        }
    } else {
        "-".into()
    };
    let km = |x: f64| words::figure(lang, x.round(), 0);
    let template = match lang {
        Lang::Fr => {
            "{o} laisse {ou} journées-médecin non couvertes, {ob} ruptures, {oe} jours d'absence \
             hors tolérance, {ok} km ; le meilleur plan naïf ({b}) {bu}, {bb}, {be}, {bk} km ; \
             objectif {c}."
        }
        Lang::En => {
            "{o} leaves {ou} uncovered doctor-days, {ob} breaks, {oe} days of absence beyond \
             tolerance, {ok} km; the best naive plan ({b}) {bu}, {bb}, {be}, {bk} km; \
             objective {c}."
        }
    };
    let values = [
        ("{o}", opt.solver.clone()),
        ("{ou}", mo.uncovered_doctor_days.to_string()),
        ("{ob}", mo.breaks.to_string()),
        ("{oe}", mo.long_gap_excess.to_string()),
        ("{ok}", km(mo.travel_km)),
        ("{b}", base.solver.clone()),
        ("{bu}", mb.uncovered_doctor_days.to_string()),
        ("{bb}", mb.breaks.to_string()),
        ("{be}", mb.long_gap_excess.to_string()),
        ("{bk}", km(mb.travel_km)),
        ("{c}", change),
    ];
    Some(
        values
            .iter()
            .fold(template.to_string(), |t, (k, v)| t.replace(k, v)),
    )
}
