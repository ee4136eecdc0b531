//! # detasim
//!
//! An agent-based Monte Carlo simulator of *detachering* under the Dutch
//! Participatiewet: job seekers, employers, werkbedrijven and municipalities
//! of one labour-market region over several years, under the policies a
//! scenario file sets. Every outcome is reported as a distribution over
//! replications.
//!
//! The model is documented following the ODD protocol in [`odd`]. The
//! pipeline of a run:
//!
//! 1. [`input`]: read a scenario (raw serde mirror → validated [`input::scenario::Scenario`]).
//! 2. [`engine`]: run the replications in parallel ([`model::simulate`] with observers).
//! 3. [`summary`]: summarise the replication rows into distributions.
//! 4. [`output`]: write the CSV files and the manifest to a new folder.
//!
//! Around it: [`calibrate`] fits the behavioural parameters, [`experiments`]
//! compares scenarios and runs sweeps, [`report`] writes readable reports,
//! and [`serve`] is the live what-if page for workshops.
//!
//! ## Layers
//!
//! Dependencies point one way, from the top down (checked by
//! `tests/architecture.rs`):
//!
//! ```text
//! cli → serve → report → calibrate → experiments → output → engine → observe
//!     → model → policy → input → calendar, error, rng, summary, odd, progress
//! ```
//!
//! The model owns the interface through which it reports
//! ([`model::observer`]: the `Observer` trait, causes, incomes, events and the
//! month's end), and [`observe`] implements it. Reading inputs (scenarios and
//! fitted posteriors, [`input::fitted`]) is below the model; writing fits is
//! [`calibrate`]'s. Random streams ([`rng`]) are derived below everything that
//! draws from them.

#![warn(missing_debug_implementations)]
#![allow(missing_debug_implementations)]

pub mod calendar;
pub mod calibrate;
pub mod cli;
pub mod engine;
pub mod error;
pub mod experiments;
pub mod input;
pub mod model;
pub mod observe;
pub mod odd;
pub mod output;
pub mod policy;
pub mod progress;
pub mod report;
pub mod rng;
pub mod serve;
pub mod summary;

pub use error::{Error, Result};
