//! The outcome definitions, fed with hand-made histories.

use std::path::Path;

use detasim::input::scenario::{Scenario, Segment};
use detasim::model::World;
use detasim::model::ledger::{Flow, Line, Party};
use detasim::model::month::MonthCtx;
use detasim::model::observer::{Cause, Income, MonthEnd, Observer};
use detasim::model::person::{Person, PersonId, State};
use detasim::observe::metrics::{MetricsObserver, ReplicationMetrics};
use detasim::observe::registry::{self, METRICS, MetricSet};
use detasim::rng::{Purpose, stream};

fn scenario() -> Scenario {
    let mut s = Scenario::load(Path::new("scenarios/baseline.toml"), None).expect("baseline loads");
    s.horizon_months = 36;
    s.warmup_months = 0;
    s
}

/// A month end without payments (the state counts are not used by the metrics).
fn no_payments<'a>(world: &'a World) -> MonthEnd<'a> {
    MonthEnd {
        ledger: &world.ledger,
        persons_by_state: [0; State::ALL.len()],
        werkbedrijven_stopped: 0,
    }
}

fn metric(names: &[String], values: &[f64], id: &str) -> f64 {
    values[names.iter().position(|n| n == id).expect("metric exists")]
}

/// One move of a hand-made history: (month, person, from, to, cause).
type Move = (i32, u32, State, State, Cause);

/// Replay a hand-made history of 36 months (last month 35) as the model
/// reports it: each month the moves of that month, then every person in
/// scope with their state and income. Bijstand is paid in a month when the
/// person is on bijstand, or works with a top-up (`top_ups`: person and the
/// months in which their work income is topped up).
fn replay(s: &Scenario, moves: &[Move], top_ups: &[(u32, std::ops::Range<i32>)]) -> ReplicationMetrics {
    let world = World::new(s, 0);
    let mut rng = stream(3, 0, Purpose::Attributes);
    let drawn = Person::draw(&mut rng, &s.region, 0, Some(Segment::Ready));
    let n = moves.iter().map(|m| m.1 + 1).max().unwrap_or(0);
    // before its first move, a person is in the state that move leaves
    let mut state: Vec<State> = (0..n)
        .map(|p| moves.iter().find(|m| m.1 == p).map_or(State::Bijstand, |m| m.2))
        .collect();
    let mut m = MetricsObserver::new(s);
    for t in 0..36 {
        let ctx = MonthCtx::new(&world, t);
        for &(_, person, from, to, cause) in moves.iter().filter(|mv| mv.0 == t) {
            m.transition(&ctx, PersonId::new(person), from, to, cause);
            state[person as usize] = to;
        }
        for (person, st) in state.iter().enumerate() {
            if *st == State::Exited {
                continue;
            }
            let topped_up = top_ups
                .iter()
                .any(|(p, months)| *p as usize == person && months.contains(&t));
            let mut p = drawn.clone();
            p.state = *st;
            let income = Income {
                norm: 1000.0,
                bijstand: if *st == State::Bijstand || topped_up {
                    1000.0
                } else {
                    0.0
                },
                ..Income::default()
            };
            m.person_month(&ctx, PersonId::new(person as u32), &p, &income);
        }
        m.month_end(&ctx, &no_payments(&world));
    }
    m.finish(s)
}

