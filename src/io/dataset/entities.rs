//! `dataset.toml` and the tables that define ids: zones, sites, volunteers.

use super::{reference, unique_id, Ctx, Ids, BROKEN};
use crate::io::error::{Code, InputError};
use crate::io::table::{MAX_KM, MAX_WEIGHT};
use crate::io::toml_span::{at_span, toml_error};
use crate::io::warning::{WarnCode, Warning};
use crate::model::{Dataset, Horizon, Site, Volunteer, Weekdays, Zone};
use serde::Deserialize;
use std::collections::HashMap;
use toml::Spanned;

/// The columns of `volunteers.csv` (contract §2), in the order renfort writes them: the
/// reader, `dataset_write` and `import-volunteers --into` share this list.
pub const VOLUNTEER_COLUMNS: &[&str] = &[
    "volunteer_id",
    "name",
    "lat",
    "lon",
    "authorized",
    "max_days",
    "max_km",
    "overnight",
    "zones",
];

/// The columns of `sites.csv` (contract §2), in the contract's order: the reader requires
/// them, `dataset_write` and `generate` write them (see `site_header`).
pub const SITE_COLUMNS: &[&str] = &[
    "site_id",
    "zone_id",
    "name",
    "lat",
    "lon",
    "open_days",
    "rooms",
    "demand",
    "beds",
    "bed_cost_eur",
];

/// An extra column of `sites.csv` (the contract allows extra columns): the site's commune,
/// named by the reports when present.
pub const SITE_COMMUNE: &str = "commune";

/// The header of a written `sites.csv`, commune included: `generate` puts the commune beside
/// the name (a generated dataset is read by people first), `dataset_write` (next month,
/// what-if scenarios) after the contract's columns with the other extras. The shipped
/// datasets hold one of each, byte for byte.
pub fn site_header(commune_after_name: bool) -> Vec<&'static str> {
    let mut h = SITE_COLUMNS.to_vec();
    if commune_after_name {
        h.insert(3, SITE_COMMUNE);
    } else {
        h.push(SITE_COMMUNE);
    }
    h
}

/// The columns of `zones.csv` (contract §2), in the order renfort writes them: the reader,
/// `dataset_write` and `generate` share this list.
pub const ZONE_COLUMNS: &[&str] = &["zone_id", "name", "department", "priority"];

/// An extra column of `zones.csv` (the contract allows extra columns): where the zone's place
/// in the scheme comes from (`confirmed`, `inferred`, `illustrative` in generated national
/// datasets). Reports show it so that nobody mistakes an illustrative zone for a real one.
pub const ZONE_SOURCE_STATUS: &str = "source_status";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    name: String,
    month: Spanned<String>,
    description: Option<String>,
}

/// Parses weekday names: `mon tue wed` (English, or French `lun mar mer jeu ven sam dim`).
pub fn parse_weekdays(text: &str) -> Option<Weekdays> {
    const FR: [&str; 7] = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"];
    let mut w = Weekdays::default();
    for word in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        let i = Weekdays::NAMES
            .iter()
            .position(|n| *n == word)
            .or_else(|| FR.iter().position(|n| *n == word))?;
        w.insert(i as u32);
    }
    Some(w)
}

/// dataset.toml: name, month, description.
pub(super) fn meta(cx: &mut Ctx, ds: &mut Dataset) {
    let meta_name = cx.name("dataset.toml");
    match std::fs::read_to_string(cx.dir.join("dataset.toml")) {
        Err(e) => {
            let code = if e.kind() == std::io::ErrorKind::NotFound {
                Code::MissingFile
            } else {
                Code::Unreadable
            };
            let hint = if cx.dir.is_dir() {
                String::new()
            } else {
                " (is the dataset folder right?)".into()
            };
            cx.errors.push(InputError::new(
                code,
                &meta_name,
                format!("cannot read the file: {e}{hint}"),
            ));
        }
        Ok(text) => match toml::from_str::<Meta>(&text) {
            Err(e) => cx.errors.push(toml_error(&meta_name, &text, &e)),
            Ok(meta) => {
                if Horizon::parse_month(meta.month.get_ref()).is_none() {
                    cx.errors.push(at_span(
                        Code::BadValue,
                        &meta_name,
                        &text,
                        Some(meta.month.span()),
                        format!(
                            "month: expected YYYY-MM (like 2026-12), found '{}'",
                            meta.month.get_ref()
                        ),
                    ));
                }
                ds.name = meta.name;
                ds.month = meta.month.into_inner();
                ds.description = meta.description;
            }
        },
    }
}

