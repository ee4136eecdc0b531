//! Money: every euro paid in a month is recorded once, with its payer, its
//! payee and what it is for. Actors' accounts (municipal cost by category,
//! the werkbedrijf's revenue and cost per business line, UWV's payments,
//! employers' net cost) are read from this ledger; parties outside the
//! region's actors are named so that money leaving the system is visible.

/// Who pays or receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The persons of the caseload (households).
    Persons,
    /// All regular employers (inleners and direct employers).
    Employers,
    /// UWV: WW benefits, Toeslagenwet top-ups, no-riskpolis; receives the WW premium.
    Uwv,
    /// Tax authority and social funds: income tax and employee premiums,
    /// employer charges other than the WW premium. Leaves the system.
    TaxAndFunds,
    /// National government paying the LKV through the tax authority. Outside the region.
    Rijk,
    /// Coaching, trajectory and overhead suppliers. Leaves the system.
    Providers,
    /// Customers of the werkbedrijf's internal and beschut work. Outside the region.
    Customers,
    /// Municipality `i` of the region.
    Municipality(u16),
    /// Werkbedrijf `j` of the region, the account of one of its [`Line`]s.
    Werkbedrijf(u16, Line),
}

/// Where in a werkbedrijf's accounts a payment is booked: one of its two
/// business lines, or the werkbedrijf as a whole. Every payment for a person
/// is booked on the line of the person's state
/// ([`crate::model::werkbedrijf::line`]); the fixed overhead is shared
/// between the lines by their paid hours
/// ([`crate::model::werkbedrijf::pay_fixed_overhead`]). Source:
/// docs/ODD.md §2.6, §7.28.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// Detachering: placed (`Detached`) and idle (`Idle`) staff, their
    /// coaching, leegloop and their share of overhead.
    Detachering = 0,
    /// Beschut werk (`Beschut`, also those detached without an expectation
    /// of conversion), its revenue and its share of overhead.
    Beschut,
    /// Not a business line: the werkbedrijf as a whole, which receives the
    /// municipalities' `DeficitCoverage` and nothing else.
    Whole,
}

impl Line {
    /// The accounts of one werkbedrijf, in ledger order.
    pub const ALL: [Line; 3] = [Line::Detachering, Line::Beschut, Line::Whole];
    /// The two business lines.
    pub const BUSINESS: [Line; 2] = [Line::Detachering, Line::Beschut];
}

/// What a payment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Gross wage (employer or werkbedrijf → persons).
    Wage = 0,
    /// Holiday pay earned (→ persons).
    HolidayPay,
    /// Employer charges other than the WW premium (→ tax and funds).
    EmployerCharges,
    /// WW premium, AWf (→ UWV).
    WwPremium,
    /// Income tax and employee premiums on wages, WW and transition payments (persons → tax and funds).
    IncomeTax,
    /// Loonkostensubsidie (municipality → employer or werkbedrijf).
    Lks,
    /// Loonkostenvoordeel (Rijk → employer or werkbedrijf).
    Lkv,
    /// Bijstand, including top-ups of part-time work and WW (municipality → persons).
    Bijstand,
    /// WW benefit, gross (UWV → persons).
    Ww,
    /// Ziektewet benefit under the no-riskpolis (UWV → employer or werkbedrijf).
    NoRisk,
    /// Transition payment (employer or werkbedrijf → persons).
    TransitionPayment,
    /// Detachering fee (inlener → werkbedrijf).
    Fee,
    /// Jobcoaching (municipality or werkbedrijf → providers).
    Coaching,
    /// Unpaid trajectories for persons on bijstand (municipality → providers).
    Trajectory,
    /// Extra subsidy per direct placement (municipality → employer).
    PlacementSubsidy,
    /// Cost of internal work for idle staff (werkbedrijf → providers).
    InternalWorkCost,
    /// Revenue of internal and beschut work (customers → werkbedrijf).
    InternalRevenue,
    /// Werkbedrijf overhead (→ providers).
    Overhead,
    /// A municipality's share of its werkbedrijf's yearly deficit.
    DeficitCoverage,
    /// Toeslagenwet top-up of WW to the social minimum (UWV → persons).
    Toeslagenwet,
}

