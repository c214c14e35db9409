//! iCalendar files: one per volunteer (`calendars/volunteers/<id>.ics`) and one per site
//! (`calendars/sites/<id>.ics`) with a vacation, or with a vacation cancelled since the
//! previous plan, for doctors' and sites' calendar applications. Each vacation is an
//! all-day event.
//!
//! Re-importing an updated plan must replace events, not duplicate them, so a UID depends
//! on what identifies a vacation and nothing else (not the dataset's name or folder, which
//! change with a repaired or re-published plan): `renfort-<volunteer>-<site>-<date>@renfort`.
//! The same vacation has the same UID in the volunteer's and the site's calendar: it is the
//! same event seen from two sides.
//!
//! Changes (RFC 5545 §3.8.7.4, §3.8.1.11): given the previous plan, a vacation that
//! disappeared is written as a cancelled event (same UID, `STATUS:CANCELLED`, its SEQUENCE
//! one above the previous one) in the volunteer's and the site's calendar, so the doctor who
//! cancelled gets a calendar with the cancellation; a moved vacation is a cancellation plus a
//! new event (a new date is a new UID); an unchanged event keeps its UID and SEQUENCE; a
//! vacation cancelled before and planned again gets a SEQUENCE above its cancellation's. The
//! previous SEQUENCEs are read from the previous plan's own calendars (0 when it has none).
//!
//! DTSTAMP (required by RFC 5545) is set to midnight UTC on the horizon's first day rather
//! than the time of the run, so that the same plan always gives the same bytes (outputs can
//! be diffed and archived); clients that import by UID order changes by SEQUENCE.
//!
//! Lines are CRLF-terminated and folded at 75 octets by the `icalendar` crate; TEXT values
//! (commas, semicolons, newlines) are escaped by it too.

use crate::model::{Assignment, Plan};
use crate::rules::Instance;
use chrono::{Days, NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};
use std::collections::{BTreeSet, HashMap};

/// Who made the calendar (RFC 5545 §3.7.3).
const PRODID: &str = "-//renfort//Planning des vacations//FR";

/// What a previous plan says about the events already sent.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// The previous plan, in the dataset's indices.
    pub plan: Plan,
    /// SEQUENCE of each UID in the previous plan's calendars, and whether it was cancelled.
    pub sequences: HashMap<String, (u32, bool)>,
}

/// One event to write: a vacation, live or cancelled, with its SEQUENCE.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Item {
    a: Assignment,
    cancelled: bool,
    sequence: u32,
}

/// The events of the plan, and of the previous plan's vacations that are gone.
fn items(inst: &Instance, plan: &Plan, previous: Option<&Previous>) -> Vec<Item> {
    let ds = inst.dataset;
    let known = |a: &Assignment| -> Option<(u32, bool)> {
        let p = previous?;
        let uid = uid(&ds.volunteers[a.volunteer].id, &ds.sites[a.site].id, a.date);
        p.sequences.get(&uid).copied()
    };
    let mut out: Vec<Item> = plan
        .assignments()
        .iter()
        .map(|a| Item {
            a: *a,
            cancelled: false,
            // Kept as it was; planned again after a cancellation: above it.
            sequence: match known(a) {
                Some((seq, false)) => seq,
                Some((seq, true)) => seq + 1,
                None => 0,
            },
        })
        .collect();
    if let Some(p) = previous {
        out.extend(
            p.plan
                .assignments()
                .iter()
                .filter(|a| !plan.contains(a))
                .map(|a| Item {
                    a: *a,
                    cancelled: true,
                    sequence: known(a).map_or(1, |(seq, _)| seq + 1),
                }),
        );
    }
    out.sort();
    out
}

/// The vacations of the plan that the previous plan did not hold, and the previous plan's
/// vacations that are gone (both empty without a previous plan).
pub fn changes(plan: &Plan, previous: Option<&Previous>) -> (Vec<Assignment>, Vec<Assignment>) {
    let Some(p) = previous else {
        return (Vec::new(), Vec::new());
    };
    let added = plan
        .assignments()
        .iter()
        .filter(|a| !p.plan.contains(a))
        .copied()
        .collect();
    let removed = p
        .plan
        .assignments()
        .iter()
        .filter(|a| !plan.contains(a))
        .copied()
        .collect();
    (added, removed)
}

