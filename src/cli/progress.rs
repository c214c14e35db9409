//! A progress line on stderr while the solver runs (elapsed, best objective, bound), only
//! when stderr is a terminal and --quiet is not given.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use renfort::solve::{Observer, SolveProgress};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn start(enabled: bool, candidates: usize) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        pb.set_style(
            ProgressStyle::with_template("{spinner} solving {elapsed_precise}  {msg}")
                .expect("valid template"),
        );
        pb.set_message(format!("{candidates} possible assignments"));
        pb.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(pb))
    }

    /// An observer that updates the line with the solver's best objective and bound.
    pub fn observer(&self) -> Option<Observer> {
        let pb = self.0.clone()?;
        Some(Arc::new(move |p: &SolveProgress| {
            let f = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
            pb.set_message(format!(
                "best objective {}  bound {}",
                f(p.best),
                f(p.bound)
            ));
        }))
    }

    pub fn finish(self) {
        if let Some(pb) = self.0 {
            pb.finish_and_clear();
        }
    }
}
