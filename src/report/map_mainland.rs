//! Which sites the map draws: a national dataset's overseas sites (Guadeloupe, Guyane,
//! Mayotte) lie thousands of km from the mainland, and one projection holding both would
//! shrink the mainland to a dot. The map draws the main group of sites and lists the others
//! beside it, each with its coverage colour.

use crate::rules::distance::great_circle_km;
use serde::Serialize;

/// Farther than this from the sites' median point, a site is off the map. Metropolitan
/// France spans about 1,000 km (Corsica lies 700 km from its middle); its nearest overseas
/// region, Guadeloupe, is 6,700 km away.
const MAINLAND_KM: f64 = 1_500.0;

/// A site the map lists instead of drawing.
#[derive(Debug, Clone, Serialize)]
pub struct MapAway {
    pub label: String,
    pub colour: String,
    pub title: String,
}

/// The sites and homes the map draws, by index: None when every site is on the map (then it
/// draws every home too, as it always has).
pub struct Mainland {
    pub sites: Vec<bool>,
    pub homes: Vec<bool>,
}

/// None when every site is within [`MAINLAND_KM`] of the sites' median point. Points are
/// (lat, lon).
pub fn mainland(sites: &[(f64, f64)], homes: &[(f64, f64)]) -> Option<Mainland> {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let lat = median(
        sites
            .iter()
            .map(|p| p.0)
            .filter(|x| x.is_finite())
            .collect(),
    )?;
    let lon = median(
        sites
            .iter()
            .map(|p| p.1)
            .filter(|x| x.is_finite())
            .collect(),
    )?;
    let near = |&(la, lo): &(f64, f64)| {
        !(la.is_finite() && lo.is_finite()) || great_circle_km(lat, lon, la, lo) <= MAINLAND_KM
    };
    let sites: Vec<bool> = sites.iter().map(near).collect();
    if sites.iter().all(|&n| n) {
        return None;
    }
    let homes = homes.iter().map(near).collect();
    Some(Mainland { sites, homes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overseas_sites_are_off_the_mainland_map() {
        let mut sites = vec![(45.7, 3.1), (48.1, -3.0), (16.3, -61.6)];
        let homes = [(16.2, -61.5), (45.0, 3.0)];
        let m = mainland(&sites, &homes).expect("Guadeloupe is off the map");
        assert_eq!(m.sites, vec![true, true, false]);
        assert_eq!(m.homes, vec![false, true]);
        sites.pop();
        assert!(
            mainland(&sites, &homes).is_none(),
            "a region's sites are all on the map"
        );
    }
}
