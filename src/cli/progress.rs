//! A progress line on stderr while the solver runs, only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn start(enabled: bool, candidates: usize) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        pb.set_style(ProgressStyle::with_template("{spinner} solving ({msg}) {elapsed_precise}").expect("valid template"));
        pb.set_message(format!("{candidates} possible assignments"));
        pb.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(pb))
    }

    pub fn finish(self) {
        if let Some(pb) = self.0 {
            pb.finish_and_clear();
        }
    }
}
