//! A dataset restricted to some sites and volunteers (every zone kept), with the maps back to
//! the original indices. Used to solve independent parts of a problem apart.

use super::{Assignment, Dataset, SiteIdx, VolIdx};
use std::collections::HashMap;

/// A sub-dataset and how its indices map to the original's.
pub struct Restricted {
    pub dataset: Dataset,
    /// Original index of each site of the sub-dataset.
    pub sites: Vec<SiteIdx>,
    /// Original index of each volunteer of the sub-dataset.
    pub volunteers: Vec<VolIdx>,
}

impl Restricted {
    /// The part of an original plan that falls in the sub-dataset, in its indices.
    pub fn project(&self, plan: &super::Plan) -> super::Plan {
        let s_new: HashMap<SiteIdx, SiteIdx> = self
            .sites
            .iter()
            .enumerate()
            .map(|(n, &o)| (o, n))
            .collect();
        let v_new: HashMap<VolIdx, VolIdx> = self
            .volunteers
            .iter()
            .enumerate()
            .map(|(n, &o)| (o, n))
            .collect();
        super::Plan::new(
            plan.assignments()
                .iter()
                .filter_map(|a| {
                    Some(Assignment {
                        date: a.date,
                        site: *s_new.get(&a.site)?,
                        volunteer: *v_new.get(&a.volunteer)?,
                    })
                })
                .collect(),
        )
    }

    /// An assignment of the sub-dataset in the original's indices.
    pub fn lift(&self, a: &Assignment) -> Assignment {
        Assignment {
            date: a.date,
            site: self.sites[a.site],
            volunteer: self.volunteers[a.volunteer],
        }
    }
}

impl Dataset {
    /// A site's history goes with it; a part's doctors (known by id) keep their vacations
    /// at the other sites for their monthly cap.
    fn restrict_history(
        &self,
        s_new: &HashMap<SiteIdx, SiteIdx>,
        volunteers: &[VolIdx],
    ) -> super::History {
        let ids: std::collections::HashSet<&str> = volunteers
            .iter()
            .map(|&v| self.volunteers[v].id.as_str())
            .collect();
        let mut h = super::History {
            files: self.history.files.clone(),
            elsewhere: self
                .history
                .elsewhere
                .iter()
                .filter(|(v, _)| ids.contains(v.as_str()))
                .cloned()
                .collect(),
            ..Default::default()
        };
        for (p, o) in &self.history.visits {
            match s_new.get(&p.site) {
                Some(&site) => {
                    let visit = super::PastVisit { site, ..p.clone() };
                    h.visits.insert(visit, o.clone());
                }
                None if ids.contains(p.volunteer.as_str()) => {
                    h.elsewhere.push((p.volunteer.clone(), p.date));
                }
                None => {}
            }
        }
        h
    }

    pub fn restrict(&self, sites: &[SiteIdx], volunteers: &[VolIdx]) -> Restricted {
        let s_new: HashMap<SiteIdx, SiteIdx> =
            sites.iter().enumerate().map(|(n, &o)| (o, n)).collect();
        let v_new: HashMap<VolIdx, VolIdx> = volunteers
            .iter()
            .enumerate()
            .map(|(n, &o)| (o, n))
            .collect();
        let ds = Dataset {
            name: self.name.clone(),
            month: self.month.clone(),
            description: self.description.clone(),
            zones: self.zones.clone(),
            sites: sites.iter().map(|&s| self.sites[s].clone()).collect(),
            volunteers: volunteers
                .iter()
                .map(|&v| self.volunteers[v].clone())
                .collect(),
            availability: self
                .availability
                .iter()
                .filter_map(|&(v, d)| Some((*v_new.get(&v)?, d)))
                .collect(),
            closures: self
                .closures
                .iter()
                .filter_map(|&(s, d)| Some((*s_new.get(&s)?, d)))
                .collect(),
            demand_overrides: self
                .demand_overrides
                .iter()
                .filter_map(|(&(s, d), &n)| Some(((*s_new.get(&s)?, d), n)))
                .collect(),
            pinned: self
                .pinned
                .iter()
                .filter_map(|(p, &line)| {
                    let a = Assignment {
                        date: p.date,
                        site: *s_new.get(&p.site)?,
                        volunteer: *v_new.get(&p.volunteer)?,
                    };
                    Some((a, line))
                })
                .collect(),
            distances: self
                .distances
                .iter()
                .filter_map(|(&(v, s), &km)| Some(((*v_new.get(&v)?, *s_new.get(&s)?), km)))
                .collect(),
            history: self.restrict_history(&s_new, volunteers),
            // Sub-datasets are solved, never reported on.
            offer_origins: Default::default(),
        };
        Restricted {
            dataset: ds,
            sites: sites.to_vec(),
            volunteers: volunteers.to_vec(),
        }
    }
}
