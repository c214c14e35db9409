//! New volunteers drawn for a scenario: homes in the communes around a place (or of a
//! department) with probability proportional to population, like `renfort generate` draws
//! them; limits from the scenario (defaults: 2 days, 120 km, 40 % accept overnight stays);
//! 2 to 8 offered days among the horizon's days that are neither Sundays nor public holidays.

use super::apply::no_communes;
use super::communes::{Commune, Communes};
use super::scenario::{AddVolunteers, Area, Place, Scenario};
use crate::io::error::{Code, InputError};
use crate::model::calendar::is_public_holiday;
use crate::model::{Dataset, Horizon, Volunteer};
use chrono::{Datelike, NaiveDate, Weekday};
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;

/// Homes to draw from: (commune name, lat, lon) with weights (population), or a disc.
enum Homes {
    Communes(Vec<(String, f64, f64)>, WeightedIndex<u64>),
    Disc { lat: f64, lon: f64, radius_km: f64 },
}

impl Homes {
    fn draw(&self, rng: &mut ChaCha8Rng) -> (String, f64, f64) {
        match self {
            Homes::Communes(list, w) => list[w.sample(rng)].clone(),
            Homes::Disc {
                lat,
                lon,
                radius_km,
            } => {
                // Uniform in the disc: radius ∝ √u.
                let r = radius_km * rng.gen::<f64>().sqrt();
                let t = std::f64::consts::TAU * rng.gen::<f64>();
                let dlat = r * t.cos() / 111.195;
                let dlon = r * t.sin() / (111.195 * lat.to_radians().cos().max(0.01));
                ("-".into(), lat + dlat, lon + dlon)
            }
        }
    }
}

fn homes(
    sc: &Scenario,
    g: &AddVolunteers,
    communes: Option<&Communes>,
) -> Result<Homes, InputError> {
    let pick = |list: Vec<&Commune>| {
        let w = WeightedIndex::new(list.iter().map(|c| u64::from(c.population.max(1)))).ok()?;
        Some(Homes::Communes(
            list.iter()
                .map(|c| (c.name.clone(), c.lat, c.lon))
                .collect(),
            w,
        ))
    };
    let missing = || no_communes(sc);
    match &g.area {
        Area::Department(r) => {
            let cs = communes.ok_or_else(missing)?;
            pick(cs.in_department(&r.id)).ok_or_else(|| {
                sc.error(
                    Code::UnknownReference,
                    &r.span,
                    format!("no commune in department '{}'", r.id),
                )
            })
        }
        Area::Around { place, radius_km } => {
            let (lat, lon, centre) = match place {
                Place::Commune(r) => {
                    let c = communes.ok_or_else(missing)?.get(&r.id).ok_or_else(|| {
                        sc.error(
                            Code::UnknownReference,
                            &r.span,
                            format!("unknown INSEE commune code '{}'", r.id),
                        )
                    })?;
                    (c.lat, c.lon, Some(c))
                }
                Place::Point { lat, lon } => (*lat, *lon, None),
            };
            let near = communes
                .map(|cs| cs.within(lat, lon, *radius_km))
                .unwrap_or_default();
            let near = if near.is_empty() {
                centre.into_iter().collect()
            } else {
                near
            };
            Ok(pick(near).unwrap_or(Homes::Disc {
                lat,
                lon,
                radius_km: *radius_km,
            }))
        }
    }
}

pub(super) fn add(
    ds: &mut Dataset,
    sc: &Scenario,
    g: &AddVolunteers,
    communes: Option<&Communes>,
    horizon: &Horizon,
    rng: &mut ChaCha8Rng,
) -> Result<(), InputError> {
    let homes = homes(sc, g, communes)?;
    let mut zones = Vec::new();
    for r in &g.zones {
        zones.push(ds.zone_index(&r.id).ok_or_else(|| {
            sc.error(
                Code::UnknownReference,
                &r.span,
                format!("unknown zone '{}'", r.id),
            )
        })?);
    }
    // Days a doctor would offer: not Sundays, not public holidays.
    let pool: Vec<NaiveDate> = horizon
        .days()
        .filter(|d| d.weekday() != Weekday::Sun && !is_public_holiday(*d))
        .collect();
    for i in 1..=g.count {
        let id = format!("{}{i:03}", g.prefix);
        if ds.volunteer_index(&id).is_some() {
            return Err(sc.error(
                Code::DuplicateId,
                &g.span,
                format!("volunteer '{id}' already exists: choose another prefix"),
            ));
        }
        let (town, lat, lon) = homes.draw(rng);
        let overnight = rng.gen::<f64>() < g.overnight;
        let k = rng.gen_range(g.offer_days.0..=g.offer_days.1) as usize;
        let mut offered: Vec<NaiveDate> = pool
            .choose_multiple(rng, k.min(pool.len()))
            .copied()
            .collect();
        offered.sort();
        let v = ds.volunteers.len();
        ds.volunteers.push(Volunteer {
            id,
            name: format!("Dr nouveau {i} ({town})"),
            lat,
            lon,
            authorized: g.authorized,
            max_days: g.max_days,
            max_km: g.max_km,
            overnight,
            zones: zones.clone(),
            contact: Default::default(),
        });
        ds.availability.extend(offered.into_iter().map(|d| (v, d)));
    }
    Ok(())
}
