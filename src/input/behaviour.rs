//! Behavioural parameters (`calibration/behaviour/default.toml`): hazards,
//! logit scales, intents and learning rates. Each equation that uses them is
//! documented where it is implemented (see [`crate::model`]); the symbols
//! there are the keys here.

use crate::input::params::figure_parameters;

figure_parameters! {
    /// The raw mirror of `calibration/behaviour/default.toml` (with a
    /// scenario's `[behaviour]` overrides applied).
    raw RawBehaviour;
    /// Validated behavioural parameters; units as in the data file.
    validated Behaviour;
    /// Every behavioural parameter, in the order of the data file.
    specs BEHAVIOUR_PARAMETERS;

    [self_found] RawSelfFound {
        self_base[3] = base_ready, base_banenafspraak, base_beschut: real(0.0, 1.0), "per month",
            "Unaided job-finding hazard at benefit duration 0, per segment (ready, banenafspraak, beschut)";
        dur_decay = dur_decay: real(0.0, 10.0), "per year on benefit",
            "Fall of the unaided job-finding hazard with benefit duration";
        ww_factor = ww_factor: real(0.0, 20.0), "multiple of the bijstand hazard",
            "Job-finding hazard of WW recipients relative to bijstand";
        self_permanent_share = permanent_share: real(0.0, 1.0), "share",
            "Share of self-found jobs that start on a permanent contract";
    }
    [contracts] RawContracts {
        direct_cao_factor = direct_cao_factor: real(1.0, 5.0), "multiple of the minimum wage",
            "Wage of direct employment at a regular employer";
        perm_kappa[5] = perm_kappa_a, perm_kappa_b, perm_kappa_c, perm_kappa_d, perm_kappa_e:
            real(-100.0, 100.0), "EUR per hour",
            "Intent to make a temporary contract permanent, employer categories A–E";
        renew_kappa = renew_kappa: real(-100.0, 100.0), "EUR per hour",
            "Intent to renew a temporary contract rather than end it";
        dismiss_base = dismiss_base: real(0.0, 1.0), "per month",
            "Dismissal hazard of a permanent contract in a normal month";
    }
    [readiness] RawReadiness {
        a_work = a_work: real(0.0, 1.0), "per month", "Readiness gained while working";
        a_coach = a_coach: real(0.0, 1.0), "per month", "Extra readiness gained while coached";
        a_trajectory = a_trajectory: real(0.0, 1.0), "per month",
            "Readiness gained in an unpaid municipal trajectory";
        d_idle = d_idle: real(0.0, 1.0), "per month",
            "Readiness lost on benefit or idle without internal work";
    }
    [loonwaarde_growth] RawLoonwaardeGrowth {
        g_w = g_w: real(0.0, 0.1), "loonwaarde per month at r = 1", "Growth of loonwaarde while working";
        w_max = w_max: real(0.0, 1.0), "loonwaarde", "Cap of loonwaarde growth";
        remeasure_months = remeasure_months: whole(1.0, 120.0), "months",
            "Months between loonwaarde measurements";
    }
    [dropout] RawDropout {
        drop_base = drop_base: real(0.0, 1.0), "per month", "Dropout hazard from work at readiness 0";
        drop_shape = drop_shape: real(0.0, 20.0), "exponent",
            "How strongly dropout concentrates on low readiness, `(1 − r)^drop_shape`";
        drop_unsupported = drop_unsupported: real(0.0, 100.0), "relative increase",
            "Extra dropout of persons needing lasting support who have no coaching";
        drop_tenure_floor = drop_tenure_floor: real(0.0, 1.0), "share",
            "Dropout hazard after long tenure as a share of that at the start of a job";
        drop_tenure_months = drop_tenure_months: real(0.1, 600.0), "months",
            "Time constant of the fall of dropout with months in the job";
        drop_temporary = drop_temporary: real(0.0, 100.0), "relative increase",
            "Extra dropout on a temporary contract";
        drop_long_benefit = drop_long_benefit: real(0.0, 100.0), "relative increase",
            "Extra dropout after a long benefit spell before the job";
        drop_long_benefit_months = drop_long_benefit_months: whole(0.0, 600.0), "months",
            "Benefit spell before the job from which it counts as long";
    }
    [employer] RawEmployer {
        sigma = sigma: real(0.01, 100.0), "EUR per hour", "Logit scale of employers' choices";
        kappa[5] = kappa_a, kappa_b, kappa_c, kappa_d, kappa_e: real(-100.0, 100.0), "EUR per hour",
            "Intent to hire a candidate, employer categories A–E";
        kappa_detach = kappa_detach: real(-100.0, 100.0), "EUR per hour",
            "Extra appeal of detachering over direct hire";
        admin_eur_per_hour = admin_eur_per_hour: real(0.0, 100.0), "EUR per hour",
            "Administrative cost of direct employment with LKS";
        sick_share = sick_share: real(0.0, 1.0), "share of paid hours",
            "Hours on sick leave, wage paid by the employer";
        sick_share_year2 = sick_share_year2: real(0.0, 1.0), "share of sick hours",
            "Share of the sick hours that fall in the second year of an illness (no-riskpolis level)";
        candidates_per_opening = candidates_per_opening: whole(1.0, 50.0), "persons",
            "Candidates proposed per opening";
        opening_persistence = opening_persistence: real(0.0, 0.99), "share per month",
            "Share of the openings left unfilled that stay open to the next month";
        search_cost_eur_per_hour = search_cost_eur_per_hour: real(0.0, 100.0), "EUR per hour",
            "Search and induction cost of refilling a post, per hour of the post";
        learn_down = learn_down: real(0.0, 1.0), "share",
            "Relative fall of an employer's risk aversion after a good experience";
        learn_up = learn_up: real(0.0, 10.0), "share", "Relative rise of risk aversion after a failure";
        quality_base = quality_base: real(0.0, 1.0), "match quality", "Mean match quality at readiness 0";
        quality_readiness = quality_readiness: real(0.0, 1.0 - quality_base), "match quality per unit readiness",
            "Rise of mean match quality with readiness";
        quality_concentration = quality_concentration: real(0.1, 1000.0), "Beta concentration",
            "Spread of match quality around its mean";
        quality_reveal_months = quality_reveal_months: whole(0.0, 120.0), "months",
            "Months over which the inlener learns a match's quality";
        demand_elasticity = demand_elasticity: real(0.0, 10.0), "exponent",
            "Response of ending hazards to demand, `cycle(t)^(−demand_elasticity)`";
    }
    [conversion] RawConversion {
        conv_base = conv_base: real(-50.0, 50.0), "log-odds per month", "Baseline log-odds of conversion";
        conv_gain = conv_gain: real(-50.0, 50.0), "log-odds per unit G/m",
            "Effect on conversion of the hourly gain of direct hire";
        conv_cat[5] = conv_a, conv_b, conv_c, conv_d, conv_e: real(-50.0, 50.0), "log-odds",
            "Conversion intent, employer categories A–E";
        conv_handover = conv_handover: real(-50.0, 50.0), "log-odds",
            "Effect on conversion of coaching handed over to the inlener";
        trust_months = trust_months: real(0.1, 600.0), "months",
            "Time over which the inlener's perceived risk fades";
    }
    [early_end] RawEarlyEnd {
        end_base = end_base: real(0.0, 1.0), "per month",
            "Early-end hazard of a well-matched detachering in a normal month";
        end_fit = end_fit: real(0.0, 100.0), "relative increase", "Rise of early ends with a poor match";
        end_price = end_price: real(0.0, 100.0), "relative increase",
            "Rise of early ends with a fee above the value of the work";
    }
    [screening] RawScreening {
        overstate_share = overstate_share: real(0.0, 1.0), "share of employers",
            "Employers that state a category one step better than their true one to the werkbedrijf";
    }
    [support] RawSupport {
        support_lapse = support_lapse: real(0.0, 1.0), "per month",
            "Hazard that the employer's own support after hand-over lapses";
        support_risk_relief = support_risk_relief: real(0.0, 1.0), "share",
            "Share of the employer's perceived risk taken away while the person is supported";
    }
}

