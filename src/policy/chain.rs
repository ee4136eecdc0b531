//! The chain rule for fixed-term contracts (ketenregeling), and the chain a
//! successive employer takes over (opvolgend werkgeverschap).

use crate::input::legal::Legal;
use crate::policy::wage::ContractKind;

/// Whether another fixed-term contract of `next_months` may follow a chain of
/// `contracts` contracts lasting `months` in total: it may if the chain then
/// has at most `chain_max_contracts` contracts and at most `chain_max_months`
/// months. Otherwise the employer must offer a permanent contract or end.
/// Source: docs/sources.md#legal-5 (Wwz: 3 / 24 months; WAB: 3 / 36 months).
pub fn may_renew(legal: &Legal, contracts: u32, months: u32, next_months: u32) -> bool {
    contracts < legal.rules.chain_max_contracts && months + next_months <= legal.rules.chain_max_months
}

/// The length of the next fixed-term contract when the employer wanted one
/// of `drawn_months`: the drawn length if the chain rule allows it
/// ([`may_renew`]), else the longest of `lengths` shorter than it that the
/// chain rule allows, else none (the chain is full: permanent or end).
///
/// ```text
/// next = drawn                                     if may_renew(contracts, months, drawn)
///      = max { L ∈ lengths : L < drawn, may_renew(contracts, months, L) }   otherwise, if any
///      = none                                      otherwise
/// ```
///
/// An employer that means to keep someone on a fixed-term contract offers one
/// that still fits the chain rather than one the law would turn open-ended
/// (art. 7:668a lid 1 BW). Symbols: `lengths` the contract lengths of the
/// region profile (months, ascending). Source: docs/sources.md#legal-5;
/// docs/ODD.md §7.18.
pub fn fitting_months(legal: &Legal, contracts: u32, months: u32, drawn_months: u32, lengths: &[u32]) -> Option<u32> {
    if may_renew(legal, contracts, months, drawn_months) {
        return Some(drawn_months);
    }
    lengths
        .iter()
        .rev()
        .copied()
        .find(|&l| l < drawn_months && may_renew(legal, contracts, months, l))
}

/// The contract a successive employer's first fixed-term contract of
/// `next_months` becomes, when the previous employer's chain of fixed-term
/// contracts (`contracts` contracts lasting `months`) counts for it:
///
/// ```text
/// Temporary  if may_renew(contracts, months, next_months)
/// Permanent  otherwise (deemed open-ended by operation of law)
/// ```
///
/// Contracts with different employers who are each other's successors count
/// in one chain (art. 7:668a lid 2 BW); a chain beyond `chain_max_contracts`
/// contracts or `chain_max_months` months makes the last contract one for an
/// indefinite period (art. 7:668a lid 1 BW). Only fixed-term contracts form
/// the chain: an open-ended contract at the previous employer is no link
/// (the model's conversion passes a chain of 0 for it,
/// `model::werkbedrijf::Succession`). The model's conversion first shortens
/// the drawn length to one that fits ([`fitting_months`]); this is the rule
/// for a given length.
/// Source: docs/sources.md#legal-5 (successive employership, Hoge Raad 17
/// November 2017, ECLI:NL:HR:2017:2905).
pub fn successor_contract(legal: &Legal, contracts: u32, months: u32, next_months: u32) -> ContractKind {
    if may_renew(legal, contracts, months, next_months) {
        ContractKind::Temporary
    } else {
        ContractKind::Permanent
    }
}