/// Relapse as CBS and Divosa count it: an exit is a move from bijstand into
/// work with no bijstand paid in its first month; a relapse is the first
/// later month with bijstand paid (a benefit or a top-up); an exit counts
/// for a window only if it can be followed that long.
#[test]
fn relapse_counts_only_exits_that_can_be_followed() {
    let s = scenario();
    let (b, e, c) = (State::Bijstand, State::Employed, Cause::SelfFound);
    let moves: Vec<Move> = vec![
        // person 0: leaves at 0, back at 5 → relapse within 12, 18 and 24
        (0, 0, b, e, c),
        (5, 0, e, b, c),
        // person 1: leaves at 2, stays in work to the end → followed 12, 18 and 24 months, no relapse
        (2, 1, b, e, c),
        // person 2: leaves at 20, back at 25 → within 12 (window ends at 32 ≤ 35); 24 cannot be followed
        (20, 2, b, State::Detached, c),
        (25, 2, State::Detached, b, c),
        // person 3: leaves at 30 → cannot be followed 12 months
        (30, 3, b, e, c),
        // person 4: leaves at 3, leaves scope at 9 → not followed 12 months
        (3, 4, b, e, c),
        (9, 4, e, State::Exited, c),
        // person 5: leaves at 10, back at 30 (20 months later) → followed 12 and 18 months
        // without relapse, a relapse within 24 (window ends at 34 ≤ 35)
        (10, 5, b, e, c),
        (30, 5, e, b, c),
        // person 6: into part-time work at 4 with a top-up from the start → not an exit
        (4, 6, b, e, c),
        // person 7: leaves at 1 without a top-up, topped up from 6 while still at work → a
        // relapse within 12, 18 and 24 months
        (1, 7, b, e, c),
    ];
    let r = replay(&s, &moves, &[(6, 4..36), (7, 6..36)]);
    // 12: persons 0, 2, 7 relapse; 1, 5 do not
    assert_eq!(metric(&r.names, &r.values, "relapse_12m"), 3.0 / 5.0);
    // 18: persons 0, 7 relapse; 1, 5 do not (person 2's window ends at 38 > 35, person 4 left at 9)
    assert_eq!(metric(&r.names, &r.values, "relapse_18m"), 2.0 / 4.0);
    // 24: persons 0, 5, 7 relapse; 1 does not
    assert_eq!(metric(&r.names, &r.values, "relapse_24m"), 3.0 / 4.0);
    // the outflow statistic counts the same exits: persons 0–5 and 7, not person 6
    // months with bijstand paid: person 0 5–35, 1 0–1, 2 0–19 and 25–35, 3 0–29, 4 0–2,
    // 5 0–9 and 30–35, 6 0–3 and topped up 4–35, 7 0 and topped up 6–35
    let months_on_bijstand = 31.0 + 2.0 + 31.0 + 30.0 + 3.0 + 16.0 + 36.0 + 31.0;
    assert_eq!(
        metric(&r.names, &r.values, "outflow_to_work_per_year"),
        7.0 / (months_on_bijstand / 12.0)
    );
}

/// CBS counts an exit in any month in which bijstand stops while the
/// person works, not only in the month of the move into work: the end of a
/// top-up to part-time work, the end of a top-up that was a relapse (a new
/// episode after the relapsed one), and the end of a top-up of WW with the
/// move into a job. Each exit takes the route of the move into the job;
/// run of 36 months (last month 35).
#[test]
fn an_exit_is_any_month_bijstand_stops_at_work() {
    use detasim::policy::lks::LksStatus;
    let s = scenario();
    let (b, e) = (State::Bijstand, State::Employed);
    let with_lks = Cause::MatchedDirect {
        lks: LksStatus::WithLks,
    };
    let moves: Vec<Move> = vec![
        // person 0: into work at 4 with a top-up in months 4–9, none from 10 (the exit),
        // back on bijstand at 15 (5 months later: a relapse within 6, 12 and 24)
        (4, 0, b, e, with_lks),
        (15, 0, e, b, Cause::Dismissal),
        // person 1: leaves at 2 without a top-up, topped up in 5–7 (a relapse of that exit),
        // none from 8 (a second exit, followed to the end without relapse)
        (2, 1, b, e, Cause::SelfFound),
        // person 2: on WW with a bijstand top-up in 0–5, into a job at 6 with none (an exit)
        (6, 2, State::Ww, e, Cause::SelfFound),
    ];
    let r = replay(&s, &moves, &[(0, 4..10), (1, 5..8), (2, 0..6)]);
    let get = |id: &str| metric(&r.names, &r.values, id);
    // exits: person 0 at 10, person 1 at 2 and 8, person 2 at 6; relapses: 0 and 1's first
    assert_eq!(get("relapse_6m"), 2.0 / 4.0);
    assert_eq!(get("relapse_12m"), 2.0 / 4.0);
    assert_eq!(get("relapse_24m"), 2.0 / 4.0);
    assert_eq!(get("relapse_12m_direct_lks"), 1.0);
    assert_eq!(get("relapse_12m_self_found"), 1.0 / 3.0);
    // months with bijstand paid: person 0 0–9 and 15–35, 1 0–1 and 5–7, 2 0–5
    let months_on_bijstand = 31.0 + 5.0 + 6.0;
    assert_eq!(get("outflow_to_work_per_year"), 4.0 / (months_on_bijstand / 12.0));
    // six months on: person 0 back on bijstand (16); person 1 in work at 8 and 14; person 2 at 12
    assert_eq!(get("in_work_6m_after_exit"), 3.0 / 4.0);
}