/// zones.csv; its ids, or None if it could not be read.
pub(super) fn zones(cx: &mut Ctx, ds: &mut Dataset) -> Option<Ids> {
    let mut zone_ids = HashMap::new();
    let t = cx.table("zones.csv", ZONE_COLUMNS, false)?;
    for row in t.rows() {
        let e = &mut cx.errors;
        let id = e.ok(row.id("zone_id"));
        let priority = e.ok(row.float_in(
            "priority",
            0.0,
            MAX_WEIGHT,
            "a priority from 0 to 1,000,000",
        ));
        if let (Some(id), Some(priority)) = (id.clone(), priority) {
            if unique_id(e, &mut zone_ids, &row, "zone_id", &id, ds.zones.len()) {
                cx.zone_cells.push(row.cell("zone_id"));
                ds.zones.push(Zone {
                    id,
                    name: row.text("name"),
                    department: row.text("department"),
                    priority,
                    source_status: Some(row.text(ZONE_SOURCE_STATUS)).filter(|s| !s.is_empty()),
                });
            }
        } else if let Some(id) = id {
            unique_id(e, &mut zone_ids, &row, "zone_id", &id, BROKEN);
        }
    }
    Some(zone_ids)
}

/// sites.csv; its ids, or None if it or zones.csv could not be read.
pub(super) fn sites(cx: &mut Ctx, ds: &mut Dataset, zone_ids: Option<&Ids>) -> Option<Ids> {
    let zones_ok = zone_ids.is_some();
    let mut site_ids = HashMap::new();
    let t = cx.table("sites.csv", SITE_COLUMNS, false)?;
    for row in t.rows() {
        let e = &mut cx.errors;
        let id = e.ok(row.id("site_id"));
        let zone = if zones_ok {
            reference(e, &row, "zone_id", zone_ids, "zone")
        } else {
            Some(0)
        };
        let lat = e.ok(row.latitude("lat"));
        let lon = e.ok(row.longitude("lon"));
        let open = parse_weekdays(row.raw("open_days"));
        if open.is_none() {
            e.push(row.error(
                Code::BadWeekdays,
                "open_days",
                format!(
                    "expected weekdays like 'mon tue wed thu fri', found '{}'",
                    row.raw("open_days")
                ),
            ));
        }
        let rooms = e.ok(row.count("rooms"));
        if rooms == Some(0) {
            e.push(row.error(
                Code::OutOfRange,
                "rooms",
                "expected at least 1 room, found 0",
            ));
        }
        let demand = e.ok(row.count("demand"));
        if let (Some(d), Some(r)) = (demand, rooms) {
            if d > r && r > 0 {
                e.push(row.error(
                    Code::OutOfRange,
                    "demand",
                    format!("demand {d} is more than the site's {r} room(s)"),
                ));
            }
        }
        let beds = e.ok(row.count("beds"));
        let bed_cost = e.ok(row.float_in(
            "bed_cost_eur",
            0.0,
            MAX_WEIGHT,
            "a cost from 0 to 1,000,000 EUR",
        ));
        if let (
            Some(id),
            Some(zone),
            Some(lat),
            Some(lon),
            Some(open),
            Some(rooms),
            Some(demand),
            Some(beds),
            Some(bed_cost),
        ) = (
            id.clone(),
            zone,
            lat,
            lon,
            open,
            rooms,
            demand,
            beds,
            bed_cost,
        ) {
            if unique_id(e, &mut site_ids, &row, "site_id", &id, ds.sites.len()) {
                if open.is_empty() {
                    cx.warnings.push(Warning::new(
                        WarnCode::SiteNeverOpen,
                        row.cell("open_days"),
                        "no weekday given: the site never opens, so no vacation can be \
                         planned there",
                    ));
                }
                let commune = Some(row.text(SITE_COMMUNE)).filter(|c| !c.is_empty());
                ds.sites.push(Site {
                    id,
                    zone,
                    name: row.text("name"),
                    lat,
                    lon,
                    open_days: open,
                    rooms,
                    demand,
                    beds,
                    bed_cost_eur: bed_cost,
                    commune,
                    contact: contact(&row),
                });
            }
        } else if let Some(id) = id {
            unique_id(e, &mut site_ids, &row, "site_id", &id, BROKEN);
        }
    }
    zones_ok.then_some(site_ids)
}

