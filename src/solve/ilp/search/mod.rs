//! renfort's own search on top of HiGHS's LP solver, a small MIP solver of its own: zero-half
//! cuts at the root (`cuts`), then a branch-and-bound from the LP in hand (`bnb`) that
//! hot-starts its nodes, fixes columns by their reduced costs, branches by pseudocosts
//! (`pseudocost`) on candidates priced by their penalties (`penalty`), and drops children
//! whose penalty passes the best plan. Its settings: `SearchSettings` (`ilp::settings`).
//!
//! Two entry points, in the order `ilp::solve` calls them: `root_cuts` strengthens the root
//! LP (in `rens`, before the restricted MIP that gives the start), `run` searches from it.

mod bnb;
mod cuts;
mod penalty;
mod pseudocost;

pub(super) use bnb::{search as run, Limits};
pub(super) use cuts::root_rounds as root_cuts;
