//! Applying a scenario: pure functions from (dataset, policy, scenario) to a new dataset and
//! policy. The deterministic part (`apply`) is done once; the random withdrawals
//! (`draw_dropout`) anew for each run. Randomness comes only from the seed given, so the
//! same seed gives the same datasets.

use super::communes::Communes;
use super::scenario::{AddSite, AddVolunteers, Area, Dates, Dropout, Place, Ref, Scenario};
use crate::io::error::{Code, InputError};
use crate::model::calendar::is_public_holiday;
use crate::model::{Dataset, Horizon, Policy, Site, SiteIdx, Volunteer, Zone};
use crate::rules::Instance;
use chrono::{Datelike, NaiveDate, Weekday};
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

/// A scenario applied: the new dataset and policy, and what was done that the planner should
/// know (pins that no longer hold, ...).
#[derive(Debug, Clone)]
pub struct Applied {
    pub dataset: Dataset,
    pub policy: Policy,
    pub notes: Vec<String>,
}

/// The random generator of run `run` (0: the scenario's own draws, such as new volunteers;
/// 1, 2, ...: the dropout runs). One seed, one independent stream per run.
pub fn rng_for(seed: u64, run: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(run);
    r
}

/// Applies the deterministic part of a scenario (everything but dropout).
pub fn apply(
    ds: &Dataset,
    policy: &Policy,
    sc: &Scenario,
    communes: Option<&Communes>,
    horizon: &Horizon,
    seed: u64,
) -> Result<Applied, InputError> {
    let policy = match &sc.policy {
        Some(raw) => crate::io::policy::apply_raw(raw, policy.clone(), sc.text(), &sc.file)?,
        None => policy.clone(),
    };
    let unknown = |r: &Ref, what: &str| {
        sc.error(
            Code::UnknownReference,
            &r.span,
            format!("unknown {what} '{}'", r.id),
        )
    };
    let mut drop_sites = HashSet::new();
    for r in &sc.remove_sites {
        drop_sites.insert(ds.site_index(&r.id).ok_or_else(|| unknown(r, "site"))?);
    }
    let mut drop_vols = HashSet::new();
    for r in &sc.remove_volunteers {
        drop_vols.insert(ds.volunteer_index(&r.id).ok_or_else(|| unknown(r, "volunteer"))?);
    }
    let keep_s: Vec<usize> = (0..ds.sites.len()).filter(|s| !drop_sites.contains(s)).collect();
    let keep_v: Vec<usize> = (0..ds.volunteers.len())
        .filter(|v| !drop_vols.contains(v))
        .collect();
    let mut out = ds.restrict(&keep_s, &keep_v).dataset;
    for a in &sc.add_sites {
        add_site(&mut out, sc, a, communes)?;
    }
    let site = |ds: &Dataset, r: &Ref| -> Result<SiteIdx, InputError> {
        ds.site_index(&r.id).ok_or_else(|| unknown(r, "site"))
    };
    let days = |dates: &Dates| -> Vec<NaiveDate> {
        match dates {
            Dates::All => horizon.days().collect(),
            Dates::Some(d) => d.clone(),
        }
    };
    for c in &sc.close_sites {
        let s = site(&out, &c.site)?;
        out.closures.extend(days(&c.dates).into_iter().map(|d| (s, d)));
    }
    for d in &sc.demand {
        let s = site(&out, &d.site)?;
        if d.demand > out.sites[s].rooms {
            return Err(sc.error(
                Code::OutOfRange,
                &d.span,
                format!("demand {} is more than the {} room(s) of site {}", d.demand, out.sites[s].rooms, d.site.id),
            ));
        }
        match &d.dates {
            Dates::All => {
                out.sites[s].demand = d.demand;
                out.demand_overrides.retain(|&(site, _), _| site != s);
            }
            Dates::Some(list) => out
                .demand_overrides
                .extend(list.iter().map(|&date| ((s, date), d.demand))),
        }
    }
    let mut rng = rng_for(seed, 0);
    for g in &sc.add_volunteers {
        add_volunteers(&mut out, sc, g, communes, horizon, &mut rng)?;
    }
    let notes = drop_broken_pins(&mut out, &policy, horizon);
    Ok(Applied {
        dataset: out,
        policy,
        notes,
    })
}

