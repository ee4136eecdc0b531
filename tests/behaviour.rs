//! Each behavioural equation pinned to its formula, on the shipped
//! behavioural parameters (so a changed default shows up here as well).

use std::path::Path;

use detasim::input::behaviour::Behaviour;
use detasim::input::scenario::{Scenario, Segment};
use detasim::model::employer::{
    Allowed, HourEconomics, candidate_utilities, contract_end_utilities, conversion_gain, conversion_probability,
    early_end_hazard, logit_choice, period_end_utilities, quality_mean, refill_utility, revealed_quality,
};
use detasim::model::person::{
    Coached, Coaching, Contract, DurationTable, Person, ReadinessMonth, Support, Trajectory, dropout_hazard,
    self_found_hazard, tenure_factor,
};
use detasim::policy::coaching::Supported;
use detasim::rng::{Purpose, stream};

fn setup() -> (Scenario, Person) {
    let s = Scenario::load(Path::new("scenarios/baseline.toml"), None).expect("baseline loads");
    let mut rng = stream(1, 0, Purpose::Attributes);
    let mut p = Person::draw(&mut rng, &s.region, 0, None);
    p.segment = Segment::Ready;
    p.readiness = 0.4;
    p.months_on_benefit = 24;
    p.support = Support::Temporary;
    (s, p)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12 * b.abs().max(1.0)
}

fn x() -> HourEconomics {
    HourEconomics {
        value: 16.0,
        direct_cost_temporary: 12.0,
        permanent_saving: 0.9,
        risk: 2.0,
    }
}

#[test]
fn self_found_hazard_falls_with_duration_and_rises_with_readiness() {
    let (s, mut p) = setup();
    let b: &Behaviour = &s.behaviour;
    let t = DurationTable::new(b);
    let h = self_found_hazard(b, &t, &p, 1.1);
    let expected = b.self_base[0] * (-b.dur_decay * 24.0 / 12.0).exp() * (0.5 + 0.4) * 1.1;
    assert!(close(h, expected));
    p.months_on_benefit = 100; // capped at 60 months
    let capped = b.self_base[0] * (-b.dur_decay * 60.0 / 12.0).exp() * 0.9 * 1.1;
    assert!(close(self_found_hazard(b, &t, &p, 1.1), capped));
}

#[test]
fn dropout_hazard_formula() {
    let (s, mut p) = setup();
    let b = &s.behaviour;
    // the first month of a job without a contract term, after a short prior spell
    p.months_on_benefit = b.drop_long_benefit_months - 1;
    let base = b.drop_base * 0.6f64.powf(b.drop_shape) * 1.3;
    assert!(close(dropout_hazard(b, &p, Supported::No, 1.3), base));
    p.support = Support::Lasting;
    assert!(close(dropout_hazard(b, &p, Supported::Yes, 1.3), base));
    assert!(close(
        dropout_hazard(b, &p, Supported::No, 1.3),
        base * (1.0 + b.drop_unsupported)
    ));
    p.support = Support::Temporary;
    // a long prior benefit spell, a temporary contract, k months at the workplace
    p.months_on_benefit = b.drop_long_benefit_months;
    p.contract = Contract::Temporary;
    p.tenure_months = 9;
    let tenure = b.drop_tenure_floor + (1.0 - b.drop_tenure_floor) * (-9.0 / b.drop_tenure_months).exp();
    assert!(close(tenure_factor(b, 9), tenure));
    assert!(close(
        dropout_hazard(b, &p, Supported::No, 1.3),
        base * tenure * (1.0 + b.drop_temporary) * (1.0 + b.drop_long_benefit)
    ));
    assert!(
        tenure < 1.0 && b.drop_temporary > 0.0 && b.drop_long_benefit > 0.0,
        "the shipped dropout falls with tenure and is higher on temporary contracts and after a long spell"
    );
}

#[test]
fn readiness_and_loonwaarde_dynamics() {
    let (s, mut p) = setup();
    let b = &s.behaviour;
    p.update_readiness(b, ReadinessMonth::Working(Coached::Yes));
    assert!(close(p.readiness, 0.4 + b.a_work * 0.6 + b.a_coach * 0.6));
    let r = p.readiness;
    p.state = detasim::model::person::State::Ww;
    p.update_readiness(b, ReadinessMonth::Inactive(Trajectory::Out));
    assert!(close(p.readiness, r - b.d_idle * r));
    p.loonwaarde = 0.5;
    p.loonwaarde_measured = 0.5;
    p.months_since_measure = 0;
    let r = p.readiness;
    for _ in 0..b.remeasure_months - 1 {
        p.update_loonwaarde(b);
    }
    assert_eq!(p.loonwaarde_measured, 0.5, "not yet re-measured");
    p.update_loonwaarde(b);
    assert!(close(p.loonwaarde, 0.5 + b.g_w * r * b.remeasure_months as f64));
    assert_eq!(p.loonwaarde_measured, p.loonwaarde, "re-measured after a year");
}