/// Relapse by route of the exit from bijstand (timed from that exit) and
/// after a conversion (timed from the conversion), with today's follow-up
/// rule; run of 36 months (last month 35).
#[test]
fn relapse_by_route_and_after_conversion() {
    use detasim::policy::lks::LksStatus;
    let s = scenario();
    let (b, e, d) = (State::Bijstand, State::Employed, State::Detached);
    let lks = |lks| Cause::MatchedDirect { lks };
    let moves: Vec<Move> = vec![
        // self_found: person 0 leaves at 0, back at 5 (relapse in every window);
        // person 1 leaves at 5 and stays (followed 6, 12, 24 without relapse)
        (0, 0, b, e, Cause::SelfFound),
        (5, 0, e, b, Cause::Dismissal),
        (5, 1, b, e, Cause::SelfFound),
        // from WW: not an exit from bijstand, no route, no relapse episode
        (0, 2, State::Ww, e, Cause::SelfFound),
        (3, 2, e, b, Cause::Dismissal),
        // direct_lks: person 3 leaves at 2 and stays
        (2, 3, b, e, lks(LksStatus::WithLks)),
        // direct_no_lks: person 4 leaves at 1, back at 8 (7 months: not within 6, within 12 and 24)
        (1, 4, b, e, lks(LksStatus::WithoutLks)),
        (8, 4, e, b, Cause::ContractEnd),
        // the example: person 5 detached at 2, converted 7 months later (9),
        // back on bijstand 10 months after the conversion (19): a detachering relapse
        // at 17 months, an after-conversion relapse at 10
        (2, 5, b, d, Cause::MatchedDetach),
        (9, 5, d, e, Cause::Conversion),
        (19, 5, e, b, Cause::Dismissal),
        // person 6: detached at 0, converted at 6, stays (followed 12 and 24 after the conversion)
        (0, 6, b, d, Cause::MatchedDetach),
        (6, 6, d, e, Cause::Conversion),
        // person 7: detached at 20, converted at 25: followed 6 and 12 months from the exit;
        // 24 from the exit (44) and 12 from the conversion (37) end after the run
        (20, 7, b, d, Cause::MatchedDetach),
        (25, 7, d, e, Cause::Conversion),
        // person 8: detached at 0, converted at 2, leaves scope at 10: followed 6 months
        // from the exit, not 12; not 12 from the conversion
        (0, 8, b, d, Cause::MatchedDetach),
        (2, 8, d, e, Cause::Conversion),
        (10, 8, e, State::Exited, Cause::Exit),
        // beschut: person 9 placed at 3, back at 27 (24 months: only within 24);
        // person 10 placed at 4, leaves scope at 8 (followed in no window)
        (3, 9, b, State::Beschut, Cause::BeschutPlace),
        (27, 9, State::Beschut, b, Cause::Dropout),
        (4, 10, b, State::Beschut, Cause::BeschutPlace),
        (8, 10, State::Beschut, State::Exited, Cause::Exit),
        // person 11: detached at 0 with a top-up (not an exit: no detachering episode),
        // converted at 5 still topped up (no after-conversion episode)
        (0, 11, b, d, Cause::MatchedDetach),
        (5, 11, d, e, Cause::Conversion),
    ];
    let r = replay(&s, &moves, &[(11, 0..36)]);
    let get = |id: &str| metric(&r.names, &r.values, id);
    assert_eq!(get("relapse_6m_self_found"), 1.0 / 2.0);
    assert_eq!(get("relapse_12m_self_found"), 1.0 / 2.0);
    assert_eq!(get("relapse_24m_self_found"), 1.0 / 2.0);
    assert_eq!(get("relapse_6m_direct_lks"), 0.0);
    assert_eq!(get("relapse_12m_direct_lks"), 0.0);
    assert_eq!(get("relapse_24m_direct_lks"), 0.0);
    assert_eq!(get("relapse_6m_direct_no_lks"), 0.0);
    assert_eq!(get("relapse_12m_direct_no_lks"), 1.0);
    assert_eq!(get("relapse_24m_direct_no_lks"), 1.0);
    // detachering 6 and 12: persons 5, 6, 7 followed (8 too for 6), none back within
    assert_eq!(get("relapse_6m_detachering"), 0.0 / 4.0);
    assert_eq!(get("relapse_12m_detachering"), 0.0 / 3.0);
    // 24: person 5 back at 17 months, person 6 not
    assert_eq!(get("relapse_24m_detachering"), 1.0 / 2.0);
    // after conversion: person 5 back at 10 months, person 6 not
    assert_eq!(get("relapse_12m_after_conversion"), 1.0 / 2.0);
    assert_eq!(get("relapse_24m_after_conversion"), 1.0 / 2.0);
    assert_eq!(get("relapse_6m_beschut"), 0.0);
    assert_eq!(get("relapse_12m_beschut"), 0.0);
    assert_eq!(get("relapse_24m_beschut"), 1.0);
    // the routes partition today's relapse: 12 months followed for persons
    // 0, 1, 3, 4, 5, 6, 7, 9; back within 12 are 0 and 4
    assert_eq!(get("relapse_12m"), 2.0 / 8.0);
    // no banenafspraak person was seen
    assert!(get("relapse_12m_banenafspraak").is_nan());
}

