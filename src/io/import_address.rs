//! A home's cells as people type them: an address line ("12, rue des Écoles 43170
//! SAUGUES"), a postcode a spreadsheet took for a number, a commune with its department
//! ("Murat (15)"). Only splitting text here; which commune it is, `import_home.rs` decides.

use super::fr_dates::fold;

/// A postcode cell: 5 digits, spaces allowed ("43 170"); 4 digits when a spreadsheet took
/// it for a number and dropped the leading 0 ("7200" → "07200").
pub fn postcode_of(cell: &str) -> Option<String> {
    let digits: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = digits.strip_suffix(".0").unwrap_or(&digits);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        5 => Some(digits.to_owned()),
        4 => Some(format!("0{digits}")),
        _ => None,
    }
}

/// "Saugues (43)", "Saugues, Haute-Loire", "Murat 15": the name and the department part.
pub fn split_department(cell: &str) -> (String, Option<String>) {
    if let Some(open) = cell.find('(') {
        let dep = cell[open + 1..].trim_end_matches(|c: char| c == ')' || c.is_whitespace());
        return (cell[..open].trim().to_owned(), Some(dep.to_owned()));
    }
    if let Some((name, dep)) = cell.rsplit_once([',', '/']) {
        return (name.trim().to_owned(), Some(dep.trim().to_owned()));
    }
    if let Some((name, last)) = cell.rsplit_once(' ') {
        if (1..=3).contains(&last.len()) && last.bytes().all(|b| b.is_ascii_digit()) {
            return (name.trim().to_owned(), Some(last.to_owned()));
        }
    }
    (cell.trim().to_owned(), None)
}

/// What an address line gives.
#[derive(Debug, Default, PartialEq)]
pub struct AddressParts {
    pub postcode: Option<String>,
    pub town: Option<String>,
}

/// "12, rue des Écoles 43170 SAUGUES", "Le Bourg - 43 170 Saugues Cedex", "Saugues 43170",
/// "3 place du Foirail, Saugues": the last known postcode and the town beside it; without a
/// postcode, the last comma-separated part is the town (never a word picked out of a street).
pub fn parse_address(cell: &str, known: impl Fn(&str) -> bool) -> AddressParts {
    let cell = cell.replace(['\n', '\r', '\t'], ", ");
    let chars: Vec<char> = cell.chars().collect();
    // Candidate postcodes: 5 digits, or 2 + 3 digits split by one space, not inside a number.
    let mut best: Option<(usize, usize, String)> = None;
    let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    for start in 0..chars.len() {
        if !digit(start) || (start > 0 && digit(start - 1)) {
            continue;
        }
        for (len, spaced) in [(5, false), (6, true)] {
            let end = start + len;
            if end > chars.len() || digit(end) {
                continue;
            }
            let s: String = chars[start..end].iter().collect();
            let ok = if spaced {
                s.as_bytes()[2] == b' ' && s.bytes().filter(u8::is_ascii_digit).count() == 5
            } else {
                s.bytes().all(|b| b.is_ascii_digit())
            };
            let pc: String = s.chars().filter(char::is_ascii_digit).collect();
            if ok && (known(&pc) || best.is_none()) {
                best = Some((start, end, pc));
            }
        }
    }
    let clean = |t: &str| -> Option<String> {
        let mut w: Vec<&str> = t
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|w| !w.is_empty())
            .collect();
        // "Cedex 9", "France": not part of the town's name.
        while let Some(last) = w.last() {
            let f = fold(last);
            if f == "france" || f == "cedex" || f.bytes().all(|b| b.is_ascii_digit()) {
                w.pop();
            } else {
                break;
            }
        }
        if let Some(i) = w.iter().position(|x| fold(x) == "cedex") {
            w.truncate(i);
        }
        let t = w.join(" ");
        let t = t.trim_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != ')');
        (!t.is_empty()).then(|| t.to_owned())
    };
    match best {
        Some((start, end, pc)) => {
            let after: String = chars[end..].iter().collect();
            let after = after
                .split([',', ';'])
                .find(|s| !s.trim().is_empty())
                .unwrap_or("");
            let before: String = chars[..start].iter().collect();
            let before = before.rsplit([',', ';', '-']).next().unwrap_or("");
            // "Saugues 43170": the town before the postcode only when it stands alone.
            let town = clean(after).or_else(|| {
                let b = before.trim();
                (!b.is_empty() && !b.chars().any(|c| c.is_ascii_digit()))
                    .then(|| clean(b))
                    .flatten()
            });
            AddressParts {
                postcode: Some(pc),
                town,
            }
        }
        None => AddressParts {
            postcode: None,
            town: cell.rsplit([',', ';']).find_map(clean),
        },
    }
}
