//! Convocations ready to send. No machine here sends mail, and a planner sends from their own
//! mailbox, so renfort writes messages in standard formats:
//!
//! - `convocations/<id>.eml` per volunteer: an RFC 5322 message (UTF-8, MIME) with the letter
//!   as its text, the volunteer's calendar attached, addressed to the volunteer's `email` when
//!   the dataset has one (else without a recipient), without a sender (the planner's mail
//!   application sets it) and marked `X-Unsent: 1` so that Outlook opens it as a draft;
//! - `convocations/<id>.html`: the same letter, printable;
//! - `hosts/<site>.html` per site: who comes when, how to reach them, the beds to book per night.
//!
//! With a previous plan only the volunteers whose vacations changed get a message, and it
//! says what changed. Every file's bytes depend on the plan only (fixed Date, Message-ID and
//! MIME boundary), so that a plan re-published gives the same files.

use super::i18n::{self, Lang};
use super::ics;
use crate::model::{Assignment, Plan, VolIdx};
use crate::rules::Instance;
use chrono::{Datelike, NaiveDate};
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::date::Date;
use mail_builder::mime::MimePart;
use mail_builder::MessageBuilder;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use std::collections::BTreeMap;

const LETTER: &str = include_str!("../../templates/letter.html");
const HOST: &str = include_str!("../../templates/host.html");

/// What the convocations step wrote, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Written {
    /// Messages written (one per volunteer concerned).
    pub messages: usize,
    /// Of which without a usable email address (no recipient: the planner adds one).
    pub without_email: usize,
    /// Host sheets written (one per site with a vacation).
    pub host_sheets: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    #[error("cannot render a letter: {0}")]
    Template(#[from] minijinja::Error),
    #[error("cannot build a message: {0}")]
    Mail(#[from] std::io::Error),
}

#[derive(Serialize)]
struct Line {
    when: String,
    #[serde(rename = "where")]
    place: String,
    how: String,
    contact: String,
}

#[derive(Serialize)]
struct Letter {
    lang: &'static str,
    dataset: String,
    period: String,
    subject: String,
    greeting: String,
    intro: Vec<String>,
    t_removed: &'static str,
    t_added: &'static str,
    t_vacations: &'static str,
    t_none_left: &'static str,
    removed: Vec<Line>,
    added: Vec<Line>,
    vacations: Vec<Line>,
    closing: Vec<String>,
}

/// Files to write: (path inside the output folder, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// A volunteer's vacations now, added and removed since the previous plan.
#[derive(Default)]
struct Changes {
    now: Vec<Assignment>,
    added: Vec<Assignment>,
    removed: Vec<Assignment>,
}

/// An address a message can carry: one `@`, no space or control character.
pub fn usable_email(e: &str) -> bool {
    let e = e.trim();
    e.matches('@').count() == 1
        && !e.starts_with('@')
        && !e.ends_with('@')
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c))
}

