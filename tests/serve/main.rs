//! `renfort serve`: the web app through its API (a real server process on a free port,
//! its workspace in a temporary folder) and through a real headless Chromium.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod api; // The planner's month through the API, restart included
mod browser; // The same by clicking, in headless Chromium, with screenshots
mod hostile; // Tokens, uploads and names that must not get through
mod queue; // Plans queued, stopped, polled at once