/// Pins that the scenario made impossible (a closed site, a removed day) no longer bind.
fn drop_broken_pins(ds: &mut Dataset, policy: &Policy, horizon: &Horizon) -> Vec<String> {
    let broken: Vec<_> = {
        let inst = Instance::new(ds, policy, *horizon);
        ds.pinned
            .keys()
            .filter_map(|p| {
                let why = inst.eligibility(p.volunteer, p.site, p.date).err()?;
                Some((*p, why))
            })
            .collect()
    };
    broken
        .into_iter()
        .map(|(p, why)| {
            ds.pinned.remove(&p);
            format!(
                "pinned {} at {} on {} dropped: {why}",
                ds.volunteers[p.volunteer].id, ds.sites[p.site].id, p.date
            )
        })
        .collect()
}

fn no_communes(sc: &Scenario) -> InputError {
    InputError::new(
        Code::MissingFile,
        &sc.file,
        "places given by INSEE code or department need the communes file (--communes or `communes = ...`)",
    )
}

fn add_site(
    ds: &mut Dataset,
    sc: &Scenario,
    a: &AddSite,
    communes: Option<&Communes>,
) -> Result<(), InputError> {
    let (commune, lat, lon) = match &a.place {
        Place::Commune(r) => {
            let c = communes.ok_or_else(|| no_communes(sc))?.get(&r.id).ok_or_else(|| {
                sc.error(Code::UnknownReference, &r.span, format!("unknown INSEE commune code '{}'", r.id))
            })?;
            (Some(c), c.lat, c.lon)
        }
        Place::Point { lat, lon } => (None, *lat, *lon),
    };
    let id = match (&a.id, commune) {
        (Some(r), _) => r.id.clone(),
        (None, Some(c)) => format!("S{}", c.insee),
        (None, None) => return Err(sc.error(Code::BadValue, &a.span, "add_site: a site placed by lat/lon needs an id".into())),
    };
    if ds.site_index(&id).is_some() {
        let span = a.id.as_ref().map_or(&a.span, |r| &r.span);
        return Err(sc.error(Code::DuplicateId, span, format!("site '{id}' already exists")));
    }
    let zone_id = match (&a.zone, commune) {
        (Some(r), _) => r.id.clone(),
        (None, Some(c)) if !c.epci_siren.is_empty() => format!("Z{}", c.epci_siren),
        _ => return Err(sc.error(Code::BadValue, &a.span, "add_site: give its zone (an existing zone id or a new one)".into())),
    };
    let zone = match ds.zone_index(&zone_id) {
        Some(z) => {
            if let Some((_, span)) = &a.priority {
                return Err(sc.error(Code::BadValue, span, format!("zone '{zone_id}' exists: its priority is set in zones.csv")));
            }
            z
        }
        None => {
            let department = a.department.clone().or(commune.map(|c| c.department.clone()));
            let Some(department) = department else {
                return Err(sc.error(Code::BadValue, &a.span, "add_site: a new zone needs its department".into()));
            };
            let name = a.zone_name.clone().or(commune.map(|c| c.epci_name.clone()));
            ds.zones.push(Zone {
                id: zone_id.clone(),
                name: name.filter(|n| !n.is_empty()).unwrap_or_else(|| format!("Zone {zone_id}")),
                department,
                priority: a.priority.as_ref().map_or(1.0, |p| p.0),
            });
            ds.zones.len() - 1
        }
    };
    let name = a.name.clone().unwrap_or_else(|| match commune {
        Some(c) => format!("Lieu de consultation de {}", c.name),
        None => format!("Site {id}"),
    });
    ds.sites.push(Site {
        id,
        zone,
        name,
        lat,
        lon,
        open_days: a.open_days,
        rooms: a.rooms,
        demand: a.demand,
        beds: a.beds,
        bed_cost_eur: a.bed_cost_eur,
        commune: commune.map(|c| c.name.clone()),
    });
    Ok(())
}