/// The path of a volunteer's calendar inside the output folder.
pub fn volunteer_path(id: &str) -> String {
    format!("calendars/volunteers/{}.ics", file_stem(id))
}

/// The text of every calendar file, as (path inside the output folder, bytes), in a stable
/// order: volunteers by id, then sites by id.
pub fn calendars(
    inst: &Instance,
    plan: &Plan,
    previous: Option<&Previous>,
) -> Vec<(String, Vec<u8>)> {
    let ds = inst.dataset;
    let items = items(inst, plan, previous);
    let mut out = Vec::new();
    let vols: BTreeSet<(&str, usize)> = items
        .iter()
        .map(|i| (ds.volunteers[i.a.volunteer].id.as_str(), i.a.volunteer))
        .collect();
    for (id, v) in vols {
        let vol = &ds.volunteers[v];
        let events = items.iter().filter(|i| i.a.volunteer == v).map(|i| {
            let what = format!(
                "Vacation solidarité territoriale – {}",
                ds.sites[i.a.site].name
            );
            event(inst, i, &what)
        });
        let cal = calendar(&format!("Renfort – {}", vol.name), events);
        // (`calendar` escapes the name.)
        out.push((volunteer_path(id), cal));
    }
    let sites: BTreeSet<(&str, usize)> = items
        .iter()
        .map(|i| (ds.sites[i.a.site].id.as_str(), i.a.site))
        .collect();
    for (id, s) in sites {
        let site = &ds.sites[s];
        let events = items.iter().filter(|i| i.a.site == s).map(|i| {
            let what = format!(
                "{} – vacation solidarité territoriale",
                ds.volunteers[i.a.volunteer].name
            );
            event(inst, i, &what)
        });
        let cal = calendar(&format!("Renfort – {}", site.name), events);
        out.push((format!("calendars/sites/{}.ics", file_stem(id)), cal));
    }
    out
}

/// The SEQUENCE and STATUS of every event in a calendar file's text, by UID (for reading a
/// previous plan's calendars); a calendar that does not parse gives nothing.
pub fn read_sequences(text: &str) -> HashMap<String, (u32, bool)> {
    let mut out = HashMap::new();
    let Ok(cal) = text.parse::<Calendar>() else {
        return out;
    };
    for c in &cal.components {
        let Some(e) = c.as_event() else { continue };
        let Some(uid) = e.get_uid() else { continue };
        let seq = e
            .property_value("SEQUENCE")
            .and_then(|s| s.trim().parse::<u32>().ok())
            .unwrap_or(0);
        let cancelled = e
            .property_value("STATUS")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED"));
        out.insert(uid.to_owned(), (seq, cancelled));
    }
    out
}

/// Text from the dataset (names, ids, addresses) as a calendar may carry it: a line break or
/// another control character in a name would end the property and start a forged one, so
/// each becomes a space. (TEXT escaping of `\\`, `,`, `;` is the crate's, except for NAME.)
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// RFC 5545 TEXT escaping, for the properties the crate writes as they are (NAME).
fn escape_text(text: &str) -> String {
    clean(text)
        .replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
}

fn calendar(name: &str, events: impl Iterator<Item = Event>) -> Vec<u8> {
    let mut cal = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", PRODID),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        cal.append_property(Property::new(key, value));
    }
    cal.name(&escape_text(name));
    cal.extend(events);
    cal.done().to_string().into_bytes()
}