/// The convocations and host sheets, as (path inside the output folder, bytes).
pub fn files(
    inst: &Instance,
    plan: &Plan,
    previous: Option<&ics::Previous>,
    calendars: &[(String, Vec<u8>)],
    lang: Lang,
) -> Result<(Files, Written), LetterError> {
    let ds = inst.dataset;
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template("letter.html", LETTER)?;
    env.add_template("host.html", HOST)?;
    let (added, removed) = ics::changes(plan, previous);
    let mut by_vol: BTreeMap<VolIdx, Changes> = BTreeMap::new();
    for a in plan.assignments() {
        by_vol.entry(a.volunteer).or_default().now.push(*a);
    }
    for a in &added {
        by_vol.entry(a.volunteer).or_default().added.push(*a);
    }
    for a in &removed {
        by_vol.entry(a.volunteer).or_default().removed.push(*a);
    }
    let mut out = Vec::new();
    let mut written = Written::default();
    let mut vols: Vec<VolIdx> = by_vol.keys().copied().collect();
    vols.sort_by(|&a, &b| ds.volunteers[a].id.cmp(&ds.volunteers[b].id));
    for v in vols {
        let Changes {
            now,
            added: add,
            removed: rem,
        } = &by_vol[&v];
        // With a previous plan, only the volunteers whose vacations changed.
        if previous.is_some() && add.is_empty() && rem.is_empty() {
            continue;
        }
        let letter = letter(inst, v, now, add, rem, previous.is_some(), lang);
        let html = env.get_template("letter.html")?.render(&letter)?;
        let vol = &ds.volunteers[v];
        let stem = ics::encode_id(&vol.id);
        let cal_path = ics::volunteer_path(&vol.id);
        let cal = calendars
            .iter()
            .find(|(p, _)| *p == cal_path)
            .map(|(_, b)| b.clone())
            .unwrap_or_default();
        let email = vol.contact.email.as_deref().filter(|e| usable_email(e));
        if email.is_none() {
            written.without_email += 1;
        }
        let eml = message(inst, &letter, &stem, email, &vol.name, cal)?;
        out.push((format!("convocations/{stem}.eml"), eml));
        out.push((format!("convocations/{stem}.html"), html.into_bytes()));
        written.messages += 1;
    }
    let hosts = host_sheets(&env, inst, plan, lang)?;
    written.host_sheets = hosts.len();
    out.extend(hosts);
    Ok((out, written))
}

/// The period as a letter says it: `décembre 2026`, or `du 1 déc. 2026 au 15 déc. 2026`.
fn period(inst: &Instance, lang: Lang) -> String {
    let h = &inst.horizon;
    if h.label().len() == 7 {
        format!("{} {}", i18n::month(lang, h.first.month()), h.first.year())
    } else {
        match lang {
            Lang::Fr => format!(
                "du {} au {}",
                i18n::date_long(lang, h.first),
                i18n::date_long(lang, h.last)
            ),
            Lang::En => format!(
                "from {} to {}",
                i18n::date_long(lang, h.first),
                i18n::date_long(lang, h.last)
            ),
        }
    }
}

fn line(inst: &Instance, a: &Assignment, lang: Lang) -> Line {
    let ds = inst.dataset;
    let site = &ds.sites[a.site];
    let mut place = site.name.clone();
    if let Some(c) = site.contact.address.as_deref().or(site.commune.as_deref()) {
        place += &format!(", {c}");
    }
    let km = i18n::number(lang, inst.km(a.volunteer, a.site), 0);
    let how = if inst.is_stayer(a.volunteer, a.site) {
        match lang {
            Lang::Fr => format!(
                "{km} km aller ; nuit sur place la veille : un lit est réservé près du site."
            ),
            Lang::En => format!(
                "{km} km one way; a night there the day before: a bed is booked near the site."
            ),
        }
    } else {
        match lang {
            Lang::Fr => format!("{km} km aller ; retour chez vous le soir."),
            Lang::En => format!("{km} km one way; home in the evening."),
        }
    };
    let reach: Vec<&str> = [&site.contact.phone, &site.contact.email]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let contact = if reach.is_empty() {
        String::new()
    } else {
        let who = match lang {
            Lang::Fr => "Contact sur place",
            Lang::En => "On-site contact",
        };
        format!("{who} : {}", reach.join(", "))
    };
    Line {
        when: i18n::date_long(lang, a.date),
        place,
        how,
        contact,
    }
}

