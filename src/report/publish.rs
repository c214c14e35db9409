//! The whole set of outputs of a plan, whatever made it (the engine, a repair, a what-if
//! scenario, or a `plan.csv` edited by hand): `plan.csv`, `coverage.csv`, `summary.json`,
//! `report.html`, `plan.xlsx`, the calendars, the convocations and host sheets, and
//! `not-selected.csv`. Given the previous plan, the calendars carry the cancellations and
//! only the volunteers whose vacations changed get a new message (see `ics`, `convocation`).

use super::convocation::{self, Written};
use super::ics::{self, Previous};
use super::{coverage, html, plan_csv, xlsx, Lang, Summary};
use crate::model::Plan;
use crate::rules::not_selected::not_selected;
use crate::rules::uncovered::uncovered_days;
use crate::rules::Instance;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("cannot render report.html: {0}")]
    Report(#[from] minijinja::Error),
    #[error("cannot build plan.xlsx: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
    #[error("{0}")]
    Letters(#[from] convocation::LetterError),
}

/// The files of a published plan, in writing order, and what the convocations step wrote.
pub struct Publication {
    pub files: Vec<(String, Vec<u8>)>,
    pub summary: Summary,
    pub written: Written,
    /// Volunteers who offered days and got none (`not-selected.csv`).
    pub not_selected: usize,
}

/// Every output of `plan`. `summary` is the plan's (`Summary::new`, with the input
/// warnings); `extra` adds one key to summary.json (a repair's details).
pub fn publish(
    inst: &Instance,
    plan: &Plan,
    mut summary: Summary,
    lang: Lang,
    previous: Option<&Previous>,
    extra: Option<(&str, serde_json::Value)>,
) -> Result<Publication, PublishError> {
    let mut files = vec![
        ("plan.csv".to_owned(), plan_csv::to_csv(inst, plan)),
        ("coverage.csv".to_owned(), coverage::to_csv(inst, plan)),
    ];
    let calendars = ics::calendars(inst, plan, previous);
    let (letters, written) = convocation::files(inst, plan, previous, &calendars, lang)?;
    summary.convocations = Some(written.clone());
    let uncovered = uncovered_days(inst, plan);
    let page = html::render(inst, plan, &summary, &uncovered, lang)?;
    files.push(("report.html".to_owned(), page.into_bytes()));
    files.push((
        "plan.xlsx".to_owned(),
        xlsx::to_bytes(inst, plan, &summary, &uncovered)?,
    ));
    let left_out = not_selected(inst, plan);
    files.push((
        "not-selected.csv".to_owned(),
        not_selected_csv(inst, &left_out),
    ));
    files.extend(calendars);
    files.extend(letters);
    files.push(("summary.json".to_owned(), summary.to_json_with(extra)));
    Ok(Publication {
        files,
        summary,
        written,
        not_selected: left_out.len(),
    })
}

/// A spreadsheet reads a cell starting with `=`, `+`, `-`, `@` (or a tab, a carriage return)
/// as a formula: such text gets a leading `'`, which shows it as typed.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// `not-selected.csv`: one row per volunteer who offered days and got none.
fn not_selected_csv(inst: &Instance, rows: &[crate::rules::not_selected::NotSelected]) -> Vec<u8> {
    let ds = inst.dataset;
    let header = [
        "volunteer_id",
        "name",
        "email",
        "phone",
        "offered_days",
        "offered",
        "reason",
        "reason_text",
    ];
    let lines = rows.iter().map(|n| {
        let v = &ds.volunteers[n.volunteer];
        let offered: Vec<String> = n.offered.iter().map(|d| d.to_string()).collect();
        [
            spreadsheet_safe(&v.id).into_owned(),
            spreadsheet_safe(&v.name).into_owned(),
            spreadsheet_safe(v.contact.email.as_deref().unwrap_or("")).into_owned(),
            spreadsheet_safe(v.contact.phone.as_deref().unwrap_or("")).into_owned(),
            n.offered.len().to_string(),
            offered.join(";"),
            n.reason.key().to_owned(),
            n.reason.label_fr().to_owned(),
        ]
    });
    crate::io::csv_out::csv_bytes(&header, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_compute_is_shown_as_typed() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+33 6 12"), "'+33 6 12");
        assert_eq!(spreadsheet_safe("Dr Martin"), "Dr Martin");
    }
}
