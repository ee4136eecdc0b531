//! Feedback while a command runs: one constructor for every progress bar.
//!
//! Bars are drawn on standard error, and only when it is a terminal, so
//! piped or redirected output never contains them.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether a command shows its progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    /// A progress bar on standard error (when it is a terminal).
    Progress,
    /// Nothing but errors.
    Quiet,
}

impl Feedback {
    /// `Quiet` if `quiet`, else `Progress`.
    pub fn from_quiet(quiet: bool) -> Feedback {
        if quiet { Feedback::Quiet } else { Feedback::Progress }
    }
}

/// A progress bar counting `unit` (e.g. "replications") labelled `label`.
///
/// With a known `total` it shows a bar with the elapsed time and an ETA;
/// without one (the number of steps is not known in advance) a spinner with
/// the count and the rate. Hidden when `feedback` is quiet or standard error
/// is not a terminal.
pub fn bar(feedback: Feedback, total: Option<u64>, label: &str, unit: &str) -> ProgressBar {
    if feedback == Feedback::Quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = match total {
        Some(_) => format!("{{msg}} [{{bar:40}}] {{pos}}/{{len}} {unit}, {{elapsed}} elapsed, ETA {{eta}}"),
        None => format!("{{spinner}} {{msg}}: {{pos}} {unit}, {{elapsed}} elapsed ({{per_sec}})"),
    };
    pb.set_style(
        ProgressStyle::with_template(&template)
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(label.to_string());
    if total.is_none() {
        pb.enable_steady_tick(Duration::from_millis(200));
    }
    pb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_bar_is_hidden() {
        assert!(bar(Feedback::Quiet, Some(10), "run", "replications").is_hidden());
        assert!(bar(Feedback::Quiet, None, "search", "simulations").is_hidden());
    }
}
