//! Policy instruments and legal rules, one file each. Every function here is a
//! pure formula of its inputs, documented with its symbols, their data keys
//! and units, and its source, and pinned by a unit test.

pub mod bijstand;
pub mod chain;
pub mod coaching;
pub mod eligibility;
pub mod fee;
pub mod lks;
pub mod placement_subsidy;
pub mod toeslagenwet;
pub mod trajectory;
pub mod transition;
pub mod wage;
pub mod ww;
