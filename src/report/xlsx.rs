//! `plan.xlsx`: the plan as a workbook, because ARS planners live in spreadsheets.
//!
//! Sheets: `Synthèse` (key figures, per-zone table, the input warnings if any), `Planning` (one row per assignment,
//! real dates so that filters and pivot tables work), `Calendrier` (sites × days),
//! `Volontaires`, `Non couverts` (with the computed reason), `Continuité` (per site across
//! the history: last vacation before the period, carried gap, returning doctors, UPC),
//! `Non retenus` (volunteers who offered days and got none, with the reason). The workbook is in French
//! whatever the report's language: sheet and column names are what formulas and macros
//! refer to, so they must not change with a flag.
//!
//! The output is byte-for-byte deterministic: the document's creation date is set to the
//! first day of the horizon (rust_xlsxwriter would otherwise stamp the current time) and the
//! zip entries carry the library's fixed timestamp.

use super::days::{self, DayState};
use super::figures::{key_figures, share, Value};
use super::i18n::{tr, Lang};
use super::plan_csv::output_order;
use super::Summary;
use crate::model::Plan;
use crate::rules::service_days::NoService;
use crate::rules::uncovered::UncoveredDay;
use crate::rules::Instance;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

/// The sheet names, in order (a stable interface: tests and users refer to them).
pub const SHEETS: [&str; 7] = [
    "Synthèse",
    "Planning",
    "Calendrier",
    "Volontaires",
    "Non couverts",
    "Continuité",
    "Non retenus",
];

const FR: Lang = Lang::Fr;

fn xdate(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        d.year().clamp(1900, 9999) as u16,
        d.month() as u8,
        d.day() as u8,
    )
}

/// The formats used across sheets.
struct Styles {
    head: Format,
    date: Format,
    pct: Format,
    km: Format,
    eur: Format,
    title: Format,
    covered: Format,
    partial: Format,
    uncovered: Format,
    off: Format,
}

impl Styles {
    fn new() -> Styles {
        let fill = |c: u32| {
            Format::new()
                .set_background_color(Color::RGB(c))
                .set_align(FormatAlign::Center)
        };
        Styles {
            head: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE4E9F0)),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            pct: Format::new().set_num_format("0.0%"),
            km: Format::new().set_num_format("0.0"),
            eur: Format::new().set_num_format("#,##0.00"),
            title: Format::new().set_bold().set_font_size(14),
            covered: fill(0xDCF1E2),
            partial: fill(0xFCEBC6),
            uncovered: fill(0xF8D7D3),
            off: fill(0xF0F1F3).set_font_color(Color::RGB(0x8A939D)),
        }
    }
}

fn header(ws: &mut Worksheet, row: u32, names: &[&str], st: &Styles) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        ws.write_with_format(row, c as u16, *name, &st.head)?;
    }
    Ok(())
}

/// The workbook's bytes.
pub fn to_bytes(
    inst: &Instance,
    plan: &Plan,
    summary: &Summary,
    uncovered: &[UncoveredDay],
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    let title = format!("{} — {}", tr(FR, "title"), inst.dataset.name);
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("renfort")
            .set_creation_datetime(&xdate(inst.horizon.first)?),
    );
    synthese(wb.add_worksheet().set_name(SHEETS[0])?, inst, summary, &st)?;
    planning(wb.add_worksheet().set_name(SHEETS[1])?, inst, plan, &st)?;
    calendrier(
        wb.add_worksheet().set_name(SHEETS[2])?,
        inst,
        plan,
        uncovered,
        &st,
    )?;
    volontaires(wb.add_worksheet().set_name(SHEETS[3])?, inst, plan, &st)?;
    non_couverts(
        wb.add_worksheet().set_name(SHEETS[4])?,
        inst,
        uncovered,
        &st,
    )?;
    continuite(wb.add_worksheet().set_name(SHEETS[5])?, summary, &st)?;
    non_retenus(wb.add_worksheet().set_name(SHEETS[6])?, inst, plan, &st)?;
    wb.save_to_buffer()
}

