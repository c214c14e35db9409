//! The words of the reports, in French (the planners' language, the default) and English.
//!
//! Every user-facing string of the HTML report and the spreadsheet lives in `STRINGS`, one
//! row per key, so that a translation is reviewed in one place and a missing one is caught by
//! a test rather than by a planner. Numbers and dates are formatted here too, because the
//! French way (`1 234,5`, `mar. 1 déc.`) is part of the language.

use crate::choice::{choice_str, Choice};
use crate::rules::service_days::NoService;
use crate::rules::uncovered::UncoveredReason;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// Language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Choice for Lang {
    const ALL: &'static [Self] = &[Lang::Fr, Lang::En];

    fn name(self) -> &'static str {
        self.tag()
    }
}
choice_str!(Lang);

impl Lang {
    /// The BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// (key, French, English).
const STRINGS: &[(&str, &str, &str)] = &[
    (
        "title",
        "Planning des vacations de solidarité territoriale",
        "Solidarity consultation plan",
    ),
    ("dataset", "Jeu de données", "Dataset"),
    ("period", "Période", "Period"),
    ("key_figures", "Chiffres clés", "Key figures"),
    (
        "warnings",
        "À vérifier dans les fichiers d'entrée",
        "To check in the input files",
    ),
    (
        "map",
        "Carte des sites et des trajets",
        "Map of sites and trips",
    ),
    ("calendars", "Calendrier par site", "Calendar per site"),
    (
        "uncovered_list",
        "Jours sans médecin suffisant",
        "Days short of doctors",
    ),
    (
        "volunteers",
        "Planning des volontaires",
        "Volunteers' schedules",
    ),
    ("zones", "Par zone", "Per zone"),
    ("coverage", "Couverture des besoins", "Demand covered"),
    (
        "uncovered_dd",
        "Journées-médecin non couvertes",
        "Uncovered doctor-days",
    ),
    (
        "covered_site_days",
        "Jours-site avec un médecin",
        "Site-days with a doctor",
    ),
    ("breaks", "Ruptures de continuité", "Continuity breaks"),
    (
        "longest_gap",
        "Plus longue interruption (jours d'ouverture)",
        "Longest gap (service days)",
    ),
    ("travel_km", "Kilomètres parcourus", "Kilometres travelled"),
    ("bed_nights", "Nuitées", "Bed nights"),
    ("assigned_days", "Vacations", "Vacations"),
    (
        "preference_misses",
        "Hors zones préférées",
        "Outside preferred zones",
    ),
    (
        "new_pairs",
        "Médecins nouveaux sur leur site",
        "Doctors new to their site",
    ),
    (
        "last_before",
        "Dernière vacation avant la période",
        "Last vacation before the period",
    ),
    (
        "carried_gap_days",
        "jours d'ouverture sans médecin depuis",
        "service days without a doctor since",
    ),
    (
        "no_history_here",
        "Aucune vacation dans l'historique",
        "No vacation in the history",
    ),
    ("doctors_here", "Médecins ce mois", "Doctors this month"),
    ("own_max_days", "Plafond déclaré", "Own cap"),
    ("site_code", "Code du site", "Site code"),
    ("reason_code", "Code de la raison", "Reason code"),
    ("volunteer_code", "Code du médecin", "Doctor code"),
    (
        "map_credit",
        "Contours des départements : IGN – ADMIN EXPRESS (Licence Ouverte 2.0)",
        "Department outlines: IGN – ADMIN EXPRESS (Licence Ouverte 2.0)",
    ),
    ("email", "Courriel", "Email"),
    ("phone", "Téléphone", "Phone"),
    (
        "vacations_with_history",
        "Vacations (historique et plan)",
        "Vacations (history and plan)",
    ),
    ("of_whom_returning", "dont déjà venus", "of whom returning"),
    ("upc", "Continuité des soins", "Continuity of care"),
    (
        "upc_explained",
        "Part des vacations du site (historique et plan) assurées par son médecin le plus présent",
        "Share of the site's vacations (history and plan) by its most frequent doctor",
    ),
    ("cost", "Coût (€)", "Cost (EUR)"),
    ("objective", "Objectif", "Objective"),
    ("solver_status", "Statut du solveur", "Solver status"),
    ("bound", "Borne inférieure", "Lower bound"),
    ("gap", "Écart à la borne", "Gap to bound"),
    ("status_optimal", "plan prouvé optimal", "proven optimal"),
    (
        "technical",
        "Comment le plan a été calculé",
        "How the plan was computed",
    ),
    (
        "technical_explained",
        "L'objectif est la somme pondérée que le plan minimise (poids du fichier de politique) ; la borne inférieure est ce qu'aucun plan ne peut faire de mieux, prouvé par le solveur ; l'écart entre les deux dit de combien un meilleur plan pourrait encore exister.",
        "The objective is the weighted sum the plan minimises (weights of the policy file); the lower bound is what no plan can beat, proven by the solver; the gap between them says by how much a better plan could still exist.",
    ),
    (
        "status_feasible",
        "réalisable (optimalité non prouvée)",
        "feasible (not proven optimal)",
    ),
    ("status_infeasible", "impossible", "infeasible"),
    (
        "status_timeout_no_solution",
        "arrêté sans solution",
        "stopped without a plan",
    ),
    ("covered", "Couvert", "Covered"),
    ("partial", "Partiellement couvert", "Partly covered"),
    ("uncovered", "Non couvert", "Uncovered"),
    ("closed", "Fermé", "Closed"),
    ("holiday", "Férié", "Public holiday"),
    ("not_open", "Pas d'ouverture", "Not an opening day"),
    ("no_demand", "Pas de besoin", "No demand"),
    ("site", "Site", "Site"),
    ("sites", "Sites", "Sites"),
    ("home", "Domicile d'un volontaire", "A volunteer's home"),
    ("off_map", "Hors de la carte (loin des autres sites)", "Off the map (far from the other sites)"),
    ("trip", "Trajet prévu", "Planned trip"),
    (
        "stay_trip",
        "Trajet avec nuit sur place",
        "Trip with an overnight stay",
    ),
    (
        "size_legend",
        "taille : besoin du mois",
        "size: demand over the period",
    ),
    (
        "colour_legend",
        "couleur : part des besoins couverts",
        "colour: share of demand covered",
    ),
    ("date", "Date", "Date"),
    ("dates", "Dates", "Dates"),
    ("demand", "Besoin", "Demand"),
    ("assigned", "Affectés", "Assigned"),
    ("reason", "Raison", "Reason"),
    (
        "offered_reachable",
        "Volontaires proposés / à portée",
        "Volunteers offering / within reach",
    ),
    ("zone", "Zone", "Zone"),
    ("source_status", "Source", "Source"),
    (
        "source_status_explained",
        "Source : « confirmée » si une source publique nomme la zone, « déduite » si elle nomme un lieu de consultation dans la zone, « illustrative » si la zone a été choisie par règle et n'est pas une zone rouge connue.",
        "Source: “confirmed” when a public source names the zone, “inferred” when it names a consultation site in it, “illustrative” when the zone was chosen by rule and is not a known zone rouge.",
    ),
    ("commune", "Commune", "Commune"),
    ("volunteer", "Volontaire", "Volunteer"),
    ("id", "Identifiant", "Id"),
    ("name", "Nom", "Name"),
    ("authorised", "Autorisé (CDOM)", "Authorised (CDOM)"),
    ("days_assigned", "Jours affectés", "Days assigned"),
    ("days_offered", "Jours proposés", "Days offered"),
    ("max_days", "Maximum par mois", "Maximum per month"),
    ("km_one_way", "km (aller)", "km (one way)"),
    ("overnight", "Nuit sur place", "Overnight stay"),
    ("yes", "oui", "yes"),
    ("no", "non", "no"),
    (
        "all_covered",
        "Tous les besoins sont couverts.",
        "All demand is covered.",
    ),
    ("offered", "Proposé", "Offered"),
    (
        "assigned_offered",
        "Affectés / proposés",
        "Assigned / offered",
    ),
    (
        "not_authorised",
        "non autorisé (CDOM)",
        "not authorised (CDOM)",
    ),
    ("service_days", "Jours d'ouverture", "Service days"),
    ("site_days", "Jours-site", "Site-days"),
    ("detail", "Le détail, jour par jour", "Day by day"),
    ("priority", "Priorité", "Priority"),
    ("none", "–", "–"),
    ("colon", "\u{a0}: ", ": "),
    ("doctors", "médecin(s)", "doctor(s)"),
    (
        "footer",
        "Produit par renfort. Fichier autonome : il s'ouvre sans connexion.",
        "Made by renfort. A self-contained file: it opens offline.",
    ),
];

/// The word for `key`; the key itself if there is none (a test makes sure there is).
/// A zone's source status in the report's words (the dataset's own word when it is not one
/// renfort knows).
pub fn source_status(lang: Lang, status: &str) -> String {
    let word = match (status, lang) {
        ("confirmed", Lang::Fr) => "confirmée",
        ("inferred", Lang::Fr) => "déduite",
        ("illustrative", Lang::Fr) => "illustrative",
        ("confirmed" | "inferred" | "illustrative", Lang::En) => status,
        _ => return status.to_owned(),
    };
    word.to_owned()
}

pub fn tr(lang: Lang, key: &str) -> &'static str {
    match STRINGS.iter().find(|(k, _, _)| *k == key) {
        Some((_, fr, en)) => match lang {
            Lang::Fr => fr,
            Lang::En => en,
        },
        None => "??",
    }
}

