//! renfort plans volunteer doctors' consultation days ("vacations") in France's medical
//! deserts, to the contract of `shared/spec/PROBLEM.md`.
//!
//! - [`choice`]: the named options (solvers, formulations, languages) users pick from;
//! - [`model`]: the domain (datasets, policies, plans), free of formats and solvers;
//! - [`rules`]: the contract's rules, one file each (service days, distances, eligibility,
//!   hard rules H1–H6, metrics);
//! - [`io`]: reading and validating inputs, writing outputs atomically;
//! - [`solve`]: the solvers behind one facade;
//! - [`report`]: plan.csv, coverage.csv, summary.json and the printed summary;
//! - [`generate`]: synthetic datasets from real communes;
//! - [`whatif`]: what-if scenarios, repair after cancellations, marginal value of a doctor;
//! - [`server`]: the planner's web app (`renfort serve`).
//!
//! `testkit` (hidden from the documentation): random instances for tests and examples.

pub mod choice;
pub mod generate;
pub mod io;
pub mod model;
pub mod report;
pub mod rules;
pub mod server;
pub mod solve;
#[doc(hidden)]
pub mod testkit;
pub mod whatif;

pub use model::{Dataset, Horizon, Plan, Policy};
pub use rules::Instance;
pub use solve::{solve, Outcome, SolveOptions, Status};