/// volunteers.csv; its ids, or None if it could not be read.
pub(super) fn volunteers(cx: &mut Ctx, ds: &mut Dataset, zone_ids: Option<&Ids>) -> Option<Ids> {
    let zones_ok = zone_ids.is_some();
    let none = Ids::new();
    let zone_ids = zone_ids.unwrap_or(&none);
    let mut vol_ids = HashMap::new();
    let t = cx.table("volunteers.csv", VOLUNTEER_COLUMNS, false)?;
    for row in t.rows() {
        let e = &mut cx.errors;
        let id = e.ok(row.id("volunteer_id"));
        let lat = e.ok(row.latitude("lat"));
        let lon = e.ok(row.longitude("lon"));
        let authorized = e.ok(row.boolean("authorized"));
        let max_days = e.ok(row.count("max_days"));
        let max_km = e.ok(row.float_in("max_km", 0.0, MAX_KM, "a distance from 0 to 40,000 km"));
        let overnight = e.ok(row.boolean("overnight"));
        let mut zones = Some(Vec::new());
        for z in row
            .raw("zones")
            .split(';')
            .map(str::trim)
            .filter(|z| !z.is_empty())
        {
            match zone_ids.get(z) {
                Some(&(BROKEN, _)) => zones = None,
                Some(&(i, _)) => zones.iter_mut().for_each(|v| v.push(i)),
                None if zones_ok => {
                    e.push(row.error(
                        Code::UnknownReference,
                        "zones",
                        format!("unknown zone '{z}' in the preferred zones"),
                    ));
                    zones = None;
                }
                None => {}
            }
        }
        if let (
            Some(id),
            Some(lat),
            Some(lon),
            Some(authorized),
            Some(max_days),
            Some(max_km),
            Some(overnight),
            Some(zones),
        ) = (
            id.clone(),
            lat,
            lon,
            authorized,
            max_days,
            max_km,
            overnight,
            zones,
        ) {
            if unique_id(
                e,
                &mut vol_ids,
                &row,
                "volunteer_id",
                &id,
                ds.volunteers.len(),
            ) {
                ds.volunteers.push(Volunteer {
                    id,
                    name: row.text("name"),
                    lat,
                    lon,
                    authorized,
                    max_days,
                    max_km,
                    overnight,
                    zones,
                    contact: contact(&row),
                });
            }
        } else if let Some(id) = id {
            unique_id(e, &mut vol_ids, &row, "volunteer_id", &id, BROKEN);
        }
    }
    Some(vol_ids)
}

/// The optional contact columns of a row (`email`, `phone`, `address`): text, or absent.
fn contact(row: &crate::io::table::Row) -> crate::model::Contact {
    let cell = |col: &str| Some(row.text(col)).filter(|c| !c.is_empty());
    crate::model::Contact {
        email: cell("email"),
        phone: cell("phone"),
        address: cell("address"),
    }
}
