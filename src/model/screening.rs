//! Employer screening: what each werkbedrijf knows of an employer's
//! social-partnership category (A–E), and whether it detaches to it
//! (`[werkbedrijf] employer_categories`). docs/ODD.md §7.29.
//!
//! Every employer has its true category ([`Employer::category`]). A
//! werkbedrijf starts from the category the employer *states* (its declared
//! intentions) and learns the true one from how its first detachering at
//! that employer ends (docs/sources.md#seed-001: werkbedrijf X classifies
//! employers A–E by what they have shown; an intention declaration is a
//! "paper tiger").

use rand::RngExt;

use crate::input::behaviour::Behaviour;
use crate::input::scenario::WerkbedrijfPolicy;
use crate::model::employer::Employer;
use crate::rng::Stream;

/// What an employer says about its intentions to the werkbedrijven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// It states its true category.
    Honest,
    /// It states a category one step better than its true one (A stays A).
    Overstated,
}

/// The claim of one employer from one uniform draw `u`:
///
/// `Overstated if u < overstate_share, else Honest`
///
/// Symbols: `screening.overstate_share` (share of employers, behaviour
/// file). Source: assumption (docs/ODD.md §8), the form of
/// docs/sources.md#seed-001's weak intention declarations.
pub fn claim(overstate_share: f64, u: f64) -> Claim {
    if u < overstate_share {
        Claim::Overstated
    } else {
        Claim::Honest
    }
}

/// The category an employer states, as an index into
/// [`crate::model::employer::CATEGORIES`] (0 = A, the best):
///
/// `stated = true_category` (honest), `max(true_category − 1, 0)` (overstated)
///
/// Source: assumption (docs/ODD.md §8): one step, since a werkbedrijf would
/// see through a larger gap at the first visit.
pub fn stated_category(true_category: u8, claim: Claim) -> u8 {
    match claim {
        Claim::Honest => true_category,
        Claim::Overstated => true_category.saturating_sub(1),
    }
}

/// How a detachering ended, for what the werkbedrijf learns of the inlener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The inlener hired the person directly.
    Conversion,
    /// The inlener ended the placement before its planned end.
    EarlyEnd,
    /// The inlener let the placement end at a planned end (or the maximum).
    PeriodEnd,
    /// The person dropped out: the inlener did not decide.
    Dropout,
}

/// The learning rule: the category a werkbedrijf knows for an employer after
/// one of its detacheringen there ended,
///
/// ```text
/// known' = true_category   if the ending is a conversion, an early end or a period end
/// known' = known           if the person dropped out
/// ```
///
/// An ending the inlener chose shows its true intention (hired, kept to the
/// end without hiring, sent back early); a dropout is the person's and shows
/// nothing of the employer. Source: assumption (docs/ODD.md §8), the form of
/// spec §4 "it learns an employer's true category from how its detacheringen
/// end" (docs/sources.md#spec).
pub fn learned_category(known: u8, true_category: u8, ending: Ending) -> u8 {
    match ending {
        Ending::Conversion | Ending::EarlyEnd | Ending::PeriodEnd => true_category,
        Ending::Dropout => known,
    }
}

/// Per werkbedrijf, the category it knows for each employer (indexed by
/// employer id; no hashing).
#[derive(Debug, Clone)]
pub struct Screening {
    known: Vec<Vec<u8>>,
}

impl Screening {
    /// Every werkbedrijf starts from the employers' stated categories: one
    /// uniform draw of the screening stream per employer, in employer order,
    /// whatever the levers ([`claim`], [`stated_category`]).
    pub fn new(rng: &mut Stream, b: &Behaviour, employers: &[Employer], n_werkbedrijven: usize) -> Self {
        let stated: Vec<u8> = employers
            .iter()
            .map(|e| stated_category(e.category, claim(b.overstate_share, rng.random())))
            .collect();
        Screening {
            known: vec![stated; n_werkbedrijven],
        }
    }

    /// The category werkbedrijf `w` knows for employer `e`.
    pub fn known(&self, w: u16, e: u32) -> u8 {
        self.known[w as usize][e as usize]
    }

    /// Whether werkbedrijf `w` detaches to employer `e`: its known category
    /// is one of `employer_categories`.
    pub fn detaches_to(&self, policy: &WerkbedrijfPolicy, w: u16, e: u32) -> bool {
        policy.employer_categories[self.known(w, e) as usize]
    }

    /// Werkbedrijf `w` learns from a detachering at employer `e` that ended
    /// ([`learned_category`]).
    pub fn learn(&mut self, w: u16, e: u32, true_category: u8, ending: Ending) {
        let k = &mut self.known[w as usize][e as usize];
        *k = learned_category(*k, true_category, ending);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;
    use crate::model::world::World;

    #[test]
    fn an_overstating_employer_states_one_category_better() {
        assert_eq!(claim(0.3, 0.29), Claim::Overstated);
        assert_eq!(claim(0.3, 0.3), Claim::Honest);
        assert_eq!(claim(0.0, 0.0), Claim::Honest, "no one overstates");
        // D (3) states C (2); A (0) cannot state better
        assert_eq!(stated_category(3, Claim::Overstated), 2);
        assert_eq!(stated_category(0, Claim::Overstated), 0);
        assert_eq!(stated_category(3, Claim::Honest), 3);
    }

    #[test]
    fn an_ending_the_inlener_chose_reveals_its_true_category_a_dropout_does_not() {
        // a C employer (2) that stated B (1)
        assert_eq!(learned_category(1, 2, Ending::Conversion), 2);
        assert_eq!(learned_category(1, 2, Ending::EarlyEnd), 2);
        assert_eq!(learned_category(1, 2, Ending::PeriodEnd), 2);
        assert_eq!(learned_category(1, 2, Ending::Dropout), 1);
    }

    #[test]
    fn each_werkbedrijf_learns_for_itself_and_detaches_by_what_it_knows() {
        let mut s = baseline().clone();
        s.behaviour.overstate_share = 1.0;
        let world = World::new(&s, 0);
        let e = world
            .employers
            .list
            .iter()
            .position(|e| e.category == 2)
            .expect("a C employer") as u32;
        let mut screening = Screening::new(
            &mut crate::rng::stream(1, 0, crate::rng::Purpose::Screening),
            &s.behaviour,
            &world.employers.list,
            2,
        );
        assert_eq!(screening.known(0, e), 1, "every employer overstates: C states B");
        let mut policy = s.werkbedrijven[0].clone();
        policy.employer_categories = [true, true, false, false, false];
        assert!(screening.detaches_to(&policy, 0, e), "B as far as it knows");
        screening.learn(0, e, 2, Ending::PeriodEnd);
        assert!(!screening.detaches_to(&policy, 0, e), "now known as C");
        assert!(
            screening.detaches_to(&policy, 1, e),
            "the other werkbedrijf has not learned"
        );
    }
}
