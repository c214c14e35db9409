//! The scenario file as written: serde structures that refuse unknown keys and keep the
//! position of every value, and the checks that turn them into `scenario` types (ranges,
//! dates, weekdays, which keys go together), each error at its line and column.

use super::scenario::{AddSite, AddVolunteers, Area, Dates, DemandChange, Place, Ref};
use crate::io::error::{Code, InputError};
use crate::io::policy::RawPolicy;
use crate::io::toml_span::at_span;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    pub communes: Option<Spanned<String>>,
    pub runs: Option<Spanned<i64>>,
    pub seed: Option<Spanned<i64>>,
    /// Same keys as a model file, applied on top of the model in use.
    pub policy: Option<RawPolicy>,
    #[serde(default)]
    pub remove_sites: Vec<Spanned<String>>,
    #[serde(default)]
    pub add_site: Vec<Spanned<RawSite>>,
    #[serde(default)]
    pub close_site: Vec<RawClose>,
    #[serde(default)]
    pub demand: Vec<Spanned<RawDemand>>,
    #[serde(default)]
    pub remove_volunteers: Vec<Spanned<String>>,
    #[serde(default)]
    pub add_volunteers: Vec<Spanned<RawVolunteers>>,
    pub dropout: Option<RawDropout>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub id: Option<Spanned<String>>,
    pub name: Option<String>,
    pub commune: Option<Spanned<String>>,
    pub lat: Option<Spanned<f64>>,
    pub lon: Option<Spanned<f64>>,
    pub zone: Option<Spanned<String>>,
    pub zone_name: Option<String>,
    pub department: Option<String>,
    pub priority: Option<Spanned<f64>>,
    pub open_days: Option<Spanned<String>>,
    pub rooms: Option<Spanned<i64>>,
    pub demand: Option<Spanned<i64>>,
    pub beds: Option<Spanned<i64>>,
    pub bed_cost_eur: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClose {
    pub site: Spanned<String>,
    pub dates: Spanned<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemand {
    pub site: Spanned<String>,
    pub dates: Spanned<toml::Value>,
    pub demand: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVolunteers {
    pub count: Spanned<i64>,
    pub around: Option<Spanned<String>>,
    pub lat: Option<Spanned<f64>>,
    pub lon: Option<Spanned<f64>>,
    pub radius_km: Option<Spanned<f64>>,
    pub department: Option<Spanned<String>>,
    pub prefix: Option<String>,
    pub authorized: Option<bool>,
    pub max_days: Option<Spanned<i64>>,
    pub max_km: Option<Spanned<f64>>,
    pub overnight: Option<Spanned<f64>>,
    pub offer_days: Option<Spanned<Vec<i64>>>,
    #[serde(default)]
    pub zones: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDropout {
    pub volunteer: Option<Spanned<f64>>,
    pub day: Option<Spanned<f64>>,
}

/// Checks values against the file's text.
pub(super) struct Parser<'t> {
    pub file: &'t str,
    pub text: &'t str,
}

impl Parser<'_> {
    fn bad(&self, span: Range<usize>, message: String) -> InputError {
        at_span(Code::BadValue, self.file, self.text, Some(span), message)
    }

    pub(super) fn opt_count(
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

    fn count_or(
        &self,
        v: &Option<Spanned<i64>>,
        key: &str,
        lo: i64,
        hi: i64,
        default: u32,
    ) -> Result<u32, InputError> {
        Ok(self.opt_count(v, key, lo, hi)?.unwrap_or(default))
    }

    pub(super) fn seed(&self, s: &Spanned<i64>) -> Result<u64, InputError> {
        u64::try_from(*s.get_ref()).map_err(|_| {
            self.bad(
                s.span(),
                format!("seed: expected a whole number ≥ 0, found {}", s.get_ref()),
            )
        })
    }

    fn number(
        &self,
        v: &Option<Spanned<f64>>,
        key: &str,
        lo: f64,
        hi: f64,
        default: f64,
    ) -> Result<f64, InputError> {
        let Some(x) = v else { return Ok(default) };
        let val = *x.get_ref();
        if !(val.is_finite() && lo <= val && val <= hi) {
            return Err(self.bad(
                x.span(),
                format!("{key}: expected a number from {lo} to {hi}, found {val}"),
            ));
        }
        Ok(val)
    }

    pub(super) fn probability(
        &self,
        v: &Option<Spanned<f64>>,
        key: &str,
        default: f64,
    ) -> Result<f64, InputError> {
        self.number(v, key, 0.0, 1.0, default)
    }

    fn place(
        &self,
        commune: &Option<Spanned<String>>,
        lat: &Option<Spanned<f64>>,
        lon: &Option<Spanned<f64>>,
        span: &Range<usize>,
        what: &str,
    ) -> Result<Place, InputError> {
        match (commune, lat, lon) {
            (Some(c), None, None) => Ok(Place::Commune(Ref::of(c))),
            (None, Some(_), Some(_)) => Ok(Place::Point {
                lat: self.number(lat, "lat", -90.0, 90.0, 0.0)?,
                lon: self.number(lon, "lon", -180.0, 180.0, 0.0)?,
            }),
            _ => Err(self.bad(
                span.clone(),
                format!("{what}: give either a commune (INSEE code) or both lat and lon"),
            )),
        }
    }

    pub(super) fn site(&self, s: &Spanned<RawSite>) -> Result<AddSite, InputError> {
        let (span, r) = (s.span(), s.get_ref());
        let place = self.place(&r.commune, &r.lat, &r.lon, &span, "add_site")?;
        let open_days = match &r.open_days {
            None => crate::io::dataset::parse_weekdays("mon tue wed thu fri").expect("valid"),
            Some(o) => crate::io::dataset::parse_weekdays(o.get_ref())
                .filter(|w| w.0 != 0)
                .ok_or_else(|| {
                    self.bad(
                        o.span(),
                        format!(
                            "open_days: expected weekdays like 'mon tue thu', found '{}'",
                            o.get_ref()
                        ),
                    )
                })?,
        };
        let rooms = self.count_or(&r.rooms, "rooms", 1, 1000, 1)?;
        let demand = self.count_or(&r.demand, "demand", 0, rooms as i64, 1.min(rooms))?;
        let priority = match &r.priority {
            None => None,
            Some(p) => Some((
                self.number(&Some(p.clone()), "priority", 0.0, 1e9, 1.0)?,
                p.span(),
            )),
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
    pub(super) fn dates(&self, v: &Spanned<toml::Value>) -> Result<Dates, InputError> {
        let bad = || {
            self.bad(v.span(), "dates: expected \"all\" or a list like [\"2026-12-07\", \"2026-12-14..2026-12-18\"]".into())
        };
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

    pub(super) fn demand(&self, d: &Spanned<RawDemand>) -> Result<DemandChange, InputError> {
        let r = d.get_ref();
        Ok(DemandChange {
            site: Ref::of(&r.site),
            dates: self.dates(&r.dates)?,
            demand: self.count_or(&Some(r.demand.clone()), "demand", 0, 1000, 0)?,
            span: r.demand.span(),
        })
    }

    pub(super) fn volunteers(
        &self,
        index: usize,
        v: &Spanned<RawVolunteers>,
    ) -> Result<AddVolunteers, InputError> {
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
                _ => {
                    return Err(self.bad(
                        o.span(),
                        "offer_days: expected [min, max] with 1 ≤ min ≤ max ≤ 31".into(),
                    ))
                }
            },
        };
        Ok(AddVolunteers {
            span,
            count: self.count_or(&Some(r.count.clone()), "count", 0, 100_000, 0)?,
            area,
            prefix: r
                .prefix
                .clone()
                .unwrap_or_else(|| format!("NEW{}-", index + 1)),
            authorized: r.authorized.unwrap_or(true),
            max_days: self.count_or(&r.max_days, "max_days", 0, 31, 2)?,
            max_km: self.number(&r.max_km, "max_km", 0.0, 5000.0, 120.0)?,
            overnight: self.probability(&r.overnight, "overnight", 0.4)?,
            offer_days: offer,
            zones: r.zones.iter().map(Ref::of).collect(),
        })
    }
}
