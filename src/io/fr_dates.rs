//! Reading availabilities as volunteers type them into a registration form, in French:
//! "les 3, 10 et 17 décembre", "3/12, 10/12", "du 14 au 16 décembre", "lundi 7 et mardi 8
//! décembre", "7 déc.", "2026-12-07". The month being imported is known (`--month`), so a
//! bare day number belongs to it; a named month must be that month. Whatever part of a cell
//! is not understood is returned as a problem instead of being guessed: the import report
//! shows it to the planner, who calls the volunteer.

use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

/// What could be read from one cell.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub dates: BTreeSet<NaiveDate>,
    /// One message per part of the cell that was not understood or not in the month.
    pub problems: Vec<String>,
}

const MONTHS: [&[&str]; 12] = [
    &["janvier", "janv", "jan"],
    &["fevrier", "fevr", "fev"],
    &["mars", "mar"],
    &["avril", "avr"],
    &["mai"],
    &["juin"],
    &["juillet", "juil"],
    &["aout"],
    &["septembre", "sept", "sep"],
    &["octobre", "oct"],
    &["novembre", "nov"],
    &["decembre", "dec"],
];
const WEEKDAYS: [&[&str]; 7] = [
    &["lundi", "lun"],
    &["mardi", "mar"],
    &["mercredi", "mer"],
    &["jeudi", "jeu"],
    &["vendredi", "ven"],
    &["samedi", "sam"],
    &["dimanche", "dim"],
];
/// Words that carry no date: "le 3", "du 14 au 16", "à partir du" is NOT among them on purpose.
const FILLER: [&str; 8] = ["le", "les", "du", "au", "a", "jusqu", "inclus", "et"];

/// Lower case without accents, `1er` → `1`: what the matching below works on.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '\u{2019}' => '\'',
            c => c,
        })
        .collect()
}

fn month_of(word: &str) -> Option<u32> {
    // "déc" but also "dec." or "decembre"; "mar" is Tuesday's abbreviation in open_days
    // lists but in a date it is March only when a day number precedes it (handled by caller).
    MONTHS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u32 + 1)
}

fn weekday_of(word: &str) -> Option<u32> {
    WEEKDAYS
        .iter()
        .position(|names| names.contains(&word))
        .map(|i| i as u32)
}

/// One part of a cell (between `,`, `;`, `et`, line breaks), read alone.
#[derive(Default)]
struct Part {
    /// (day, weekday named before it) for days whose month comes from elsewhere.
    days: Vec<(u32, Option<u32>)>,
    /// Full dates written out (ISO, `3/12`, `3/12/2026`).
    dates: Vec<NaiveDate>,
    /// `du A au B`: the days from A to B.
    range: bool,
    month: Option<u32>,
    year: Option<i32>,
}

fn read_part(text: &str, year: i32) -> Result<Part, String> {
    let mut p = Part::default();
    let mut weekday = None;
    let words = text
        .split(|c: char| c.is_whitespace() || c == '.' || c == '\'')
        .filter(|w| !w.is_empty());
    for w in words {
        if let Some(d) = numeric_date(w, year) {
            p.dates.push(d?);
        } else if let Ok(n) = w.trim_end_matches("er").parse::<u32>() {
            if (1..=31).contains(&n) {
                p.days.push((n, weekday.take()));
            } else if (1900..=2200).contains(&n) && p.month.is_some() {
                p.year = Some(n as i32);
            } else {
                return Err(format!("'{w}' is not a day of the month"));
            }
        } else if let Some((a, b)) = w.split_once('-').filter(|_| !w.starts_with('-')) {
            // "14-16" as a range of days.
            match (a.parse::<u32>(), b.parse::<u32>()) {
                (Ok(a), Ok(b)) if (1..=31).contains(&a) && (1..=31).contains(&b) => {
                    p.days.push((a, None));
                    p.days.push((b, None));
                    p.range = true;
                }
                _ => return Err(format!("'{w}' not understood")),
            }
        } else if let Some(m) = month_of(w).filter(|_| !p.days.is_empty() || w != "mar") {
            if p.month.is_some_and(|old| old != m) && !p.range {
                return Err("two different months in one date".into());
            }
            p.month = Some(m);
        } else if let Some(d) = weekday_of(w) {
            weekday = Some(d);
        } else if w == "au" {
            p.range = true;
        } else if !FILLER.contains(&w) {
            return Err(format!("'{w}' not understood"));
        }
    }
    if p.days.is_empty() && p.dates.is_empty() {
        return Err("no day in it".into());
    }
    if p.range && p.days.len() != 2 {
        return Err("a range needs two days (du 14 au 16)".into());
    }
    Ok(p)
}