/// The banenafspraak segment: its placements (moves from bijstand or WW into
/// work), relapse within 12 months and share of secure-income months.
#[test]
fn the_banenafspraak_segment_has_its_own_placements_relapse_and_security() {
    let s = scenario();
    let world = World::new(&s, 0);
    let mut rng = stream(3, 0, Purpose::Attributes);
    let ba = Person::draw(&mut rng, &s.region, 0, Some(Segment::Banenafspraak));
    let ready = Person::draw(&mut rng, &s.region, 0, Some(Segment::Ready));
    let secure = Income::default();
    let insecure = Income {
        norm: 1000.0,
        ..Income::default()
    };
    let on_bijstand = Income {
        bijstand: 1000.0,
        ..insecure
    };
    let mut m = MetricsObserver::new(&s);
    let id = PersonId::new;
    for t in 0..36 {
        let ctx = MonthCtx::new(&world, t);
        match t {
            // person 0 (banenafspraak): detached at 0, back on bijstand at 5
            0 => {
                m.transition(&ctx, id(0), State::Bijstand, State::Detached, Cause::MatchedDetach);
                m.transition(&ctx, id(1), State::Bijstand, State::Employed, Cause::SelfFound);
            }
            // person 2 (banenafspraak): from WW into work at 1 (a placement, no relapse episode)
            1 => m.transition(&ctx, id(2), State::Ww, State::Employed, Cause::SelfFound),
            5 => m.transition(&ctx, id(0), State::Detached, State::Bijstand, Cause::EarlyEnd),
            _ => {}
        }
        // person 0 secure in months 0-4, person 1 (ready) always, person 2 never
        m.person_month(&ctx, id(0), &ba, if t < 5 { &secure } else { &on_bijstand });
        m.person_month(&ctx, id(1), &ready, &secure);
        m.person_month(&ctx, id(2), &ba, &insecure);
        m.month_end(&ctx, &no_payments(&world));
    }
    let r = m.finish(&s);
    let get = |id: &str| metric(&r.names, &r.values, id);
    assert_eq!(get("placements_total"), 3.0);
    assert_eq!(get("placements_banenafspraak"), 2.0);
    // person 0 relapsed within 12 months; person 1 is not in the segment
    assert_eq!(get("relapse_12m_banenafspraak"), 1.0);
    assert_eq!(get("relapse_12m"), 1.0 / 2.0);
    assert_eq!(get("income_secure_share_banenafspraak"), 5.0 / 72.0);
    assert_eq!(get("income_secure_share"), 41.0 / 108.0);
}

