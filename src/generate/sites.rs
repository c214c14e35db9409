//! Drawn settings of a consultation site, and a few closures.
//!
//! The zones file says where a site is and what kind of place it is, not how it runs the
//! scheme's vacations; these settings are synthetic, drawn per site from the seed and the
//! zone id, and shaped by the site's kind: a hospital has two consulting rooms and an on-call
//! room to sleep in, an EHPAD a guest room, a health centre or MSP one or two rooms and
//! perhaps a municipal flat nearby.

use super::zones::ZoneFact;
use super::{pick_weighted, stream};
use crate::model::calendar::is_public_holiday;
use crate::model::{Horizon, Weekdays};
use chrono::{Datelike, NaiveDate};
use rand::seq::SliceRandom;
use rand::Rng;

/// The drawn part of a site.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSettings {
    pub open_days: Weekdays,
    pub rooms: u32,
    pub demand: u32,
    pub beds: u32,
    pub bed_cost_eur: f64,
}

/// Zones from this population up may ask for two doctors a day (when the site has two rooms).
const TWO_DOCTORS_POPULATION: u32 = 20_000;

/// Draws the settings of `zone`'s site. Depends only on the seed and the zone id.
pub fn draw(seed: u64, zone: &ZoneFact) -> SiteSettings {
    let mut rng = stream(seed, &format!("site:{}", zone.zone_id));
    let open_days = draw_open_days(&mut rng);
    let kind = zone.site_kind.as_str();

    let two_rooms = match kind {
        "hospital" => 1.0,
        "health_centre" | "msp" => 0.45,
        _ => 0.25,
    };
    let rooms = if rng.gen_bool(two_rooms) { 2 } else { 1 };
    // Larger zones, where the site has the room, ask for a second doctor.
    let demand = if rooms == 2 && zone.population >= TWO_DOCTORS_POPULATION && rng.gen_bool(0.5) {
        2
    } else {
        1
    };

    // Hospitals and EHPADs have a room on site; elsewhere a bed is a municipal flat or a gîte.
    let on_site = matches!(kind, "hospital" | "ehpad");
    let beds = if on_site {
        rng.gen_range(1..=4)
    } else {
        [0, 1, 2, 3, 4][pick_weighted(&mut rng, &[0.1, 0.35, 0.3, 0.15, 0.1]).unwrap_or(1)]
    };
    let bed_cost_eur = if beds == 0 || rng.gen_bool(0.3) {
        0.0 // no bed, or a room lent free by the town
    } else if on_site {
        f64::from(rng.gen_range(4..=7) * 5) // 20–35 EUR
    } else {
        f64::from(rng.gen_range(7..=12) * 5) // 35–60 EUR
    };
    SiteSettings {
        open_days,
        rooms,
        demand,
        beds,
        bed_cost_eur,
    }
}

/// Mostly Monday to Friday; some sites 4 days (often without Wednesday, the day many GPs
/// keep for their own practice) or 3 days; a few add Saturday.
fn draw_open_days(rng: &mut impl Rng) -> Weekdays {
    let mut days: Vec<u32> = (0..5).collect();
    match pick_weighted(rng, &[0.5, 0.3, 0.2]) {
        Some(1) => {
            let drop = if rng.gen_bool(0.5) {
                2
            } else {
                rng.gen_range(0..5)
            };
            days.retain(|&d| d != drop);
        }
        Some(2) => {
            days.shuffle(rng);
            days.truncate(3);
        }
        _ => {}
    }
    let mut w = Weekdays::default();
    for d in days {
        w.insert(d);
    }
    if rng.gen_bool(0.15) {
        w.insert(5);
    }
    w
}

/// A few closures each month: one to three sites closed one or two consecutive opening days
/// (a staff training, the room lent for an election...). Returns (site index, date), sorted.
pub fn draw_closures(
    seed: u64,
    zones: &[ZoneFact],
    sites: &[SiteSettings],
    months: &[Horizon],
) -> Vec<(usize, NaiveDate)> {
    // The first month from the stream a one-month dataset uses (its closures stay the same),
    // each later month from a stream of its own: a quarter closes sites in every month.
    let mut out: Vec<(usize, NaiveDate)> = months
        .iter()
        .enumerate()
        .flat_map(|(m, h)| {
            let label = if m == 0 {
                "closures".to_owned()
            } else {
                format!("closures:{}", h.label())
            };
            closures_in(stream(seed, &label), zones, sites, h)
        })
        .collect();
    out.sort();
    out
}

fn closures_in(
    mut rng: rand_chacha::ChaCha8Rng,
    zones: &[ZoneFact],
    sites: &[SiteSettings],
    horizon: &Horizon,
) -> Vec<(usize, NaiveDate)> {
    let mut order: Vec<usize> = (0..zones.len()).collect();
    order.shuffle(&mut rng);
    let n = rng.gen_range(1..=3).min(order.len());
    let mut out = Vec::new();
    for &s in &order[..n] {
        let open: Vec<NaiveDate> = horizon
            .days()
            .filter(|d| sites[s].open_days.contains(d.weekday()) && !is_public_holiday(*d))
            .collect();
        if open.is_empty() {
            continue;
        }
        let start = rng.gen_range(0..open.len());
        let len = if rng.gen_bool(0.5) { 2 } else { 1 };
        out.extend(open.iter().skip(start).take(len).map(|&d| (s, d)));
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(kind: &str, population: u32) -> ZoneFact {
        ZoneFact {
            zone_id: format!("Z{kind}{population}"),
            name: "Z".into(),
            department: "03".into(),
            population,
            priority: 1.0,
            site_id: "S1".into(),
            site_name: "S".into(),
            site_commune: "C".into(),
            site_kind: kind.into(),
            lat: 45.0,
            lon: 3.0,
            region: "84".into(),
            source_status: None,
        }
    }

    #[test]
    fn settings_stay_in_range() {
        for seed in 0..300 {
            for kind in ["hospital", "ehpad", "msp", "health_centre", "unknown"] {
                let s = draw(seed, &zone(kind, 30_000));
                assert!((1..=2).contains(&s.rooms));
                assert!((1..=s.rooms).contains(&s.demand));
                assert!(s.beds <= 4);
                assert!((0.0..=60.0).contains(&s.bed_cost_eur));
                assert!(s.beds > 0 || s.bed_cost_eur == 0.0);
                let n = s.open_days.0.count_ones();
                assert!((3..=6).contains(&n), "{n}");
                assert!(!s.open_days.contains(chrono::Weekday::Sun));
            }
        }
    }

    #[test]
    fn small_zones_want_one_doctor() {
        assert!((0..200).all(|seed| draw(seed, &zone("hospital", 5_000)).demand == 1));
    }
}