fn letter(
    inst: &Instance,
    v: VolIdx,
    now: &[Assignment],
    added: &[Assignment],
    removed: &[Assignment],
    update: bool,
    lang: Lang,
) -> Letter {
    let ds = inst.dataset;
    let vol = &ds.volunteers[v];
    let costs = &inst.policy.costs;
    let period = period(inst, lang);
    let lines = |xs: &[Assignment]| xs.iter().map(|a| line(inst, a, lang)).collect::<Vec<_>>();
    let allowance = i18n::number(lang, costs.daily_allowance_eur, 0);
    let rate = i18n::number(lang, costs.km_rate_eur, 2);
    let fr = lang == Lang::Fr;
    let subject = match (fr, update) {
        (true, false) => format!("Vos vacations de solidarité territoriale – {period}"),
        (true, true) => format!("Modification de vos vacations – {period}"),
        (false, false) => format!("Your solidarity consultation days – {period}"),
        (false, true) => format!("Changes to your consultation days – {period}"),
    };
    let intro = match (fr, update) {
        (true, false) => vec![format!(
            "Merci de votre engagement dans la solidarité territoriale. Voici les journées de \
             consultation retenues pour vous ({period})."
        )],
        (true, true) => vec![format!("Votre planning ({period}) a changé.")],
        (false, false) => vec![format!(
            "Thank you for volunteering. Here are the consultation days planned for you ({period})."
        )],
        (false, true) => vec![format!("Your schedule ({period}) has changed.")],
    };
    let closing = if fr {
        vec![
            format!(
                "Chaque journée est indemnisée {allowance} € en plus des consultations ; les \
                 kilomètres sont remboursés à {rate} € le km."
            ),
            "Le fichier joint (.ics) met ces journées à jour dans votre agenda.".into(),
            "Bien cordialement,\nL'équipe de planification de l'ARS".into(),
        ]
    } else {
        vec![
            format!(
                "Each day is paid {allowance} EUR on top of the consultations; travel is \
                 refunded at {rate} EUR per km."
            ),
            "The attached calendar file (.ics) updates these days in your calendar.".into(),
            "Kind regards,\nThe ARS planning team".into(),
        ]
    };
    Letter {
        lang: lang.tag(),
        dataset: ds.name.clone(),
        period: period.clone(),
        subject,
        greeting: if fr {
            format!("Bonjour {},", vol.name)
        } else {
            format!("Dear {},", vol.name)
        },
        intro,
        t_removed: if fr { "Annulé :" } else { "Cancelled:" },
        t_added: if fr { "Ajouté :" } else { "Added:" },
        t_vacations: if fr { "Vos vacations :" } else { "Your days:" },
        t_none_left: if fr {
            "Vous n'avez plus de vacation sur cette période."
        } else {
            "You have no consultation day left in this period."
        },
        removed: lines(removed),
        added: lines(added),
        vacations: lines(now),
        closing,
    }
}

/// The letter as plain text (the message's body).
fn text(l: &Letter) -> String {
    let mut o = format!("{}\n\n", l.greeting);
    for p in &l.intro {
        o += &format!("{p}\n\n");
    }
    let list = |o: &mut String, title: &str, xs: &[Line], detail: bool| {
        *o += &format!("{title}\n");
        for x in xs {
            *o += &format!("  - {} – {}\n", x.when, x.place);
            if detail {
                *o += &format!("    {}\n", x.how);
                if !x.contact.is_empty() {
                    *o += &format!("    {}\n", x.contact);
                }
            }
        }
        *o += "\n";
    };
    if !l.removed.is_empty() {
        list(&mut o, l.t_removed, &l.removed, false);
    }
    if !l.added.is_empty() {
        list(&mut o, l.t_added, &l.added, false);
    }
    if l.vacations.is_empty() {
        o += &format!("{}\n\n", l.t_none_left);
    } else {
        list(&mut o, l.t_vacations, &l.vacations, true);
    }
    for p in &l.closing {
        o += &format!("{p}\n\n");
    }
    o
}

