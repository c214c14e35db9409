//! iCalendar files: one per volunteer with a vacation (`calendars/volunteers/<id>.ics`) and
//! one per site with a vacation (`calendars/sites/<id>.ics`), for doctors' and sites'
//! calendar applications. Each vacation is an all-day event.
//!
//! Re-importing an updated plan must replace events, not duplicate them, so a UID is
//! derived from what identifies a vacation: `renfort-<dataset>-<volunteer>-<site>-<date>@renfort`.
//! The same vacation has the same UID in the volunteer's and the site's calendar: it is the
//! same event seen from two sides.
//!
//! DTSTAMP (required by RFC 5545) is set to midnight UTC on the horizon's first day rather
//! than the time of the run, so that the same plan always gives the same bytes (outputs can
//! be diffed and archived). The cost: a client that compares DTSTAMPs to decide which copy is
//! newer sees no change between two plans of the same month; the clients we target (import
//! by UID) replace on UID.
//!
//! Lines are CRLF-terminated and folded at 75 octets by the `icalendar` crate; TEXT values
//! (commas, semicolons, newlines) are escaped by it too.

use crate::model::{Assignment, Plan};
use crate::rules::Instance;
use chrono::{Days, NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};

/// Who made the calendar (RFC 5545 §3.7.3).
const PRODID: &str = "-//renfort//Planning des vacations//FR";

/// The text of every calendar file, as (path inside the output folder, bytes), in a stable
/// order: volunteers by id, then sites by id.
pub fn calendars(inst: &Instance, plan: &Plan) -> Vec<(String, Vec<u8>)> {
    let ds = inst.dataset;
    let mut out = Vec::new();
    let mut vols: Vec<usize> = plan.assignments().iter().map(|a| a.volunteer).collect();
    vols.sort_by(|&a, &b| ds.volunteers[a].id.cmp(&ds.volunteers[b].id));
    vols.dedup();
    for v in vols {
        let vol = &ds.volunteers[v];
        let events = plan
            .assignments()
            .iter()
            .filter(|a| a.volunteer == v)
            .map(|a| {
                event(
                    inst,
                    a,
                    &format!(
                        "Vacation solidarité territoriale – {}",
                        ds.sites[a.site].name
                    ),
                )
            });
        let cal = calendar(&format!("Renfort – {}", vol.name), events);
        out.push((
            format!("calendars/volunteers/{}.ics", file_stem(&vol.id)),
            cal,
        ));
    }
    let mut sites: Vec<usize> = plan.assignments().iter().map(|a| a.site).collect();
    sites.sort_by(|&a, &b| ds.sites[a].id.cmp(&ds.sites[b].id));
    sites.dedup();
    for s in sites {
        let site = &ds.sites[s];
        let events = plan.assignments().iter().filter(|a| a.site == s).map(|a| {
            event(
                inst,
                a,
                &format!(
                    "{} – vacation solidarité territoriale",
                    ds.volunteers[a.volunteer].name
                ),
            )
        });
        let cal = calendar(&format!("Renfort – {}", site.name), events);
        out.push((format!("calendars/sites/{}.ics", file_stem(&site.id)), cal));
    }
    out
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
    cal.name(name);
    cal.extend(events);
    cal.done().to_string().into_bytes()
}

/// The event of one vacation.
fn event(inst: &Instance, a: &Assignment, summary: &str) -> Event {
    let ds = inst.dataset;
    let (site, vol) = (&ds.sites[a.site], &ds.volunteers[a.volunteer]);
    let zone = &ds.zones[site.zone];
    let location = match &site.commune {
        Some(c) if !c.is_empty() => format!("{}, {c}", site.name),
        _ => site.name.clone(),
    };
    let stay = inst.is_stayer(a.volunteer, a.site);
    let mut description = format!(
        "Site : {} ({})\nZone : {} – département {}\nMédecin : {} ({})\nDistance : {:.0} km aller",
        site.name,
        site.id,
        zone.name,
        zone.department,
        vol.name,
        vol.id,
        inst.km(a.volunteer, a.site)
    );
    if let Some(c) = site.commune.as_deref().filter(|c| !c.is_empty()) {
        description.push_str(&format!("\nCommune : {c}"));
    }
    if stay {
        description.push_str("\nNuit sur place la veille (lit réservé près du site)");
    }
    // DTEND of an all-day event is exclusive (RFC 5545 §3.6.1): the next day.
    let end = a.date.checked_add_days(Days::new(1)).unwrap_or(a.date);
    Event::new()
        .uid(&uid(&ds.name, &vol.id, &site.id, a.date))
        .timestamp(stamp(inst.horizon.first))
        .summary(summary)
        .location(&location)
        .description(&description)
        .starts(a.date)
        .ends(end)
        .done()
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

/// The stable UID of a vacation.
pub fn uid(dataset: &str, volunteer: &str, site: &str, date: NaiveDate) -> String {
    format!(
        "renfort-{}-{}-{}-{}@renfort",
        encode_id(dataset),
        encode_id(volunteer),
        encode_id(site),
        date.format("%Y%m%d")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_injectively_and_safely() {
        assert_eq!(encode_id("V1"), "V1");
        assert_eq!(encode_id("a-b"), "a%2Db");
        assert_eq!(encode_id("../x"), "%2E.%2Fx");
        assert_eq!(encode_id("é"), "%C3%A9");
        assert_ne!(encode_id("a b"), encode_id("a_b"));
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            uid("small", "V1", "S1", d),
            "renfort-small-V1-S1-20261201@renfort"
        );
        assert_ne!(uid("x", "a-b", "c", d), uid("x", "a", "b-c", d));
    }
}
