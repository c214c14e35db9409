//! A France-wide instance: zone facts for N rural intercommunalities spread over the
//! metropolitan regions, derived from the communes file alone (no list of the 151 national
//! zones rouges is public in a usable form; these are plausible stand-ins).
//!
//! Rule: among a region's intercommunalities (EPCI) of 4,000 to 60,000 inhabitants, the
//! *rural* ones are the third whose communes are smallest on average (a relative rule: a
//! Breton commune is larger than a Burgundian one, and both regions have zones rouges). The N
//! zones are shared among the 13 metropolitan regions in proportion to their rural EPCIs
//! (largest remainders), then drawn in each region with the seed. The site is the EPCI's most populous commune (a stand-in for
//! its seat), a "Lieu de consultation".

use super::communes::normalise_insee;
use super::zones::{priority, site_id, zone_id, ZoneFact};
use crate::io::table::Table;
use crate::io::{Code, InputError};
use rand::seq::SliceRandom;
use std::collections::BTreeMap;
use std::path::Path;

/// Overseas regions (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte) are left out:
/// volunteers there cannot drive to the mainland sites, and vice versa.
const OVERSEAS_REGIONS: [&str; 5] = ["01", "02", "03", "04", "06"];

#[derive(Default)]
struct Epci {
    name: String,
    department: String,
    region: String,
    population: u64,
    communes: u32,
    /// (population, insee, name, lat, lon) of its most populous commune.
    seat: Option<(u32, String, String, f64, f64)>,
}

pub fn zones(communes_path: &Path, count: usize, seed: u64) -> Result<Vec<ZoneFact>, InputError> {
    let file = communes_path.display().to_string();
    let table = Table::read(
        communes_path,
        &file,
        &[
            "insee",
            "name",
            "department",
            "region",
            "epci_siren",
            "epci_name",
            "population",
            "lat",
            "lon",
        ],
    )?;
    let mut epcis: BTreeMap<String, Epci> = BTreeMap::new();
    for row in table.rows() {
        let region = row.text("region");
        let siren = row.text("epci_siren");
        if OVERSEAS_REGIONS.contains(&region.as_str()) || siren.len() != 9 {
            continue;
        }
        let pop = row.count("population")?;
        let lat = row.latitude("lat")?;
        let lon = row.longitude("lon")?;
        let e = epcis.entry(siren).or_default();
        if e.name.is_empty() {
            e.name = row.text("epci_name");
            e.department = row.text("department");
            e.region = region;
        }
        e.population += u64::from(pop);
        e.communes += 1;
        if e.seat.as_ref().is_none_or(|s| pop > s.0) {
            e.seat = Some((
                pop,
                normalise_insee(&row.text("insee")),
                row.text("name"),
                lat,
                lon,
            ));
        }
    }
    let mut by_region: BTreeMap<&str, Vec<(&String, &Epci)>> = BTreeMap::new();
    for (siren, e) in &epcis {
        if e.seat.is_some() && (4_000..=60_000).contains(&e.population) {
            by_region
                .entry(e.region.as_str())
                .or_default()
                .push((siren, e));
        }
    }
    let avg = |e: &Epci| e.population as f64 / f64::from(e.communes.max(1));
    for list in by_region.values_mut() {
        list.sort_by(|a, b| avg(a.1).total_cmp(&avg(b.1)).then(a.0.cmp(b.0)));
        list.truncate(list.len().div_ceil(3));
    }
    let available: usize = by_region.values().map(Vec::len).sum();
    if count > available {
        // Fewer zones than asked would change the instance without a word.
        return Err(InputError::new(
            Code::BadArgument,
            "command line",
            format!(
                "--national {count}: {} holds {available} rural intercommunalities \
                 (4,000 to 60,000 inhabitants, the sparsest third of each region); ask for \
                 {available} at most",
                communes_path.display()
            ),
        ));
    }
    let quotas = largest_remainders(&by_region.values().map(Vec::len).collect::<Vec<_>>(), count);
    let mut out = Vec::with_capacity(count);
    for ((region, list), quota) in by_region.iter().zip(quotas) {
        let mut list = list.clone();
        list.shuffle(&mut super::stream(seed, &format!("national:{region}")));
        for (siren, e) in list.into_iter().take(quota) {
            let (_, insee, commune, lat, lon) = e.seat.clone().expect("filtered on seat");
            let population = u32::try_from(e.population).unwrap_or(u32::MAX);
            out.push(ZoneFact {
                zone_id: zone_id(siren),
                name: e.name.clone(),
                department: e.department.clone(),
                population,
                priority: priority(population),
                site_id: site_id(&insee),
                site_name: format!("Lieu de consultation de {commune}"),
                site_commune: commune,
                site_kind: "unknown".into(),
                lat,
                lon,
                region: e.region.clone(),
            });
        }
    }
    out.sort_by(|a, b| a.zone_id.cmp(&b.zone_id));
    Ok(out)
}

/// Splits `total` in proportion to `sizes` (Hamilton's method), never above a size.
fn largest_remainders(sizes: &[usize], total: usize) -> Vec<usize> {
    let sum: usize = sizes.iter().sum();
    if sum == 0 {
        return vec![0; sizes.len()];
    }
    let exact: Vec<f64> = sizes
        .iter()
        .map(|&s| s as f64 * total as f64 / sum as f64)
        .collect();
    let mut q: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - q[b] as f64)
            .total_cmp(&(exact[a] - q[a] as f64))
            .then(a.cmp(&b))
    });
    let mut left = total - q.iter().sum::<usize>();
    for i in order.into_iter().cycle().take(sizes.len() * 2) {
        if left == 0 {
            break;
        }
        if q[i] < sizes[i] {
            q[i] += 1;
            left -= 1;
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_add_up_and_follow_sizes() {
        assert_eq!(largest_remainders(&[10, 20, 30], 6), vec![1, 2, 3]);
        let q = largest_remainders(&[7, 3, 5, 1], 10);
        assert_eq!(q.iter().sum::<usize>(), 10);
        assert!(q.iter().zip([7, 3, 5, 1]).all(|(a, b)| *a <= b));
        assert_eq!(largest_remainders(&[], 3), Vec::<usize>::new());
    }

    #[test]
    fn national_zones_from_the_shared_communes() {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/communes_fr.csv");
        if !path.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "shared/data absent: CI must run this test"
            );
            eprintln!("shared/data absent: skipped");
            return;
        }
        let z = zones(&path, 151, 7).unwrap();
        assert_eq!(z.len(), 151);
        let regions: std::collections::BTreeSet<_> = z.iter().map(|z| z.region.clone()).collect();
        assert_eq!(regions.len(), 13, "{regions:?}");
        let ids: std::collections::BTreeSet<_> = z.iter().map(|z| z.site_id.clone()).collect();
        assert_eq!(ids.len(), 151, "one site per zone, distinct communes");
        assert_eq!(
            zones(&path, 151, 7)
                .unwrap()
                .iter()
                .map(|z| &z.zone_id)
                .collect::<Vec<_>>(),
            z.iter().map(|z| &z.zone_id).collect::<Vec<_>>()
        );
    }
}
