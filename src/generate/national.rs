//! A France-wide instance: N zones over the regions, from the zones rouges that public
//! sources name first, then illustrative ones chosen by rule from the communes file.
//!
//! - **Named zones** (`--named-zones`, shape of `shared/data/zones_rouges_fr.csv`): every
//!   confirmed or inferred zone, metropolitan or overseas, with its consultation site where
//!   the sources name one (at that commune's point, with its name and kind). Zones whose
//!   sources conflict are left out, and never drawn as illustrative ones either.
//! - **Stated totals** (`--regional-totals`): a region (or a group of regions, such as the
//!   overseas ones) the sources give a total for is completed to that total with illustrative
//!   zones drawn among its own intercommunalities; the other metropolitan regions share what
//!   is left of N in proportion to their rural intercommunalities.
//! - **Illustrative zones**, the rule: among a region's intercommunalities (EPCI) of 4,000 to
//!   60,000 inhabitants, the *rural* ones are the third whose communes are smallest on average
//!   (a relative rule: a Breton commune is larger than a Burgundian one, and both regions have
//!   zones rouges); a region's quota is drawn among them with the seed. The site is the EPCI's
//!   most populous commune (a stand-in for its seat), a "Lieu de consultation".
//!
//! Every zone carries its status (`confirmed`, `inferred`, `illustrative`). Without a named
//! file, the N zones are all illustrative, over the 13 metropolitan regions.

use super::communes::Communes;
use super::national_named::{self as named, Named, Total};
use super::zones::{priority, site_id, zone_id, SourceStatus, ZoneFact};
use crate::io::{Code, InputError};
use rand::seq::SliceRandom;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Overseas regions (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte): illustrative zones
/// are drawn there only for a stated total that names them (volunteers there cannot drive to
/// the mainland sites, and vice versa, so they form instances of their own).
const OVERSEAS_REGIONS: [&str; 5] = ["01", "02", "03", "04", "06"];

/// Where the zones come from, beside the communes file.
#[derive(Debug, Clone, Default)]
pub struct NationalSources<'a> {
    /// The zones public sources name (`zones_rouges_fr.csv`).
    pub named: Option<&'a Path>,
    /// The regional totals the sources state.
    pub totals: Option<&'a Path>,
}

#[derive(Default)]
struct Epci {
    name: String,
    department: String,
    region: String,
    population: u64,
    /// Indices of its communes in the communes list, in file order.
    communes: Vec<usize>,
    /// Its most populous commune (the first in file order among equals).
    seat: usize,
}

pub fn zones(
    communes: &Communes,
    communes_file: &str,
    count: usize,
    seed: u64,
    sources: &NationalSources,
) -> Result<Vec<ZoneFact>, InputError> {
    let epcis = epcis(communes);
    let members = |siren: &str| epcis.get(siren).map(|e| e.communes.as_slice());
    let named = match sources.named {
        Some(path) => named::read(path, &communes.list, members)?,
        None => Named::default(),
    };
    let totals = match sources.totals {
        Some(path) => named::read_totals(path, &communes.list)?,
        None => Vec::new(),
    };
    // Regions with a stated total: their illustrative zones are drawn apart.
    let stated: BTreeSet<&str> = totals
        .iter()
        .flat_map(|t| t.regions.iter().map(String::as_str))
        .collect();
    let rural = rural(&epcis, &named.listed, &stated);
    let units = quotas(&named, &totals, &stated, &rural, count, communes_file)?;

    let mut out: Vec<ZoneFact> = named
        .zones
        .iter()
        .map(|z| named_zone(communes, &epcis[&z.siren], z))
        .collect();
    for unit in units {
        let mut pool: Vec<&String> = unit
            .regions
            .iter()
            .flat_map(|r| rural.get(r.as_str()).into_iter().flatten().copied())
            .collect();
        pool.shuffle(&mut super::stream(
            seed,
            &format!("national:{}", unit.label),
        ));
        for siren in pool.into_iter().take(unit.quota) {
            out.push(zone_at(communes, siren, &epcis[siren], epcis[siren].seat));
        }
    }
    out.sort_by(|a, b| a.zone_id.cmp(&b.zone_id));
    Ok(out)
}

/// The intercommunalities of the communes file, by SIREN.
fn epcis(communes: &Communes) -> BTreeMap<String, Epci> {
    let mut epcis: BTreeMap<String, Epci> = BTreeMap::new();
    for (i, c) in communes.list.iter().enumerate() {
        if c.epci_siren.len() != 9 {
            continue;
        }
        let e = epcis.entry(c.epci_siren.clone()).or_default();
        if e.communes.is_empty() {
            e.name.clone_from(&c.epci_name);
            e.department.clone_from(&c.department);
            e.region.clone_from(&c.region);
            e.seat = i;
        }
        e.population += u64::from(c.population);
        if c.population > communes.list[e.seat].population {
            e.seat = i;
        }
        e.communes.push(i);
    }
    epcis
}

