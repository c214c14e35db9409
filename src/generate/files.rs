//! Writing the generated dataset's files to bytes, in the contract's formats (§2).
//! Numbers are formatted with a fixed number of decimals so that the bytes are the same on
//! every machine: coordinates 5 decimals (about a metre), km 1 decimal, euros and priorities 2.

use super::sites::SiteSettings;
use super::zones::ZoneFact;
use super::{GenerateError, GenerateOptions};
use crate::io::dataset::{site_header, ZONE_COLUMNS, ZONE_SOURCE_STATUS};
use crate::io::volunteer_row::{self, VolunteerRow};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::path::Path;

/// A CSV file built in memory; `csv` quotes the cells that need it.
struct CsvFile {
    name: &'static str,
    writer: csv::Writer<Vec<u8>>,
}

impl CsvFile {
    fn new(name: &'static str, header: &[&str]) -> Result<CsvFile, GenerateError> {
        let mut f = CsvFile {
            name,
            writer: csv::WriterBuilder::new().from_writer(Vec::new()),
        };
        f.row(header)?;
        Ok(f)
    }

    fn row<I, T>(&mut self, cells: I) -> Result<(), GenerateError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer
            .write_record(cells)
            .map_err(|e| write_error(self.name, e))
    }

    fn finish(self) -> Result<Vec<u8>, GenerateError> {
        let name = self.name;
        self.writer
            .into_inner()
            .map_err(|e| write_error(name, e.error()))
    }
}

fn write_error(file: &str, e: impl std::fmt::Display) -> GenerateError {
    GenerateError::Write {
        file: file.to_owned(),
        message: e.to_string(),
    }
}

fn bool_cell(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// The file name alone: the description must not depend on where the command was run from.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[derive(Serialize)]
struct Meta {
    name: String,
    month: String,
    description: String,
}

/// `dataset.toml`: the three keys the loader knows.
pub fn dataset_toml(opts: &GenerateOptions) -> Result<Vec<u8>, GenerateError> {
    let h = &opts.horizon;
    let months = super::months(opts);
    // A dataset of several months is planned over all of them; its `month` (the default
    // horizon) stays the first, so the description says how to plan the rest.
    let span = match months.last() {
        Some(last) if months.len() > 1 => format!(
            " It holds {} months of offers: plan them with `--from {} --to {}`.",
            months.len(),
            h.first,
            last.last
        ),
        _ => String::new(),
    };
    let meta = Meta {
        name: opts.name.clone(),
        month: format!("{:04}-{:02}", h.first.year(), h.first.month()),
        description: format!(
            "Synthetic dataset made by `renfort generate` (seed {}, {} volunteers, horizon {}): zones and sites \
             from {}, site settings drawn, volunteers drawn from the communes of {} weighted by population.{}",
            opts.seed,
            opts.volunteers,
            h.label(),
            match &opts.zones {
                super::ZoneSource::File(path) => file_name(path),
                super::ZoneSource::National { count, named: None, .. } => {
                    format!("{count} rural intercommunalities of metropolitan France")
                }
                super::ZoneSource::National { count, named: Some(named), .. } => format!(
                    "{count} zones across France: those {} names first, the rest illustrative",
                    file_name(named)
                ),
            },
            file_name(&opts.communes),
            span,
        ),
    };
    toml::to_string(&meta)
        .map(String::into_bytes)
        .map_err(|e| write_error("dataset.toml", e))
}

pub fn zones_csv(zones: &[ZoneFact]) -> Result<Vec<u8>, GenerateError> {
    // The source status only when the zones carry one (national datasets), so that a zones
    // file's dataset keeps the contract's four columns.
    let status = zones.iter().any(|z| z.source_status.is_some());
    let mut header = ZONE_COLUMNS.to_vec();
    if status {
        header.push(ZONE_SOURCE_STATUS);
    }
    let mut f = CsvFile::new("zones.csv", &header)?;
    for z in zones {
        let priority = format!("{:.2}", z.priority);
        let mut row = vec![z.zone_id.as_str(), &z.name, &z.department, &priority];
        if status {
            row.push(z.source_status.map_or("", |s| s.as_str()));
        }
        f.row(row)?;
    }
    f.finish()
}

pub fn sites_csv(zones: &[ZoneFact], sites: &[SiteSettings]) -> Result<Vec<u8>, GenerateError> {
    let mut f = CsvFile::new("sites.csv", &site_header(true))?;
    for (z, s) in zones.iter().zip(sites) {
        f.row([
            z.site_id.as_str(),
            &z.zone_id,
            &z.site_name,
            &z.site_commune,
            &format!("{:.5}", z.lat),
            &format!("{:.5}", z.lon),
            &s.open_days.to_contract_string(),
            &s.rooms.to_string(),
            &s.demand.to_string(),
            &s.beds.to_string(),
            &format!("{:.2}", s.bed_cost_eur),
        ])?;
    }
    f.finish()
}

/// Generated volunteers always have a home commune and never a contact.
pub fn volunteers_csv(vols: &[VolunteerRow]) -> Result<Vec<u8>, GenerateError> {
    let mut f = CsvFile::new("volunteers.csv", &volunteer_row::header(true, false))?;
    for r in vols {
        let v = &r.volunteer;
        f.row([
            v.id.as_str(),
            &v.name,
            r.home_commune.as_deref().unwrap_or(""),
            r.home_insee.as_deref().unwrap_or(""),
            &format!("{:.5}", v.lat),
            &format!("{:.5}", v.lon),
            bool_cell(v.authorized),
            &v.max_days.to_string(),
            &format!("{:.1}", v.max_km),
            bool_cell(v.overnight),
            &v.zones.join(";"),
        ])?;
    }
    f.finish()
}

/// One row per offered day, by volunteer then date (`offers[i]` is sorted, for `vols[i]`).
pub fn availability_csv(
    vols: &[VolunteerRow],
    offers: &[Vec<NaiveDate>],
) -> Result<Vec<u8>, GenerateError> {
    let mut f = CsvFile::new("availability.csv", &["volunteer_id", "date"])?;
    for (v, days) in vols.iter().zip(offers) {
        for d in days {
            f.row([v.volunteer.id.as_str(), &d.format("%Y-%m-%d").to_string()])?;
        }
    }
    f.finish()
}

/// `closures` holds (zone/site index, date), sorted.
pub fn closures_csv(
    zones: &[ZoneFact],
    closures: &[(usize, NaiveDate)],
) -> Result<Vec<u8>, GenerateError> {
    let mut f = CsvFile::new("closures.csv", &["site_id", "date"])?;
    for &(s, d) in closures {
        f.row([zones[s].site_id.as_str(), &d.format("%Y-%m-%d").to_string()])?;
    }
    f.finish()
}