#[test]
fn lasting_placements_count_spells_that_began_within_the_horizon() {
    let s = scenario();
    let world = World::new(&s, 0);
    let mut rng = stream(3, 0, Purpose::Attributes);
    let mut worker = Person::draw(&mut rng, &s.region, 0, None);
    worker.state = State::Employed;
    let income = Income::default();
    let mut m = MetricsObserver::new(&s);
    // person 0 is hired in month 0; person 1 was already at work before the horizon
    m.transition(
        &MonthCtx::new(&world, 0),
        PersonId::new(0),
        State::Bijstand,
        State::Employed,
        Cause::SelfFound,
    );
    for t in 0..36 {
        let ctx = MonthCtx::new(&world, t);
        m.person_month(&ctx, PersonId::new(0), &worker, &income);
        m.person_month(&ctx, PersonId::new(1), &worker, &income);
        m.month_end(&ctx, &no_payments(&world));
    }
    let r = m.finish(&s);
    assert_eq!(metric(&r.names, &r.values, "lasting_placements"), 1.0);
    assert_eq!(metric(&r.names, &r.values, "in_work_end_employed"), 2.0);
}

/// The werkbedrijf's accounts per business line: each line's revenue, cost
/// and result, per year and per werkbedrijf; the lines add up to the
/// werkbedrijf's totals, the deficit cover is in neither line, and the
/// detachering line's cost is divided by detached months only (docs/ODD.md
/// §4, §7.28).
#[test]
fn business_lines_add_up_to_the_werkbedrijf() {
    let s = scenario();
    let mut world = World::new(&s, 0);
    let det = Party::Werkbedrijf(0, Line::Detachering);
    let bes = Party::Werkbedrijf(0, Line::Beschut);
    let l = &mut world.ledger;
    l.pay(Flow::Fee, Party::Employers, det, 3000.0);
    l.pay(Flow::Wage, det, Party::Persons, 2000.0);
    l.pay(Flow::Overhead, det, Party::Providers, 500.0);
    l.pay(Flow::InternalRevenue, Party::Customers, bes, 400.0);
    l.pay(Flow::Wage, bes, Party::Persons, 1500.0);
    l.pay(
        Flow::DeficitCoverage,
        Party::Municipality(0),
        Party::Werkbedrijf(0, Line::Whole),
        1100.0,
    );
    let mut rng = stream(3, 0, Purpose::Attributes);
    let mut detached = Person::draw(&mut rng, &s.region, 0, None);
    detached.state = State::Detached;
    let mut idle = detached.clone();
    idle.state = State::Idle;
    let mut m = MetricsObserver::new(&s);
    // two months with the same payments, one detached and one idle person each
    for t in 0..2 {
        let ctx = MonthCtx::new(&world, t);
        m.person_month(&ctx, PersonId::new(0), &detached, &Income::default());
        m.person_month(&ctx, PersonId::new(1), &idle, &Income::default());
        m.month_end(&ctx, &no_payments(&world));
    }
    let r = m.finish(&s);
    let get = |id: &str| metric(&r.names, &r.values, id);
    assert_eq!(get("werkbedrijf_detachering_revenue_total"), 6000.0);
    assert_eq!(get("werkbedrijf_detachering_cost_total"), 5000.0);
    assert_eq!(get("werkbedrijf_detachering_result_total"), 1000.0);
    assert_eq!(get("werkbedrijf_beschut_revenue_total"), 800.0);
    assert_eq!(get("werkbedrijf_beschut_cost_total"), 3000.0);
    assert_eq!(get("werkbedrijf_beschut_result_total"), -2200.0);
    assert_eq!(
        get("werkbedrijf_revenue_total"),
        6800.0,
        "lines sum, deficit cover excluded"
    );
    assert_eq!(get("werkbedrijf_cost_total"), 8000.0);
    assert_eq!(get("werkbedrijf_result_total"), -1200.0);
    assert_eq!(
        get("werkbedrijf_detachering_cost_per_detached_month"),
        2500.0,
        "5000 over two detached months; the idle months are not counted"
    );
    assert_eq!(
        get("werkbedrijf_detachering_result_per_detached_month"),
        500.0,
        "the line's result of 1000 over the same two detached months"
    );
    let id = &s.region.werkbedrijven[0].id;
    assert_eq!(get(&format!("werkbedrijf_detachering_result_{id}")), 1000.0);
    assert_eq!(get(&format!("werkbedrijf_beschut_cost_{id}")), 3000.0);
    let k = r
        .yearly_names
        .iter()
        .position(|n| n == "werkbedrijf_beschut_result_total")
        .expect("yearly");
    assert_eq!(r.yearly[k], -2200.0, "the first year's beschut result");
}