/// All words of a language, by key (what the HTML template reads as `t.key`).
pub fn table(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, fr, en)| (*k, if lang == Lang::Fr { *fr } else { *en }))
        .collect()
}

pub fn reason(lang: Lang, r: UncoveredReason) -> &'static str {
    match lang {
        Lang::Fr => r.label_fr(),
        Lang::En => r.label_en(),
    }
}

pub fn reason_short(lang: Lang, r: UncoveredReason) -> &'static str {
    match lang {
        Lang::Fr => r.short_fr(),
        Lang::En => r.short_en(),
    }
}

pub fn no_service(lang: Lang, why: NoService) -> &'static str {
    tr(
        lang,
        match why {
            NoService::Closed => "closed",
            NoService::PublicHoliday => "holiday",
            NoService::ClosedWeekday => "not_open",
            NoService::NoDemand => "no_demand",
        },
    )
}

/// The solver's status in words (`status` is the contract's `solver.status`).
pub fn status(lang: Lang, status: &str) -> &'static str {
    tr(lang, &format!("status_{status}"))
}

const WEEKDAYS: [[&str; 7]; 2] = [
    ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"],
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
];
const MONTHS: [[&str; 12]; 2] = [
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];
/// Abbreviations as each language writes them (French keeps its own dots: `janv.`, `mai`).
const MONTHS_SHORT: [[&str; 12]; 2] = [
    [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
];

fn li(lang: Lang) -> usize {
    lang as usize
}

/// Short weekday name, Monday = 0.
pub fn weekday(lang: Lang, from_monday: usize) -> &'static str {
    WEEKDAYS[li(lang)][from_monday % 7]
}

