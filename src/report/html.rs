//! `report.html`: the plan for people. One self-contained file (inline CSS and SVG, no
//! script, no font, no request of any kind) so that it can be mailed, opened offline on a
//! locked-down ARS workstation, and archived as it is.
//!
//! Rust computes every number and word (see `views`); the template `templates/report.html`
//! only lays them out. minijinja escapes every value because the template's name ends in
//! `.html`: a volunteer called `<script>` is printed, not run.

use super::days::{self, DayState, SiteDay};
use super::figures::{self, key_figures};
use super::html_schedule::VolRow;
use super::i18n::{self, tr, Lang};
use super::map::{self, MapView, SiteFacts};
use super::Summary;
use crate::model::Plan;
use crate::rules::metrics::breakdown;
use crate::rules::uncovered::{UncoveredDay, UncoveredReason};
use crate::rules::Instance;
use chrono::{Datelike, Days};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use std::collections::BTreeMap;

/// Figures that mean something to whoever checks the solver, not to a planner: folded
/// under "how the plan was computed".
const TECHNICAL: [&str; 3] = ["objective", "bound", "gap"];

const TEMPLATE: &str = include_str!("../../templates/report.html");

#[derive(Serialize)]
struct Fig {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct ZoneRow {
    id: String,
    name: String,
    priority: String,
    covered: String,
    coverage: String,
    uncovered: u64,
    breaks: u64,
    longest_gap: u64,
    assigned: u64,
    cost: String,
    /// The zone's source status in the report's words, when the dataset says.
    status: Option<String>,
}

#[derive(Serialize)]
struct Cell {
    blank: bool,
    day: String,
    class: &'static str,
    state: &'static str,
    doctors: Vec<String>,
    note: String,
    title: String,
}

#[derive(Serialize)]
struct SiteCal {
    id: String,
    name: String,
    commune: String,
    zone: String,
    service_days: usize,
    covered_days: u64,
    breaks: u64,
    longest_gap: u64,
    /// Continuity of care across the history (`rules::care`): None without history.
    care: Option<CareLine>,
    weeks: Vec<Vec<Cell>>,
}

/// One site's continuity of care, as the report words it.
#[derive(Serialize)]
struct CareLine {
    /// The last vacation before the period, or None ("none in the history").
    last_before: Option<String>,
    carried_gap: Option<u32>,
    doctors: u64,
    returning: u64,
    upc: String,
}

#[derive(Serialize)]
/// The uncovered days of one site for one reason: one row, not one per day.
struct UncoveredRow {
    site: String,
    dates: String,
    days: usize,
    missing: u64,
    reason: &'static str,
    short: &'static str,
}

#[derive(Serialize)]
struct ReasonCount {
    short: &'static str,
    reason: &'static str,
    site_days: usize,
    doctor_days: u64,
}

#[derive(Serialize)]
struct DayHead {
    num: u32,
    wd: &'static str,
    weekend: bool,
}

#[derive(Serialize)]
struct Context {
    lang: &'static str,
    t: BTreeMap<&'static str, &'static str>,
    dataset: String,
    description: Option<String>,
    period: String,
    headline: Vec<Fig>,
    /// The solver's figures, for the curious (folded away).
    technical: Vec<Fig>,
    figures: Vec<Fig>,
    zones: Vec<ZoneRow>,
    /// Some zone says where it comes from: the table's note explains the words.
    zones_sourced: bool,
    map: MapView,
    weekdays: Vec<&'static str>,
    sites: Vec<SiteCal>,
    uncovered: Vec<UncoveredRow>,
    reasons: Vec<ReasonCount>,
    days: Vec<DayHead>,
    volunteers: Vec<VolRow>,
    /// The letters the volunteers' grid uses for the sites.
    site_tags: Vec<super::html_schedule::SiteTag>,
    warnings: Vec<String>,
}

/// Renders the report; an error only if the template itself is broken (a test renders it).
pub fn render(
    inst: &Instance,
    plan: &Plan,
    summary: &Summary,
    uncovered: &[UncoveredDay],
    lang: Lang,
) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    // A misspelt key in the template must fail the tests, not print an empty string.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template("report.html", TEMPLATE)?;
    env.get_template("report.html")?
        .render(context(inst, plan, summary, uncovered, lang))
}

