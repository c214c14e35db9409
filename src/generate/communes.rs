//! The communes file (shape of `shared/data/communes_fr.csv`) and the population-weighted
//! draw of volunteers' home communes.

use crate::io::table::Table;
use crate::io::{Code, InputError};
use rand::Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One commune: what the generator needs of it.
#[derive(Debug, Clone)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub region: String,
    pub population: u32,
    pub lat: f64,
    pub lon: f64,
}

/// All communes, looked up by INSEE code.
#[derive(Debug)]
pub struct Communes {
    pub list: Vec<Commune>,
    by_insee: BTreeMap<String, usize>,
}

/// An INSEE code as the communes file spells it. A spreadsheet that took the code for a
/// number drops its leading zero (`3185` for Montluçon's `03185`): put it back.
pub fn normalise_insee(code: &str) -> String {
    let code = code.trim();
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{code}")
    } else {
        code.to_owned()
    }
}

impl Communes {
    pub const REQUIRED: [&'static str; 6] = ["insee", "name", "region", "population", "lat", "lon"];

    /// Reads the communes file; every row must be valid (a bad row is an error, not skipped:
    /// a silently dropped commune would silently change the draw).
    pub fn read(path: &Path) -> Result<Communes, InputError> {
        let table = Table::read(path, &path.display().to_string(), &Self::REQUIRED)?;
        let mut list = Vec::with_capacity(table.len());
        let mut by_insee = BTreeMap::new();
        for row in table.rows() {
            let insee = normalise_insee(&row.id("insee")?);
            let region = row.id("region")?;
            let population = row.count("population")?;
            let lat = row.latitude("lat")?;
            let lon = row.longitude("lon")?;
            if let Some(first) = by_insee.insert(insee.clone(), list.len()) {
                let first_line = table.rows().nth(first).map(|r| r.line).unwrap_or(0);
                return Err(row.error(
                    Code::DuplicateId,
                    "insee",
                    format!("'{insee}' is already on line {first_line}"),
                ));
            }
            list.push(Commune {
                insee,
                name: row.text("name"),
                region,
                population,
                lat,
                lon,
            });
        }
        Ok(Communes { list, by_insee })
    }

    pub fn get(&self, insee: &str) -> Option<&Commune> {
        self.by_insee
            .get(&normalise_insee(insee))
            .map(|&i| &self.list[i])
    }
}

/// Draws communes with probability proportional to their population, among the communes of
/// some regions. Integer cumulative weights and a binary search: exact and portable.
#[derive(Debug)]
pub struct HomeSampler {
    /// Indices into `Communes::list`, in file order.
    index: Vec<usize>,
    /// `cumulative[i]` = population of `index[0..=i]`.
    cumulative: Vec<u64>,
}

impl HomeSampler {
    /// `zones_file` names the file the regions came from, for the error when they hold nobody.
    pub fn new<'r>(
        communes: &Communes,
        regions: impl IntoIterator<Item = &'r str>,
        zones_file: &str,
    ) -> Result<HomeSampler, InputError> {
        let regions: BTreeSet<&str> = regions.into_iter().collect();
        let mut index = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        for (i, c) in communes.list.iter().enumerate() {
            if c.population > 0 && regions.contains(c.region.as_str()) {
                total += u64::from(c.population);
                index.push(i);
                cumulative.push(total);
            }
        }
        if total == 0 {
            let names = regions.iter().copied().collect::<Vec<_>>().join(", ");
            return Err(InputError::new(
                Code::MalformedFile,
                zones_file,
                format!(
                    "the sites' regions ({names}) have no commune with a population: no home to draw volunteers from"
                ),
            ));
        }
        Ok(HomeSampler { index, cumulative })
    }

    /// Index into `Communes::list` of a drawn home commune.
    pub fn draw(&self, rng: &mut impl Rng) -> usize {
        // `new` guarantees a positive total, hence a non-empty `cumulative`.
        let total = self.cumulative.last().copied().unwrap_or(1);
        let r = rng.gen_range(0..total);
        let k = self.cumulative.partition_point(|&c| c <= r);
        self.index[k.min(self.index.len() - 1)]
    }

    /// How many communes can be drawn.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.index.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn communes(rows: &[(&str, &str, u32)]) -> Communes {
        let list: Vec<Commune> = rows
            .iter()
            .map(|&(insee, region, population)| Commune {
                insee: insee.into(),
                name: insee.into(),
                region: region.into(),
                population,
                lat: 45.0,
                lon: 3.0,
            })
            .collect();
        let by_insee = list
            .iter()
            .enumerate()
            .map(|(i, c)| (c.insee.clone(), i))
            .collect();
        Communes { list, by_insee }
    }

    #[test]
    fn draws_follow_population_within_regions() {
        let c = communes(&[
            ("01001", "84", 100),
            ("75056", "11", 1_000_000),
            ("01002", "84", 300),
            ("01003", "84", 0),
        ]);
        let s = HomeSampler::new(&c, ["84"], "z.csv").unwrap();
        assert_eq!(s.len(), 2);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let mut counts = [0usize; 4];
        for _ in 0..4000 {
            counts[s.draw(&mut rng)] += 1;
        }
        assert_eq!(
            (counts[1], counts[3]),
            (0, 0),
            "other region and empty commune never drawn"
        );
        let share = counts[2] as f64 / 4000.0;
        assert!((share - 0.75).abs() < 0.03, "{share}");
    }

    #[test]
    fn empty_regions_are_an_error() {
        let c = communes(&[("01001", "84", 0)]);
        let e = HomeSampler::new(&c, ["84"], "z.csv").unwrap_err();
        assert_eq!(e.at.file, "z.csv");
    }

    #[test]
    fn leading_zero_is_restored() {
        assert_eq!(normalise_insee("3185"), "03185");
        assert_eq!(normalise_insee("2A004"), "2A004");
        assert_eq!(normalise_insee("63113"), "63113");
    }
}
