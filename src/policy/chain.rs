//! The chain rule for fixed-term contracts (ketenregeling).

use crate::input::legal::Legal;

/// Whether another fixed-term contract of `next_months` may follow a chain of
/// `contracts` contracts lasting `months` in total: it may if the chain then
/// has at most `chain_max_contracts` contracts and at most `chain_max_months`
/// months. Otherwise the employer must offer a permanent contract or end.
/// Source: docs/sources.md#legal-5 (Wwz: 3 / 24 months; WAB: 3 / 36 months).
pub fn may_renew(legal: &Legal, contracts: u32, months: u32, next_months: u32) -> bool {
    contracts < legal.rules.chain_max_contracts && months + next_months <= legal.rules.chain_max_months
}