fn context(
    inst: &Instance,
    plan: &Plan,
    summary: &Summary,
    uncovered: &[UncoveredDay],
    lang: Lang,
) -> Context {
    let ds = inst.dataset;
    let figs = key_figures(summary, lang);
    let fig = |f: &figures::Figure| Fig {
        label: tr(lang, f.key),
        value: f.value.display(lang),
    };
    let grid = days::grid(inst, plan, uncovered);
    let b = breakdown(inst, plan);
    let facts: Vec<SiteFacts> = b
        .per_site
        .iter()
        .enumerate()
        .map(|(s, m)| {
            let cov = figures::share(
                m.demand_doctor_days - m.uncovered_doctor_days,
                m.demand_doctor_days,
            );
            SiteFacts {
                demand: m.demand_doctor_days,
                coverage: match cov {
                    figures::Value::Share(x) => Some(x),
                    _ => None,
                },
                title: format!(
                    "{} — {} {}",
                    ds.sites[s].name,
                    tr(lang, "coverage"),
                    cov.display(lang)
                ),
            }
        })
        .collect();
    let map = map::build(inst, plan, &facts, |v, s, n| {
        format!("{} → {} ({n})", ds.volunteers[v].name, ds.sites[s].name)
    });
    let zones: Vec<ZoneRow> = summary
        .zones
        .iter()
        .map(|z| ZoneRow {
            id: z.zone_id.clone(),
            name: z.name.clone(),
            priority: i18n::number(lang, z.priority, 1),
            covered: format!("{} / {}", z.covered_site_days, z.service_days),
            coverage: figures::share(
                z.demand_doctor_days - z.uncovered_doctor_days.min(z.demand_doctor_days),
                z.demand_doctor_days,
            )
            .display(lang),
            uncovered: z.uncovered_doctor_days,
            breaks: z.breaks,
            longest_gap: z.longest_gap,
            assigned: z.assigned_days,
            cost: i18n::number(lang, z.cost_eur, 0),
            status: z
                .source_status
                .as_deref()
                .map(|s| i18n::source_status(lang, s)),
        })
        .collect();
    let mut site_order: Vec<usize> = (0..ds.sites.len()).collect();
    site_order.sort_by(|&a, &c| ds.sites[a].id.cmp(&ds.sites[c].id));
    let sites = site_order
        .iter()
        .map(|&s| {
            let site = &ds.sites[s];
            SiteCal {
                id: site.id.clone(),
                name: site.name.clone(),
                commune: site.commune.clone().unwrap_or_default(),
                zone: ds.zones[site.zone].name.clone(),
                service_days: inst.service_days(s).len(),
                covered_days: b.per_site[s].covered_site_days,
                breaks: b.per_site[s].breaks,
                longest_gap: b.per_site[s].longest_gap,
                care: (!ds.history.is_empty()).then(|| {
                    let c = &summary.sites[s].care;
                    CareLine {
                        last_before: c.last_before.map(|d| i18n::date_long(lang, d)),
                        carried_gap: c.carried_gap,
                        doctors: c.doctors,
                        returning: c.returning,
                        upc: c
                            .upc
                            .map(|u| figures::Value::Share(u).display(lang))
                            .unwrap_or_else(|| "-".into()),
                    }
                }),
                weeks: weeks(inst, &grid[s], lang),
            }
        })
        .collect();
    let reasons = UncoveredReason::ALL
        .iter()
        .map(|&r| {
            let days: Vec<&UncoveredDay> = uncovered.iter().filter(|u| u.reason == r).collect();
            ReasonCount {
                short: i18n::reason_short(lang, r),
                reason: i18n::reason(lang, r),
                site_days: days.len(),
                doctor_days: days.iter().map(|u| u.missing() as u64).sum(),
            }
        })
        .filter(|c| c.site_days > 0)
        .collect();
    // Grouped by site (in report order) and reason, dates listed.
    let mut groups: BTreeMap<(String, usize), Vec<&UncoveredDay>> = BTreeMap::new();
    for u in uncovered {
        let r = UncoveredReason::ALL
            .iter()
            .position(|&x| x == u.reason)
            .unwrap_or(0);
        groups
            .entry((ds.sites[u.site].id.clone(), r))
            .or_default()
            .push(u);
    }
    let uncovered = groups
        .into_values()
        .map(|days| {
            let u = days[0];
            UncoveredRow {
                site: ds.sites[u.site].name.clone(),
                dates: days
                    .iter()
                    .map(|d| date_in_period(inst, lang, d.date))
                    .collect::<Vec<_>>()
                    .join(", "),
                days: days.len(),
                missing: days.iter().map(|d| d.missing() as u64).sum(),
                reason: i18n::reason(lang, u.reason),
                short: i18n::reason_short(lang, u.reason),
            }
        })
        .collect();
    Context {
        lang: lang.tag(),
        t: i18n::table(lang),
        dataset: ds.name.clone(),
        description: ds.description.clone(),
        period: format!(
            "{} – {}",
            i18n::date_long(lang, inst.horizon.first),
            i18n::date_long(lang, inst.horizon.last)
        ),
        headline: figs.iter().filter(|f| f.headline).map(fig).collect(),
        figures: figs
            .iter()
            .filter(|f| !f.headline && !TECHNICAL.contains(&f.key))
            .map(fig)
            .collect(),
        technical: figs
            .iter()
            .filter(|f| TECHNICAL.contains(&f.key))
            .map(fig)
            .collect(),
        zones_sourced: zones.iter().any(|z| z.status.is_some()),
        zones,
        map,
        warnings: summary.warnings.clone(),
        weekdays: (0..7).map(|i| i18n::weekday(lang, i)).collect(),
        sites,
        uncovered,
        reasons,
        days: inst
            .horizon
            .days()
            .map(|d| {
                let i = d.weekday().num_days_from_monday() as usize;
                DayHead {
                    num: d.day(),
                    wd: i18n::weekday(lang, i),
                    weekend: i >= 5,
                }
            })
            .collect(),
        volunteers: super::html_schedule::rows(inst, plan, lang),
        site_tags: super::html_schedule::site_tags(inst).1,
    }
}

