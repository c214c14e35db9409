//! Geometry of the report's map: sites, volunteers' homes and planned trips projected onto
//! an SVG canvas. The template only draws what is computed here.
//!
//! The projection is equirectangular around the middle latitude (x = lon·cos φ₀, y = −lat),
//! scaled to the bounding box of all sites and homes: at the scale of a region (a few hundred
//! km) it distorts distances by well under 1 %. Behind them, the departments' outlines
//! (IGN ADMIN EXPRESS, Licence Ouverte 2.0; simplified and embedded in the binary, see
//! `assets/README.md`), so the report stays one offline file.

use super::map_mainland::{mainland, MapAway};
use crate::model::{Plan, SiteIdx, VolIdx};
use crate::rules::Instance;
use serde::Serialize;
use std::collections::BTreeMap;

/// Drawing width in SVG units (the SVG scales to the page width).
const WIDTH: f64 = 900.0;
/// The tallest the drawing may get, for regions taller than wide.
const MAX_HEIGHT: f64 = 620.0;
/// Room around the points, more on the right for site labels.
const PAD: f64 = 30.0;
const PAD_RIGHT: f64 = 150.0;

#[derive(Debug, Clone, Serialize)]
pub struct MapSite {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    /// Where the label is anchored, and how (`start`, `end`, `middle`).
    pub lx: f64,
    pub ly: f64,
    pub anchor: &'static str,
    pub colour: String,
    pub label: String,
    /// Tooltip: name, demand, coverage.
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapHome {
    pub x: f64,
    pub y: f64,
    pub title: String,
    pub busy: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapTrip {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub width: f64,
    pub stay: bool,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    pub width: f64,
    pub height: f64,
    pub sites: Vec<MapSite>,
    pub homes: Vec<MapHome>,
    pub trips: Vec<MapTrip>,
    /// The departments' outlines on the canvas, as SVG path data (in paint order).
    pub outlines: Vec<String>,
    /// A scale bar from x = 20 to `scale_end`, and what it stands for (`50 km`).
    pub scale_end: f64,
    pub scale_label: String,
    /// Sites too far from the others to draw (overseas), listed beside the map.
    pub away: Vec<MapAway>,
}

/// Per site, what the map needs to know besides coordinates.
pub struct SiteFacts {
    /// Demand over the horizon, in doctor-days (sets the circle's size).
    pub demand: u64,
    /// Share of that demand covered, None without demand (sets the colour).
    pub coverage: Option<f64>,
    /// Tooltip text.
    pub title: String,
}

/// Red (nothing covered) through amber to green (all covered); grey without demand.
pub fn coverage_colour(coverage: Option<f64>) -> String {
    match coverage {
        Some(c) if c.is_finite() => format!("hsl({:.0},70%,40%)", 120.0 * c.clamp(0.0, 1.0)),
        _ => "#9a9a9a".into(),
    }
}

/// Kilometres per degree of latitude on the contract's sphere (radius 6371.0088 km).
const KM_PER_DEGREE: f64 = 6371.0088 * std::f64::consts::PI / 180.0;

/// The longest round length (1, 2, 5 × 10ⁿ km) drawn in at most 160 units, given units per km.
fn scale_bar(px_per_km: f64) -> (f64, u32) {
    let mut best = (0.0, 0);
    if px_per_km.is_finite() && px_per_km > 0.0 {
        for km in [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] {
            if km as f64 * px_per_km <= 160.0 {
                best = (round1(km as f64 * px_per_km), km);
            }
        }
    }
    best
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

struct Projection {
    k: f64,
    min_x: f64,
    max_y: f64,
    scale: f64,
    off_x: f64,
    off_y: f64,
}

impl Projection {
    /// Fits every finite (lat, lon) into the canvas; a single point lands in the middle.
    fn fit(points: &[(f64, f64)]) -> (Projection, f64) {
        let pts: Vec<(f64, f64)> = points
            .iter()
            .copied()
            .filter(|(la, lo)| la.is_finite() && lo.is_finite())
            .collect();
        let (mut lat_min, mut lat_max, mut lon_min, mut lon_max) =
            (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(la, lo) in &pts {
            lat_min = lat_min.min(la);
            lat_max = lat_max.max(la);
            lon_min = lon_min.min(lo);
            lon_max = lon_max.max(lo);
        }
        if pts.is_empty() {
            (lat_min, lat_max, lon_min, lon_max) = (0.0, 0.0, 0.0, 0.0);
        }
        let k = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.05);
        // At least ~0.05° of extent, so that one site alone is not infinitely zoomed.
        let dx = ((lon_max - lon_min) * k).max(0.05);
        let dy = (lat_max - lat_min).max(0.05);
        let inner_w = WIDTH - PAD - PAD_RIGHT;
        let scale = (inner_w / dx).min((MAX_HEIGHT - 2.0 * PAD) / dy);
        let height = (dy * scale + 2.0 * PAD).ceil();
        let off_x = PAD + (inner_w - (lon_max - lon_min) * k * scale) / 2.0;
        let off_y = PAD + (height - 2.0 * PAD - (lat_max - lat_min) * scale) / 2.0;
        (
            Projection {
                k,
                min_x: lon_min * k,
                max_y: lat_max,
                scale,
                off_x,
                off_y,
            },
            height,
        )
    }

    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        if !(lat.is_finite() && lon.is_finite()) {
            return (PAD, PAD);
        }
        (
            round1(self.off_x + (lon * self.k - self.min_x) * self.scale),
            round1(self.off_y + (self.max_y - lat) * self.scale),
        )
    }
}

/// The map of a plan. `facts` is indexed by site; `trip_title` names a (volunteer, site)
/// pair with its number of days.
pub fn build(
    inst: &Instance,
    plan: &Plan,
    facts: &[SiteFacts],
    trip_title: impl Fn(VolIdx, SiteIdx, usize) -> String,
) -> MapView {
    let ds = inst.dataset;
    let site_points: Vec<(f64, f64)> = ds.sites.iter().map(|s| (s.lat, s.lon)).collect();
    let home_points: Vec<(f64, f64)> = ds.volunteers.iter().map(|v| (v.lat, v.lon)).collect();
    let main = mainland(&site_points, &home_points);
    let on_map_site = |s: SiteIdx| main.as_ref().is_none_or(|m| m.sites[s]);
    let on_map_home = |v: VolIdx| main.as_ref().is_none_or(|m| m.homes[v]);
    let points: Vec<(f64, f64)> = (0..ds.sites.len())
        .filter(|&s| on_map_site(s))
        .map(|s| site_points[s])
        .chain(
            (0..ds.volunteers.len())
                .filter(|&v| on_map_home(v))
                .map(|v| home_points[v]),
        )
        .collect();
    let (proj, height) = Projection::fit(&points);
    let mut pairs: BTreeMap<(VolIdx, SiteIdx), usize> = BTreeMap::new();
    for a in plan.assignments() {
        if on_map_site(a.site) && on_map_home(a.volunteer) {
            *pairs.entry((a.volunteer, a.site)).or_default() += 1;
        }
    }
    let trips = pairs
        .iter()
        .map(|(&(v, s), &n)| {
            let (x1, y1) = proj.xy(ds.volunteers[v].lat, ds.volunteers[v].lon);
            let (x2, y2) = proj.xy(ds.sites[s].lat, ds.sites[s].lon);
            let width = round1(1.2 + 0.6 * (n.min(6) as f64 - 1.0));
            MapTrip {
                x1,
                y1,
                x2,
                y2,
                width,
                stay: inst.is_stayer(v, s),
                title: trip_title(v, s, n),
            }
        })
        .collect();
    let homes = ds
        .volunteers
        .iter()
        .enumerate()
        .filter(|&(v, _)| on_map_home(v))
        .map(|(v, vol)| {
            let (x, y) = proj.xy(vol.lat, vol.lon);
            let busy = pairs.keys().any(|&(pv, _)| pv == v);
            MapHome {
                x,
                y,
                title: vol.name.clone(),
                busy,
            }
        })
        .collect();
    // Big circles first, so that small ones stay visible on top.
    let mut order: Vec<SiteIdx> = (0..ds.sites.len()).filter(|&s| on_map_site(s)).collect();
    order.sort_by_key(|&s| std::cmp::Reverse(facts.get(s).map_or(0, |f| f.demand)));
    let mut away: Vec<MapAway> = (0..ds.sites.len())
        .filter(|&s| !on_map_site(s))
        .map(|s| {
            let f = facts.get(s);
            MapAway {
                label: ds.sites[s].name.clone(),
                colour: coverage_colour(f.and_then(|f| f.coverage)),
                title: f.map_or_else(|| ds.sites[s].name.clone(), |f| f.title.clone()),
            }
        })
        .collect();
    away.sort_by(|a, b| a.label.cmp(&b.label));
    let sites = order
        .into_iter()
        .map(|s| {
            let site = &ds.sites[s];
            let (x, y) = proj.xy(site.lat, site.lon);
            let (demand, coverage, title) =
                facts.get(s).map_or((0, None, site.name.clone()), |f| {
                    (f.demand, f.coverage, f.title.clone())
                });
            let r = round1(5.0 + 2.2 * (demand as f64).sqrt().min(12.0));
            MapSite {
                x,
                y,
                r,
                lx: 0.0,
                ly: 0.0,
                anchor: "start",
                colour: coverage_colour(coverage),
                label: site.name.clone(),
                title,
            }
        })
        .collect::<Vec<MapSite>>();
    let mut sites = sites;
    place_labels(&mut sites);
    let (scale_px, km) = scale_bar(proj.scale / KM_PER_DEGREE);
    let outlines = outlines(&proj, height);
    MapView {
        width: WIDTH,
        height,
        outlines,
        sites,
        homes,
        trips,
        scale_end: round1(20.0 + scale_px),
        scale_label: format!("{km} km"),
        away,
    }
}

/// One department of `assets/departements.json`: closed rings of (lon, lat).
#[derive(serde::Deserialize)]
struct Department {
    rings: Vec<Vec<[f64; 2]>>,
}

/// The embedded outlines, parsed once.
fn departments() -> &'static [Department] {
    static DEPARTMENTS: std::sync::OnceLock<Vec<Department>> = std::sync::OnceLock::new();
    DEPARTMENTS.get_or_init(|| {
        serde_json::from_str(include_str!("assets/departements.json")).unwrap_or_default()
    })
}

/// The outlines of the departments that reach the canvas, as SVG path data.
fn outlines(proj: &Projection, height: f64) -> Vec<String> {
    let on_canvas = |(x, y): (f64, f64)| {
        (-50.0..=WIDTH + 50.0).contains(&x) && (-50.0..=height + 50.0).contains(&y)
    };
    departments()
        .iter()
        .filter_map(|d| {
            let points: Vec<Vec<(f64, f64)>> = d
                .rings
                .iter()
                .map(|r| r.iter().map(|&[lon, lat]| proj.xy(lat, lon)).collect())
                .collect();
            if !points.iter().flatten().any(|&p| on_canvas(p)) {
                return None;
            }
            let mut path = String::new();
            for ring in points {
                for (i, (x, y)) in ring.into_iter().enumerate() {
                    path += &format!("{}{x} {y}", if i == 0 { "M" } else { "L" });
                }
                path += "Z";
            }
            Some(path)
        })
        .collect()
}

/// Label font size in SVG units, and the average width of a character at that size.
const FONT: f64 = 13.0;
/// Measured on the report's bold 13-unit labels in Chromium (about 7.4 per character).
const CHAR_W: f64 = 7.6;

/// An axis-aligned box (x0, y0, x1, y1).
type Rect = (f64, f64, f64, f64);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Greedy label placement: each site, from top to bottom, takes the first of a few spots
/// around its circle (right, left, above, below, then both sides one or two lines up or
/// down) whose box overlaps no circle and no label placed before and stays on the canvas;
/// when none is free, the spot on the canvas that overlaps least.
/// Close sites are common in a region (two consultation places in one valley), and
/// overlapping names are unreadable.
fn place_labels(sites: &mut [MapSite]) {
    let mut order: Vec<usize> = (0..sites.len()).collect();
    order.sort_by(|&a, &b| {
        sites[a]
            .y
            .total_cmp(&sites[b].y)
            .then(sites[a].x.total_cmp(&sites[b].x))
    });
    // Circles are obstacles too: a name written over another site hides it.
    let mut placed: Vec<Rect> = sites
        .iter()
        .map(|s| (s.x - s.r, s.y - s.r, s.x + s.r, s.y + s.r))
        .collect();
    for i in order {
        let s = &sites[i];
        let w = CHAR_W * s.label.chars().count() as f64;
        let (x, y, r) = (s.x, s.y, s.r);
        let mut spots: Vec<(f64, f64, &'static str)> = vec![
            (x + r + 4.0, y + 4.0, "start"),
            (x - r - 4.0, y + 4.0, "end"),
            (x, y - r - 5.0, "middle"),
            (x, y + r + FONT, "middle"),
        ];
        // Then the same sides, one and two lines up or down.
        for dy in [-FONT - 2.0, FONT + 6.0, -2.0 * FONT - 4.0, 2.0 * FONT + 8.0] {
            spots.push((x + r + 4.0, y + 4.0 + dy, "start"));
            spots.push((x - r - 4.0, y + 4.0 + dy, "end"));
        }
        let rect = |&(lx, ly, anchor): &(f64, f64, &str)| -> Rect {
            let x0 = match anchor {
                "end" => lx - w,
                "middle" => lx - w / 2.0,
                _ => lx,
            };
            (x0, ly - FONT + 2.0, x0 + w, ly + 3.0)
        };
        let on_canvas = |b: Rect| b.0 >= 2.0 && b.2 <= WIDTH - 2.0 && b.1 >= 0.0;
        // The first free spot on the canvas; else the one on the canvas overlapping least.
        let overlap = |b: Rect| -> f64 {
            placed
                .iter()
                .filter(|&&p| overlaps(p, b))
                .map(|p| (b.2.min(p.2) - b.0.max(p.0)) * (b.3.min(p.3) - b.1.max(p.1)))
                .sum()
        };
        let best = spots
            .iter()
            .find(|sp| on_canvas(rect(sp)) && overlap(rect(sp)) == 0.0)
            .or_else(|| {
                spots
                    .iter()
                    .filter(|sp| on_canvas(rect(sp)))
                    .min_by(|a, b| overlap(rect(a)).total_cmp(&overlap(rect(b))))
            })
            .unwrap_or(&spots[0]);
        placed.push(rect(best));
        let s = &mut sites[i];
        (s.lx, s.ly, s.anchor) = (round1(best.0), round1(best.1), best.2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fit_inside_the_canvas_and_north_is_up() {
        let pts = [(45.0, 2.0), (46.0, 4.0), (44.5, 3.0)];
        let (p, h) = Projection::fit(&pts);
        for &(la, lo) in &pts {
            let (x, y) = p.xy(la, lo);
            assert!(
                (0.0..=WIDTH).contains(&x) && (0.0..=h).contains(&y),
                "{x} {y}"
            );
        }
        assert!(p.xy(46.0, 3.0).1 < p.xy(45.0, 3.0).1);
        assert!(p.xy(45.0, 2.0).0 < p.xy(45.0, 4.0).0);
    }

    #[test]
    fn degenerate_inputs_do_not_break() {
        let (p, h) = Projection::fit(&[(45.0, 3.0)]);
        let (x, y) = p.xy(45.0, 3.0);
        assert!(x.is_finite() && y.is_finite() && h > 0.0);
        let (p, _) = Projection::fit(&[]);
        assert!(p.xy(f64::NAN, 1.0).0.is_finite());
        assert_eq!(coverage_colour(None), "#9a9a9a");
        assert_eq!(coverage_colour(Some(1.0)), "hsl(120,70%,40%)");
        assert_eq!(scale_bar(1.0), (100.0, 100));
        assert_eq!(scale_bar(f64::NAN), (0.0, 0));
    }

    /// Around the Massif central, the outlines of its departments are drawn, and the far
    /// ones (Finistère, Corsica) are not.
    #[test]
    fn the_departments_around_the_sites_are_outlined() {
        let (p, h) = Projection::fit(&[(45.0, 2.5), (45.5, 3.5)]);
        let paths = outlines(&p, h);
        assert!(paths.len() >= 4, "{} outlines", paths.len());
        assert!(paths.len() < 40, "{} outlines", paths.len());
        assert!(departments().len() >= 96);
        assert!(paths.iter().all(|d| d.starts_with('M') && d.ends_with('Z')));
    }

    #[test]
    fn labels_of_close_sites_do_not_overlap() {
        let site = |x: f64, y: f64| MapSite {
            x,
            y,
            r: 6.0,
            lx: 0.0,
            ly: 0.0,
            anchor: "start",
            colour: String::new(),
            label: "Centre de santé".into(),
            title: String::new(),
        };
        let mut sites = vec![site(300.0, 200.0), site(305.0, 204.0), site(298.0, 195.0)];
        place_labels(&mut sites);
        let spots: std::collections::HashSet<_> = sites
            .iter()
            .map(|s| (s.lx as i64, s.ly as i64, s.anchor))
            .collect();
        assert_eq!(spots.len(), 3, "three different spots");
    }
}
