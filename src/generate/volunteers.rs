//! Synthetic volunteers: a home in a real commune, a name, and limits.
//!
//! Distances here only shape plausibility (who prefers which zone, who accepts a night away);
//! they use the contract's default road factor and commute limit, as a planner would with
//! the default policy.

use super::communes::{Communes, HomeSampler};
use super::zones::ZoneFact;
use super::{names, pick_weighted, round_to, stream};
use crate::io::volunteer_row::VolunteerRow;
use crate::model::Policy;
use crate::model::{Contact, Volunteer};
use crate::rules::distance::great_circle_km;
use rand::Rng;
use std::collections::BTreeSet;

/// Share of volunteers still awaiting their CDOM authorisation.
const UNAUTHORISED: f64 = 0.1;
/// Share of volunteers who chose their radius knowing where the zones are: their `max_km`
/// reaches at least the nearest site. The others said a round figure regardless, and some of
/// them cannot reach any site, as happens with real sign-ups.
const AWARE_OF_ZONES: f64 = 0.9;
/// Chance of accepting a night away, for a volunteer whose nearest site is within commuting
/// distance (little need) and for one whose nearest site is beyond (who volunteered knowing a
/// vacation means a night away). Overall about 40 % in a region like AuRA.
const OVERNIGHT_NEAR: f64 = 0.05;
const OVERNIGHT_FAR: f64 = 0.6;
/// Share of volunteers with no zone preference.
const NO_PREFERENCE: f64 = 0.4;
/// Scale (road km) of the preference for near zones: a zone 50 km further is e^-1 as likely.
const PREFERENCE_KM: f64 = 50.0;
/// Largest jitter of a home around its commune's point, km (below 2 km: still that commune's
/// neighbourhood, but two doctors of one town do not share a point).
const JITTER_KM: f64 = 1.9;
const KM_PER_DEGREE: f64 = 111.195;

/// Draws `n` volunteers `V0001`..; volunteer i's draws depend only on the seed, i, and the
/// names taken before it.
pub fn draw_all(
    seed: u64,
    n: usize,
    communes: &Communes,
    homes: &HomeSampler,
    zones: &[ZoneFact],
) -> Vec<VolunteerRow> {
    let rules = Policy::default().rules;
    let mut taken = BTreeSet::new();
    let mut out = Vec::with_capacity(n);
    for i in 1..=n {
        let mut rng = stream(seed, &format!("volunteer:{i}"));
        let home = &communes.list[homes.draw(&mut rng)];
        let (lat, lon) = jitter(&mut rng, home.lat, home.lon);
        let name = names::draw(&mut rng, &taken);
        taken.insert(name.clone());

        let authorized = !rng.gen_bool(UNAUTHORISED);
        // Mostly 2, the national cap; a few give only 1, some would give 3 (the cap still applies).
        let max_days = [1, 2, 3][pick_weighted(&mut rng, &[0.05, 0.75, 0.2]).unwrap_or(1)];

        let km: Vec<f64> = zones
            .iter()
            .map(|z| great_circle_km(lat, lon, z.lat, z.lon) * rules.road_factor)
            .collect();
        let nearest = km.iter().copied().fold(f64::INFINITY, f64::min);
        let overnight = rng.gen_bool(if nearest <= rules.commute_km {
            OVERNIGHT_NEAR
        } else {
            OVERNIGHT_FAR
        });
        let max_km = draw_max_km(&mut rng, nearest);
        let preferred = draw_preferences(&mut rng, &km, zones);

        out.push(VolunteerRow {
            volunteer: Volunteer {
                id: format!("V{i:04}"),
                name,
                lat,
                lon,
                authorized,
                max_days,
                max_km,
                overnight,
                zones: preferred,
                contact: Contact {
                    email: None,
                    phone: None,
                    address: None,
                },
            },
            home_commune: Some(home.name.clone()),
            home_insee: Some(home.insee.clone()),
        });
    }
    out
}

/// A point less than [`JITTER_KM`] from (lat, lon), uniform over the disc, rounded as written.
fn jitter(rng: &mut impl Rng, lat: f64, lon: f64) -> (f64, f64) {
    let r = JITTER_KM * rng.gen::<f64>().sqrt();
    let theta = rng.gen::<f64>() * std::f64::consts::TAU;
    let dlat = r * theta.cos() / KM_PER_DEGREE;
    let dlon = r * theta.sin() / (KM_PER_DEGREE * lat.to_radians().cos().max(0.01));
    (
        round_to((lat + dlat).clamp(-90.0, 90.0), 5),
        round_to((lon + dlon).clamp(-180.0, 180.0), 5),
    )
}

