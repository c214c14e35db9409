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

/// A site's short tag in a narrow cell, and the legend that says which site it is.
#[derive(Serialize)]
pub(super) struct SiteTag {
    tag: String,
    name: String,
}

/// A letter (then two) per site in id order: an id cut to fit a cell ("S430") named no one.
fn tag(index: usize) -> String {
    let letter = |i: usize| (b'A' + (i % 26) as u8) as char;
    if index < 26 {
        letter(index).to_string()
    } else {
        format!("{}{}", letter(index / 26 - 1), letter(index))
    }
}

/// The tags of the sites, by site index, and the legend in tag order.
pub(super) fn site_tags(inst: &Instance) -> (Vec<String>, Vec<SiteTag>) {
    let ds = inst.dataset;
    let mut order: Vec<SiteIdx> = (0..ds.sites.len()).collect();
    order.sort_by(|&a, &b| ds.sites[a].id.cmp(&ds.sites[b].id));
    let mut tags = vec![String::new(); ds.sites.len()];
    let mut legend = Vec::new();
    for (i, s) in order.into_iter().enumerate() {
        tags[s] = tag(i);
        legend.push(SiteTag {
            tag: tag(i),
            name: ds.sites[s].name.clone(),
        });
    }
    (tags, legend)
}

/// A name as a French list sorts it: letters without accents or case, so that "Émilie"
/// comes with the E's and "de" does not sort before "D".
pub(crate) fn collation_key(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'û' | 'ü' | 'ù' | 'ú' => 'u',
            'ÿ' | 'ý' => 'y',
            'ñ' => 'n',
            'œ' => 'o',
            'æ' => 'a',
            c => c,
        })
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect()
}

/// The surname of "Dr Pauline Mallet": the last word (titles and first names come first).
fn surname(name: &str) -> &str {
    name.split_whitespace().last().unwrap_or(name)
}

/// One row per volunteer, by surname (French collation), then full name, then id.
pub(super) fn rows(inst: &Instance, plan: &Plan, lang: Lang) -> Vec<VolRow> {
    let ds = inst.dataset;
    let mut worked: HashMap<(usize, chrono::NaiveDate), SiteIdx> = HashMap::new();
    for a in plan.assignments() {
        worked.insert((a.volunteer, a.date), a.site);
    }
    let (tags, _) = site_tags(inst);
    let key = |v: usize| {
        let vol = &ds.volunteers[v];
        (
            collation_key(surname(&vol.name)),
            collation_key(&vol.name),
            vol.id.clone(),
        )
    };
    let mut order: Vec<usize> = (0..ds.volunteers.len()).collect();
    order.sort_by_cached_key(|&v| key(v));
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
                                text: tags[s].clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_surname_as_a_french_list_does() {
        let mut names = vec![
            "Dr Zoé Ángel",
            "Dr Anne Zola",
            "Dr Élise Durand",
            "Dr Paul Éluard",
        ];
        names.sort_by_key(|n| collation_key(surname(n)));
        assert_eq!(
            names,
            [
                "Dr Zoé Ángel",
                "Dr Élise Durand",
                "Dr Paul Éluard",
                "Dr Anne Zola"
            ]
        );
        assert_eq!(tag(0), "A");
        assert_eq!(tag(25), "Z");
        assert_eq!(tag(26), "AA");
    }
}
