//! A what-if scenario file (TOML): what changes relative to a dataset and its policy.
//! Parsing checks everything that can be checked without the dataset (types, ranges, dates,
//! weekdays) and keeps the position of every reference, so that `apply` can point at an
//! unknown site or commune by line and column. See docs/whatif.md for the format.

use super::raw::{RawDemand, RawScenario, RawSite, RawVolunteers};
use crate::io::error::{Code, InputError};
use crate::io::policy::RawPolicy;
use crate::io::toml_span::{at_span, toml_error};
use crate::model::Weekdays;
use chrono::NaiveDate;
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
    fn of(s: &Spanned<String>) -> Ref {
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
#[derive(Debug, Clone, Copy, PartialEq, Default)]
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
    /// Communes CSV named by the scenario (relative to the scenario's folder).
    pub communes: Option<PathBuf>,
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
    pub fn load(path: &Path) -> Result<Scenario, InputError> {
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
        if let Some(c) = &sc.communes {
            sc.communes = Some(path.parent().unwrap_or(Path::new("")).join(c));
        }
        Ok(sc)
    }

    pub fn parse(text: &str, file: &str) -> Result<Scenario, InputError> {
        let raw: RawScenario = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        let p = Parser { file, text };
        let stem = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        Ok(Scenario {
            file: file.to_owned(),
            text: text.to_owned(),
            name: raw.name.or(stem).unwrap_or_else(|| "scenario".into()),
            description: raw.description,
            communes: raw.communes.map(PathBuf::from),
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

/// Checks values against the file's text.
struct Parser<'t> {
    file: &'t str,
    text: &'t str,
}

impl Parser<'_> {
    fn bad(&self, span: Range<usize>, message: String) -> InputError {
        at_span(Code::BadValue, self.file, self.text, Some(span), message)
    }

    fn opt_count(
        &self,
        v: &Option<Spanned<i64>>,
        key: &str,
        lo: i64,
        hi: i64,
    ) -> Result<Option<u32>, InputError> {
        let Some(x) = v else { return Ok(None) };
        let val = *x.get_ref();
        if !(lo..=hi).contains(&val) {
            return Err(self.bad(
                x.span(),
                format!("{key}: expected a whole number from {lo} to {hi}, found {val}"),
            ));
        }
        Ok(Some(val as u32))
    }

    fn count_or(&self, v: &Option<Spanned<i64>>, key: &str, lo: i64, hi: i64, default: u32) -> Result<u32, InputError> {
        Ok(self.opt_count(v, key, lo, hi)?.unwrap_or(default))
    }

    fn seed(&self, s: &Spanned<i64>) -> Result<u64, InputError> {
        u64::try_from(*s.get_ref())
            .map_err(|_| self.bad(s.span(), format!("seed: expected a whole number ≥ 0, found {}", s.get_ref())))
    }

    fn number(&self, v: &Option<Spanned<f64>>, key: &str, lo: f64, hi: f64, default: f64) -> Result<f64, InputError> {
        let Some(x) = v else { return Ok(default) };
        let val = *x.get_ref();
        if !(val.is_finite() && lo <= val && val <= hi) {
            return Err(self.bad(x.span(), format!("{key}: expected a number from {lo} to {hi}, found {val}")));
        }
        Ok(val)
    }

    fn probability(&self, v: &Option<Spanned<f64>>, key: &str, default: f64) -> Result<f64, InputError> {
        self.number(v, key, 0.0, 1.0, default)
    }

    fn place(&self, commune: &Option<Spanned<String>>, lat: &Option<Spanned<f64>>, lon: &Option<Spanned<f64>>, span: &Range<usize>, what: &str) -> Result<Place, InputError> {
        match (commune, lat, lon) {
            (Some(c), None, None) => Ok(Place::Commune(Ref::of(c))),
            (None, Some(_), Some(_)) => Ok(Place::Point {
                lat: self.number(lat, "lat", -90.0, 90.0, 0.0)?,
                lon: self.number(lon, "lon", -180.0, 180.0, 0.0)?,
            }),
            _ => Err(self.bad(span.clone(), format!("{what}: give either a commune (INSEE code) or both lat and lon"))),
        }
    }

    fn site(&self, s: &Spanned<RawSite>) -> Result<AddSite, InputError> {
        let (span, r) = (s.span(), s.get_ref());
        let place = self.place(&r.commune, &r.lat, &r.lon, &span, "add_site")?;
        let open_days = match &r.open_days {
            None => crate::io::dataset::parse_weekdays("mon tue wed thu fri").expect("valid"),
            Some(o) => crate::io::dataset::parse_weekdays(o.get_ref())
                .filter(|w| w.0 != 0)
                .ok_or_else(|| self.bad(o.span(), format!("open_days: expected weekdays like 'mon tue thu', found '{}'", o.get_ref())))?,
        };
        let rooms = self.count_or(&r.rooms, "rooms", 1, 1000, 1)?;
        let demand = self.count_or(&r.demand, "demand", 0, rooms as i64, 1.min(rooms))?;
        let priority = match &r.priority {
            None => None,
            Some(p) => Some((self.number(&Some(p.clone()), "priority", 0.0, 1e9, 1.0)?, p.span())),
        };
        Ok(AddSite {
            span,
            id: r.id.as_ref().map(Ref::of),
            name: r.name.clone(),
            place,
            zone: r.zone.as_ref().map(Ref::of),
            zone_name: r.zone_name.clone(),
            department: r.department.clone(),
            priority,
            open_days,
            rooms,
            demand,
            beds: self.count_or(&r.beds, "beds", 0, 1000, 0)?,
            bed_cost_eur: self.number(&r.bed_cost_eur, "bed_cost_eur", 0.0, 1e6, 0.0)?,
        })
    }

    /// `"all"`, or a list of `YYYY-MM-DD` and `YYYY-MM-DD..YYYY-MM-DD` (inclusive ranges).
    fn dates(&self, v: &Spanned<toml::Value>) -> Result<Dates, InputError> {
        let bad = || self.bad(v.span(), "dates: expected \"all\" or a list like [\"2026-12-07\", \"2026-12-14..2026-12-18\"]".into());
        match v.get_ref() {
            toml::Value::String(s) if s.trim() == "all" => Ok(Dates::All),
            toml::Value::Array(items) => {
                let mut out = Vec::new();
                for it in items {
                    let s = it.as_str().ok_or_else(bad)?;
                    let parse = |t: &str| crate::io::table::parse_date(t.trim()).ok_or_else(bad);
                    match s.split_once("..") {
                        None => out.push(parse(s)?),
                        Some((a, b)) => {
                            let (a, b) = (parse(a)?, parse(b)?);
                            if b < a || (b - a).num_days() > 366 {
                                return Err(bad());
                            }
                            out.extend(a.iter_days().take_while(|d| *d <= b));
                        }
                    }
                }
                Ok(Dates::Some(out))
            }
            _ => Err(bad()),
        }
    }

    fn demand(&self, d: &Spanned<RawDemand>) -> Result<DemandChange, InputError> {
        let r = d.get_ref();
        Ok(DemandChange {
            site: Ref::of(&r.site),
            dates: self.dates(&r.dates)?,
            demand: self.count_or(&Some(r.demand.clone()), "demand", 0, 1000, 0)?,
            span: r.demand.span(),
        })
    }

    fn volunteers(&self, index: usize, v: &Spanned<RawVolunteers>) -> Result<AddVolunteers, InputError> {
        let (span, r) = (v.span(), v.get_ref());
        let area = match (&r.department, &r.around, &r.lat) {
            (Some(d), None, None) if r.lon.is_none() && r.radius_km.is_none() => Area::Department(Ref::of(d)),
            (None, _, _) => Area::Around {
                place: self.place(&r.around, &r.lat, &r.lon, &span, "add_volunteers")?,
                radius_km: self.number(&r.radius_km, "radius_km", 0.0, 2000.0, 30.0)?,
            },
            _ => return Err(self.bad(span, "add_volunteers: give either a department, or a place (around = INSEE code, or lat and lon) with radius_km".into())),
        };
        let offer = match &r.offer_days {
            None => (2, 8),
            Some(o) => match o.get_ref().as_slice() {
                [a, b] if 1 <= *a && a <= b && *b <= 31 => (*a as u32, *b as u32),
                _ => return Err(self.bad(o.span(), "offer_days: expected [min, max] with 1 ≤ min ≤ max ≤ 31".into())),
            },
        };
        Ok(AddVolunteers {
            span,
            count: self.count_or(&Some(r.count.clone()), "count", 0, 100_000, 0)?,
            area,
            prefix: r.prefix.clone().unwrap_or_else(|| format!("NEW{}-", index + 1)),
            authorized: r.authorized.unwrap_or(true),
            max_days: self.count_or(&r.max_days, "max_days", 0, 31, 2)?,
            max_km: self.number(&r.max_km, "max_km", 0.0, 5000.0, 120.0)?,
            overnight: self.probability(&r.overnight, "overnight", 0.4)?,
            offer_days: offer,
            zones: r.zones.iter().map(Ref::of).collect(),
        })
    }
}
