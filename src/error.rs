//! The one error type of the crate. Every message is written for the person
//! who typed the command: it names the file, the key, the value and what is
//! allowed, and where it helps, what to do next.

use std::path::{Path, PathBuf};

/// Everything that can go wrong for a user. Bugs panic instead.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file that was named (or implied) does not exist or cannot be read.
    #[error("{}: cannot read {what}: {source}{}", path.display(), hint_suffix(hint))]
    Read {
        path: PathBuf,
        what: &'static str,
        hint: Option<String>,
        #[source]
        source: std::io::Error,
    },

    /// A TOML file is not valid TOML.
    #[error("{}: not valid TOML: {message}", path.display())]
    Syntax { path: PathBuf, message: String },

    /// A value in an input file is wrong: unknown key, wrong type, out of range.
    #[error("{}: key `{key}`: {problem}; value: {value}; allowed: {allowed}", path.display())]
    Invalid {
        path: PathBuf,
        key: String,
        value: String,
        problem: String,
        allowed: String,
    },

    /// A command-line value is wrong.
    #[error("option {option}: {problem}; value: {value}; allowed: {allowed}")]
    Argument {
        option: &'static str,
        value: String,
        problem: String,
        allowed: String,
    },

    /// An output folder already exists: we never overwrite results.
    #[error(
        "{}: the output folder already exists; results are never overwritten\n  hint: choose another --out, or remove the folder yourself",
        path.display()
    )]
    OutputExists { path: PathBuf },

    /// A folder already has a report: it is replaced only when asked.
    #[error(
        "{}: this folder already has a report; it is never replaced silently\n  hint: add --replace to write it again",
        path.display()
    )]
    ReportExists { path: PathBuf },

    /// Writing results failed.
    #[error("{}: cannot write {what}: {source}", path.display())]
    Write {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },

    /// `validate`: some targets are not matched (exit code 1).
    #[error("{missed} of {total} targets are not within tolerance (see the table above and {})", report.display())]
    TargetsMissed {
        missed: usize,
        total: usize,
        report: PathBuf,
    },

    /// A fitted file exists and would be replaced.
    #[error(
        "{}: a fitted file already exists; it is never replaced silently\n  hint: add --replace to recalibrate, or choose another --out",
        path.display()
    )]
    FitExists { path: PathBuf },

    /// Writing a CSV file failed.
    #[error("{}: cannot write CSV: {source}", path.display())]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
}

fn hint_suffix(hint: &Option<String>) -> String {
    match hint {
        Some(h) => format!("\n  hint: {h}"),
        None => String::new(),
    }
}

impl Error {
    /// Exit code for this error: 2 for bad input (files, keys, options), 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Read { .. }
            | Error::Syntax { .. }
            | Error::Invalid { .. }
            | Error::Argument { .. }
            | Error::OutputExists { .. }
            | Error::ReportExists { .. }
            | Error::FitExists { .. } => 2,
            Error::Write { .. } | Error::Csv { .. } | Error::TargetsMissed { .. } => 1,
        }
    }

    /// A value out of range or otherwise not allowed.
    pub fn invalid(
        path: &Path,
        key: impl Into<String>,
        value: impl std::fmt::Display,
        problem: impl Into<String>,
        allowed: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            path: path.to_path_buf(),
            key: key.into(),
            value: value.to_string(),
            problem: problem.into(),
            allowed: allowed.into(),
        }
    }

    pub fn write(path: &Path, what: &'static str, source: std::io::Error) -> Self {
        Error::Write {
            path: path.to_path_buf(),
            what,
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
