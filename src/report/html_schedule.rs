//! The report's "volunteers' schedules": for each volunteer, the days of the horizon as a
//! strip (offered, assigned and where, or nothing) and the vacations written out, so that a
//! planner calling a doctor sees at once what was asked and what was given.

use super::i18n::{self, Lang};
use crate::model::{Plan, SiteIdx};
use crate::rules::Instance;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
pub(super) struct SchedCell {
    class: &'static str,
    text: String,
    title: String,
}

#[derive(Serialize)]
pub(super) struct VolRow {
    id: String,
    name: String,
    authorised: bool,
    assigned: usize,
    offered: usize,
    cap: u32,
    cells: Vec<SchedCell>,
    vacations: Vec<String>,
}

/// A short tag for a site in a narrow cell: its id, cut to 4 characters.
fn tag(id: &str) -> String {
    id.chars().take(4).collect()
}

/// One row per volunteer, by name then id.
pub(super) fn rows(inst: &Instance, plan: &Plan, lang: Lang) -> Vec<VolRow> {
    let ds = inst.dataset;
    let mut worked: HashMap<(usize, chrono::NaiveDate), SiteIdx> = HashMap::new();
    for a in plan.assignments() {
        worked.insert((a.volunteer, a.date), a.site);
    }
    let mut order: Vec<usize> = (0..ds.volunteers.len()).collect();
    order.sort_by(|&a, &b| {
        (&ds.volunteers[a].name, &ds.volunteers[a].id)
            .cmp(&(&ds.volunteers[b].name, &ds.volunteers[b].id))
    });
    order
        .into_iter()
        .map(|v| {
            let vol = &ds.volunteers[v];
            let mut vacations = Vec::new();
            let cells = inst
                .horizon
                .days()
                .map(|d| {
                    let offered = ds.availability.contains(&(v, d));
                    let date = super::html::date_in_period(inst, lang, d);
                    match worked.get(&(v, d)) {
                        Some(&s) => {
                            let site = &ds.sites[s];
                            let stay = if inst.is_stayer(v, s) {
                                format!(" ({})", i18n::tr(lang, "overnight").to_lowercase())
                            } else {
                                String::new()
                            };
                            vacations.push(format!("{date} · {}{stay}", site.name));
                            SchedCell {
                                class: "asg",
                                text: tag(&site.id),
                                title: format!("{date} — {}", site.name),
                            }
                        }
                        None if offered => SchedCell {
                            class: "off",
                            text: String::new(),
                            title: format!("{date} — {}", i18n::tr(lang, "offered")),
                        },
                        None => SchedCell {
                            class: "",
                            text: String::new(),
                            title: String::new(),
                        },
                    }
                })
                .collect();
            VolRow {
                id: vol.id.clone(),
                name: vol.name.clone(),
                authorised: vol.authorized,
                assigned: vacations.len(),
                offered: ds
                    .availability
                    .range((v, inst.horizon.first)..=(v, inst.horizon.last))
                    .count(),
                cap: inst.monthly_cap(v),
                cells,
                vacations,
            }
        })
        .collect()
}
