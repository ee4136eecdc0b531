//! Observers: they watch the model and collect statistics, kept apart from
//! the model itself. They implement the model's
//! [`Observer`](crate::model::observer::Observer) interface, through which
//! the model reports every state change, every person-month (with that
//! month's income), events that are not state changes, and every month's end
//! (its ledger and state counts). Exporters and charts read only the
//! summaries they produce.

pub mod metrics;
pub mod registry;
pub mod trajectory;
