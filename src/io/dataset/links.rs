//! The tables that refer to volunteers and sites: availability (required), closures, demand,
//! distances, pins (optional). `vol_ids` / `site_ids` are None when volunteers.csv /
//! sites.csv could not be read: references to them are then not checked.

use super::{reference, Ctx, Ids};
use crate::io::error::Code;
use crate::io::table::MAX_KM;
use crate::io::warning::{WarnCode, Warning};
use crate::model::{Assignment, Dataset};
use std::collections::{BTreeMap, HashMap};

/// availability.csv: the days each volunteer offers.
pub(super) fn availability(cx: &mut Ctx, ds: &mut Dataset, vol_ids: Option<&Ids>) {
    let Some(t) = cx.table("availability.csv", &["volunteer_id", "date"], false) else {
        return;
    };
    let origins = &mut ds.offer_origins;
    origins.file = t.file.clone();
    origins.date_column = t.column_label("date").unwrap_or_else(|| "date".into());
    for row in t.rows() {
        let e = &mut cx.errors;
        let v = reference(e, &row, "volunteer_id", vol_ids, "volunteer");
        let d = e.ok(row.date("date"));
        if let (Some(v), Some(d)) = (v, d) {
            if let Some(&l) = origins.lines.get(&(v, d)) {
                cx.warnings.push(repeated(
                    &row,
                    "date",
                    format!("this volunteer already offers this date on line {l}"),
                ));
            } else {
                origins.lines.insert((v, d), row.line);
            }
            ds.availability.insert((v, d));
        }
    }
}

/// A row that repeats an earlier one where a repeat changes nothing: a warning.
fn repeated(row: &crate::io::table::Row, col: &str, message: String) -> Warning {
    let message = format!("{message}; this row is ignored");
    Warning::new(WarnCode::RepeatedRow, row.cell(col), message)
}

/// closures.csv: a site closed on a date.
pub(super) fn closures(cx: &mut Ctx, ds: &mut Dataset, site_ids: Option<&Ids>) {
    let Some(t) = cx.table("closures.csv", &["site_id", "date"], true) else {
        return;
    };
    let mut first_line = HashMap::new();
    for row in t.rows() {
        let e = &mut cx.errors;
        let s = reference(e, &row, "site_id", site_ids, "site");
        let d = e.ok(row.date("date"));
        if let (Some(s), Some(d)) = (s, d) {
            if let Some(l) = first_line.insert((s, d), row.line) {
                cx.warnings.push(repeated(
                    &row,
                    "date",
                    format!("this closure is already on line {l}"),
                ));
            }
            ds.closures.insert((s, d));
        }
    }
}

/// demand.csv: a site's demand on a date, overriding its usual one.
pub(super) fn demand(cx: &mut Ctx, ds: &mut Dataset, site_ids: Option<&Ids>) {
    let Some(t) = cx.table("demand.csv", &["site_id", "date", "demand"], true) else {
        return;
    };
    let mut first_line = HashMap::new();
    for row in t.rows() {
        let e = &mut cx.errors;
        let s = reference(e, &row, "site_id", site_ids, "site");
        let d = e.ok(row.date("date"));
        let n = e.ok(row.count("demand"));
        if let (Some(s), Some(d), Some(n)) = (s, d, n) {
            let rooms = ds.sites[s].rooms;
            if n > rooms {
                e.push(row.error(
                    Code::OutOfRange,
                    "demand",
                    format!("demand {n} is more than the site's {rooms} room(s)"),
                ));
            } else if let Some(l) = first_line.insert((s, d), row.line) {
                e.push(row.error(
                    Code::DuplicateRow,
                    "date",
                    format!("a demand for this site and date is already on line {l}"),
                ));
            } else {
                ds.demand_overrides.insert((s, d), n);
            }
        }
    }
}

/// distances.csv: road km for a (volunteer, site) pair.
pub(super) fn distances(
    cx: &mut Ctx,
    ds: &mut Dataset,
    vol_ids: Option<&Ids>,
    site_ids: Option<&Ids>,
) {
    let Some(t) = cx.table("distances.csv", &["volunteer_id", "site_id", "km"], true) else {
        return;
    };
    let mut first_line = HashMap::new();
    for row in t.rows() {
        let e = &mut cx.errors;
        let v = reference(e, &row, "volunteer_id", vol_ids, "volunteer");
        let s = reference(e, &row, "site_id", site_ids, "site");
        let km = e.ok(row.float_in("km", 0.0, MAX_KM, "a distance from 0 to 40,000 km"));
        if let (Some(v), Some(s), Some(km)) = (v, s, km) {
            if let Some(l) = first_line.insert((v, s), row.line) {
                e.push(row.error(
                    Code::DuplicateRow,
                    "site_id",
                    format!("a distance for this pair is already on line {l}"),
                ));
            } else {
                ds.distances.insert((v, s), km);
            }
        }
    }
}

/// pinned.csv: assignments already agreed. Their eligibility is checked once the horizon
/// is known (see `validate_pins`).
pub(super) fn pinned(
    cx: &mut Ctx,
    ds: &mut Dataset,
    vol_ids: Option<&Ids>,
    site_ids: Option<&Ids>,
) {
    let Some(t) = cx.table("pinned.csv", &["volunteer_id", "site_id", "date"], true) else {
        return;
    };
    let mut pinned = BTreeMap::new();
    for row in t.rows() {
        let e = &mut cx.pin_rows;
        let v = reference(e, &row, "volunteer_id", vol_ids, "volunteer");
        let s = reference(e, &row, "site_id", site_ids, "site");
        let d = e.ok(row.date("date"));
        if let (Some(volunteer), Some(site), Some(date)) = (v, s, d) {
            let a = Assignment {
                date,
                site,
                volunteer,
            };
            if let Some(&l) = pinned.get(&a) {
                cx.warnings.push(repeated(
                    &row,
                    "date",
                    format!("this assignment is already pinned on line {l}"),
                ));
            } else {
                pinned.insert(a, row.line);
            }
        }
    }
    ds.pinned = pinned;
}
