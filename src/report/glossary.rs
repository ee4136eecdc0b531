//! The terms a report uses, defined as the model defines them (README's
//! metric table, docs/ODD.md), in both languages: the "Begrippen" / "Terms"
//! section at the foot of every report.

use crate::report::format::Lang;
use crate::report::html_escape;

/// `(Dutch term, Dutch definition, English term, English definition)`.
pub(crate) const TERMS: &[(&str, &str, &str, &str)] = &[
    (
        "bestaanszekerheid",
        "een maand waarin iemands eigen netto inkomen uit werk minstens de bijstandsnorm is en er geen bijstand wordt betaald (income_secure_share: het aandeel van zulke maanden).",
        "secure income",
        "a month in which the person's own net work income is at least the bijstandsnorm and no bijstand is paid (income_secure_share: the share of such months).",
    ),
    (
        "terugval",
        "na uitstroom uit de bijstand naar werk weer bijstand ontvangen (een uitkering of een aanvulling), binnen 6, 12, 18 of 24 maanden, zoals CBS en Divosa tellen.",
        "relapse",
        "receiving bijstand again (a benefit or a top-up) after leaving bijstand for work, within 6, 12, 18 or 24 months, as CBS and Divosa count it.",
    ),
    (
        "duurzame plaatsing",
        "iemand die 12 maanden aaneengesloten betaald werkt, in werk dat binnen de periode begon.",
        "lasting placement",
        "a person reaching 12 months of continuous paid employment that began within the period.",
    ),
    (
        "detachering",
        "de persoon is in dienst van het werkbedrijf en werkt bij een werkgever (de inlener), die het werkbedrijf daarvoor een tarief betaalt.",
        "detachering",
        "the person is employed by the werkbedrijf and works at an employer (the inlener), who pays the werkbedrijf a fee for it.",
    ),
    (
        "leegloop",
        "maanden waarin iemand in dienst van het werkbedrijf geen detachering heeft; het werkbedrijf betaalt het loon door.",
        "idle time",
        "months in which an employee of the werkbedrijf has no detachering; the werkbedrijf keeps paying the wage.",
    ),
    (
        "omzetting",
        "een detachering die overgaat in een dienstverband rechtstreeks bij de inlener.",
        "conversion",
        "a detachering that turns into direct employment at the inlener.",
    ),
    (
        "loonwaarde",
        "het deel van de productiviteit van een gewone werknemer dat iemand in een functie levert, vastgesteld door de gemeente.",
        "loonwaarde",
        "the share of a regular worker's productivity that a person delivers in a job, as the municipality assesses it.",
    ),
    (
        "LKS (loonkostensubsidie)",
        "subsidie van de gemeente aan de werkgever voor het verschil tussen het minimumloon en de loonwaarde, voor wie niet het minimumloon kan verdienen (art. 10d Participatiewet).",
        "LKS (wage-cost subsidy)",
        "the municipality's subsidy to the employer of the gap between the minimum wage and the loonwaarde, for persons who cannot earn the minimum wage (art. 10d Participatiewet).",
    ),
];

/// The glossary section of a report page.
pub(crate) fn section(lang: Lang) -> String {
    let items: Vec<String> = TERMS
        .iter()
        .map(|(nl, nl_def, en, en_def)| {
            let (term, def) = match lang {
                Lang::Nl => (nl, nl_def),
                Lang::En => (en, en_def),
            };
            format!("<dt>{}</dt><dd>{}</dd>", html_escape(term), html_escape(def))
        })
        .collect();
    format!(
        "<h2 id=\"glossary\">{}</h2>\n<dl>\n{}\n</dl>\n",
        crate::report::t(lang, "Begrippen", "Terms"),
        items.join("\n")
    )
}
