//! Why the sites a scenario adds or changes still lack doctors: the reasons of
//! `rules::uncovered`, grouped per site, so that "nobody goes to the new site" comes with
//! "out of reach on 4 of its 6 days" without planning the scenario's dataset by hand.

use crate::model::Plan;
use crate::report::i18n::{reason as reason_words, Lang};
use crate::report::words;
use crate::rules::uncovered::{uncovered_days, UncoveredReason};
use crate::rules::Instance;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One touched site's uncovered days, by reason.
#[derive(Debug, Clone, Serialize)]
pub struct SiteWhy {
    pub site: String,
    pub name: String,
    /// Service days in the horizon with fewer doctors than the demand.
    pub uncovered_days: usize,
    /// Service days in the horizon.
    pub service_days: usize,
    pub reasons: Vec<ReasonDays>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReasonDays {
    /// The reason's stable code (`out_of_reach`, ...).
    pub reason: &'static str,
    #[serde(skip)]
    pub why: UncoveredReason,
    pub dates: Vec<NaiveDate>,
}

/// The reasons at each site of `sites` (ids; an id not in the instance is skipped), in
/// the order given.
pub fn why(inst: &Instance, plan: &Plan, sites: &[String]) -> Vec<SiteWhy> {
    let days = uncovered_days(inst, plan);
    sites
        .iter()
        .filter_map(|id| inst.dataset.site_index(id))
        .map(|s| {
            let mut reasons: Vec<ReasonDays> = Vec::new();
            let mine: Vec<_> = days.iter().filter(|d| d.site == s).collect();
            for r in UncoveredReason::ALL {
                let dates: Vec<NaiveDate> = mine
                    .iter()
                    .filter(|d| d.reason == r)
                    .map(|d| d.date)
                    .collect();
                if !dates.is_empty() {
                    reasons.push(ReasonDays {
                        reason: r.code(),
                        why: r,
                        dates,
                    });
                }
            }
            SiteWhy {
                site: inst.dataset.sites[s].id.clone(),
                name: inst.dataset.sites[s].name.clone(),
                uncovered_days: mine.len(),
                service_days: inst.service_days(s).len(),
                reasons,
            }
        })
        .collect()
}

/// The list as whatif.json holds it (`uncovered_at_touched_sites`), back for `render`;
/// None if it is not such a list.
pub fn from_json(v: &serde_json::Value) -> Option<Vec<SiteWhy>> {
    let count = |w: &serde_json::Value, k: &str| w[k].as_u64().map(|x| x as usize);
    v.as_array()?
        .iter()
        .map(|w| {
            let reasons = w["reasons"]
                .as_array()?
                .iter()
                .map(|r| {
                    let code = r["reason"].as_str()?;
                    let why = UncoveredReason::ALL
                        .into_iter()
                        .find(|u| u.code() == code)?;
                    let dates = r["dates"]
                        .as_array()?
                        .iter()
                        .map(|d| d.as_str()?.parse::<NaiveDate>().ok())
                        .collect::<Option<Vec<_>>>()?;
                    Some(ReasonDays {
                        reason: why.code(),
                        why,
                        dates,
                    })
                })
                .collect::<Option<Vec<_>>>()?;
            Some(SiteWhy {
                site: w["site"].as_str()?.to_owned(),
                name: w["name"].as_str()?.to_owned(),
                uncovered_days: count(w, "uncovered_days")?,
                service_days: count(w, "service_days")?,
                reasons,
            })
        })
        .collect()
}

/// The section printed after the what-if table, lines within `width` columns.
pub fn render(lang: Lang, list: &[SiteWhy], width: usize) -> String {
    if list.is_empty() {
        return String::new();
    }
    let fr = lang == Lang::Fr;
    let mut o = String::from(if fr {
        "\nPourquoi des jours restent sans médecin sur les sites que le scénario ajoute ou modifie\n\n"
    } else {
        "\nWhy days stay without a doctor at the sites the scenario adds or changes\n\n"
    });
    for w in list {
        let head = if w.uncovered_days == 0 {
            if fr {
                format!(
                    "{} : ses {} jours ont tous un médecin",
                    w.name, w.service_days
                )
            } else {
                format!("{}: all its {} days have a doctor", w.name, w.service_days)
            }
        } else if fr {
            format!(
                "{} : {} jour(s) sur {} sans médecin suffisant",
                w.name, w.uncovered_days, w.service_days
            )
        } else {
            format!(
                "{}: {} day(s) of {} short of doctors",
                w.name, w.uncovered_days, w.service_days
            )
        };
        o += &format!("- {}\n", words::cut(&head, width - 2));
        for r in &w.reasons {
            let dates: Vec<String> = r
                .dates
                .iter()
                .map(|d| format!("{}/{}", d.day(), d.month()))
                .collect();
            let line = format!(
                "{} ({}) : {}",
                reason_words(lang, r.why),
                r.dates.len(),
                dates.join(", ")
            );
            let line = if fr {
                line
            } else {
                line.replacen(" : ", ": ", 1)
            };
            o += &words::wrap(&line, width, "    ", "      ");
        }
    }
    o
}