/// The registry is the list of metrics: a simulation produces exactly its
/// ids, in its order, for both shipped regions (a declared metric that the
/// observer does not compute makes `finish` panic).
#[test]
fn a_replication_produces_exactly_the_registry_metrics() {
    for file in ["scenarios/baseline.toml", "scenarios/stedendriehoek-baseline.toml"] {
        let mut s = Scenario::load(Path::new(file), None).expect("scenario loads");
        s.horizon_months = 24;
        s.warmup_months = 6;
        let mut obs = MetricsObserver::new(&s);
        detasim::model::simulate(&s, 0, &mut obs);
        let r = obs.finish(&s);
        let set = MetricSet::for_scenario(&s);
        assert_eq!(r.names, set.names(), "{file}");
        assert_eq!(r.yearly_names, set.yearly_names(), "{file}");
        assert_eq!(r.values.len(), r.names.len());
        for name in &r.names {
            assert!(
                registry::find(name).is_some(),
                "{file}: `{name}` is not in the registry"
            );
        }
        for d in METRICS {
            assert!(
                set.horizon.iter().any(|i| i.def.metric == d.metric),
                "{file}: `{}` is declared but not produced",
                d.id
            );
        }
    }
}

/// The README's metric table has a row for every registry id (families by
/// their pattern, e.g. `municipal_cost_<category>`) and no other ids.
#[test]
fn the_readme_documents_every_registry_metric() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let start = readme.find("### Metrics").expect("a ### Metrics section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |k| k + 3)];
    let mut documented: Vec<String> = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let first_cell = line.split('|').nth(1).unwrap_or("");
        documented.extend(first_cell.split('`').skip(1).step_by(2).map(str::to_string));
    }
    let forms: Vec<String> = METRICS.iter().map(|d| d.readme_form()).collect();
    let missing: Vec<&String> = forms.iter().filter(|f| !documented.contains(f)).collect();
    assert!(missing.is_empty(), "README.md's metric table misses {missing:?}");
    let unknown: Vec<&String> = documented.iter().filter(|d| !forms.contains(d)).collect();
    assert!(
        unknown.is_empty(),
        "README.md documents ids the registry does not have: {unknown:?}"
    );
}