/// The event of one vacation, live or cancelled.
fn event(inst: &Instance, item: &Item, summary: &str) -> Event {
    let ds = inst.dataset;
    let a = &item.a;
    let (site, vol) = (&ds.sites[a.site], &ds.volunteers[a.volunteer]);
    let zone = &ds.zones[site.zone];
    let place = site
        .contact
        .address
        .as_deref()
        .or(site.commune.as_deref())
        .filter(|c| !c.is_empty())
        .map(clean);
    let location = match place {
        Some(c) => format!("{}, {c}", clean(&site.name)),
        None => clean(&site.name),
    };
    let stay = inst.is_stayer(a.volunteer, a.site);
    let mut description = format!(
        "Site : {} ({})\nZone : {} – département {}\nMédecin : {} ({})\nDistance : {:.0} km aller",
        clean(&site.name),
        clean(&site.id),
        clean(&zone.name),
        clean(&zone.department),
        clean(&vol.name),
        clean(&vol.id),
        inst.km(a.volunteer, a.site)
    );
    if let Some(c) = site.commune.as_deref().filter(|c| !c.is_empty()) {
        description.push_str(&format!("\nCommune : {}", clean(c)));
    }
    if stay {
        description.push_str("\nNuit sur place la veille (lit réservé près du site)");
    }
    let summary = if item.cancelled {
        description.insert_str(0, "Vacation annulée.\n");
        format!("ANNULÉ – {}", clean(summary))
    } else {
        clean(summary)
    };
    // DTEND of an all-day event is exclusive (RFC 5545 §3.6.1): the next day.
    let end = a.date.checked_add_days(Days::new(1)).unwrap_or(a.date);
    let mut e = Event::new();
    e.uid(&uid(&vol.id, &site.id, a.date))
        .timestamp(stamp(inst.horizon.first))
        .summary(&summary)
        .location(&location)
        .description(&description)
        .starts(a.date)
        .ends(end)
        .append_property(Property::new("SEQUENCE", item.sequence.to_string()));
    if item.cancelled {
        e.append_property(Property::new("STATUS", "CANCELLED"));
    }
    e.done()
}

/// Midnight UTC on `d`: a DTSTAMP that depends on the plan's horizon only.
fn stamp(d: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// Identifiers as they appear in UIDs and file names: ASCII letters, digits, `.` and `_`
/// kept, every other byte percent-encoded. Injective, so two ids never share a UID or a file,
/// and safe: no `/`, no `..`, no separator `-` inside a part.
pub fn encode_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' {
            out.push(b as char);
        } else if b == b'.' && !out.is_empty() {
            out.push('.');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn file_stem(id: &str) -> String {
    encode_id(id)
}

/// The stable UID of a vacation: the volunteer, the site and the date, nothing else.
pub fn uid(volunteer: &str, site: &str, date: NaiveDate) -> String {
    format!(
        "renfort-{}-{}-{}@renfort",
        encode_id(volunteer),
        encode_id(site),
        date.format("%Y%m%d")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (hostile input): a line break in a name ended the NAME property and a
    /// crafted name added a real event to the calendar.
    #[test]
    fn regression_a_name_cannot_forge_calendar_lines() {
        let forged = "Dr X\r\nEND:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:pwned, ; \\";
        let cal = String::from_utf8(calendar(forged, std::iter::empty())).unwrap();
        let unfolded = cal.replace("\r\n ", "");
        let starting = |p: &str| unfolded.lines().filter(|l| l.starts_with(p)).count();
        assert_eq!(starting("BEGIN:"), 1, "{cal}");
        assert_eq!(starting("END:"), 1, "{cal}");
        assert!(
            unfolded.contains("NAME:Dr X  END:VCALENDAR BEGIN:VEVENT SUMMARY:pwned\\, \\; \\\\"),
            "{cal}"
        );
        let parsed: Calendar = cal.parse().expect("still one valid calendar");
        assert!(parsed.components.is_empty());
    }

    #[test]
    fn ids_are_encoded_injectively_and_safely() {
        assert_eq!(encode_id("V1"), "V1");
        assert_eq!(encode_id("a-b"), "a%2Db");
        assert_eq!(encode_id("../x"), "%2E.%2Fx");
        assert_eq!(encode_id("é"), "%C3%A9");
        assert_ne!(encode_id("a b"), encode_id("a_b"));
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(uid("V1", "S1", d), "renfort-V1-S1-20261201@renfort");
        assert_ne!(uid("a-b", "c", d), uid("a", "b-c", d));
    }
}
