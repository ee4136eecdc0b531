//! The pool of candidates the werkgeversservicepunt can propose: persons in
//! `Bijstand` and `Idle`. An indexable set: insert, remove and a weighted draw
//! cost O(1) (expected), never a scan of the population (docs/ODD.md §7.10).

use rand::RngExt;

use crate::model::person::PersonId;
use crate::rng::Stream;

const ABSENT: u32 = u32::MAX;

#[derive(Debug, Clone, Default)]
pub struct Pool {
    members: Vec<PersonId>,
    /// Position of each person in `members`, or `ABSENT`.
    position: Vec<u32>,
}

impl Pool {
    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn contains(&self, person: PersonId) -> bool {
        self.position.get(person.index()).is_some_and(|&p| p != ABSENT)
    }

    pub fn insert(&mut self, person: PersonId) {
        let i = person.index();
        if i >= self.position.len() {
            self.position.resize(i + 1, ABSENT);
        }
        if self.position[i] == ABSENT {
            self.position[i] = self.members.len() as u32;
            self.members.push(person);
        }
    }

    pub fn remove(&mut self, person: PersonId) {
        let i = person.index();
        let Some(&pos) = self.position.get(i) else {
            return;
        };
        if pos == ABSENT {
            return;
        }
        let last = *self.members.last().expect("non-empty when a member is present");
        self.members.swap_remove(pos as usize);
        if last != person {
            self.position[last.index()] = pos;
        }
        self.position[i] = ABSENT;
    }

    /// Draw a member with probability proportional to `weight(member)`, where
    /// every weight is at most `max_weight`: rejection sampling on a uniform
    /// member (expected `max_weight / mean weight` tries). Gives up after
    /// `max_tries` rejections (returns `None`), so a pool of near-zero weights
    /// cannot stall a month.
    pub fn draw(
        &self,
        rng: &mut Stream,
        max_weight: f64,
        max_tries: u32,
        weight: impl Fn(PersonId) -> f64,
    ) -> Option<PersonId> {
        if self.members.is_empty() {
            return None;
        }
        for _ in 0..max_tries {
            let candidate = self.members[rng.random_range(0..self.members.len())];
            let u: f64 = rng.random();
            if u * max_weight < weight(candidate) {
                return Some(candidate);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, stream};

    #[test]
    fn insert_remove_keep_positions_consistent() {
        let mut p = Pool::default();
        for i in 0..10 {
            p.insert(PersonId::new(i));
        }
        p.insert(PersonId::new(3));
        assert_eq!(p.len(), 10);
        p.remove(PersonId::new(0));
        p.remove(PersonId::new(9));
        p.remove(PersonId::new(42));
        assert_eq!(p.len(), 8);
        assert!(!p.contains(PersonId::new(0)) && !p.contains(PersonId::new(9)) && p.contains(PersonId::new(5)));
        for i in 1..9 {
            p.remove(PersonId::new(i));
        }
        assert!(p.is_empty());
    }

    #[test]
    fn draw_is_proportional_to_weight() {
        let mut p = Pool::default();
        p.insert(PersonId::new(0));
        p.insert(PersonId::new(1));
        let mut rng = stream(7, 0, Purpose::Matching);
        let mut ones = 0;
        let n = 20_000;
        for _ in 0..n {
            if p.draw(&mut rng, 1.0, 1000, |m| if m == PersonId::new(1) { 0.75 } else { 0.25 })
                == Some(PersonId::new(1))
            {
                ones += 1;
            }
        }
        let share = ones as f64 / n as f64;
        assert!((share - 0.75).abs() < 0.015, "{share}");
    }
}