/// Homes to draw from: (commune name, lat, lon) with weights (population), or a disc.
enum Homes {
    Communes(Vec<(String, f64, f64)>, WeightedIndex<u64>),
    Disc { lat: f64, lon: f64, radius_km: f64 },
}

impl Homes {
    fn draw(&self, rng: &mut ChaCha8Rng) -> (String, f64, f64) {
        match self {
            Homes::Communes(list, w) => list[w.sample(rng)].clone(),
            Homes::Disc { lat, lon, radius_km } => {
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

fn homes(sc: &Scenario, g: &AddVolunteers, communes: Option<&Communes>) -> Result<Homes, InputError> {
    let pick = |list: Vec<&super::communes::Commune>| {
        let w = WeightedIndex::new(list.iter().map(|c| c.population.max(1))).ok()?;
        Some(Homes::Communes(list.iter().map(|c| (c.name.clone(), c.lat, c.lon)).collect(), w))
    };
    let missing = || no_communes(sc);
    match &g.area {
        Area::Department(r) => {
            let cs = communes.ok_or_else(missing)?;
            pick(cs.in_department(&r.id)).ok_or_else(|| {
                sc.error(Code::UnknownReference, &r.span, format!("no commune in department '{}'", r.id))
            })
        }
        Area::Around { place, radius_km } => {
            let (lat, lon, centre) = match place {
                Place::Commune(r) => {
                    let c = communes.ok_or_else(missing)?.get(&r.id).ok_or_else(|| {
                        sc.error(Code::UnknownReference, &r.span, format!("unknown INSEE commune code '{}'", r.id))
                    })?;
                    (c.lat, c.lon, Some(c))
                }
                Place::Point { lat, lon } => (*lat, *lon, None),
            };
            let near = communes.map(|cs| cs.within(lat, lon, *radius_km)).unwrap_or_default();
            let near = if near.is_empty() { centre.into_iter().collect() } else { near };
            Ok(pick(near).unwrap_or(Homes::Disc { lat, lon, radius_km: *radius_km }))
        }
    }
}

fn add_volunteers(
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
            sc.error(Code::UnknownReference, &r.span, format!("unknown zone '{}'", r.id))
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
            return Err(sc.error(Code::DuplicateId, &g.span, format!("volunteer '{id}' already exists: choose another prefix")));
        }
        let (town, lat, lon) = homes.draw(rng);
        let overnight = rng.gen::<f64>() < g.overnight;
        let k = rng.gen_range(g.offer_days.0..=g.offer_days.1) as usize;
        let mut offered: Vec<NaiveDate> = pool.choose_multiple(rng, k.min(pool.len())).copied().collect();
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
        });
        ds.availability.extend(offered.into_iter().map(|d| (v, d)));
    }
    Ok(())
}

/// One random draw of the scenario's withdrawals: each volunteer withdraws with probability
/// `volunteer`, each remaining offered day is lost with probability `day`; pins of what is
/// lost go too. Draws one number per volunteer and one per offered day, whatever the
/// outcome, so that a run's draws do not depend on the probabilities' effects.
pub fn draw_dropout(ds: &Dataset, d: &Dropout, rng: &mut ChaCha8Rng) -> Dataset {
    let gone: Vec<bool> = (0..ds.volunteers.len()).map(|_| rng.gen::<f64>() < d.volunteer).collect();
    let mut out = ds.clone();
    out.availability = ds
        .availability
        .iter()
        .filter(|&&(v, _)| {
            let lost = rng.gen::<f64>() < d.day;
            !gone[v] && !lost
        })
        .copied()
        .collect();
    let avail = &out.availability;
    out.pinned.retain(|p, _| avail.contains(&(p.volunteer, p.date)));
    out
}

#[cfg(test)]
#[path = "apply_tests.rs"]
mod tests;
