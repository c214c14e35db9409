//! The key figures of a plan, in the order a planner reads them, shared by the HTML report
//! and the spreadsheet so that both always show the same numbers under the same names.

use super::i18n::{self, Lang};
use super::Summary;

/// A figure's value, kept typed so a spreadsheet can store a number, not its text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(u64),
    /// A number and the decimals to show.
    Num(f64, usize),
    /// A share in [0, 1].
    Share(f64),
    Text(String),
    /// Not applicable (no demand, no bound...).
    None,
}

impl Value {
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Value::Int(n) => i18n::number(lang, *n as f64, 0),
            Value::Num(x, dec) => i18n::number(lang, *x, *dec),
            Value::Share(x) => i18n::percent(lang, *x, 1),
            Value::Text(t) => t.clone(),
            Value::None => i18n::tr(lang, "none").into(),
        }
    }
}

/// One key figure: the i18n key of its label and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub key: &'static str,
    pub value: Value,
    /// Highlighted in the report's header cards.
    pub headline: bool,
}

/// Share of `part` in `whole`, None when there is no whole.
pub fn share(part: u64, whole: u64) -> Value {
    if whole == 0 {
        Value::None
    } else {
        Value::Share(part as f64 / whole as f64)
    }
}

pub fn key_figures(s: &Summary, lang: Lang) -> Vec<Figure> {
    let m = &s.metrics;
    let service_days: u64 = s.zones.iter().map(|z| z.service_days).sum();
    let f = |key, value, headline| Figure {
        key,
        value,
        headline,
    };
    let opt = |x: Option<f64>, v: fn(f64) -> Value| {
        x.filter(|x| x.is_finite()).map(v).unwrap_or(Value::None)
    };
    vec![
        f(
            "coverage",
            share(
                m.demand_doctor_days - m.uncovered_doctor_days.min(m.demand_doctor_days),
                m.demand_doctor_days,
            ),
            true,
        ),
        f("uncovered_dd", Value::Int(m.uncovered_doctor_days), true),
        f("breaks", Value::Int(m.breaks), true),
        f("longest_gap", Value::Int(m.longest_gap), true),
        f("travel_km", Value::Num(m.travel_km, 0), true),
        f("bed_nights", Value::Int(m.bed_nights), true),
        f("cost", Value::Num(m.cost_eur, 2), true),
        f("assigned_days", Value::Int(m.assigned_days), false),
        f(
            "covered_site_days",
            Value::Text(format!(
                "{} / {}",
                i18n::number(lang, m.covered_site_days as f64, 0),
                i18n::number(lang, service_days as f64, 0)
            )),
            false,
        ),
        f("preference_misses", Value::Int(m.preference_misses), false),
        f("new_pairs", Value::Int(m.new_pairs), false),
        f("objective", Value::Num(s.objective, 1), false),
        f(
            "solver_status",
            Value::Text(i18n::status(lang, s.solver.status).into()),
            true,
        ),
        f("bound", opt(s.solver.bound, |b| Value::Num(b, 1)), false),
        f("gap", opt(s.solver.gap, Value::Share), false),
    ]
}