/// Per site, continuity of care across the history and the plan (`rules::care`).
fn continuite(ws: &mut Worksheet, s: &Summary, st: &Styles) -> Result<(), XlsxError> {
    let cols = [
        tr(FR, "site"),
        tr(FR, "name"),
        tr(FR, "last_before"),
        tr(FR, "carried_gap_days"),
        tr(FR, "doctors_here"),
        tr(FR, "of_whom_returning"),
        tr(FR, "vacations_with_history"),
        tr(FR, "upc"),
    ];
    header(ws, 0, &cols, st)?;
    for (i, line) in s.sites.iter().enumerate() {
        let row = i as u32 + 1;
        let c = &line.care;
        ws.write(row, 0, line.site_id.as_str())?;
        ws.write(row, 1, line.name.as_str())?;
        if let Some(d) = c.last_before {
            ws.write_with_format(row, 2, &xdate(d)?, &st.date)?;
        }
        if let Some(g) = c.carried_gap {
            ws.write(row, 3, g as f64)?;
        }
        ws.write(row, 4, c.doctors as f64)?;
        ws.write(row, 5, c.returning as f64)?;
        ws.write(row, 6, c.vacations as f64)?;
        if let Some(u) = c.upc {
            ws.write_with_format(row, 7, u, &st.pct)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 40)?;
    ws.set_column_range_width(2, 7, 18)?;
    Ok(())
}

fn synthese(
    ws: &mut Worksheet,
    inst: &Instance,
    s: &Summary,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.write_with_format(0, 0, tr(FR, "title"), &st.title)?;
    ws.write(1, 0, tr(FR, "dataset"))?;
    ws.write(1, 1, inst.dataset.name.as_str())?;
    ws.write(2, 0, tr(FR, "period"))?;
    ws.write_with_format(2, 1, &xdate(inst.horizon.first)?, &st.date)?;
    ws.write_with_format(2, 2, &xdate(inst.horizon.last)?, &st.date)?;
    header(ws, 4, &[tr(FR, "key_figures"), ""], st)?;
    let mut row = 5;
    for f in key_figures(s, FR) {
        ws.write(row, 0, tr(FR, f.key))?;
        match f.value {
            Value::Int(n) => ws.write(row, 1, n as f64)?,
            Value::Num(x, 2) => ws.write_with_format(row, 1, x, &st.eur)?,
            Value::Num(x, _) => ws.write_with_format(row, 1, x, &st.km)?,
            Value::Share(x) => ws.write_with_format(row, 1, x, &st.pct)?,
            Value::Text(t) => ws.write(row, 1, t)?,
            Value::None => ws.write(row, 1, tr(FR, "none"))?,
        };
        row += 1;
    }
    row += 1;
    let mut cols = vec![
        tr(FR, "zone"),
        tr(FR, "name"),
        tr(FR, "priority"),
        tr(FR, "service_days"),
        tr(FR, "covered_site_days"),
        tr(FR, "coverage"),
        tr(FR, "demand"),
        tr(FR, "uncovered_dd"),
        tr(FR, "breaks"),
        tr(FR, "longest_gap"),
        tr(FR, "assigned_days"),
        tr(FR, "cost"),
    ];
    // Last, and only when the dataset says where its zones come from (national datasets mix
    // confirmed and illustrative zones): the other columns keep their place.
    let sourced = s.zones.iter().any(|z| z.source_status.is_some());
    if sourced {
        cols.push(tr(FR, "source_status"));
    }
    header(ws, row, &cols, st)?;
    for z in &s.zones {
        row += 1;
        ws.write(row, 0, z.zone_id.as_str())?;
        ws.write(row, 1, z.name.as_str())?;
        ws.write(row, 2, z.priority)?;
        ws.write(row, 3, z.service_days as f64)?;
        ws.write(row, 4, z.covered_site_days as f64)?;
        match share(
            z.demand_doctor_days - z.uncovered_doctor_days.min(z.demand_doctor_days),
            z.demand_doctor_days,
        ) {
            Value::Share(x) => ws.write_with_format(row, 5, x, &st.pct)?,
            _ => ws.write(row, 5, tr(FR, "none"))?,
        };
        ws.write(row, 6, z.demand_doctor_days as f64)?;
        ws.write(row, 7, z.uncovered_doctor_days as f64)?;
        ws.write(row, 8, z.breaks as f64)?;
        ws.write(row, 9, z.longest_gap as f64)?;
        ws.write(row, 10, z.assigned_days as f64)?;
        ws.write_with_format(row, 11, z.cost_eur, &st.eur)?;
        if let Some(status) = &z.source_status {
            ws.write(row, 12, super::i18n::source_status(FR, status))?;
        }
    }
    // Last, so that the cells above keep their place whether or not there are warnings.
    if !s.warnings.is_empty() {
        row += 2;
        header(ws, row, &[tr(FR, "warnings")], st)?;
        for w in &s.warnings {
            row += 1;
            ws.write(row, 0, w.as_str())?;
        }
    }
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_range_width(2, 11, 14)?;
    Ok(())
}

fn planning(
    ws: &mut Worksheet,
    inst: &Instance,
    plan: &Plan,
    st: &Styles,
) -> Result<(), XlsxError> {
    let ds = inst.dataset;
    let cols = [
        tr(FR, "date"),
        tr(FR, "site_code"),
        tr(FR, "site"),
        tr(FR, "commune"),
        tr(FR, "zone"),
        tr(FR, "volunteer_code"),
        tr(FR, "name"),
        tr(FR, "km_one_way"),
        tr(FR, "overnight"),
    ];
    header(ws, 0, &cols, st)?;
    let mut row = 0;
    for a in output_order(inst, plan) {
        row += 1;
        let (s, v) = (&ds.sites[a.site], &ds.volunteers[a.volunteer]);
        ws.write_with_format(row, 0, &xdate(a.date)?, &st.date)?;
        ws.write(row, 1, s.id.as_str())?;
        ws.write(row, 2, s.name.as_str())?;
        ws.write(row, 3, s.commune.as_deref().unwrap_or(""))?;
        ws.write(row, 4, ds.zones[s.zone].name.as_str())?;
        ws.write(row, 5, v.id.as_str())?;
        ws.write(row, 6, v.name.as_str())?;
        ws.write_with_format(row, 7, inst.km(a.volunteer, a.site), &st.km)?;
        ws.write(
            row,
            8,
            tr(
                FR,
                if inst.is_stayer(a.volunteer, a.site) {
                    "yes"
                } else {
                    "no"
                },
            ),
        )?;
    }
    ws.autofilter(0, 0, row, cols.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 0)?;
    for (c, w) in [12, 10, 30, 18, 22, 13, 26, 11, 14].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    Ok(())
}

/// Sites × days: the doctors' names on a service day (coloured by coverage; empty and red
/// when nobody comes), else why the site does not work that day.
fn calendrier(
    ws: &mut Worksheet,
    inst: &Instance,
    plan: &Plan,
    uncovered: &[UncoveredDay],
    st: &Styles,
) -> Result<(), XlsxError> {
    let ds = inst.dataset;
    header(ws, 0, &[tr(FR, "site_code"), tr(FR, "site")], st)?;
    let day_head = st
        .head
        .clone()
        .set_num_format("dd/mm")
        .set_align(FormatAlign::Center);
    for (i, d) in inst.horizon.days().enumerate() {
        ws.write_with_format(0, 2 + i as u16, &xdate(d)?, &day_head)?;
    }
    let grid = days::grid(inst, plan, uncovered);
    let mut order: Vec<usize> = (0..ds.sites.len()).collect();
    order.sort_by(|&a, &b| ds.sites[a].id.cmp(&ds.sites[b].id));
    for (r, s) in order.into_iter().enumerate() {
        let row = 1 + r as u32;
        ws.write(row, 0, ds.sites[s].id.as_str())?;
        ws.write(row, 1, ds.sites[s].name.as_str())?;
        for (i, sd) in grid[s].iter().enumerate() {
            let col = 2 + i as u16;
            let names = sd
                .doctors
                .iter()
                .map(|&v| ds.volunteers[v].name.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            match sd.state {
                DayState::Covered => ws.write_with_format(row, col, &names, &st.covered)?,
                DayState::Partial(_) => ws.write_with_format(row, col, &names, &st.partial)?,
                DayState::Uncovered(_) => ws.write_with_format(row, col, &names, &st.uncovered)?,
                DayState::NoService(NoService::Closed) => {
                    ws.write_with_format(row, col, "fermé", &st.off)?
                }
                DayState::NoService(NoService::PublicHoliday) => {
                    ws.write_with_format(row, col, "férié", &st.off)?
                }
                DayState::NoService(_) => ws.write_with_format(row, col, "", &st.off)?,
            };
        }
    }
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_range_width(2, 1 + inst.horizon.len().min(16_000) as u16, 16.0)?;
    ws.set_freeze_panes(1, 2)?;
    Ok(())
}

fn volontaires(
    ws: &mut Worksheet,
    inst: &Instance,
    plan: &Plan,
    st: &Styles,
) -> Result<(), XlsxError> {
    let ds = inst.dataset;
    let cols = [
        tr(FR, "id"),
        tr(FR, "name"),
        tr(FR, "authorised"),
        tr(FR, "days_assigned"),
        tr(FR, "days_offered"),
        tr(FR, "own_max_days"),
        tr(FR, "max_days"),
        tr(FR, "email"),
        tr(FR, "phone"),
    ];
    header(ws, 0, &cols, st)?;
    let mut assigned = vec![0u32; ds.volunteers.len()];
    for a in plan.assignments() {
        assigned[a.volunteer] += 1;
    }
    for (v, vol) in ds.volunteers.iter().enumerate() {
        let row = 1 + v as u32;
        let offered = ds
            .availability
            .range((v, inst.horizon.first)..=(v, inst.horizon.last))
            .count();
        ws.write(row, 0, vol.id.as_str())?;
        ws.write(row, 1, vol.name.as_str())?;
        ws.write(row, 2, tr(FR, if vol.authorized { "yes" } else { "no" }))?;
        ws.write(row, 3, assigned[v])?;
        ws.write(row, 4, offered as f64)?;
        ws.write(row, 5, vol.max_days)?;
        ws.write(row, 6, inst.monthly_cap(v))?;
        ws.write(row, 7, vol.contact.email.as_deref().unwrap_or(""))?;
        ws.write(row, 8, vol.contact.phone.as_deref().unwrap_or(""))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(0, 13)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_range_width(2, 6, 17)?;
    Ok(())
}

/// Volunteers who offered days and got none, with the reason (`rules::not_selected`): the
/// ARS thanks them or asks them elsewhere.
fn non_retenus(
    ws: &mut Worksheet,
    inst: &Instance,
    plan: &Plan,
    st: &Styles,
) -> Result<(), XlsxError> {
    let ds = inst.dataset;
    let cols = [
        tr(FR, "id"),
        tr(FR, "name"),
        tr(FR, "days_offered"),
        tr(FR, "reason"),
        tr(FR, "email"),
        tr(FR, "phone"),
    ];
    header(ws, 0, &cols, st)?;
    for (i, n) in crate::rules::not_selected::not_selected(inst, plan)
        .iter()
        .enumerate()
    {
        let row = 1 + i as u32;
        let vol = &ds.volunteers[n.volunteer];
        ws.write(row, 0, vol.id.as_str())?;
        ws.write(row, 1, vol.name.as_str())?;
        ws.write(row, 2, n.offered.len() as f64)?;
        ws.write(row, 3, n.reason.label_fr())?;
        ws.write(row, 4, vol.contact.email.as_deref().unwrap_or(""))?;
        ws.write(row, 5, vol.contact.phone.as_deref().unwrap_or(""))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(0, 13)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(3, 60)?;
    ws.set_column_range_width(4, 5, 24)?;
    Ok(())
}

fn non_couverts(
    ws: &mut Worksheet,
    inst: &Instance,
    uncovered: &[UncoveredDay],
    st: &Styles,
) -> Result<(), XlsxError> {
    let ds = inst.dataset;
    let cols = [
        tr(FR, "site_code"),
        tr(FR, "site"),
        tr(FR, "date"),
        tr(FR, "demand"),
        tr(FR, "assigned"),
        tr(FR, "reason"),
        tr(FR, "reason_code"),
        tr(FR, "offered_reachable"),
    ];
    header(ws, 0, &cols, st)?;
    for (i, u) in uncovered.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write(row, 0, ds.sites[u.site].id.as_str())?;
        ws.write(row, 1, ds.sites[u.site].name.as_str())?;
        ws.write_with_format(row, 2, &xdate(u.date)?, &st.date)?;
        ws.write(row, 3, u.demand)?;
        ws.write(row, 4, u.assigned)?;
        ws.write(row, 5, u.reason.label_fr())?;
        ws.write(row, 6, u.reason.code())?;
        ws.write(row, 7, format!("{} / {}", u.offered, u.reachable))?;
    }
    if !uncovered.is_empty() {
        ws.autofilter(0, 0, uncovered.len() as u32, cols.len() as u16 - 1)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (c, w) in [10, 28, 12, 9, 9, 90, 16, 14].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    Ok(())
}
