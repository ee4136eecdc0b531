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
/// indefinite period (art. 7:668a lid 1 BW). Between successive employers
/// an open-ended contract at the previous one counts too, as one link of its
/// months.
/// Source: docs/sources.md#legal-5 (successive employership, Hoge Raad 17
/// November 2017, ECLI:NL:HR:2017:2905).
pub fn successor_contract(legal: &Legal, contracts: u32, months: u32, next_months: u32) -> ContractKind {
    if may_renew(legal, contracts, months, next_months) {
        ContractKind::Temporary
    } else {
        ContractKind::Permanent
    }
}
