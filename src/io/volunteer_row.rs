//! A volunteer as a row of `volunteers.csv`, before the dataset is read: zones by id, and the
//! extra columns some writers add (the home's commune, the contacts). `renfort
//! import-volunteers` and `renfort generate` build these and write them; the planning side
//! reads the file into a [`Volunteer`] whose zones are indices into the dataset.

use super::dataset::VOLUNTEER_COLUMNS;
use crate::model::Volunteer;

/// One volunteer as written to `volunteers.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct VolunteerRow {
    /// The contract's columns, zones by id; the contacts' email and phone (no address).
    pub volunteer: Volunteer<String>,
    /// The commune the home was placed at (extra columns: the planner sees where).
    pub home_commune: Option<String>,
    pub home_insee: Option<String>,
}

/// The extra columns, after `name`, of the commune a home was placed at.
pub const HOME_COLUMNS: [&str; 2] = ["home_commune", "home_insee"];

/// The extra contact columns, last.
pub const CONTACT_COLUMNS: [&str; 2] = ["email", "phone"];

/// The header of a written `volunteers.csv`: the contract's columns, with the home's commune
/// after the name and the contacts at the end when asked for.
pub fn header(homes: bool, contacts: bool) -> Vec<&'static str> {
    let (named, rest) = VOLUNTEER_COLUMNS.split_at(2);
    let mut h = named.to_vec();
    if homes {
        h.extend(HOME_COLUMNS);
    }
    h.extend(rest);
    if contacts {
        h.extend(CONTACT_COLUMNS);
    }
    h
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_keeps_the_contract_order() {
        assert_eq!(
            super::header(true, true).join(","),
            "volunteer_id,name,home_commune,home_insee,lat,lon,authorized,max_days,max_km,\
             overnight,zones,email,phone"
        );
        assert_eq!(super::header(false, false), super::VOLUNTEER_COLUMNS);
    }
}
