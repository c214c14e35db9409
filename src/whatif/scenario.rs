//! A what-if scenario file (TOML): what changes relative to a dataset and its policy.
//! Parsing checks everything that can be checked without the dataset (types, ranges, dates,
//! weekdays) and keeps the position of every reference, so that `apply` can point at an
//! unknown site or commune by line and column. See docs/whatif.md for the format.

use super::raw::RawScenario;
use crate::io::error::{Code, InputError};
use crate::io::policy::RawPolicy;
use crate::io::toml_span::{at_span, toml_error};
use crate::model::Weekdays;
use chrono::NaiveDate;
use serde::Serialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A name or code from the file, with where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    pub id: String,
    pub span: Range<usize>,
}

impl Ref {
    pub(super) fn of(s: &Spanned<String>) -> Ref {
        Ref {
            id: s.get_ref().trim().to_owned(),
            span: s.span(),
        }
    }
}

/// Where a new site or a group of new volunteers is: a commune (INSEE code) or a point.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Commune(Ref),
    Point { lat: f64, lon: f64 },
}

/// Dates a change applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum Dates {
    All,
    Some(Vec<NaiveDate>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct AddSite {
    pub span: Range<usize>,
    pub id: Option<Ref>,
    pub name: Option<String>,
    pub place: Place,
    /// An existing zone, or the id of a new one (default: "Z" + the commune's EPCI SIREN).
    pub zone: Option<Ref>,
    pub zone_name: Option<String>,
    pub department: Option<String>,
    /// Priority of a new zone (None: 1.0; refused for an existing zone).
    pub priority: Option<(f64, Range<usize>)>,
    pub open_days: Weekdays,
    pub rooms: u32,
    pub demand: u32,
    pub beds: u32,
    pub bed_cost_eur: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CloseSite {
    pub site: Ref,
    pub dates: Dates,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemandChange {
    pub site: Ref,
    pub dates: Dates,
    pub demand: u32,
    pub span: Range<usize>,
}

/// Where new volunteers live.
#[derive(Debug, Clone, PartialEq)]
pub enum Area {
    Around { place: Place, radius_km: f64 },
    Department(Ref),
}

#[derive(Debug, Clone, PartialEq)]
pub struct AddVolunteers {
    pub span: Range<usize>,
    pub count: u32,
    pub area: Area,
    pub prefix: String,
    pub authorized: bool,
    pub max_days: u32,
    pub max_km: f64,
    /// Probability that a new volunteer accepts overnight stays.
    pub overnight: f64,
    /// Each new volunteer offers a number of days drawn uniformly in this range.
    pub offer_days: (u32, u32),
    pub zones: Vec<Ref>,
}

/// Random withdrawals, drawn anew in each run.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Dropout {
    /// Probability that a volunteer withdraws entirely.
    pub volunteer: f64,
    /// Probability that each offered day is lost.
    pub day: f64,
}

impl Dropout {
    pub fn is_active(&self) -> bool {
        self.volunteer > 0.0 || self.day > 0.0
    }
}

/// A parsed scenario, with its text kept to locate later errors.
pub struct Scenario {
    pub file: String,
    text: String,
    pub name: String,
    pub description: Option<String>,
    /// Communes CSV named by the scenario: as written by `parse`, resolved against the
    /// scenario's folder by `load`.
    pub communes: Option<PathBuf>,
    communes_span: Range<usize>,
    pub runs: Option<u32>,
    pub seed: Option<u64>,
    pub policy: Option<RawPolicy>,
    pub remove_sites: Vec<Ref>,
    pub add_sites: Vec<AddSite>,
    pub close_sites: Vec<CloseSite>,
    pub demand: Vec<DemandChange>,
    pub remove_volunteers: Vec<Ref>,
    pub add_volunteers: Vec<AddVolunteers>,
    pub dropout: Dropout,
}

impl Scenario {
    /// Reads and parses the scenario at `path`; the paths it names are resolved against its
    /// folder and, unless `allow_outside`, must stay inside it (see `inside_path`).
    pub fn load(path: &Path, allow_outside: bool) -> Result<Scenario, InputError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            let code = if e.kind() == std::io::ErrorKind::NotFound {
                Code::MissingFile
            } else {
                Code::Unreadable
            };
            InputError::new(code, &file, format!("cannot read the scenario: {e}"))
        })?;
        let mut sc = Scenario::parse(&text, &file)?;
        if let Some(c) = sc.communes.take() {
            let base = path.parent().unwrap_or(Path::new(""));
            let resolved = if allow_outside {
                Ok(base.join(&c))
            } else {
                inside_path(base, &c)
            };
            let span = sc.communes_span.clone();
            sc.communes = Some(resolved.map_err(|why| {
                sc.error(
                    Code::BadValue,
                    &span,
                    format!(
                        "expected the path of a file in the scenario's folder, found {why}; \
                         put the file beside the scenario, give --communes FILE, or allow \
                         any path with --allow-outside-paths"
                    ),
                )
            })?);
        }
        Ok(sc)
    }

    pub fn parse(text: &str, file: &str) -> Result<Scenario, InputError> {
        let raw: RawScenario = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        let p = super::raw::Parser { file, text };
        let stem = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        Ok(Scenario {
            file: file.to_owned(),
            text: text.to_owned(),
            name: raw.name.or(stem).unwrap_or_else(|| "scenario".into()),
            description: raw.description,
            communes: raw.communes.as_ref().map(|c| PathBuf::from(c.get_ref())),
            communes_span: raw.communes.as_ref().map_or(0..0, |c| c.span()),
            runs: p.opt_count(&raw.runs, "runs", 1, 1_000_000)?,
            seed: raw.seed.as_ref().map(|s| p.seed(s)).transpose()?,
            policy: raw.policy,
            remove_sites: raw.remove_sites.iter().map(Ref::of).collect(),
            add_sites: raw
                .add_site
                .iter()
                .map(|s| p.site(s))
                .collect::<Result<_, _>>()?,
            close_sites: raw
                .close_site
                .iter()
                .map(|c| {
                    Ok(CloseSite {
                        site: Ref::of(&c.site),
                        dates: p.dates(&c.dates)?,
                    })
                })
                .collect::<Result<_, InputError>>()?,
            demand: raw
                .demand
                .iter()
                .map(|d| p.demand(d))
                .collect::<Result<_, _>>()?,
            remove_volunteers: raw.remove_volunteers.iter().map(Ref::of).collect(),
            add_volunteers: raw
                .add_volunteers
                .iter()
                .enumerate()
                .map(|(i, v)| p.volunteers(i, v))
                .collect::<Result<_, _>>()?,
            dropout: match &raw.dropout {
                None => Dropout::default(),
                Some(d) => Dropout {
                    volunteer: p.probability(&d.volunteer, "dropout.volunteer", 0.0)?,
                    day: p.probability(&d.day, "dropout.day", 0.0)?,
                },
            },
        })
    }

    /// An error at a place of the scenario file.
    pub fn error(&self, code: Code, span: &Range<usize>, message: String) -> InputError {
        at_span(code, &self.file, &self.text, Some(span.clone()), message)
    }

    /// The whole text (the `[policy]` spans point into it).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether some change needs the communes file.
    pub fn needs_communes(&self) -> bool {
        let commune = |p: &Place| matches!(p, Place::Commune(_));
        self.add_sites.iter().any(|s| commune(&s.place))
            || self.add_volunteers.iter().any(|v| match &v.area {
                Area::Around { place, .. } => commune(place),
                Area::Department(_) => true,
            })
    }
}

/// `rel` resolved against `base` when it stays inside it. Scenarios are uploaded to the web
/// app: a path naming any file of the server (`/etc/shadow`, `../../secrets.csv`) would have
/// it read, and parts of it quoted in errors. Refused: an absolute path, a `..` climbing out
/// of `base`, and a symbolic link leading out of it. Err holds what was found, in words.
pub fn inside_path(base: &Path, rel: &Path) -> Result<PathBuf, String> {
    use std::path::Component;
    let mut depth = 0usize;
    for part in rel.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => {
                return Err(format!("the absolute path '{}'", rel.display()))
            }
            Component::CurDir => {}
            Component::ParentDir if depth == 0 => {
                return Err(format!(
                    "'{}', which leads out of it through '..'",
                    rel.display()
                ))
            }
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
        }
    }
    let path = base.join(rel);
    // Lexically inside; a symbolic link on the way may still lead out.
    let base_dir = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    if let (Ok(real), Ok(real_base)) = (path.canonicalize(), base_dir.canonicalize()) {
        if !real.starts_with(&real_base) {
            return Err(format!("'{}', a link to a file outside it", rel.display()));
        }
    }
    Ok(path)
}
