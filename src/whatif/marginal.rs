//! Where one more doctor helps most: for each site and each weekday (or date), the objective
//! gained if one more doctor were available there. The doctor is virtual: authorised, living
//! at the site (a commuter, no bed), offering every service day of the key, no preference,
//! and held to the monthly cap like any volunteer: one row is one recruit, at most
//! `doctor_days` (the cap) days of work, not one doctor on every Wednesday of the month.
//!
//! - `exact`: re-solve with the doctor added; gain = optimum without − optimum with.
//! - `estimate`: insert the doctor's days into the base plan one at a time, best first, while
//!   an insertion lowers the objective and the cap allows. A lower bound on the exact gain:
//!   it misses what re-arranging the others around the new doctor adds (see docs/whatif.md).

use super::{plan_of, Infeasible, Solver};
use crate::choice::{choice_str, Choice};
use crate::model::{Assignment, Dataset, Plan, Policy, SiteIdx, Volunteer, Weekdays};
use crate::report::i18n::{number, Lang};
use crate::report::words;
use crate::rules::metrics::compute;
use crate::rules::Instance;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// What a row's days are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Weekday,
    Date,
}

impl Choice for By {
    const ALL: &'static [Self] = &[By::Weekday, By::Date];

    fn name(self) -> &'static str {
        match self {
            By::Weekday => "weekday",
            By::Date => "date",
        }
    }
}
choice_str!(By);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Exact,
    Estimate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub site_id: String,
    pub site_name: String,
    pub zone_id: String,
    /// `mon` ... or a date.
    pub key: String,
    pub service_days: usize,
    /// The most days the one more doctor can work: the monthly cap, or fewer service days.
    pub doctor_days: usize,
    /// Doctors missing on those days in the base plan.
    pub uncovered_doctor_days: u64,
    pub gain: f64,
    pub method: Method,
}

/// The (site, key, dates) cases, in site then key order.
pub fn cases(inst: &Instance, by: By) -> Vec<(SiteIdx, String, Vec<NaiveDate>)> {
    let mut out = Vec::new();
    for s in 0..inst.dataset.sites.len() {
        let days: Vec<NaiveDate> = inst.service_days(s).iter().map(|d| d.date).collect();
        match by {
            By::Date => out.extend(days.iter().map(|&d| (s, d.to_string(), vec![d]))),
            By::Weekday => {
                for w in 0..7u32 {
                    let ds: Vec<_> = days
                        .iter()
                        .copied()
                        .filter(|d| d.weekday().num_days_from_monday() == w)
                        .collect();
                    if !ds.is_empty() {
                        out.push((s, Weekdays::NAMES[w as usize].to_owned(), ds));
                    }
                }
            }
        }
    }
    out
}

/// The most days one more doctor works on `dates`: per calendar month, the cap or fewer
/// dates.
pub fn doctor_days(policy: &Policy, dates: &[NaiveDate]) -> usize {
    let mut per_month = std::collections::BTreeMap::new();
    for &d in dates {
        *per_month
            .entry(crate::rules::month_key(d))
            .or_insert(0usize) += 1;
    }
    let cap = policy.rules.max_days_per_month as usize;
    per_month.values().map(|&n| n.min(cap)).sum()
}

/// The virtual doctor at `s`, held to the monthly cap.
fn virtual_doctor(ds: &Dataset, policy: &Policy, s: SiteIdx) -> Volunteer {
    let site = &ds.sites[s];
    Volunteer {
        id: "~virtual".into(),
        name: "one more doctor".into(),
        lat: site.lat,
        lon: site.lon,
        authorized: true,
        max_days: policy.rules.max_days_per_month,
        max_km: 0.0,
        overnight: false,
        zones: Vec::new(),
        contact: Default::default(),
    }
}

/// The dataset with one more doctor at `s` offering `dates` (held to the monthly cap).
pub fn with_virtual_doctor(
    ds: &Dataset,
    policy: &Policy,
    s: SiteIdx,
    dates: &[NaiveDate],
) -> Dataset {
    let mut out = ds.clone();
    let v = out.volunteers.len();
    out.volunteers.push(virtual_doctor(ds, policy, s));
    out.availability.extend(dates.iter().map(|&d| (v, d)));
    out
}