/// A date inside the horizon: without its year when the horizon lies in one year.
pub(super) fn date_in_period(inst: &Instance, lang: Lang, d: chrono::NaiveDate) -> String {
    if inst.horizon.first.year() == inst.horizon.last.year() {
        i18n::date_short(lang, d)
    } else {
        i18n::date_long(lang, d)
    }
}

/// A site's days laid out in weeks from Monday to Sunday; days outside the horizon are blank.
fn weeks(inst: &Instance, days: &[SiteDay], lang: Lang) -> Vec<Vec<Cell>> {
    let first = inst.horizon.first;
    let lead = first.weekday().num_days_from_monday() as u64;
    let start = first.checked_sub_days(Days::new(lead)).unwrap_or(first);
    let mut cells: Vec<Cell> = Vec::new();
    let mut date = start;
    loop {
        let in_horizon = inst.horizon.contains(date);
        if !in_horizon && date > inst.horizon.last && cells.len().is_multiple_of(7) {
            break;
        }
        let sd = in_horizon
            .then(|| days.get((date - first).num_days() as usize))
            .flatten();
        cells.push(match sd {
            None => Cell {
                blank: true,
                day: String::new(),
                class: "blank",
                state: "",
                doctors: vec![],
                note: String::new(),
                title: String::new(),
            },
            Some(sd) => cell(inst, sd, lang, date.day() == 1 || date == first),
        });
        match date.succ_opt() {
            Some(d) => date = d,
            None => break,
        }
    }
    let mut weeks = Vec::with_capacity(cells.len() / 7 + 1);
    let mut rest = cells.into_iter().peekable();
    while rest.peek().is_some() {
        weeks.push(rest.by_ref().take(7).collect());
    }
    weeks
}

fn cell(inst: &Instance, sd: &SiteDay, lang: Lang, with_month: bool) -> Cell {
    let ds = inst.dataset;
    let day = if with_month {
        format!(
            "{} {}",
            sd.date.day(),
            i18n::month_short(lang, sd.date.month())
        )
    } else {
        sd.date.day().to_string()
    };
    let doctors: Vec<String> = sd
        .doctors
        .iter()
        .map(|&v| ds.volunteers[v].name.clone())
        .collect();
    let (state, note) = match sd.state {
        DayState::Covered => (tr(lang, "covered"), String::new()),
        DayState::Partial(r) => (
            tr(lang, "partial"),
            format!(
                "{}/{} · {}",
                sd.doctors.len(),
                sd.demand,
                i18n::reason_short(lang, r)
            ),
        ),
        DayState::Uncovered(r) => (
            tr(lang, "uncovered"),
            i18n::reason_short(lang, r).to_string(),
        ),
        DayState::NoService(why) => (i18n::no_service(lang, why), String::new()),
    };
    let mut title = format!("{} — {state}", i18n::date_long(lang, sd.date));
    if let Some(r) = sd.state.reason() {
        let colon = if lang == Lang::Fr { " : " } else { ": " };
        title = format!("{title}{colon}{}", i18n::reason(lang, r));
    }
    Cell {
        blank: false,
        day,
        class: sd.state.class(),
        state,
        doctors,
        note,
        title,
    }
}