#[test]
fn employer_choice_utilities() {
    let (s, _) = setup();
    let b = &s.behaviour;
    let u = candidate_utilities(b, 1, &x(), Some(15.0), Allowed::Yes);
    assert!(close(u[0].unwrap(), 16.0 - 12.0 - 2.0 + b.kappa[1]));
    assert!(close(u[1].unwrap(), 16.0 - 15.0 + b.kappa[1] + b.kappa_detach));
    assert_eq!(u[2], Some(0.0));
    let u = candidate_utilities(b, 1, &x(), None, Allowed::No);
    assert_eq!((u[0], u[1]), (None, None));
}

#[test]
fn logit_choice_matches_its_probabilities() {
    let u = [Some(1.0), Some(0.0), None];
    let sigma = 2.0;
    let p0 = (0.5f64).exp() / ((0.5f64).exp() + 1.0);
    // the cumulative split point
    assert_eq!(logit_choice(&u, sigma, p0 - 1e-9), 0);
    assert_eq!(logit_choice(&u, sigma, p0 + 1e-9), 1);
    assert_eq!(
        logit_choice(&u, sigma, 0.999_999),
        1,
        "never an option that is not allowed"
    );
}

#[test]
fn conversion_probability_formula_and_direction() {
    let (s, _) = setup();
    let b = &s.behaviour;
    let m = 14.71;
    let g = conversion_gain(b, &x(), 15.0, 3);
    assert!(close(g, 15.0 - 12.0 - 2.0 * (-3.0 / b.trust_months).exp()));
    let z = b.conv_base + b.conv_gain * g / m + b.conv_cat[0] + b.conv_handover;
    let p = conversion_probability(b, 0, &x(), 15.0, 3, Coaching::HandedOver, m);
    assert!(close(p, 1.0 / (1.0 + (-z).exp())));
    // a higher fee makes direct hire more attractive; trust builds over time
    assert!(
        conversion_probability(b, 0, &x(), 18.0, 3, Coaching::None, m)
            > conversion_probability(b, 0, &x(), 15.0, 3, Coaching::None, m)
    );
    assert!(
        conversion_probability(b, 0, &x(), 15.0, 12, Coaching::None, m)
            > conversion_probability(b, 0, &x(), 15.0, 0, Coaching::None, m)
    );
}

#[test]
fn early_end_hazard_formula() {
    let (s, _) = setup();
    let b = &s.behaviour;
    let h = early_end_hazard(b, 0.7, 1.2, 20.0, 16.0);
    let expected = b.end_base * (1.0 + b.end_fit * 0.3) * 1.2 * (1.0 + b.end_price * (20.0 / 16.0 - 1.0));
    assert!(close(h, expected));
    // a fee at or below the value of the work adds nothing
    assert!(close(
        early_end_hazard(b, 0.7, 1.0, 12.0, 16.0),
        b.end_base * (1.0 + b.end_fit * 0.3)
    ));
    // match quality is revealed over the first months
    let prior = quality_mean(b, 0.5);
    assert!(close(prior, b.quality_base + b.quality_readiness * 0.5));
    assert!(close(revealed_quality(b, 0.9, prior, 0), prior));
    assert!(close(revealed_quality(b, 0.9, prior, b.quality_reveal_months), 0.9));
}

#[test]
fn period_and_contract_end_utilities() {
    let (s, _) = setup();
    let b = &s.behaviour;
    // end: the best of a new detachee at fee 15, a direct hire at full risk, an agency worker
    let refill = refill_utility(b, 2, &x(), Some(15.0));
    let best = (16.0 - 15.0 + b.kappa[2] + b.kappa_detach)
        .max(16.0 - 12.0 - 2.0 + b.kappa[2])
        .max(0.0);
    assert!(close(refill, best - b.search_cost_eur_per_hour));
    let u = period_end_utilities(b, 2, &x(), 15.0, 6, Allowed::No, refill);
    assert!(close(
        u[0].unwrap(),
        16.0 - 12.0 - 2.0 * (-6.0 / b.trust_months).exp() + b.kappa[2]
    ));
    assert_eq!(u[1], None, "no extension beyond the maximum");
    assert_eq!(u[2], Some(refill));
    let u = contract_end_utilities(b, 0, &x(), 12, Allowed::Yes, 600.0, 120.0, refill);
    let risk = 2.0 * (-12.0 / b.trust_months).exp();
    assert!(close(u[0].unwrap(), 4.0 + 0.9 + b.perm_kappa[0] - risk));
    assert!(
        close(u[1].unwrap(), 4.0 + b.renew_kappa - risk),
        "renewal carries the same risk term as permanence"
    );
    assert!(close(u[2].unwrap(), refill - 600.0 / (12.0 * 120.0)));
    let u = contract_end_utilities(b, 0, &x(), 12, Allowed::No, 0.0, 120.0, refill);
    assert_eq!(u[1], None, "the chain rule forbids renewal");
}