/// Greedy insertion gain of one more doctor at `s` on `dates` into `plan`.
pub fn insertion_gain(inst: &Instance, plan: &Plan, s: SiteIdx, dates: &[NaiveDate]) -> f64 {
    // The doctor only needs to exist for the metrics (km 0: a commuter, no preference);
    // the insertions below keep one doctor a day and the site's rooms.
    let mut ds = inst.dataset.clone();
    let v = ds.volunteers.len();
    ds.volunteers
        .push(virtual_doctor(inst.dataset, inst.policy, s));
    let cap = inst.policy.rules.max_days_per_month as usize;
    let mut worked: std::collections::BTreeMap<(i32, u32), usize> = Default::default();
    let inst2 = Instance::new(&ds, inst.policy, inst.horizon);
    let rooms = ds.sites[s].rooms as usize;
    let mut current = plan.assignments().to_vec();
    let base = compute(&inst2, plan).objective(&inst2);
    let mut best_obj = base;
    let mut left: Vec<NaiveDate> = dates.to_vec();
    // One doctor a day, the site's rooms, the doctor's monthly cap.
    loop {
        let mut best: Option<(usize, f64)> = None;
        for (i, &d) in left.iter().enumerate() {
            let month = crate::rules::month_key(d);
            if worked.get(&month).copied().unwrap_or(0) >= cap
                || current
                    .iter()
                    .filter(|a| a.site == s && a.date == d)
                    .count()
                    >= rooms
            {
                continue;
            }
            let mut trial = current.clone();
            trial.push(Assignment {
                date: d,
                site: s,
                volunteer: v,
            });
            let obj = compute(&inst2, &Plan::new(trial)).objective(&inst2);
            if obj < best.map_or(best_obj - 1e-9, |b| b.1) {
                best = Some((i, obj));
            }
        }
        let Some((i, obj)) = best else { break };
        *worked.entry(crate::rules::month_key(left[i])).or_default() += 1;
        current.push(Assignment {
            date: left.remove(i),
            site: s,
            volunteer: v,
        });
        best_obj = obj;
    }
    base - best_obj
}

/// All rows, sorted by gain (largest first), then site and key.
pub fn marginal(
    solver: &Solver,
    inst: &Instance,
    base_plan: &Plan,
    by: By,
    exact: bool,
) -> Result<Vec<Row>, Infeasible> {
    let ds = inst.dataset;
    let cases = cases(inst, by);
    let base_opt = if exact {
        let mut out = solver.run(inst);
        let plan = plan_of(&mut out, ds, "the base case")?;
        compute(inst, &plan).objective(inst)
    } else {
        0.0
    };
    let gains = solver.map(&cases, |(s, _, dates)| -> Result<f64, Infeasible> {
        if !exact {
            return Ok(insertion_gain(inst, base_plan, *s, dates));
        }
        let more = with_virtual_doctor(ds, inst.policy, *s, dates);
        let inst2 = Instance::new(&more, inst.policy, inst.horizon);
        let mut out = solver.run(&inst2);
        let plan = plan_of(&mut out, &more, "a case with one more doctor")?;
        // A superset of plans can't do worse; a tiny negative is the solver's gap tolerance.
        Ok((base_opt - compute(&inst2, &plan).objective(&inst2)).max(0.0))
    });
    let uncovered = super::repair::uncovered_per_site_day(inst, base_plan);
    let mut rows = Vec::with_capacity(cases.len());
    for ((s, key, dates), gain) in cases.into_iter().zip(gains) {
        let site = &ds.sites[s];
        rows.push(Row {
            site_id: site.id.clone(),
            site_name: crate::report::publish::spreadsheet_safe(&site.name).into_owned(),
            zone_id: ds.zones[site.zone].id.clone(),
            key,
            service_days: dates.len(),
            doctor_days: doctor_days(inst.policy, &dates),
            uncovered_doctor_days: dates
                .iter()
                .map(|&d| uncovered.get(&(s, d)).copied().unwrap_or(0) as u64)
                .sum(),
            gain: gain?,
            method: if exact {
                Method::Exact
            } else {
                Method::Estimate
            },
        });
    }
    rows.sort_by(|a, b| {
        b.gain
            .total_cmp(&a.gain)
            .then_with(|| (&a.site_id, &a.key).cmp(&(&b.site_id, &b.key)))
    });
    Ok(rows)
}