/// `2026-12-07`, `7/12`, `07/12/2026`, `7/12/26`; None if `w` is not shaped like a date.
fn numeric_date(w: &str, year: i32) -> Option<Result<NaiveDate, String>> {
    let shaped = w.contains('/') || (w.len() == 10 && w.as_bytes()[4] == b'-');
    if !shaped {
        return None;
    }
    // A day and a month alone belong to the month being imported; anything longer follows
    // the same rule as a date cell of the dataset.
    if let Some((d, m)) = w.split_once('/').filter(|(_, m)| !m.contains('/')) {
        let num = |s: &str| s.parse::<u32>().ok().filter(|_| (1..=2).contains(&s.len()));
        return Some(
            num(d)
                .zip(num(m))
                .and_then(|(d, m)| NaiveDate::from_ymd_opt(year, m, d))
                .ok_or_else(|| format!("'{w}' is not a date (day/month, like 7/12)")),
        );
    }
    Some(read_date(w).map_err(|why| format!("'{w}' is not a date: {why}")))
}

/// How dates are written in every date cell and date argument, stated once for messages.
pub const DATE_FORMS: &str = "like 2026-12-07 or 07/12/2026 (also 7/12/2026 or 07/12/26: \
     day first, as in France; a two-digit year 26 means 2026)";

/// Reads one date as a French spreadsheet or a programmer writes it: `YYYY-MM-DD`, or day
/// first `D/M/YYYY`, `DD/MM/YYYY`, `D/M/YY`, `DD/MM/YY` (LibreOffice's French default). A
/// two-digit year YY is 20YY: renfort plans months to come and reads recent histories, so
/// no other century is meant. The error says why the text is not a date, in a planner's
/// words: the month/day order of American spreadsheets, a missing year and impossible days
/// are never guessed.
pub fn read_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    // A date cell exported with its (empty) time of day still names one day.
    let t = ["T00:00:00", " 00:00:00", " 00:00"]
        .iter()
        .find_map(|s| t.strip_suffix(s))
        .unwrap_or(t);
    if t.is_empty() {
        return Err("the cell is empty".into());
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let iso: Vec<&str> = t.split('-').collect();
    if iso.len() == 3 && iso.iter().all(|s| digits(s)) {
        if iso[0].len() != 4 || iso[1].len() > 2 || iso[2].len() > 2 {
            return Err("a date with dashes is year-month-day, like 2026-12-07".into());
        }
        let (y, m, d) = (
            iso[0].parse().ok(),
            iso[1].parse().ok(),
            iso[2].parse().ok(),
        );
        return ymd(y.unwrap_or(0), m.unwrap_or(0), d.unwrap_or(0));
    }
    let f: Vec<&str> = t.split('/').collect();
    if f.len() < 2 || !f.iter().all(|s| digits(s)) {
        return Err("expected digits separated by / or -".into());
    }
    if f[0].len() == 4 {
        return Err("the year comes last with slashes (07/12/2026), or write 2026-12-07".into());
    }
    if f.len() == 2 {
        return Err("the year is missing: write 07/12/2026 or 07/12/26".into());
    }
    if f.len() > 3 || f[0].len() > 2 || f[1].len() > 2 {
        return Err("expected day/month/year, like 07/12/2026".into());
    }
    let year: i32 = match f[2].len() {
        4 => f[2].parse().unwrap_or(0),
        2 => 2000 + f[2].parse::<i32>().unwrap_or(0),
        _ => return Err("the year has 4 digits (2026) or 2 (26, meaning 2026)".into()),
    };
    let (d, m): (u32, u32) = (f[0].parse().unwrap_or(0), f[1].parse().unwrap_or(0));
    if m > 12 && (1..=12).contains(&d) {
        return Err(format!(
            "there is no month {m} (the day comes first): for {m} {} {year} write \
             {m:02}/{d:02}/{year} or {year}-{d:02}-{m:02}",
            month_name(d)
        ));
    }
    ymd(year, m, d)
}