/// The meaning and unit of the behavioural parameter at `path` (`section.key`).
pub fn parameter_label(path: &str) -> Option<(&'static str, &'static str)> {
    BEHAVIOUR_PARAMETERS
        .iter()
        .find(|spec| spec.paths().any(|p| p == path))
        .map(|spec| (spec.meaning, spec.unit))
}

/// The meaning and unit in Dutch of the behavioural parameter at `path`,
/// for Dutch reports; [`DUTCH_LABELS`] has one entry per declaration (a
/// test checks it), keyed by its first path.
pub fn parameter_label_nl(path: &str) -> Option<(&'static str, &'static str)> {
    let spec = BEHAVIOUR_PARAMETERS
        .iter()
        .find(|spec| spec.paths().any(|p| p == path))?;
    let first = spec.paths().next()?;
    DUTCH_LABELS.iter().find(|d| d.0 == first).map(|d| (d.1, d.2))
}

/// `(first path, meaning, unit)` in Dutch of every declaration of [`BEHAVIOUR_PARAMETERS`].
pub const DUTCH_LABELS: &[(&str, &str, &str)] = &[
    (
        "self_found.base_ready",
        "kans om zelf werk te vinden bij uitkeringsduur 0, per segment",
        "per maand",
    ),
    (
        "self_found.dur_decay",
        "daling van de kans om zelf werk te vinden met de uitkeringsduur",
        "per jaar in de uitkering",
    ),
    (
        "self_found.ww_factor",
        "kans op werk van WW-gerechtigden ten opzichte van bijstand",
        "veelvoud van de bijstandskans",
    ),
    (
        "self_found.permanent_share",
        "aandeel zelf gevonden banen met een vast contract",
        "aandeel",
    ),
    (
        "contracts.direct_cao_factor",
        "loon bij rechtstreekse indiensttreding bij een gewone werkgever",
        "veelvoud van het minimumloon",
    ),
    (
        "contracts.perm_kappa_a",
        "neiging een tijdelijk contract vast te maken, werkgeverscategorieën A–E",
        "euro per uur",
    ),
    (
        "contracts.renew_kappa",
        "neiging een tijdelijk contract te verlengen in plaats van te beëindigen",
        "euro per uur",
    ),
    (
        "contracts.dismiss_base",
        "ontslagkans van een vast contract in een gewone maand",
        "per maand",
    ),
    ("readiness.a_work", "groei van werkfitheid tijdens werk", "per maand"),
    (
        "readiness.a_coach",
        "extra groei van werkfitheid met jobcoaching",
        "per maand",
    ),
    (
        "readiness.a_trajectory",
        "groei van werkfitheid in een onbetaald gemeentelijk traject",
        "per maand",
    ),
    (
        "readiness.d_idle",
        "verlies van werkfitheid in de uitkering of bij leegloop zonder intern werk",
        "per maand",
    ),
    (
        "loonwaarde_growth.g_w",
        "groei van de loonwaarde tijdens werk",
        "loonwaarde per maand bij werkfitheid 1",
    ),
    (
        "loonwaarde_growth.w_max",
        "bovengrens van de loonwaardegroei",
        "loonwaarde",
    ),
    (
        "loonwaarde_growth.remeasure_months",
        "maanden tussen loonwaardemetingen",
        "maanden",
    ),
    (
        "dropout.drop_base",
        "uitvalkans uit werk bij werkfitheid 0",
        "per maand",
    ),
    (
        "dropout.drop_shape",
        "hoe sterk uitval zich op lage werkfitheid concentreert",
        "exponent",
    ),
    (
        "dropout.drop_unsupported",
        "extra uitval van wie blijvend steun nodig heeft maar geen jobcoach heeft",
        "relatieve toename",
    ),
    (
        "dropout.drop_tenure_floor",
        "uitvalkans na lang dienstverband als deel van die bij de start",
        "aandeel",
    ),
    (
        "dropout.drop_tenure_months",
        "tijdconstante van de daling van uitval met maanden in de baan",
        "maanden",
    ),
    (
        "dropout.drop_temporary",
        "extra uitval bij een tijdelijk contract",
        "relatieve toename",
    ),
    (
        "dropout.drop_long_benefit",
        "extra uitval na een lange uitkeringsperiode vóór de baan",
        "relatieve toename",
    ),
    (
        "dropout.drop_long_benefit_months",
        "uitkeringsduur vóór de baan vanaf wanneer die als lang telt",
        "maanden",
    ),
    (
        "employer.sigma",
        "logitschaal van de keuzes van werkgevers",
        "euro per uur",
    ),
    (
        "employer.kappa_a",
        "neiging een kandidaat aan te nemen, werkgeverscategorieën A–E",
        "euro per uur",
    ),
    (
        "employer.kappa_detach",
        "extra aantrekkelijkheid van detachering boven rechtstreekse indiensttreding",
        "euro per uur",
    ),
    (
        "employer.admin_eur_per_hour",
        "administratieve kosten van rechtstreekse indiensttreding met LKS",
        "euro per uur",
    ),
    (
        "employer.sick_share",
        "uren ziekteverzuim waarvan de werkgever het loon betaalt",
        "aandeel van de betaalde uren",
    ),
    (
        "employer.sick_share_year2",
        "deel van de ziekte-uren in het tweede ziektejaar (niveau no-riskpolis)",
        "aandeel van de ziekte-uren",
    ),
    (
        "employer.candidates_per_opening",
        "voorgedragen kandidaten per vacature",
        "personen",
    ),
    (
        "employer.opening_persistence",
        "deel van de onvervulde vacatures dat de volgende maand openstaat",
        "aandeel per maand",
    ),
    (
        "employer.search_cost_eur_per_hour",
        "zoek- en inwerkkosten van het opnieuw vervullen van een plek, per uur van de plek",
        "euro per uur",
    ),
    (
        "employer.learn_down",
        "relatieve daling van de risicoaversie van een werkgever na een goede ervaring",
        "aandeel",
    ),
    (
        "employer.learn_up",
        "relatieve stijging van de risicoaversie na een mislukking",
        "aandeel",
    ),
    (
        "employer.quality_base",
        "gemiddelde kwaliteit van de match bij werkfitheid 0",
        "matchkwaliteit",
    ),
    (
        "employer.quality_readiness",
        "stijging van de gemiddelde matchkwaliteit met werkfitheid",
        "matchkwaliteit per eenheid werkfitheid",
    ),
    (
        "employer.quality_concentration",
        "spreiding van de matchkwaliteit rond het gemiddelde",
        "Beta-concentratie",
    ),
    (
        "employer.quality_reveal_months",
        "maanden waarin de inlener de kwaliteit van een match leert kennen",
        "maanden",
    ),
    (
        "employer.demand_elasticity",
        "reactie van de beëindigingskansen op de vraag naar arbeid",
        "exponent",
    ),
    (
        "conversion.conv_base",
        "basiskans (log-odds) op omzetting naar een eigen dienstverband",
        "log-odds per maand",
    ),
    (
        "conversion.conv_gain",
        "effect op omzetting van het uurvoordeel van rechtstreekse indiensttreding",
        "log-odds per eenheid G/m",
    ),
    (
        "conversion.conv_a",
        "neiging tot omzetting, werkgeverscategorieën A–E",
        "log-odds",
    ),
    (
        "conversion.conv_handover",
        "effect op omzetting van jobcoaching die aan de inlener is overgedragen",
        "log-odds",
    ),
    (
        "conversion.trust_months",
        "tijd waarin het ervaren risico van de inlener afneemt",
        "maanden",
    ),
    (
        "early_end.end_base",
        "kans op voortijdige beëindiging van een goed passende detachering in een gewone maand",
        "per maand",
    ),
    (
        "early_end.end_fit",
        "stijging van voortijdige beëindiging bij een slechte match",
        "relatieve toename",
    ),
    (
        "early_end.end_price",
        "stijging van voortijdige beëindiging bij een tarief boven de waarde van het werk",
        "relatieve toename",
    ),
    (
        "screening.overstate_share",
        "werkgevers die zich bij het werkbedrijf een categorie beter voordoen dan ze zijn",
        "aandeel van de werkgevers",
    ),
    (
        "support.support_lapse",
        "kans dat de eigen begeleiding van de werkgever na overdracht wegvalt",
        "per maand",
    ),
    (
        "support.support_risk_relief",
        "deel van het ervaren risico van de werkgever dat wegvalt zolang de persoon begeleid wordt",
        "aandeel",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_behavioural_parameter_has_a_dutch_label_and_every_label_one_parameter() {
        for spec in BEHAVIOUR_PARAMETERS {
            for path in spec.paths() {
                assert!(parameter_label_nl(&path).is_some(), "{path} has no Dutch label");
            }
        }
        for (path, meaning, unit) in DUTCH_LABELS {
            assert!(parameter_label(path).is_some(), "{path} is not a behavioural parameter");
            assert!(!meaning.is_empty() && !unit.is_empty());
        }
        assert_eq!(DUTCH_LABELS.len(), BEHAVIOUR_PARAMETERS.len());
    }
    use crate::input::figure::Check;
    use crate::input::toml_layers::{Layers, read_table};

    fn shipped() -> (Layers, RawBehaviour) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("calibration/behaviour/default.toml");
        let layers = Layers::single(
            path.clone(),
            read_table(&path, "the behavioural parameters", None).unwrap(),
        );
        let raw = layers.deserialize().unwrap();
        (layers, raw)
    }

    #[test]
    fn mean_match_quality_stays_below_one_at_full_readiness() {
        let (layers, mut raw) = shipped();
        raw.employer.quality_base.value = 0.5;
        raw.employer.quality_readiness.value = 0.5;
        assert!(Behaviour::validate(&raw, &Check::new(&layers)).is_ok());
        raw.employer.quality_readiness.value = 0.6;
        let err = Behaviour::validate(&raw, &Check::new(&layers)).unwrap_err().to_string();
        assert!(err.contains("employer.quality_readiness"), "{err}");
        assert!(err.contains("a number from 0 to 0.5"), "{err}");
    }

    #[test]
    fn a_path_sets_the_field_the_model_reads() {
        let (layers, mut raw) = shipped();
        raw.figure_mut("contracts.perm_kappa_c").unwrap().value = 7.0;
        raw.figure_mut("self_found.permanent_share").unwrap().value = 0.25;
        raw.figure_mut("employer.candidates_per_opening").unwrap().value = 4.0;
        let b = Behaviour::validate(&raw, &Check::new(&layers)).unwrap();
        assert_eq!(b.perm_kappa[2], 7.0);
        assert_eq!(b.self_permanent_share, 0.25);
        assert_eq!(b.candidates_per_opening, 4);
        assert!(raw.figure_mut("employer.nothing").is_none());
        assert!(raw.figure_mut("sigma").is_none());
        for path in BEHAVIOUR_PARAMETERS.iter().flat_map(|s| s.paths()) {
            assert!(raw.figure_mut(&path).is_some(), "{path}");
        }
    }

    #[test]
    fn a_whole_number_parameter_rejects_a_fraction() {
        let (layers, mut raw) = shipped();
        raw.loonwaarde_growth.remeasure_months.value = 6.5;
        let err = Behaviour::validate(&raw, &Check::new(&layers)).unwrap_err().to_string();
        assert!(
            err.contains("loonwaarde_growth.remeasure_months") && err.contains("not a whole number"),
            "{err}"
        );
    }
}
