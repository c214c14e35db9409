//! The planner's words for the contract's metric codes, and the short forms the terminal
//! tables use. The codes (`long_gap_excess`, `weighted_uncovered`, ...) stay in the files
//! scripts read (`whatif.csv`, `compare.csv`, `summary.json`); every table a person reads
//! says them in words, French by default.

use super::i18n::{number, Lang};

/// (code, French, English). Each label fits a 32-column table cell, so that a what-if
/// table of five figures keeps within 100 columns.
const METRICS: &[(&str, &str, &str)] = &[
    (
        "objective",
        "objectif (coût pondéré)",
        "objective (weighted cost)",
    ),
    (
        "demand_doctor_days",
        "journées-médecin demandées",
        "doctor-days asked for",
    ),
    (
        "uncovered_doctor_days",
        "journées-médecin non couvertes",
        "uncovered doctor-days",
    ),
    (
        "weighted_uncovered",
        "non couvertes × priorité de zone",
        "uncovered × zone priority",
    ),
    (
        "covered_site_days",
        "jours-site avec un médecin",
        "site-days with a doctor",
    ),
    ("breaks", "ruptures de continuité", "continuity breaks"),
    (
        "long_gap_excess",
        "jours d'absence hors tolérance",
        "days of absence beyond tolerance",
    ),
    (
        "longest_gap",
        "plus longue absence (j. ouverts)",
        "longest absence (open days)",
    ),
    ("travel_km", "kilomètres parcourus", "kilometres travelled"),
    ("bed_nights", "nuitées", "bed nights"),
    (
        "preference_misses",
        "vacations hors zones souhaitées",
        "vacations outside wished zones",
    ),
    (
        "new_pairs",
        "médecins nouveaux sur leur site",
        "doctors new to their site",
    ),
    ("assigned_days", "vacations", "vacations"),
    ("cost_eur", "coût (EUR)", "cost (EUR)"),
];

/// The words for a metric code; the code itself for one this table does not know (a test
/// makes sure every metric the tools print is here).
pub fn metric(lang: Lang, code: &str) -> String {
    match METRICS.iter().find(|(c, _, _)| *c == code) {
        Some((_, fr, en)) => match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
        .to_string(),
        None => code.to_string(),
    }
}

/// A zone's name as a narrow table shows it: the legal form abbreviated as the French
/// administration writes it (CC, CA, CU), then cut to `width` characters.
pub fn zone_short(name: &str, width: usize) -> String {
    const FORMS: [(&str, &str); 4] = [
        ("Communauté de communes ", "CC "),
        ("Communauté d'agglomération ", "CA "),
        ("Communauté urbaine ", "CU "),
        ("Métropole ", "M. "),
    ];
    let mut s = name.to_string();
    for (long, short) in FORMS {
        if let Some(rest) = s.strip_prefix(long) {
            s = format!("{short}{rest}");
            break;
        }
    }
    cut(&s, width)
}

/// At most `width` characters, an ellipsis marking a cut.
pub fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// `text` broken at spaces into lines of at most `width` columns, the first line starting
/// with `first`, the others with `rest` (a word longer than a line stays whole).
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut o = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        let len = line.chars().count() + word.chars().count() + usize::from(!empty);
        if !empty && len > width {
            o += &line;
            o.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line += word;
        empty = false;
    }
    o += &line;
    o.push('\n');
    o
}

/// A figure for a terminal table: whole numbers plain, others with `decimals`, grouped the
/// language's way (`27 272,2` / `27,272.2`).
pub fn figure(lang: Lang, x: f64, decimals: usize) -> String {
    if x.fract() == 0.0 {
        number(lang, x, 0)
    } else {
        number(lang, x, decimals)
    }
}

/// A difference, signed: `+3`, `-1,5`, `0`.
pub fn delta(lang: Lang, x: f64, decimals: usize) -> String {
    let rounded = (x * 10f64.powi(decimals as i32)).round();
    if rounded == 0.0 {
        "0".into()
    } else if x > 0.0 {
        format!("+{}", figure(lang, x, decimals))
    } else {
        figure(lang, x, decimals)
    }
}

/// Renders a markdown table whose every line fits `max` columns: the first column (the
/// label) is cut to what the others leave. Numbers are right-aligned.
pub fn table(header: &[String], rows: &[Vec<String>], max: usize) -> String {
    let cols = header.len();
    let width = |s: &str| s.chars().count();
    let mut w: Vec<usize> = header.iter().map(|h| width(h).max(3)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            w[i] = w[i].max(width(c));
        }
    }
    // "| a | b |": 3 per column plus 1.
    let others: usize = w[1..].iter().sum::<usize>() + 3 * cols + 1;
    w[0] = w[0].min(max.saturating_sub(others).max(8));
    let line = |cells: &[String]| {
        let mut o = String::from("|");
        for (i, c) in cells.iter().enumerate().take(cols) {
            let c = if i == 0 { cut(c, w[0]) } else { c.clone() };
            let pad = w[i].saturating_sub(width(&c));
            if i == 0 {
                o += &format!(" {c}{} |", " ".repeat(pad));
            } else {
                o += &format!(" {}{c} |", " ".repeat(pad));
            }
        }
        o + "\n"
    };
    let mut o = line(header);
    o += "|";
    for (i, wi) in w.iter().enumerate() {
        o += &if i == 0 {
            format!("{}|", "-".repeat(wi + 2))
        } else {
            format!("{}:|", "-".repeat(wi + 1))
        };
    }
    o.push('\n');
    for r in rows {
        o += &line(r);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_of_the_what_if_table_has_words_in_both_languages() {
        for code in crate::whatif::compare::METRICS {
            for lang in [Lang::Fr, Lang::En] {
                let w = metric(lang, code);
                assert_ne!(w, code, "{code}");
                assert!(w.chars().count() <= 32, "{w}");
            }
        }
    }

    #[test]
    fn a_table_fits_its_width_and_cuts_only_the_label() {
        let header: Vec<String> = ["zone", "a", "b"].map(String::from).to_vec();
        let rows = vec![vec![
            zone_short(
                "Communauté de communes des Rives du Haut Allier et d'ailleurs encore",
                200,
            ),
            "16 → 14".into(),
            "+1 234,5".into(),
        ]];
        let t = table(&header, &rows, 40);
        for l in t.lines() {
            assert!(l.chars().count() <= 40, "{l}");
        }
        assert!(
            t.contains("| CC des Rives d… | 16 → 14 | +1 234,5 |"),
            "{t}"
        );
    }

    #[test]
    fn deltas_are_signed_and_rounded_to_what_is_shown() {
        assert_eq!(delta(Lang::En, 3.0, 0), "+3");
        assert_eq!(delta(Lang::En, -1.5, 1), "-1.5");
        assert_eq!(delta(Lang::En, 0.004, 2), "0");
    }

    #[test]
    fn long_reasons_wrap_within_the_width() {
        let text = "des volontaires se sont proposés ce jour-là, mais aucun n'est à portée \
                    (distance maximale) ou prêt à dormir sur place (4) : 3/12, 10/12, 17/12";
        let w = wrap(text, 60, "    ", "      ");
        assert!(w.lines().all(|l| l.chars().count() <= 60), "{w}");
        assert_eq!(
            w.split_whitespace().count(),
            text.split_whitespace().count()
        );
    }
}