impl Flow {
    pub const COUNT: usize = 20;
    pub const ALL: [Flow; Flow::COUNT] = [
        Flow::Wage,
        Flow::HolidayPay,
        Flow::EmployerCharges,
        Flow::WwPremium,
        Flow::IncomeTax,
        Flow::Lks,
        Flow::Lkv,
        Flow::Bijstand,
        Flow::Ww,
        Flow::NoRisk,
        Flow::TransitionPayment,
        Flow::Fee,
        Flow::Coaching,
        Flow::Trajectory,
        Flow::PlacementSubsidy,
        Flow::InternalWorkCost,
        Flow::InternalRevenue,
        Flow::Overhead,
        Flow::DeficitCoverage,
        Flow::Toeslagenwet,
    ];
}

/// One month's payments: `amount[flow][payer][payee]` in euros.
#[derive(Debug, Clone)]
pub struct Ledger {
    n_municipalities: usize,
    n_parties: usize,
    amounts: Vec<f64>,
}

const FIXED_PARTIES: usize = 7;

impl Ledger {
    pub fn new(n_municipalities: usize, n_werkbedrijven: usize) -> Self {
        let n_parties = FIXED_PARTIES + n_municipalities + Line::ALL.len() * n_werkbedrijven;
        Ledger {
            n_municipalities,
            n_parties,
            amounts: vec![0.0; Flow::COUNT * n_parties * n_parties],
        }
    }

    pub fn n_parties(&self) -> usize {
        self.n_parties
    }

    /// Dense index of a party.
    pub fn index(&self, p: Party) -> usize {
        match p {
            Party::Persons => 0,
            Party::Employers => 1,
            Party::Uwv => 2,
            Party::TaxAndFunds => 3,
            Party::Rijk => 4,
            Party::Providers => 5,
            Party::Customers => 6,
            Party::Municipality(i) => FIXED_PARTIES + i as usize,
            Party::Werkbedrijf(j, line) => {
                FIXED_PARTIES + self.n_municipalities + Line::ALL.len() * j as usize + line as usize
            }
        }
    }

    /// The party at a dense index.
    pub fn party(&self, i: usize) -> Party {
        match i {
            0 => Party::Persons,
            1 => Party::Employers,
            2 => Party::Uwv,
            3 => Party::TaxAndFunds,
            4 => Party::Rijk,
            5 => Party::Providers,
            6 => Party::Customers,
            i if i < FIXED_PARTIES + self.n_municipalities => Party::Municipality((i - FIXED_PARTIES) as u16),
            i => {
                let k = i - FIXED_PARTIES - self.n_municipalities;
                Party::Werkbedrijf((k / Line::ALL.len()) as u16, Line::ALL[k % Line::ALL.len()])
            }
        }
    }

    #[inline]
    fn slot(&self, flow: Flow, from: usize, to: usize) -> usize {
        (flow as usize * self.n_parties + from) * self.n_parties + to
    }

    /// Record a payment of `eur` (zero is ignored; negative is a bug).
    #[inline]
    pub fn pay(&mut self, flow: Flow, from: Party, to: Party, eur: f64) {
        debug_assert!(eur >= 0.0 && eur.is_finite(), "payment {flow:?} of {eur}");
        if eur != 0.0 {
            let s = self.slot(flow, self.index(from), self.index(to));
            self.amounts[s] += eur;
        }
    }

    /// Amount paid for `flow` from `from` to `to`.
    pub fn get(&self, flow: Flow, from: Party, to: Party) -> f64 {
        self.amounts[self.slot(flow, self.index(from), self.index(to))]
    }

