//! Cells of a registration export read for the import beyond dates and places: the CDOM
//! authorisation as the ARS records it (a yes/no, a date, a status), the doctor's identity
//! (the RPPS number, else a key the planner can read), and names made safe to carry.

use super::fr_dates::fold;
use chrono::NaiveDate;

/// A CDOM authorisation cell.
#[derive(Debug, PartialEq)]
pub enum Authorisation {
    /// Granted; on that date when the cell gives one.
    Granted(Option<NaiveDate>),
    /// Not granted (yet): empty, "non", "en cours", "refusée"... the ARS chases these.
    Missing(&'static str),
    /// Neither: reported as unreadable, imported as not authorized.
    Unreadable,
}

/// Reads "oui", "Autorisé", "accordée le 12/10/2026", "12/10/2026", "en cours", "refusée"...
pub fn authorisation(cell: &str) -> Authorisation {
    let f = fold(cell.trim());
    let has = |ws: &[&str]| ws.iter().any(|w| f.contains(w));
    if f.is_empty() {
        return Authorisation::Missing("no authorisation given");
    }
    match f.as_str() {
        "true" | "oui" | "vrai" | "yes" | "1" | "x" | "ok" => return Authorisation::Granted(None),
        "false" | "non" | "faux" | "no" | "0" => return Authorisation::Missing("not authorised"),
        _ => {}
    }
    if has(&["refus", "rejet", "defavorable"]) {
        return Authorisation::Missing("refused");
    }
    if has(&[
        "attente",
        "en cours",
        "demande",
        "verifier",
        "instruction",
        "a venir",
        "pas encore",
    ]) {
        return Authorisation::Missing("pending");
    }
    if f.starts_with("non ") || f.starts_with("pas ") {
        return Authorisation::Missing("not authorised");
    }
    let date = find_date(&f);
    if date.is_some()
        || has(&[
            "autoris",
            "accord",
            "valid",
            "favorable",
            "obtenu",
            "delivr",
        ])
    {
        return Authorisation::Granted(date);
    }
    Authorisation::Unreadable
}

const MONTH_NAMES: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// The first date in a folded cell: 12/10/2026, 12.10.26, 2026-10-12, 12 octobre 2026.
fn find_date(f: &str) -> Option<NaiveDate> {
    let tokens: Vec<&str> = f
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .collect();
    for (i, t) in tokens.iter().enumerate() {
        let t = t.trim_matches(|c: char| !c.is_ascii_digit());
        let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
        if let [a, b, c] = parts.as_slice() {
            let n = |s: &str| s.parse::<u32>().ok();
            let (Some(a), Some(b), Some(c)) = (n(a), n(b), n(c)) else {
                continue;
            };
            let ymd = if parts[0].len() == 4 {
                (a as i32, b, c)
            } else {
                let y = if parts[2].len() == 2 { 2000 + c } else { c };
                (y as i32, b, a)
            };
            if let Some(d) = NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2) {
                return Some(d);
            }
        }
        if let (Some(day), Some(m), Some(y)) = (
            t.parse::<u32>().ok(),
            tokens
                .get(i + 1)
                .and_then(|m| MONTH_NAMES.iter().position(|x| x == m)),
            tokens.get(i + 2).and_then(|y| y.parse::<i32>().ok()),
        ) {
            if let Some(d) = NaiveDate::from_ymd_opt(y, m as u32 + 1, day) {
                return Some(d);
            }
        }
    }
    None
}

/// An RPPS number as people type it ("100 0123 4567", "10001234567.0" from a spreadsheet):
/// its digits, when the cell holds nothing else.
pub fn rpps(cell: &str) -> Option<String> {
    let t = cell.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    (!digits.is_empty() && digits.len() <= 20 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

/// Words of a name without titles, folded and sorted: "Dr Élise FABRE" and "Fabre Elise"
/// are the same doctor.
pub fn name_words(name: &str) -> Vec<String> {
    let mut w: Vec<String> = fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "dr" | "docteur" | "pr" | "professeur"))
        .map(str::to_owned)
        .collect();
    w.sort();
    w
}

