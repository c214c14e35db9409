//! Rule: km(v, s) and commuter / stayer (contract §4).

use crate::model::{Dataset, Policy, SiteIdx, VolIdx};
use geo::{Distance, Haversine, Point};

/// Great-circle distance in km on a sphere of radius 6371.0088 km (geo's mean Earth radius).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    Haversine::distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}

/// Road km between a volunteer's home and a site: the `distances.csv` value when present,
/// else great-circle km × road_factor.
pub fn road_km(ds: &Dataset, policy: &Policy, v: VolIdx, s: SiteIdx) -> f64 {
    if let Some(&km) = ds.distances.get(&(v, s)) {
        return km;
    }
    let (vol, site) = (&ds.volunteers[v], &ds.sites[s]);
    great_circle_km(vol.lat, vol.lon, site.lat, site.lon) * policy.rules.road_factor
}

/// A stayer sleeps near the site the night before each day worked there.
pub fn is_stayer(km: f64, policy: &Policy) -> bool {
    km > policy.rules.commute_km
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_lyon_great_circle() {
        // Notre-Dame de Paris to Lyon Bellecour: about 392 km as the crow flies.
        let km = great_circle_km(48.8530, 2.3499, 45.7578, 4.8320);
        assert!((km - 391.9).abs() < 1.0, "{km}");
    }

    #[test]
    fn same_point_is_zero() {
        assert_eq!(great_circle_km(45.0, 3.0, 45.0, 3.0), 0.0);
    }

    #[test]
    fn matches_the_contract_formula() {
        // The contract's formula written out, radius 6371.0088 km.
        let (lat1, lon1, lat2, lon2) = (46.3437f64, 2.6061f64, 44.5421f64, 4.2924f64);
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let dp = p2 - p1;
        let dl = (lon2 - lon1).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        let want = 2.0 * 6371.0088 * a.sqrt().asin();
        assert!((great_circle_km(lat1, lon1, lat2, lon2) - want).abs() < 1e-9);
    }

    #[test]
    fn stayer_is_strictly_beyond_commute_km() {
        let p = Policy::default();
        assert!(!is_stayer(60.0, &p));
        assert!(is_stayer(60.0001, &p));
    }
}