/// Per region code, the SIRENs of its rural intercommunalities not listed in the named file,
/// sparsest first. Metropolitan regions, and overseas ones a stated total names.
fn rural<'e>(
    epcis: &'e BTreeMap<String, Epci>,
    listed: &BTreeSet<String>,
    stated: &BTreeSet<&str>,
) -> BTreeMap<&'e str, Vec<&'e String>> {
    let mut by_region: BTreeMap<&str, Vec<(&String, &Epci)>> = BTreeMap::new();
    for (siren, e) in epcis {
        let region = e.region.as_str();
        let drawn_from = !OVERSEAS_REGIONS.contains(&region) || stated.contains(region);
        if drawn_from && (4_000..=60_000).contains(&e.population) {
            by_region.entry(region).or_default().push((siren, e));
        }
    }
    let avg = |e: &Epci| e.population as f64 / e.communes.len().max(1) as f64;
    by_region
        .into_iter()
        .map(|(region, mut list)| {
            list.sort_by(|a, b| avg(a.1).total_cmp(&avg(b.1)).then(a.0.cmp(b.0)));
            list.truncate(list.len().div_ceil(3));
            let list = list
                .into_iter()
                .map(|(s, _)| s)
                .filter(|s| !listed.contains(*s))
                .collect();
            (region, list)
        })
        .collect()
}

/// Illustrative zones to draw among some regions' rural intercommunalities. The label keys
/// the draw's random stream: a region's code, so that its draw depends on its quota alone.
struct Unit {
    label: String,
    regions: Vec<String>,
    quota: usize,
}

/// How many illustrative zones each region (or group with a stated total) gets: a group its
/// total less the zones named in it; the other regions what is left of `count`, in proportion
/// to their rural intercommunalities (largest remainders).
fn quotas(
    named: &Named,
    totals: &[Total],
    stated: &BTreeSet<&str>,
    rural: &BTreeMap<&str, Vec<&String>>,
    count: usize,
    communes_file: &str,
) -> Result<Vec<Unit>, InputError> {
    let bad = |message: String| InputError::new(Code::BadArgument, "command line", message);
    let available = |regions: &[String]| -> usize {
        regions
            .iter()
            .map(|r| rural.get(r.as_str()).map_or(0, Vec::len))
            .sum()
    };
    let mut units = Vec::new();
    let mut placed = named.zones.len();
    for t in totals {
        let in_group = named
            .zones
            .iter()
            .filter(|z| t.regions.contains(&z.region))
            .count();
        let need = t.total.checked_sub(in_group).ok_or_else(|| {
            bad(format!(
                "{}: the sources state {} zones, but the named zones file lists {in_group} there",
                t.label, t.total
            ))
        })?;
        let regions: Vec<String> = t.regions.iter().cloned().collect();
        let available = available(&regions);
        if need > available {
            return Err(bad(format!(
                "{}: {need} illustrative zones wanted, but {communes_file} holds {available} \
                 rural intercommunalities there",
                t.label
            )));
        }
        let label = match regions.as_slice() {
            [one] => one.clone(),
            _ => t.label.clone(),
        };
        units.push(Unit {
            label,
            regions,
            quota: need,
        });
        placed += need;
    }
    let rest = count.checked_sub(placed).ok_or_else(|| {
        bad(format!(
            "--national {count}: the named zones and stated totals already make {placed} zones; \
             ask for {placed} at least"
        ))
    })?;
    let open: Vec<(&str, usize)> = rural
        .iter()
        .filter(|(r, _)| !stated.contains(**r))
        .map(|(r, list)| (*r, list.len()))
        .collect();
    let pool: usize = open.iter().map(|(_, n)| n).sum();
    if rest > pool {
        // Fewer zones than asked would change the instance without a word.
        return Err(bad(format!(
            "--national {count}: {communes_file} holds {pool} more rural intercommunalities \
             (4,000 to 60,000 inhabitants, the sparsest third of each region) where no total is \
             stated; ask for {} at most",
            placed + pool
        )));
    }
    let sizes: Vec<usize> = open.iter().map(|(_, n)| *n).collect();
    for ((region, _), quota) in open.iter().zip(largest_remainders(&sizes, rest)) {
        units.push(Unit {
            label: (*region).to_owned(),
            regions: vec![(*region).to_owned()],
            quota,
        });
    }
    Ok(units)
}

fn named_zone(communes: &Communes, e: &Epci, z: &named::NamedZone) -> ZoneFact {
    let (commune, site_name, kind) = match &z.site {
        Some(s) => (s.commune, s.name.clone(), s.kind.clone()),
        None => {
            let name = &communes.list[e.seat].name;
            (
                e.seat,
                format!("Lieu de consultation de {name}"),
                "unknown".into(),
            )
        }
    };
    let department = Some(z.department.clone())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| e.department.clone());
    ZoneFact {
        name: z.name.clone(),
        department,
        site_name,
        site_kind: kind,
        source_status: Some(z.status),
        region: z.region.clone(),
        ..zone_at(communes, &z.siren, e, commune)
    }
}

/// An illustrative zone for the EPCI with its site at `commune`.
fn zone_at(communes: &Communes, siren: &str, e: &Epci, commune: usize) -> ZoneFact {
    let c = &communes.list[commune];
    let population = u32::try_from(e.population).unwrap_or(u32::MAX);
    ZoneFact {
        zone_id: zone_id(siren),
        name: e.name.clone(),
        department: e.department.clone(),
        population,
        priority: priority(population),
        site_id: site_id(&c.insee),
        site_name: format!("Lieu de consultation de {}", c.name),
        site_commune: c.name.clone(),
        site_kind: "unknown".into(),
        lat: c.lat,
        lon: c.lon,
        region: e.region.clone(),
        source_status: Some(SourceStatus::Illustrative),
    }
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
mod tests;