/// Whether exact re-solves fit the budget: candidates × cases ≤ budget.
pub fn exact_fits(inst: &Instance, by: By, budget: u64) -> bool {
    (inst.candidates().len() as u64).saturating_mul(cases(inst, by).len() as u64) <= budget
}

pub fn to_csv(rows: &[Row]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("memory");
    }
    if rows.is_empty() {
        w.write_record([
            "site_id",
            "site_name",
            "zone_id",
            "key",
            "service_days",
            "doctor_days",
            "uncovered_doctor_days",
            "gain",
            "method",
        ])
        .expect("memory");
    }
    w.into_inner().expect("memory")
}

/// A row's key in words: a weekday code (`thu`) as the language names it, a date as is.
fn key_words(lang: Lang, key: &str) -> String {
    const DAYS: [(&str, &str, &str); 7] = [
        ("mon", "lundi", "Monday"),
        ("tue", "mardi", "Tuesday"),
        ("wed", "mercredi", "Wednesday"),
        ("thu", "jeudi", "Thursday"),
        ("fri", "vendredi", "Friday"),
        ("sat", "samedi", "Saturday"),
        ("sun", "dimanche", "Sunday"),
    ];
    match DAYS.iter().find(|(c, _, _)| *c == key) {
        Some((_, fr, en)) => if lang == Lang::Fr { fr } else { en }.to_string(),
        None => key.to_string(),
    }
}

/// The table printed, in words and within 100 columns: the first `limit` rows (every row,
/// with the codes, is in marginal.csv).
pub fn markdown(rows: &[Row], limit: usize, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let mut o = if fr {
        String::from(
            "Une ligne : un médecin de plus sur le site, qui propose chacun des jours d'ouverture \
             de la ligne\n(ouverts) et reste tenu au plafond mensuel comme tout volontaire \
             (au plus « vac. max » jours) ;\nnon couv. : journées-médecin non couvertes ces \
             jours-là dans le plan de base.\n\n",
        )
    } else {
        String::from(
            "One row: one more doctor at the site, offering every service day of the row \
             (open) and held\nto the monthly cap like any volunteer (at most \"max days\" \
             of work); uncovered: doctor-days\nwithout a doctor those days in the base \
             plan.\n\n",
        )
    };
    let header: Vec<String> = if fr {
        [
            "site",
            "jour",
            "ouverts",
            "vac. max",
            "non couv.",
            "gain",
            "calcul",
        ]
    } else {
        [
            "site",
            "day",
            "open",
            "max days",
            "uncovered",
            "gain",
            "method",
        ]
    }
    .map(String::from)
    .to_vec();
    let body: Vec<Vec<String>> = rows
        .iter()
        .take(limit)
        .map(|r| {
            let method = match (r.method, fr) {
                (Method::Exact, true) => "exact",
                (Method::Exact, false) => "exact",
                (Method::Estimate, true) => "estimé",
                (Method::Estimate, false) => "estimate",
            };
            vec![
                r.site_name.clone(),
                key_words(lang, &r.key),
                r.service_days.to_string(),
                r.doctor_days.to_string(),
                r.uncovered_doctor_days.to_string(),
                number(lang, r.gain, 0),
                method.to_string(),
            ]
        })
        .collect();
    o += &words::table(&header, &body, 100);
    if rows.len() > limit {
        o += &if fr {
            format!("\n{} autres lignes dans marginal.csv\n", rows.len() - limit)
        } else {
            format!("\n{} more rows in marginal.csv\n", rows.len() - limit)
        };
    }
    o
}

#[cfg(test)]
mod tests;