/// The key of a doctor without an RPPS number: their name's words and their home commune's
/// INSEE code, "elise-fabre-43234". It does not depend on the row, the file or the order of
/// first and last name, so the same doctor gets it again next month.
pub fn stable_key(name: &str, insee: Option<&str>) -> Option<String> {
    let w: Vec<String> = name_words(name)
        .into_iter()
        .map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect())
        .filter(|w: &String| !w.is_empty())
        .collect();
    if w.is_empty() {
        return None;
    }
    let mut key = w.join("-");
    let tail = insee.map(|i| format!("-{i}")).unwrap_or_default();
    // Ids stay short enough to name calendar files (64 bytes).
    key.truncate(super::table::MAX_ID_BYTES - tail.len());
    Some(key.trim_end_matches('-').to_owned() + &tail)
}

/// The longest name carried into volunteers.csv.
pub const MAX_NAME: usize = 120;

/// A name as it goes into volunteers.csv, and what was changed: line breaks and tabs become
/// spaces, a spreadsheet formula is kept as text (a leading `'`), a very long cell is cut.
pub fn clean_name(raw: &str) -> (String, Vec<&'static str>) {
    let mut notes = Vec::new();
    let mut name = raw
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if raw.trim().contains(['\n', '\r']) {
        notes.push("the name had line breaks: joined");
    }
    if let Some((at, _)) = name.char_indices().nth(MAX_NAME) {
        name.truncate(at);
        notes.push("the name is too long: cut");
    }
    if name.starts_with(['=', '+', '-', '@']) {
        name.insert(0, '\'');
        notes.push("the name looks like a spreadsheet formula: kept as text");
    }
    (name, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn authorisations_as_the_ars_writes_them() {
        use Authorisation::*;
        assert_eq!(authorisation("oui"), Granted(None));
        assert_eq!(authorisation("Autorisée"), Granted(None));
        assert_eq!(
            authorisation("accordée le 12/10/2026"),
            Granted(d(2026, 10, 12))
        );
        assert_eq!(authorisation("03/11/26"), Granted(d(2026, 11, 3)));
        assert_eq!(authorisation("2026-11-20"), Granted(d(2026, 11, 20)));
        assert_eq!(authorisation("le 2 novembre 2026"), Granted(d(2026, 11, 2)));
        assert_eq!(authorisation(""), Missing("no authorisation given"));
        assert_eq!(authorisation("Non"), Missing("not authorised"));
        assert_eq!(authorisation("En cours"), Missing("pending"));
        assert_eq!(authorisation("à vérifier"), Missing("pending"));
        assert_eq!(authorisation("Refusée"), Missing("refused"));
        assert_eq!(authorisation("peut-être"), Unreadable);
    }

    #[test]
    fn identities() {
        assert_eq!(rpps("100 0123 4567").as_deref(), Some("10001234567"));
        assert_eq!(rpps("10001234567.0").as_deref(), Some("10001234567"));
        assert_eq!(rpps("V0001"), None);
        assert_eq!(
            stable_key("Dr Élise FABRE", Some("43234")),
            stable_key("Fabre Elise", Some("43234"))
        );
        assert_eq!(
            stable_key("Dr Élise Fabre", Some("43234")).unwrap(),
            "elise-fabre-43234"
        );
        let long = stable_key(&"abcdefgh ".repeat(40), Some("43234")).unwrap();
        assert!(long.len() <= 64 && long.ends_with("-43234"), "{long}");
        assert_eq!(stable_key("Dr", None), None);
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(clean_name("Dr A\nB").0, "Dr A B");
        assert_eq!(clean_name("=HYPERLINK(\"x\")").0, "'=HYPERLINK(\"x\")");
        assert_eq!(clean_name(&"é".repeat(10_000)).0.chars().count(), MAX_NAME);
    }
}