    /// Total paid by `p` for `flow` (to anyone).
    pub fn paid_by(&self, flow: Flow, p: Party) -> f64 {
        let from = self.index(p);
        (0..self.n_parties)
            .map(|to| self.amounts[self.slot(flow, from, to)])
            .sum()
    }

    /// Total received by `p` for `flow` (from anyone).
    pub fn received_by(&self, flow: Flow, p: Party) -> f64 {
        let to = self.index(p);
        (0..self.n_parties)
            .map(|from| self.amounts[self.slot(flow, from, to)])
            .sum()
    }

    /// Everything `p` paid.
    pub fn total_out(&self, p: Party) -> f64 {
        Flow::ALL.iter().map(|f| self.paid_by(*f, p)).sum()
    }

    /// Everything `p` received.
    pub fn total_in(&self, p: Party) -> f64 {
        Flow::ALL.iter().map(|f| self.received_by(*f, p)).sum()
    }

    /// Total paid by werkbedrijf `j` (all its accounts) for `flow`.
    pub fn paid_by_werkbedrijf(&self, flow: Flow, j: u16) -> f64 {
        Line::ALL
            .iter()
            .map(|l| self.paid_by(flow, Party::Werkbedrijf(j, *l)))
            .sum()
    }

    /// Total received by werkbedrijf `j` (all its accounts) for `flow`.
    pub fn received_by_werkbedrijf(&self, flow: Flow, j: u16) -> f64 {
        Line::ALL
            .iter()
            .map(|l| self.received_by(flow, Party::Werkbedrijf(j, *l)))
            .sum()
    }

    /// Everything werkbedrijf `j` paid (all its accounts).
    pub fn werkbedrijf_total_out(&self, j: u16) -> f64 {
        Line::ALL
            .iter()
            .map(|l| self.total_out(Party::Werkbedrijf(j, *l)))
            .sum()
    }

    /// Everything werkbedrijf `j` received (all its accounts).
    pub fn werkbedrijf_total_in(&self, j: u16) -> f64 {
        Line::ALL.iter().map(|l| self.total_in(Party::Werkbedrijf(j, *l))).sum()
    }

    /// Add another ledger's amounts to this one.
    pub fn add(&mut self, other: &Ledger) {
        for (a, b) in self.amounts.iter_mut().zip(&other.amounts) {
            *a += b;
        }
    }

    pub fn clear(&mut self) {
        self.amounts.fill(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_party_has_its_own_index_and_is_found_again() {
        let l = Ledger::new(2, 2);
        assert_eq!(l.n_parties(), FIXED_PARTIES + 2 + 2 * Line::ALL.len());
        for i in 0..l.n_parties() {
            assert_eq!(l.index(l.party(i)), i);
        }
        assert_eq!(l.party(l.n_parties() - 1), Party::Werkbedrijf(1, Line::Whole));
    }

    #[test]
    fn a_werkbedrijf_is_the_sum_of_its_accounts() {
        let mut l = Ledger::new(1, 2);
        let wb = |line| Party::Werkbedrijf(1, line);
        l.pay(Flow::Wage, wb(Line::Detachering), Party::Persons, 100.0);
        l.pay(Flow::Wage, wb(Line::Beschut), Party::Persons, 50.0);
        l.pay(Flow::DeficitCoverage, Party::Municipality(0), wb(Line::Whole), 30.0);
        l.pay(Flow::Wage, Party::Werkbedrijf(0, Line::Beschut), Party::Persons, 7.0);
        assert_eq!(l.paid_by(Flow::Wage, wb(Line::Detachering)), 100.0);
        assert_eq!(l.paid_by_werkbedrijf(Flow::Wage, 1), 150.0);
        assert_eq!(l.werkbedrijf_total_out(1), 150.0);
        assert_eq!(l.werkbedrijf_total_in(1), 30.0);
        assert_eq!(l.received_by_werkbedrijf(Flow::DeficitCoverage, 1), 30.0);
        assert_eq!(l.werkbedrijf_total_out(0), 7.0);
    }
}