/// The RFC 5322 message: the letter's text, the calendar attached.
fn message(
    inst: &Instance,
    l: &Letter,
    stem: &str,
    email: Option<&str>,
    name: &str,
    calendar: Vec<u8>,
) -> Result<Vec<u8>, std::io::Error> {
    let first = inst.horizon.first;
    let seconds = first
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    let boundary = format!("renfort-{stem}");
    let body = MimePart::new(
        ContentType::new("multipart/mixed").attribute("boundary", boundary.as_str()),
        vec![
            MimePart::new(ContentType::new("text/plain"), text(l)),
            MimePart::new(
                ContentType::new("text/calendar")
                    .attribute("charset", "utf-8")
                    .attribute("method", "PUBLISH"),
                calendar,
            )
            .attachment(format!("{stem}.ics")),
        ],
    );
    let mut m = MessageBuilder::new()
        .message_id(format!("{stem}.{}@renfort", inst.horizon.label()))
        .date(Date::new(seconds))
        .subject(l.subject.as_str())
        .header("X-Unsent", mail_builder::headers::raw::Raw::new("1"))
        .body(body);
    if let Some(e) = email {
        m = m.to((name, e));
    }
    m.write_to_vec()
}

#[derive(Serialize)]
struct HostRow {
    date: String,
    doctor: String,
    phone: String,
    email: String,
    night: String,
}

#[derive(Serialize)]
struct BedRow {
    night: String,
    count: usize,
}

/// Per site with a vacation: who comes when, and the beds to book per night.
fn host_sheets(
    env: &Environment,
    inst: &Instance,
    plan: &Plan,
    lang: Lang,
) -> Result<Files, minijinja::Error> {
    let ds = inst.dataset;
    let fr = lang == Lang::Fr;
    let mut by_site: BTreeMap<&str, (usize, Vec<&Assignment>)> = BTreeMap::new();
    for a in plan.assignments() {
        by_site
            .entry(ds.sites[a.site].id.as_str())
            .or_insert((a.site, Vec::new()))
            .1
            .push(a);
    }
    let mut out = Vec::new();
    for (id, (s, xs)) in by_site {
        let site = &ds.sites[s];
        let mut beds: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        let rows: Vec<HostRow> = xs
            .iter()
            .map(|a| {
                let vol = &ds.volunteers[a.volunteer];
                let stay = inst.is_stayer(a.volunteer, a.site);
                if stay {
                    *beds.entry(a.date).or_default() += 1;
                }
                HostRow {
                    date: i18n::date_long(lang, a.date),
                    doctor: vol.name.clone(),
                    phone: vol.contact.phone.clone().unwrap_or_default(),
                    email: vol.contact.email.clone().unwrap_or_default(),
                    night: match (stay, fr) {
                        (true, true) => "oui, la veille".into(),
                        (true, false) => "yes, the night before".into(),
                        (false, true) => "non".into(),
                        (false, false) => "no".into(),
                    },
                }
            })
            .collect();
        let night = |d: NaiveDate| {
            let before = d.pred_opt().unwrap_or(d);
            match lang {
                Lang::Fr => format!(
                    "{} → {}",
                    i18n::date_long(lang, before),
                    i18n::date_long(lang, d)
                ),
                Lang::En => format!(
                    "{} → {}",
                    i18n::date_long(lang, before),
                    i18n::date_long(lang, d)
                ),
            }
        };
        let ctx = minijinja::context! {
            lang => lang.tag(),
            dataset => ds.name.clone(),
            period => period(inst, lang),
            title => if fr { format!("Accueil des médecins – {}", site.name) } else { format!("Hosting the doctors – {}", site.name) },
            intro => if fr { "Les médecins attendus, et les lits à réserver pour ceux qui dorment sur place la veille." } else { "The doctors expected, and the beds to book for those who stay the night before." },
            head => if fr { vec!["Date", "Médecin", "Téléphone", "Courriel", "Nuit sur place"] } else { vec!["Date", "Doctor", "Phone", "Email", "Night there"] },
            rows => rows,
            t_beds => if fr { "Lits à réserver" } else { "Beds to book" },
            t_night => if fr { "Nuit" } else { "Night" },
            t_count => if fr { "Lits" } else { "Beds" },
            beds => beds.into_iter().map(|(d, count)| BedRow { night: night(d), count }).collect::<Vec<_>>(),
        };
        let html = env.get_template("host.html")?.render(ctx)?;
        out.push((
            format!("hosts/{}.html", ics::encode_id(id)),
            html.into_bytes(),
        ));
    }
    Ok(out)
}