/// `max_km` between 40 and 250, a multiple of 5: 15 % short (40–80), 65 % medium (80–180),
/// 20 % long (180–250). A volunteer aware of the zones stretches it 20–100 km beyond the
/// nearest site (capped at 250), so as to reach that site and often a neighbour: a radius
/// that reaches only the nearest site would pile every volunteer of a city on one site.
fn draw_max_km(rng: &mut impl Rng, nearest: f64) -> f64 {
    let (lo, hi) =
        [(8, 16), (16, 36), (36, 50)][pick_weighted(rng, &[0.15, 0.65, 0.2]).unwrap_or(1)];
    let mut max_km = f64::from(rng.gen_range(lo..=hi) * 5);
    if rng.gen_bool(AWARE_OF_ZONES) && max_km < nearest && nearest <= 250.0 {
        let margin = f64::from(rng.gen_range(4..=20) * 5);
        max_km = ((nearest + margin) / 5.0).ceil().min(50.0) * 5.0;
    }
    max_km
}

/// None for 40 %; else 1 (45 %), 2 (35 %) or 3 (20 %) zones drawn without replacement, each
/// with weight e^-(km − nearest)/50: mostly the nearest zones. Returned nearest first.
fn draw_preferences(rng: &mut impl Rng, km: &[f64], zones: &[ZoneFact]) -> Vec<String> {
    if rng.gen_bool(NO_PREFERENCE) {
        return Vec::new();
    }
    let k = [1, 2, 3][pick_weighted(rng, &[0.45, 0.35, 0.2]).unwrap_or(0)].min(zones.len());
    let nearest = km.iter().copied().fold(f64::INFINITY, f64::min);
    let mut weights: Vec<f64> = km
        .iter()
        .map(|d| (-(d - nearest) / PREFERENCE_KM).exp())
        .collect();
    let mut chosen = Vec::with_capacity(k);
    for _ in 0..k {
        match pick_weighted(rng, &weights) {
            Some(z) => {
                weights[z] = 0.0;
                chosen.push(z);
            }
            None => break,
        }
    }
    chosen.sort_by(|&a, &b| km[a].total_cmp(&km[b]).then(a.cmp(&b)));
    chosen
        .into_iter()
        .map(|z| zones[z].zone_id.clone())
        .collect()
}

/// Adds `n` partners: each copies a distinct volunteer drawn at random (same practice: home,
/// limits, preferences and offered dates), with the next id and a name of their own.
/// Doctors of one practice volunteering together are the planner's identical volunteers:
/// they can swap their whole schedules without changing anything the contract measures.
pub fn add_partners(
    seed: u64,
    n: usize,
    vols: &mut Vec<VolunteerRow>,
    offers: &mut Vec<Vec<chrono::NaiveDate>>,
) {
    let first = vols.len();
    let mut taken: BTreeSet<String> = vols.iter().map(|v| v.volunteer.name.clone()).collect();
    let mut rng = stream(seed, "partners");
    let mut pool: Vec<usize> = (0..first).collect();
    for i in 0..n.min(first) {
        let pick = pool.swap_remove(rng.gen_range(0..pool.len()));
        let mut partner = vols[pick].clone();
        partner.volunteer.id = format!("V{:04}", first + i + 1);
        partner.volunteer.name = names::draw(&mut rng, &taken);
        taken.insert(partner.volunteer.name.clone());
        vols.push(partner);
        offers.push(offers[pick].clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn jitter_stays_within_two_km() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        for _ in 0..1000 {
            let (lat, lon) = jitter(&mut rng, 45.5, 3.5);
            assert!(great_circle_km(45.5, 3.5, lat, lon) < 2.0);
        }
    }

    #[test]
    fn max_km_in_range_and_round() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        for nearest in [10.0, 70.0, 140.0, 248.0, 400.0] {
            for _ in 0..500 {
                let m = draw_max_km(&mut rng, nearest);
                assert!((40.0..=250.0).contains(&m), "{m}");
                assert_eq!(m % 5.0, 0.0);
            }
        }
    }
}