/// UWV's cost is its WW benefits, Toeslagenwet top-ups and no-riskpolis
/// payments (docs/ODD.md §7.6, §7.27); the Toeslagenwet part is reported on
/// its own.
#[test]
fn uwv_cost_includes_the_toeslagenwet() {
    use detasim::model::ledger::{Flow, Party};
    let s = scenario();
    let mut world = World::new(&s, 0);
    let mut m = MetricsObserver::new(&s);
    for t in 0..2 {
        world.ledger.clear();
        world.ledger.pay(Flow::Ww, Party::Uwv, Party::Persons, 1000.0);
        world.ledger.pay(Flow::Toeslagenwet, Party::Uwv, Party::Persons, 150.0);
        world.ledger.pay(Flow::NoRisk, Party::Uwv, Party::Employers, 40.0);
        let ctx = MonthCtx::new(&world, t);
        m.month_end(&ctx, &no_payments(&world));
    }
    let r = m.finish(&s);
    assert_eq!(metric(&r.names, &r.values, "uwv_cost_toeslagenwet"), 300.0);
    assert_eq!(metric(&r.names, &r.values, "uwv_cost_ww"), 2000.0);
    assert_eq!(metric(&r.names, &r.values, "uwv_cost_total"), 2380.0);
}

/// `werkbedrijf_stopped_share`: the werkbedrijven stopped at the last month's
/// end over the region's werkbedrijven (two in Stedendriehoek).
#[test]
fn the_stopped_share_is_that_of_the_last_month() {
    let mut s = Scenario::load(Path::new("scenarios/stedendriehoek-baseline.toml"), None).expect("loads");
    s.horizon_months = 24;
    s.warmup_months = 0;
    assert_eq!(s.region.werkbedrijven.len(), 2);
    let world = World::new(&s, 0);
    let mut m = MetricsObserver::new(&s);
    for t in 0..24 {
        let ctx = MonthCtx::new(&world, t);
        let mut month = no_payments(&world);
        month.werkbedrijven_stopped = if t >= 11 { 1 } else { 0 };
        m.month_end(&ctx, &month);
    }
    let r = m.finish(&s);
    assert_eq!(metric(&r.names, &r.values, "werkbedrijf_stopped_share"), 0.5);
    let mut m = MetricsObserver::new(&s);
    for t in 0..24 {
        m.month_end(&MonthCtx::new(&world, t), &no_payments(&world));
    }
    let r = m.finish(&s);
    assert_eq!(metric(&r.names, &r.values, "werkbedrijf_stopped_share"), 0.0);
}

/// The outcomes of detacheringen (docs/ODD.md §4) on a hand-made history of
/// 36 months: person 0 detached from bijstand at 2 and converted at 9 (after
/// 7 months); person 1 detached from WW at 4, ended early at 7 (after 3
/// months) into idle, idle for months 7–11 and re-placed at 12, still
/// detached at the end; person 2 was detached before recording started and
/// converted at 5 (not followed: no start seen, but a conversion); person 3
/// hired directly at 1.
#[test]
fn detachering_outcomes_follow_placements_started_within_the_horizon() {
    use detasim::policy::lks::LksStatus;
    let s = scenario();
    let world = World::new(&s, 0);
    let mut rng = stream(3, 0, Purpose::Attributes);
    let drawn = Person::draw(&mut rng, &s.region, 0, None);
    let (b, d, e, i) = (State::Bijstand, State::Detached, State::Employed, State::Idle);
    let state = |person: u32, t: i32| match person {
        0 if (2..9).contains(&t) => d,
        0 if t >= 9 => e,
        1 if (4..7).contains(&t) || t >= 12 => d,
        1 if (7..12).contains(&t) => i,
        2 if t < 5 => d,
        2 => e,
        3 if t >= 1 => e,
        1 => State::Ww,
        _ => b,
    };
    let mut m = MetricsObserver::new(&s);
    for t in 0..36 {
        let ctx = MonthCtx::new(&world, t);
        let mut go = |person: u32, from: State, to: State, cause: Cause| {
            m.transition(&ctx, PersonId::new(person), from, to, cause);
        };
        match t {
            1 => go(
                3,
                b,
                e,
                Cause::MatchedDirect {
                    lks: LksStatus::WithLks,
                },
            ),
            2 => go(0, b, d, Cause::MatchedDetach),
            4 => go(1, State::Ww, d, Cause::MatchedDetach),
            5 => go(2, d, e, Cause::Conversion),
            7 => go(1, d, i, Cause::EarlyEnd),
            9 => go(0, d, e, Cause::Conversion),
            12 => go(1, i, d, Cause::Replaced),
            _ => {}
        }
        for person in 0..4 {
            let mut p = drawn.clone();
            p.state = state(person, t);
            m.person_month(&ctx, PersonId::new(person), &p, &Income::default());
        }
        m.month_end(&ctx, &no_payments(&world));
    }
    let r = m.finish(&s);
    let get = |id: &str| metric(&r.names, &r.values, id);
    // ended within the horizon and followed: person 0's (conversion) and person 1's first (early end)
    assert_eq!(get("conversion_share"), 1.0 / 2.0);
    assert_eq!(get("early_end_share"), 1.0 / 2.0);
    assert_eq!(get("months_to_conversion"), 7.0);
    assert_eq!(get("replacements"), 1.0);
    assert_eq!(get("conversions"), 2.0);
    // one direct hire and two conversions (person 2's counts, though its start was not seen)
    assert_eq!(get("regular_jobs_mediated"), 3.0);
    // idle: person 1, months 7–11 (5); detached: person 0 months 2–8 (7), person 1 months
    // 4–6 (3) and 12–35 (24), person 2 months 0–4 (5): 39 person-months
    assert_eq!(get("werkbedrijf_idle_months"), 5.0);
    assert_eq!(get("idle_months_per_detached_year"), 5.0 / (39.0 / 12.0));
}

