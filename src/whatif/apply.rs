//! Applying a scenario: pure functions from (dataset, policy, scenario) to a new dataset and
//! policy. The deterministic part (`apply`) is done once; the random withdrawals
//! (`draw_dropout`) anew for each run. Randomness comes only from the seed given, so the
//! same seed gives the same datasets.

use super::communes::Communes;
use super::scenario::{AddSite, Dates, Dropout, Place, Ref, Scenario};
use crate::io::error::{Code, InputError};
use crate::model::{Dataset, Horizon, Policy, Site, SiteIdx, Zone};
use crate::rules::Instance;
use chrono::NaiveDate;
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
    /// Sites the scenario adds, closes or whose demand it changes (ids in `dataset`): the
    /// ones whose uncovered days the planner asks "why?" about.
    pub touched_sites: Vec<String>,
    /// Zones holding a site the scenario adds, removes, closes or changes; the others move
    /// only through the optimiser's re-balancing.
    pub touched_zones: Vec<String>,
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
    let mut touched_zones: Vec<String> = Vec::new();
    for r in &sc.remove_sites {
        let s = ds.site_index(&r.id).ok_or_else(|| unknown(r, "site"))?;
        drop_sites.insert(s);
        touched_zones.push(ds.zones[ds.sites[s].zone].id.clone());
    }
    let mut drop_vols = HashSet::new();
    for r in &sc.remove_volunteers {
        drop_vols.insert(
            ds.volunteer_index(&r.id)
                .ok_or_else(|| unknown(r, "volunteer"))?,
        );
    }
    let keep_s: Vec<usize> = (0..ds.sites.len())
        .filter(|s| !drop_sites.contains(s))
        .collect();
    let keep_v: Vec<usize> = (0..ds.volunteers.len())
        .filter(|v| !drop_vols.contains(v))
        .collect();
    let mut out = ds.restrict(&keep_s, &keep_v).dataset;
    let mut touched = Vec::new();
    for a in &sc.add_sites {
        add_site(&mut out, sc, a, communes)?;
        touched.push(out.sites.len() - 1);
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
        touched.push(s);
        out.closures
            .extend(days(&c.dates).into_iter().map(|d| (s, d)));
    }
    for d in &sc.demand {
        let s = site(&out, &d.site)?;
        touched.push(s);
        if d.demand > out.sites[s].rooms {
            return Err(sc.error(
                Code::OutOfRange,
                &d.span,
                format!(
                    "demand {} is more than the {} room(s) of site {}",
                    d.demand, out.sites[s].rooms, d.site.id
                ),
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
        super::volunteers::add(&mut out, sc, g, communes, horizon, &mut rng)?;
    }
    let notes = drop_broken_pins(&mut out, &policy, horizon);
    touched.sort_unstable();
    touched.dedup();
    for &s in &touched {
        touched_zones.push(out.zones[out.sites[s].zone].id.clone());
    }
    let mut seen = HashSet::new();
    touched_zones.retain(|z| seen.insert(z.clone()));
    Ok(Applied {
        touched_sites: touched.iter().map(|&s| out.sites[s].id.clone()).collect(),
        touched_zones,
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

pub(super) fn no_communes(sc: &Scenario) -> InputError {
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
            let c = communes
                .ok_or_else(|| no_communes(sc))?
                .get(&r.id)
                .ok_or_else(|| {
                    sc.error(
                        Code::UnknownReference,
                        &r.span,
                        format!("unknown INSEE commune code '{}'", r.id),
                    )
                })?;
            (Some(c), c.lat, c.lon)
        }
        Place::Point { lat, lon } => (None, *lat, *lon),
    };
    let id = match (&a.id, commune) {
        (Some(r), _) => r.id.clone(),
        (None, Some(c)) => format!("S{}", c.insee),
        (None, None) => {
            return Err(sc.error(
                Code::BadValue,
                &a.span,
                "add_site: a site placed by lat/lon needs an id".into(),
            ))
        }
    };
    if ds.site_index(&id).is_some() {
        let span = a.id.as_ref().map_or(&a.span, |r| &r.span);
        return Err(sc.error(
            Code::DuplicateId,
            span,
            format!("site '{id}' already exists"),
        ));
    }
    let zone_id = match (&a.zone, commune) {
        (Some(r), _) => r.id.clone(),
        (None, Some(c)) if !c.epci_siren.is_empty() => format!("Z{}", c.epci_siren),
        _ => {
            return Err(sc.error(
                Code::BadValue,
                &a.span,
                "add_site: give its zone (an existing zone id or a new one)".into(),
            ))
        }
    };
    let zone = match ds.zone_index(&zone_id) {
        Some(z) => {
            if let Some((_, span)) = &a.priority {
                return Err(sc.error(
                    Code::BadValue,
                    span,
                    format!("zone '{zone_id}' exists: its priority is set in zones.csv"),
                ));
            }
            z
        }
        None => {
            let department = a
                .department
                .clone()
                .or(commune.map(|c| c.department.clone()));
            let Some(department) = department else {
                return Err(sc.error(
                    Code::BadValue,
                    &a.span,
                    "add_site: a new zone needs its department".into(),
                ));
            };
            let name = a.zone_name.clone().or(commune.map(|c| c.epci_name.clone()));
            ds.zones.push(Zone {
                id: zone_id.clone(),
                name: name
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| format!("Zone {zone_id}")),
                department,
                priority: a.priority.as_ref().map_or(1.0, |p| p.0),
                source_status: None,
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
        contact: Default::default(),
    });
    Ok(())
}

/// One random draw of the scenario's withdrawals: each volunteer withdraws with probability
/// `volunteer`, each remaining offered day is lost with probability `day`; pins of what is
/// lost go too. Draws one number per volunteer and one per offered day, whatever the
/// outcome, so that a run's draws do not depend on the probabilities' effects.
pub fn draw_dropout(ds: &Dataset, d: &Dropout, rng: &mut ChaCha8Rng) -> Dataset {
    let gone: Vec<bool> = (0..ds.volunteers.len())
        .map(|_| rng.gen::<f64>() < d.volunteer)
        .collect();
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
    out.pinned
        .retain(|p, _| avail.contains(&(p.volunteer, p.date)));
    out
}

#[cfg(test)]
mod tests;
