//! Synthetic datasets from real zone/site facts and real communes (`renfort generate`).
//! (Being written: see issue 2.)

use crate::model::Horizon;
use std::path::PathBuf;

/// What `renfort generate` asks for.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// A CSV with the shape of `shared/data/aura_zones.csv`.
    pub zones: PathBuf,
    /// A CSV with the shape of `shared/data/communes_fr.csv`.
    pub communes: PathBuf,
    pub volunteers: usize,
    pub horizon: Horizon,
    pub seed: u64,
    /// Dataset name written to dataset.toml.
    pub name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("{0}")]
    Input(#[from] crate::io::InputError),
}

/// The files of a generated dataset: (file name, bytes), in a fixed order.
pub fn generate(_opts: &GenerateOptions) -> Result<Vec<(String, Vec<u8>)>, GenerateError> {
    Ok(Vec::new())
}
