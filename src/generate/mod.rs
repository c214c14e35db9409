//! Synthetic datasets from real zone/site facts and real communes (`renfort generate`).
//!
//! What is real and what is drawn:
//! - zones and their one consultation site (name, commune, point) come from a zones file
//!   shaped like `shared/data/aura_zones.csv`; a zone's priority is derived from its
//!   population (see `zones::priority`);
//! - site settings (opening days, rooms, demand, beds, bed cost) are drawn, plausibly for the
//!   site's kind (see `sites.rs`);
//! - volunteers live in real communes of the sites' regions, drawn with probability
//!   proportional to population (see `communes.rs`, `volunteers.rs`); their names, limits,
//!   preferences and offered days are drawn.
//!
//! Determinism: the same options give the same bytes. Every draw comes from a ChaCha8 stream
//! keyed by the seed and a *label* (`site:Z…`, `volunteer:7`, ...), never from iteration over
//! a hash map. One stream per thing means a thing's draws do not depend on the others: adding
//! a zone leaves the other sites' settings alone, and asking for 200 volunteers instead of 150
//! keeps the first 150 as they were. Each stream is `ChaCha8Rng::seed_from_u64` of the seed
//! mixed with the label (see `stream`).

mod availability;
mod communes;
mod dense;
mod files;
mod names;
mod national;
mod national_named;
pub mod next;

pub use dense::dense;
mod sites;
mod volunteers;
mod zones;

#[cfg(test)]
mod tests;

use crate::model::Horizon;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::PathBuf;

/// What `renfort generate` asks for.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Where the zones and their sites come from.
    pub zones: ZoneSource,
    /// A CSV with the shape of `shared/data/communes_fr.csv`.
    pub communes: PathBuf,
    pub volunteers: usize,
    /// Volunteers who come with a partner from the same practice: same home, limits,
    /// preferences and offered dates (added after the `volunteers`).
    pub partners: usize,
    /// The first month drawn (dataset.toml's `month`).
    pub horizon: Horizon,
    /// How many consecutive months of offers and closures, from `horizon` on (a quarter: 3).
    /// Each month after the first is drawn from a stream of its own, as `next` draws it, so
    /// the first month's offers are those of the one-month dataset.
    pub months: usize,
    pub seed: u64,
    /// Dataset name written to dataset.toml.
    pub name: String,
}

/// Where a generated dataset's zones come from.
#[derive(Debug, Clone)]
pub enum ZoneSource {
    /// A CSV with the shape of `shared/data/aura_zones.csv`.
    File(PathBuf),
    /// This many zones across France (see `national.rs`): the zones public sources name
    /// first, when given, then regions completed to their stated totals, then illustrative
    /// rural intercommunalities of the metropolitan regions drawn from the communes file.
    National {
        count: usize,
        /// The named zones (shape of `shared/data/zones_rouges_fr.csv`).
        named: Option<PathBuf>,
        /// The regional totals (shape of `datasets/sources/zones_rouges_totals.csv`).
        totals: Option<PathBuf>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// A source file is missing or wrong; the error names the file, line and column.
    #[error("{0}")]
    Input(#[from] crate::io::InputError),
    /// Serialising a generated file in memory failed. Not expected to happen (the writers
    /// write into a `Vec`), but reported rather than panicking.
    #[error("cannot write {file}: {message}")]
    Write { file: String, message: String },
}

/// The files of a generated dataset: (file name, bytes), in a fixed order: `dataset.toml`,
/// `zones.csv`, `sites.csv`, `volunteers.csv`, `availability.csv`, then `closures.csv` when
/// some site is closed on some day of the horizon.
pub fn generate(opts: &GenerateOptions) -> Result<Vec<(String, Vec<u8>)>, GenerateError> {
    // Communes first: reading the zones resolves each site's commune (and region) in them, so
    // that an unknown `site_insee` is reported on its own line of the zones file.
    let communes = communes::Communes::read(&opts.communes, &communes::NEEDS)?;
    let (zones, zones_name) = match &opts.zones {
        ZoneSource::File(path) => (zones::read(path, &communes)?, path.display().to_string()),
        ZoneSource::National {
            count,
            named,
            totals,
        } => {
            let file = opts.communes.display().to_string();
            let sources = national::NationalSources {
                named: named.as_deref(),
                totals: totals.as_deref(),
            };
            let zones = national::zones(&communes, &file, *count, opts.seed, &sources)?;
            (zones, file)
        }
    };
    let sites: Vec<sites::SiteSettings> = zones.iter().map(|z| sites::draw(opts.seed, z)).collect();
    let months = months(opts);
    let closures = sites::draw_closures(opts.seed, &zones, &sites, &months);

    let regions = zones.iter().map(|z| z.region.as_str());
    let homes = communes::HomeSampler::new(&communes, regions, &zones_name)?;
    let mut vols = volunteers::draw_all(opts.seed, opts.volunteers, &communes, &homes, &zones);
    let mut offers: Vec<Vec<chrono::NaiveDate>> = (0..vols.len())
        .map(|i| availability::draw_months(opts.seed, i, &months))
        .collect();
    volunteers::add_partners(opts.seed, opts.partners, &mut vols, &mut offers);

    let mut out = vec![
        ("dataset.toml".to_owned(), files::dataset_toml(opts)?),
        ("zones.csv".to_owned(), files::zones_csv(&zones)?),
        ("sites.csv".to_owned(), files::sites_csv(&zones, &sites)?),
        ("volunteers.csv".to_owned(), files::volunteers_csv(&vols)?),
        (
            "availability.csv".to_owned(),
            files::availability_csv(&vols, &offers)?,
        ),
    ];
    if !closures.is_empty() {
        out.push((
            "closures.csv".to_owned(),
            files::closures_csv(&zones, &closures)?,
        ));
    }
    Ok(out)
}

/// The calendar months drawn: `opts.horizon` and the `opts.months - 1` after it (at least
/// the first).
pub(crate) fn months(opts: &GenerateOptions) -> Vec<Horizon> {
    std::iter::successors(Some(opts.horizon), |m| Some(next::following(m)))
        .take(opts.months.max(1))
        .collect()
}

/// The random stream of one labelled thing, e.g. `stream(seed, "volunteer:12")`.
///
/// The label is hashed with FNV-1a (fixed and portable, unlike `std`'s `DefaultHasher`, whose
/// algorithm may change between Rust releases) and mixed into the seed.
pub(crate) fn stream(seed: u64, label: &str) -> ChaCha8Rng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in label.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // splitmix64 finaliser on the seed, so that seeds 1 and 2 do not give related keys.
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    ChaCha8Rng::seed_from_u64(z ^ h)
}

/// Index drawn with probability proportional to `weights` (all ≥ 0); None if they sum to 0.
pub(crate) fn pick_weighted(rng: &mut impl rand::Rng, weights: &[f64]) -> Option<usize> {
    let total: f64 = weights.iter().filter(|w| w.is_finite() && **w > 0.0).sum();
    if total <= 0.0 {
        return None;
    }
    let mut r = rng.gen::<f64>() * total;
    let mut last = None;
    for (i, &w) in weights.iter().enumerate() {
        if !(w.is_finite() && w > 0.0) {
            continue;
        }
        if r < w {
            return Some(i);
        }
        r -= w;
        last = Some(i);
    }
    // Rounding left r a hair above the last weight: that last positive weight it is.
    last
}

/// `x` rounded to `decimals` places, so that the value used in computations is the one written.
pub(crate) fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}
