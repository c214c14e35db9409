//! The communes file (shape of `shared/data/communes_fr.csv`) and the population-weighted
//! draw of volunteers' home communes.

use crate::io::{Code, InputError};
use rand::Rng;
use std::collections::BTreeSet;

pub use crate::io::communes::{Commune, Communes};

/// The columns the generator needs beyond the communes file's required ones: who lives near
/// which site.
pub const NEEDS: [&str; 2] = ["region", "population"];

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
                ..Commune::default()
            })
            .collect();
        Communes::new(list)
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
}