pub fn month(lang: Lang, m: u32) -> &'static str {
    MONTHS[li(lang)][(m as usize + 11) % 12]
}

pub fn month_short(lang: Lang, m: u32) -> &'static str {
    MONTHS_SHORT[li(lang)][(m as usize + 11) % 12]
}

/// `mar. 1 déc.` / `Tue 1 Dec`: a date within a period already named.
pub fn date_short(lang: Lang, d: NaiveDate) -> String {
    let wd = weekday(lang, d.weekday().num_days_from_monday() as usize);
    let m = month_short(lang, d.month());
    match lang {
        Lang::Fr => format!("{wd}. {} {m}", d.day()),
        Lang::En => format!("{wd} {} {m}", d.day()),
    }
}

/// `mar. 1 déc. 2026` / `Tue 1 Dec 2026`.
pub fn date_long(lang: Lang, d: NaiveDate) -> String {
    let wd = weekday(lang, d.weekday().num_days_from_monday() as usize);
    let m = month_short(lang, d.month());
    match lang {
        Lang::Fr => format!("{wd}. {} {m} {}", d.day(), d.year()),
        Lang::En => format!("{wd} {} {m} {}", d.day(), d.year()),
    }
}

/// A number with `decimals` digits, grouped by thousands: `12 345,6` / `12,345.6`.
pub fn number(lang: Lang, x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (sep, point) = if lang == Lang::Fr {
        ('\u{202f}', ',')
    } else {
        (',', '.')
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// A share as a percentage: `87 %` / `87%`.
pub fn percent(lang: Lang, share: f64, decimals: usize) -> String {
    let n = number(lang, 100.0 * share, decimals);
    if lang == Lang::Fr {
        format!("{n}\u{a0}%")
    } else {
        format!("{n}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_once() {
        let mut keys = std::collections::HashSet::new();
        for (k, fr, en) in STRINGS {
            assert!(keys.insert(k), "key {k} twice");
            assert!(!fr.is_empty() && !en.is_empty(), "{k}");
        }
        for s in ["optimal", "feasible", "infeasible", "timeout_no_solution"] {
            assert_ne!(status(Lang::Fr, s), "??");
        }
    }

    #[test]
    fn numbers_and_dates_read_naturally() {
        assert_eq!(number(Lang::Fr, 12345.67, 1), "12\u{202f}345,7");
        assert_eq!(number(Lang::En, 12345.67, 1), "12,345.7");
        assert_eq!(number(Lang::En, -0.01, 1), "0.0");
        assert_eq!(number(Lang::En, -1234.0, 0), "-1,234");
        assert_eq!(number(Lang::Fr, 999.0, 0), "999");
        assert_eq!(percent(Lang::Fr, 0.875, 0), "88\u{a0}%");
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(date_long(Lang::Fr, d), "mar. 1 déc. 2026");
        assert_eq!(date_long(Lang::En, d), "Tue 1 Dec 2026");
        assert_eq!(month(Lang::Fr, 8), "août");
    }
}