/// The date, or why there is none: "no month 13", "November has 30 days".
fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        let days = (28..=31)
            .rev()
            .find(|&n| NaiveDate::from_ymd_opt(y, m, n).is_some())
            .unwrap_or(28);
        format!("{} {y} has {days} days, there is no day {d}", month_name(m))
    })
}

fn month_name(m: u32) -> &'static str {
    crate::report::i18n::month(crate::report::Lang::En, m)
}

/// Splits a cell into parts at `,`, `;`, line breaks and the word `et`.
fn parts(folded: &str) -> Vec<String> {
    folded
        .split([',', ';', '\n', '+', '&'])
        .flat_map(|chunk| chunk.split(" et ").map(str::to_owned).collect::<Vec<_>>())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads every date in `cell` for the month `year-month`.
pub fn parse_availability(cell: &str, year: i32, month: u32) -> Parsed {
    let mut out = Parsed::default();
    let folded = fold(cell);
    let raw_parts = parts(&folded);
    let mut read: Vec<(String, Part)> = Vec::new();
    for text in raw_parts {
        match read_part(&text, year) {
            Ok(p) => read.push((text, p)),
            Err(why) => out.problems.push(format!("'{text}': {why}")),
        }
    }
    // "les 3, 10 et 17 décembre": a month named later applies to the bare days before it.
    let mut carried: Option<(u32, Option<i32>)> = None;
    for (_, p) in read.iter_mut().rev() {
        match p.month {
            Some(m) => carried = Some((m, p.year)),
            None if !p.days.is_empty() => {
                if let Some((m, y)) = carried {
                    p.month = Some(m);
                    p.year = y;
                }
            }
            None => {}
        }
    }
    for (text, p) in read {
        let (m, y) = (p.month.unwrap_or(month), p.year.unwrap_or(year));
        let mut dates = p.dates.clone();
        let mut days: Vec<(u32, Option<u32>)> = p.days.clone();
        if p.range {
            let (a, b) = (days[0].0, days[1].0);
            if a > b {
                out.problems
                    .push(format!("'{text}': the range ends before it starts"));
                continue;
            }
            days = (a..=b).map(|d| (d, None)).collect();
        }
        let mut part_ok = true;
        for (d, wd) in days {
            match NaiveDate::from_ymd_opt(y, m, d) {
                None => {
                    out.problems
                        .push(format!("'{text}': there is no day {d} in month {y}-{m:02}"));
                    part_ok = false;
                }
                Some(date) => {
                    if let Some(wd) = wd.filter(|&wd| date.weekday().num_days_from_monday() != wd) {
                        out.problems.push(format!(
                            "'{text}': {date} is not a {} (kept out, please check)",
                            WEEKDAYS[wd as usize][0]
                        ));
                        part_ok = false;
                        continue;
                    }
                    dates.push(date);
                }
            }
        }
        for date in dates {
            if date.year() == year && date.month() == month {
                out.dates.insert(date);
            } else if part_ok {
                out.problems.push(format!(
                    "'{text}': {date} is not in the month being imported ({year}-{month:02})"
                ));
                part_ok = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