/// Every ending of a followed detachering is in the denominator of the
/// shares (period end, dropout, leaving scope); a ratio over nothing is NaN.
#[test]
fn detachering_shares_count_every_ending_and_are_empty_without_one() {
    let s = scenario();
    let world = World::new(&s, 0);
    let ctx = |t: i32| MonthCtx::new(&world, t);
    let mut m = MetricsObserver::new(&s);
    let go = |m: &mut MetricsObserver, t: i32, person: u32, from: State, to: State, cause: Cause| {
        m.transition(&ctx(t), PersonId::new(person), from, to, cause);
    };
    let (b, d) = (State::Bijstand, State::Detached);
    go(&mut m, 0, 0, b, d, Cause::MatchedDetach);
    go(&mut m, 6, 0, d, State::Ww, Cause::PeriodEnd);
    go(&mut m, 1, 1, b, d, Cause::MatchedDetach);
    go(&mut m, 3, 1, d, b, Cause::Dropout);
    go(&mut m, 2, 2, b, d, Cause::MatchedDetach);
    go(&mut m, 4, 2, d, State::Exited, Cause::Exit);
    go(&mut m, 3, 3, b, d, Cause::MatchedDetach);
    go(&mut m, 8, 3, d, State::Employed, Cause::Conversion);
    m.month_end(&ctx(35), &no_payments(&world));
    let r = m.finish(&s);
    let get = |id: &str| metric(&r.names, &r.values, id);
    assert_eq!(get("conversion_share"), 1.0 / 4.0);
    assert_eq!(get("early_end_share"), 0.0);
    assert_eq!(get("months_to_conversion"), 5.0);
    assert_eq!(get("regular_jobs_mediated"), 1.0);
    // no person-months were reported: nothing detached
    assert!(get("idle_months_per_detached_year").is_nan());

    let mut m = MetricsObserver::new(&s);
    m.month_end(&ctx(35), &no_payments(&world));
    let r = m.finish(&s);
    let get = |id: &str| metric(&r.names, &r.values, id);
    for id in [
        "conversion_share",
        "early_end_share",
        "months_to_conversion",
        "idle_months_per_detached_year",
    ] {
        assert!(get(id).is_nan(), "{id}");
    }
    assert_eq!(get("regular_jobs_mediated"), 0.0);
}
