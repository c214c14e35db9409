//! A dense instance built on a dataset's zones and sites, to measure the solvers where every
//! volunteer could work at every site on every day (the worst case for the heuristics'
//! candidate lists and the MIP's size): `dense(base, horizon, n, seed)`.
//!
//! Volunteer i lives near site i mod (number of sites), a few km off drawn from the stream
//! `dense:i` (so each site has commuters as well as stayers), is authorized, accepts
//! overnight stays, may travel 2,000 km (farther than any two points of metropolitan France
//! by road) and offers every day of the horizon. Zones, sites, closures and demand are the
//! base's; its volunteers, offers, pins, distances and history are dropped.

use super::stream;
use crate::model::{Dataset, Horizon, OfferOrigins, Volunteer};
use rand::Rng;

/// Farther than any road trip within metropolitan France: every site is within range.
const DENSE_MAX_KM: f64 = 2_000.0;

/// `base` with `volunteers` volunteers eligible at every site on every day of `horizon`.
pub fn dense(base: &Dataset, horizon: &Horizon, volunteers: usize, seed: u64) -> Dataset {
    let n_sites = base.sites.len();
    let vols: Vec<Volunteer> = (0..volunteers)
        .map(|i| {
            let mut rng = stream(seed, &format!("dense:{i}"));
            // Near a site (about 10 km at most), or at the map's origin if there is none.
            let (lat, lon) = match n_sites {
                0 => (46.0, 3.0),
                n => (base.sites[i % n].lat, base.sites[i % n].lon),
            };
            let zones = match (base.zones.len(), rng.gen_range(0..3)) {
                (0, _) | (_, 0) => Vec::new(),
                (nz, _) => vec![rng.gen_range(0..nz)],
            };
            Volunteer {
                id: format!("D{i:06}"),
                name: format!("Dr Dense {i}"),
                lat: lat + rng.gen_range(-0.08..0.08),
                lon: lon + rng.gen_range(-0.08..0.08),
                authorized: true,
                max_days: 2,
                max_km: DENSE_MAX_KM,
                overnight: true,
                zones,
                contact: Default::default(),
            }
        })
        .collect();
    let availability = (0..volunteers)
        .flat_map(|v| horizon.days().map(move |d| (v, d)))
        .collect();
    Dataset {
        name: format!("{}-dense-{volunteers}", base.name),
        month: horizon.label(),
        description: Some(format!(
            "{volunteers} volunteers eligible at every site of {} on every day (seed {seed}): \
             a stress instance for time limits",
            base.name
        )),
        zones: base.zones.clone(),
        sites: base.sites.clone(),
        volunteers: vols,
        availability,
        closures: base.closures.clone(),
        demand_overrides: base.demand_overrides.clone(),
        pinned: Default::default(),
        distances: Default::default(),
        history: Default::default(),
        offer_origins: OfferOrigins::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Policy;
    use crate::rules::Instance;

    #[test]
    fn every_volunteer_is_a_candidate_at_every_service_day() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/aura-2026-12");
        let base = crate::io::load_dataset(&dir).expect("shipped dataset");
        let horizon = Horizon::parse_month(&base.month).expect("month");
        let ds = dense(&base, &horizon, 40, 7);
        let policy = Policy::default();
        let inst = Instance::new(&ds, &policy, horizon);
        let service_days: usize = (0..ds.sites.len())
            .map(|s| inst.service_days(s).len())
            .sum();
        assert_eq!(inst.candidates().len(), 40 * service_days);
        assert_eq!(dense(&base, &horizon, 40, 7).volunteers, ds.volunteers);
    }
}
