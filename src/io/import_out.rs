//! The import's outputs in the contract's CSV format (§2): what `renfort check` reads back.

use super::volunteer_row::{header, VolunteerRow};
use std::fmt::Write as _;

/// Quotes a CSV cell when it needs it.
pub fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub fn volunteers_csv(outs: &[VolunteerRow]) -> String {
    // The contact columns only when the export had some (the convocations use them).
    let contacts = outs
        .iter()
        .any(|r| r.volunteer.contact.email.is_some() || r.volunteer.contact.phone.is_some());
    let homes = outs.iter().any(|r| r.home_insee.is_some());
    let mut s = header(homes, contacts).join(",") + "\n";
    for r in outs {
        let v = &r.volunteer;
        let _ = write!(s, "{},{}", quote(&v.id), quote(&v.name));
        if homes {
            let cell = |x: &Option<String>| quote(x.as_deref().unwrap_or(""));
            let _ = write!(s, ",{},{}", cell(&r.home_commune), cell(&r.home_insee));
        }
        let _ = write!(
            s,
            ",{:.5},{:.5},{},{},{},{},{}",
            v.lat,
            v.lon,
            v.authorized,
            v.max_days,
            v.max_km,
            v.overnight,
            quote(&v.zones.join(";"))
        );
        if contacts {
            let cell = |x: &Option<String>| quote(x.as_deref().unwrap_or(""));
            let _ = write!(s, ",{},{}", cell(&v.contact.email), cell(&v.contact.phone));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Volunteer};

    fn out(email: Option<&str>) -> VolunteerRow {
        VolunteerRow {
            volunteer: Volunteer {
                id: "123".into(),
                name: "Dr A, B".into(),
                lat: 45.0,
                lon: 3.0,
                authorized: true,
                max_days: 2,
                max_km: 100.0,
                overnight: false,
                zones: vec![],
                contact: Contact {
                    email: email.map(str::to_owned),
                    phone: None,
                    address: None,
                },
            },
            home_commune: None,
            home_insee: None,
        }
    }

    /// The contact columns appear only when the export had some, and carry the address.
    #[test]
    fn emails_are_carried_when_the_export_has_them() {
        let without = volunteers_csv(&[out(None)]);
        assert!(!without.contains("email"));
        let with = volunteers_csv(&[out(Some("a@b.fr")), out(None)]);
        let lines: Vec<&str> = with.lines().collect();
        assert!(lines[0].ends_with(",email,phone"));
        assert!(lines[1].ends_with(",a@b.fr,"), "{}", lines[1]);
        assert!(lines[2].ends_with(",,"), "{}", lines[2]);
    }
}
