//! The summary printed after a run, for a planner reading a terminal.

use super::{Lang, Summary};
use std::fmt::Write;

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.0} %", 100.0 * part as f64 / whole as f64)
    }
}

/// Shortens intercommunality names as planners write them: "CC du Pays Gentiane".
pub fn short_zone_name(name: &str) -> String {
    const ABBREVIATIONS: [(&str, &str); 4] = [
        ("Communauté de communes ", "CC "),
        ("Communauté d'agglomération ", "CA "),
        ("Communauté urbaine ", "CU "),
        ("Métropole ", "Métropole "),
    ];
    for (long, short) in ABBREVIATIONS {
        if let Some(rest) = name.strip_prefix(long) {
            return format!("{short}{rest}");
        }
    }
    name.to_owned()
}

/// Text from the dataset as a terminal may show it: escape sequences and other control
/// characters in a name would drive the terminal, so each becomes `?` (line breaks of the
/// summary itself stay).
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { '?' } else { c })
        .collect()
}

/// The summary in the planner's language (`--lang`, French by default).
pub fn render(s: &Summary, lang: Lang) -> String {
    terminal_safe(&render_raw(s, lang))
}

/// The words of the summary, French then English.
struct Words {
    title: [&'static str; 2],
    head: [[&'static str; 6]; 2],
    covered: [&'static str; 2],
    site_days: [&'static str; 2],
    continuity: [&'static str; 2],
    assignments: [&'static str; 2],
    history: [&'static str; 2],
    cost: [&'static str; 2],
    convocations: [&'static str; 2],
    objective: [&'static str; 2],
}

const WORDS: Words = Words {
    title: ["Planning de {d} du {f} au {l}", "Plan for {d} from {f} to {l}"],
    head: [
        ["zone", "couverts", "manquantes", "ruptures", "abs. max", "vacations"],
        ["zone", "covered", "uncovered", "breaks", "max gap", "vacations"],
    ],
    covered: [
        "Journées-médecin pourvues   {c} sur {d} ({p}) ; manquantes {u}",
        "Doctor-days covered     {c} of {d} ({p}); uncovered {u}",
    ],
    site_days: [
        "Jours-site avec un médecin  {n}",
        "Site-days with a doctor {n}",
    ],
    continuity: [
        "Continuité                  {b} ruptures, plus longue interruption {g} jours d'ouverture, {e} jours au-delà de la tolérance",
        "Continuity              {b} breaks, longest gap {g} service days, {e} gap days beyond tolerance",
    ],
    assignments: [
        "Vacations                   {a} vacations, {k} km parcourus, {n} nuitées, {m} hors zones préférées",
        "Assignments             {a} vacations, {k} km travelled, {n} bed nights, {m} outside preferred zones",
    ],
    history: [
        "Historique                  {h} vacations avant la période ; {d} couples médecin-site ce mois, dont {r} déjà venus, {n} nouveaux",
        "History                 {h} vacations before the horizon; {d} doctor-site pairs this month, {r} returning, {n} new",
    ],
    cost: ["Coût                        {c} EUR", "Cost                    {c} EUR"],
    convocations: [
        "Convocations                {m} messages à envoyer (convocations/), dont {w} sans adresse électronique ; {h} fiches d'accueil (hosts/)",
        "Convocations            {m} messages to send (convocations/), {w} without an email address; {h} host sheets (hosts/)",
    ],
    objective: [
        "Objectif                    {o} ({s} ; borne {b}, écart à la borne {g}, {t} s, solveur {n})",
        "Objective               {o} ({s}; bound {b}, gap to bound {g}, {t} s, solver {n})",
    ],
};

/// `template` with each `{key}` replaced.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn render_raw(s: &Summary, lang: Lang) -> String {
    let l = usize::from(lang == Lang::En);
    let w = &WORDS;
    let m = &s.metrics;
    let mut o = String::new();
    let title = fill(
        w.title[l],
        &[
            ("d", s.dataset.clone()),
            ("f", s.horizon.first.clone()),
            ("l", s.horizon.last.clone()),
        ],
    );
    let _ = writeln!(o, "{title}");
    let _ = writeln!(o);
    let h = w.head[l];
    let _ = writeln!(
        o,
        "{:<44} {:>9} {:>10} {:>8} {:>8} {:>9}",
        h[0], h[1], h[2], h[3], h[4], h[5]
    );
    for z in &s.zones {
        let name: String = short_zone_name(&z.name).chars().take(44).collect();
        let _ = writeln!(
            o,
            "{:<44} {:>9} {:>10} {:>8} {:>8} {:>9}",
            name,
            format!("{}/{}", z.covered_site_days, z.service_days),
            z.uncovered_doctor_days,
            z.breaks,
            z.longest_gap,
            z.assigned_days
        );
    }
    let _ = writeln!(o);
    let covered = m.demand_doctor_days - m.uncovered_doctor_days;
    let line = |t: &str, v: &[(&str, String)]| fill(t, v);
    let lines = [
        line(
            w.covered[l],
            &[
                ("c", covered.to_string()),
                ("d", m.demand_doctor_days.to_string()),
                ("p", pct(covered, m.demand_doctor_days)),
                ("u", m.uncovered_doctor_days.to_string()),
            ],
        ),
        line(w.site_days[l], &[("n", m.covered_site_days.to_string())]),
        line(
            w.continuity[l],
            &[
                ("b", m.breaks.to_string()),
                ("g", m.longest_gap.to_string()),
                ("e", m.long_gap_excess.to_string()),
            ],
        ),
        line(
            w.assignments[l],
            &[
                ("a", m.assigned_days.to_string()),
                ("k", format!("{:.0}", m.travel_km)),
                ("n", m.bed_nights.to_string()),
                ("m", m.preference_misses.to_string()),
            ],
        ),
    ];
    for x in lines {
        let _ = writeln!(o, "{x}");
    }
    if s.history_vacations > 0 {
        let doctors: u64 = s.sites.iter().map(|l| l.care.doctors).sum();
        let returning: u64 = s.sites.iter().map(|l| l.care.returning).sum();
        let x = line(
            w.history[l],
            &[
                ("h", s.history_vacations.to_string()),
                ("d", doctors.to_string()),
                ("r", returning.to_string()),
                ("n", m.new_pairs.to_string()),
            ],
        );
        let _ = writeln!(o, "{x}");
    }
    let _ = writeln!(
        o,
        "{}",
        line(w.cost[l], &[("c", format!("{:.2}", m.cost_eur))])
    );
    if let Some(c) = &s.convocations {
        let x = line(
            w.convocations[l],
            &[
                ("m", c.messages.to_string()),
                ("w", c.without_email.to_string()),
                ("h", c.host_sheets.to_string()),
            ],
        );
        let _ = writeln!(o, "{x}");
    }
    let none = if l == 0 { "aucune" } else { "none" };
    let bound = s
        .solver
        .bound
        .map(|b| format!("{b:.3}"))
        .unwrap_or_else(|| none.into());
    let gap = s
        .solver
        .gap
        .map(|g| format!("{:.4} %", 100.0 * g))
        .unwrap_or_else(|| "-".into());
    let x = line(
        w.objective[l],
        &[
            ("o", format!("{:.3}", s.objective)),
            ("s", s.solver.status.to_owned()),
            ("b", bound),
            ("g", gap),
            ("t", format!("{:.2}", s.solver.seconds)),
            ("n", s.solver.name.to_owned()),
        ],
    );
    let _ = writeln!(o, "{x}");
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn abbreviates_epci_names() {
        assert_eq!(
            super::short_zone_name("Communauté de communes du Pays Gentiane"),
            "CC du Pays Gentiane"
        );
        assert_eq!(
            super::short_zone_name("Communauté d'agglomération Montluçon Communauté"),
            "CA Montluçon Communauté"
        );
        assert_eq!(super::short_zone_name("Haut-Plateau"), "Haut-Plateau");
    }

    /// Regression (hostile input): escape sequences in names reached the terminal.
    #[test]
    fn regression_control_characters_do_not_reach_the_terminal() {
        assert_eq!(super::terminal_safe("Dr \u{1b}[31mX\r\nY"), "Dr ?[31mX?\nY");
    }
}
