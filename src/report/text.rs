//! The summary printed after a run, for a planner reading a terminal.

use super::Summary;
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

pub fn render(s: &Summary) -> String {
    terminal_safe(&render_raw(s))
}

fn render_raw(s: &Summary) -> String {
    let m = &s.metrics;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Plan for {} from {} to {}",
        s.dataset, s.horizon.first, s.horizon.last
    );
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{:<44} {:>9} {:>9} {:>7} {:>6} {:>8}",
        "zone", "covered", "uncov.dd", "breaks", "gap", "days"
    );
    for z in &s.zones {
        let name: String = short_zone_name(&z.name).chars().take(44).collect();
        let _ = writeln!(
            o,
            "{:<44} {:>9} {:>9} {:>7} {:>6} {:>8}",
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
    let _ = writeln!(
        o,
        "Doctor-days covered     {covered} of {} ({}); uncovered {}",
        m.demand_doctor_days,
        pct(covered, m.demand_doctor_days),
        m.uncovered_doctor_days
    );
    let _ = writeln!(o, "Site-days with a doctor {}", m.covered_site_days);
    let _ = writeln!(o, "Continuity              {} breaks, longest gap {} service days, {} gap days beyond tolerance", m.breaks, m.longest_gap, m.long_gap_excess);
    let _ = writeln!(o, "Assignments             {} vacations, {:.0} km travelled, {} bed nights, {} outside preferred zones", m.assigned_days, m.travel_km, m.bed_nights, m.preference_misses);
    if s.history_vacations > 0 {
        let doctors: u64 = s.sites.iter().map(|l| l.care.doctors).sum();
        let returning: u64 = s.sites.iter().map(|l| l.care.returning).sum();
        let _ = writeln!(o, "History                 {} vacations before the horizon; {doctors} doctor-site pairs this month, {returning} returning, {} new", s.history_vacations, m.new_pairs);
    }
    let _ = writeln!(o, "Cost                    {:.2} EUR", m.cost_eur);
    if let Some(c) = &s.convocations {
        let _ = writeln!(o, "Convocations            {} messages to send (convocations/), {} without an email address; {} host sheets (hosts/)", c.messages, c.without_email, c.host_sheets);
    }
    let bound = s
        .solver
        .bound
        .map(|b| format!("{b:.3}"))
        .unwrap_or_else(|| "none".into());
    let gap = s
        .solver
        .gap
        .map(|g| format!("{:.4} %", 100.0 * g))
        .unwrap_or_else(|| "-".into());
    let _ = writeln!(
        o,
        "Objective               {:.3} ({}; bound {bound}, gap {gap}, {:.2} s, solver {})",
        s.objective, s.solver.status, s.solver.seconds, s.solver.name
    );
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
