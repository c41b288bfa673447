//! The seed's plan as example data of the demo organisation, written through the
//! register's goals API after the demo's deliveries are imported: themes and topics, the units
//! asking for them, the five sub-goals of goal 5 (diversity and inclusion), "in 2024 one shared
//! definition of D&I" with the milestones of its timeline, banenafspraak jobs per court for a
//! few rechtbanken, check-ins and one evaluation.
//!
//! Dates after the register's today (a clock set back with `DGR_NU`) are left out: a check-in
//! cannot lie in the future.

use chrono::NaiveDate;
use dgr_core::doelen::{Doelsoort, Kwantitatief, Maat};
use dgr_demo::organisatie::{Organisatie, WORTEL};
use dgr_register::doelen::{Checkinvoorstel, Doelvoorstel, Evaluatievoorstel};
use dgr_register::{Register, RegisterFout};
use dgr_store::doelen::Doelinhoud;

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Doelentelling {
    /// Themes.
    pub themas: usize,
    /// Topics.
    pub onderwerpen: usize,
    /// Goals.
    pub doelen: usize,
    /// Check-ins.
    pub checkins: usize,
    /// Milestones.
    pub mijlpalen: usize,
    /// Evaluations.
    pub evaluaties: usize,
}

/// A check-in of the plan: goal, date, value, done, note, confidence.
type Checkin<'a> = (i64, NaiveDate, Option<f64>, Option<bool>, &'a str, &'a str);

/// The rechtbanken with a goal on banenafspraak jobs.
const BANEN_PER_GERECHT: [&str; 3] = ["RB-ZWB", "RB-ROT", "RB-NNE"];

fn d(jaar: i32, maand: u32, dag: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(jaar, maand, dag).unwrap_or(NaiveDate::MIN)
}

fn inhoud(
    titel: &str,
    eigenaar: &str,
    start: NaiveDate,
    deadline: NaiveDate,
    soort: Doelsoort,
) -> Doelinhoud {
    Doelinhoud {
        titel: titel.into(),
        eigenaar: eigenaar.into(),
        start,
        deadline,
        soort,
    }
}

fn kwantitatief(maat: Maat, basiswaarde: f64, streefwaarde: f64) -> Doelsoort {
    Doelsoort::Kwantitatief(Kwantitatief {
        maat,
        basiswaarde,
        streefwaarde,
    })
}

fn kwalitatief(definitie: &str) -> Doelsoort {
    Doelsoort::Kwalitatief {
        definitie_van_gereed: definitie.into(),
    }
}

/// Rounded to two decimals.
fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Writes the example plan for `org`, unless its themes exist already (a second demo run over
/// the same database); returns what was written.
///
/// # Errors
/// [`RegisterFout`] when the register refuses an operation.
pub fn schrijf(register: &mut Register, org: &Organisatie) -> Result<Doelentelling, RegisterFout> {
    let o = org.fiscaal_nummer;
    let mut t = Doelentelling::default();
    if !register.themas(o)?.is_empty() {
        return Ok(t);
    }
    let vandaag = register.klok().vandaag();
    let door = "Programmamanager D&I (demo)";

    // the catalogue
    let di = register.voeg_thema_toe(
        o,
        "Diversiteit en inclusie",
        "Doel 5 van het plan: een rechtspraak waarin iedereen kan meedoen",
    )?;
    let banen = register.voeg_thema_toe(
        o,
        "Banenafspraak",
        "Banen voor mensen uit de doelgroep van de banenafspraak",
    )?;
    t.themas = 2;
    let mut onderwerp = |register: &mut Register, thema: i64, naam: &str, omschrijving: &str| {
        t.onderwerpen += 1;
        register.voeg_onderwerp_toe(o, thema, naam, omschrijving)
    };
    let werven = onderwerp(
        register,
        di,
        "Inclusief werven en selecteren",
        "Vacatureteksten, wervingskanalen en diverse selectiecommissies",
    )?;
    let aanpassingen = onderwerp(
        register,
        di,
        "Werkplekaanpassingen",
        "Snel en zonder gedoe de aanpassingen die iemand nodig heeft",
    )?;
    let bewustwording = onderwerp(
        register,
        di,
        "Bewustwording en training",
        "Training over vooroordelen voor leidinggevenden en selectiecommissies",
    )?;
    let mentoren = onderwerp(
        register,
        di,
        "Mentorschap",
        "Een mentor voor nieuwe medewerkers uit de doelgroep",
    )?;
    let meten = onderwerp(
        register,
        di,
        "Meten en monitoren",
        "De werkgeversmonitor elk kwartaal bespreken",
    )?;
    let definitie = onderwerp(
        register,
        di,
        "Gedeelde definitie van D&I",
        "Eén taal over diversiteit en inclusie in alle gerechten",
    )?;
    let banen_gerecht = onderwerp(
        register,
        banen,
        "Banen per gerecht",
        "Banenafspraakbanen per rechtbank",
    )?;
    for (onderwerp_id, eenheid, datum) in [
        (aanpassingen, "RB-ZWB", d(2024, 2, 12)),
        (aanpassingen, "LDCR", d(2024, 3, 4)),
        (mentoren, "RB-ROT", d(2024, 3, 18)),
        (werven, "GH-ARL", d(2024, 4, 2)),
        (bewustwording, "RB-NNE", d(2024, 5, 6)),
        (meten, "KCR", d(2024, 5, 13)),
        (banen_gerecht, "RB-ZWB", d(2024, 1, 22)),
    ] {
        register.vraag_onderwerp(o, onderwerp_id, eenheid, datum)?;
    }

    // goals: the five sub-goals of goal 5, the shared definition, jobs per court
    let start = d(2024, 1, 1);
    let eind = d(2025, 12, 31);
    let basis = org.verwacht(WORTEL, start);
    let mut doelen: Vec<(i64, Doelinhoud)> = Vec::new();
    let voorstellen = [
        (
            WORTEL,
            werven,
            inhoud(
                "5.1 Inclusief werven: helft van de vacatures via de inclusieve route",
                "HR-directeur",
                start,
                eind,
                kwantitatief(Maat::Handmatig, 0.0, 50.0),
            ),
        ),
        (
            WORTEL,
            aanpassingen,
            inhoud(
                "5.2 Werkplekaanpassing binnen 4 weken geregeld (weken)",
                "Hoofd LDCR",
                start,
                eind,
                kwantitatief(Maat::Handmatig, 12.0, 4.0),
            ),
        ),
        (
            WORTEL,
            bewustwording,
            inhoud(
                "5.3 Bewustwordingstraining: 60% van de leidinggevenden getraind",
                "Opleidingscoördinator SSR",
                start,
                eind,
                kwantitatief(Maat::Handmatig, 0.0, 60.0),
            ),
        ),
        (
            WORTEL,
            mentoren,
            inhoud(
                "5.4 Mentorprogramma in elk gerecht",
                "Stuurgroep D&I",
                start,
                eind,
                kwalitatief(
                    "Elk gerecht heeft een mentorprogramma en iedere nieuwe medewerker uit de doelgroep een mentor",
                ),
            ),
        ),
        (
            WORTEL,
            meten,
            inhoud(
                "5.5 Meer medewerkers uit de doelgroep",
                "Stuurgroep D&I",
                start,
                eind,
                kwantitatief(
                    Maat::Doelgroep,
                    basis.doelgroep as f64,
                    (basis.doelgroep as f64 * 1.25).round() + 1.0,
                ),
            ),
        ),
        (
            WORTEL,
            definitie,
            inhoud(
                "In 2024 één gedeelde definitie van D&I",
                "Stuurgroep D&I",
                d(2024, 3, 1),
                d(2024, 12, 31),
                kwalitatief(
                    "De stuurgroep heeft één definitie van diversiteit en inclusie vastgesteld en alle gerechten gebruiken haar",
                ),
            ),
        ),
    ];
    for (eenheid, onderwerp_id, inhoud) in voorstellen {
        let id = register.stel_doel_vast(
            o,
            &Doelvoorstel {
                eenheid,
                onderwerp_id,
                inhoud: inhoud.clone(),
                door,
            },
        )?;
        doelen.push((id, inhoud));
    }
    let mut banen_doelen = Vec::new();
    for code in BANEN_PER_GERECHT {
        let b = r2(org.verwacht(code, start).banen);
        let inhoud = inhoud(
            &format!("Banenafspraak: 30% meer banen in {code}"),
            &format!("President {code}"),
            start,
            d(2026, 1, 1),
            kwantitatief(Maat::Banen, b, r2(b * 1.3 + 1.0)),
        );
        let id = register.stel_doel_vast(
            o,
            &Doelvoorstel {
                eenheid: code,
                onderwerp_id: banen_gerecht,
                inhoud,
                door,
            },
        )?;
        banen_doelen.push((id, code));
    }
    t.doelen = doelen.len() + banen_doelen.len();
    let id = |i: usize| doelen[i].0;

    // check-ins: values entered by hand, the model's figures for the measured goals
    let mut checkins: Vec<Checkin<'_>> = vec![
        (
            id(0),
            d(2024, 6, 30),
            Some(15.0),
            None,
            "Nieuwe vacaturetekst in gebruik bij vier gerechten",
            "midden",
        ),
        (
            id(0),
            d(2024, 12, 31),
            Some(30.0),
            None,
            "Wervingskanalen verbreed; selectiecommissies divers samengesteld",
            "midden",
        ),
        (
            id(0),
            d(2025, 6, 30),
            Some(38.0),
            None,
            "Gerechtshoven lopen achter; extra aandacht in het najaar",
            "laag",
        ),
        (
            id(1),
            d(2024, 6, 30),
            Some(10.0),
            None,
            "Eén loket bij het LDCR voor aanvragen",
            "midden",
        ),
        (
            id(1),
            d(2024, 12, 31),
            Some(8.0),
            None,
            "Standaardpakket aanpassingen op voorraad",
            "hoog",
        ),
        (
            id(1),
            d(2025, 6, 30),
            Some(6.0),
            None,
            "Doorlooptijd daalt verder",
            "hoog",
        ),
        (
            id(2),
            d(2024, 12, 31),
            Some(25.0),
            None,
            "Eerste ronde trainingen gegeven",
            "midden",
        ),
        (
            id(2),
            d(2025, 6, 30),
            Some(45.0),
            None,
            "Training opgenomen in het leiderschapsprogramma",
            "hoog",
        ),
        (
            id(3),
            d(2025, 3, 31),
            None,
            Some(false),
            "Pilot loopt bij Rechtbank Rotterdam en Gerechtshof Arnhem-Leeuwarden",
            "midden",
        ),
        (
            id(5),
            d(2024, 12, 19),
            None,
            Some(false),
            "Concept besproken in de stuurgroep; een tweede versie volgt",
            "midden",
        ),
        (
            id(5),
            d(2025, 1, 23),
            None,
            Some(true),
            "Tweede versie vastgesteld; in februari in de nieuwsbrief",
            "hoog",
        ),
    ];
    let kwartalen = [d(2024, 6, 30), d(2024, 12, 31), d(2025, 6, 30)];
    for datum in kwartalen {
        let v = org.verwacht(WORTEL, datum);
        checkins.push((
            id(4),
            datum,
            Some(v.doelgroep as f64),
            None,
            "Stand uit het eigen personeelsbestand",
            "midden",
        ));
        for (doel, code) in &banen_doelen {
            let v = org.verwacht(code, datum);
            checkins.push((
                *doel,
                datum,
                Some(r2(v.banen)),
                None,
                "Stand uit het eigen personeelsbestand",
                "midden",
            ));
        }
    }
    for (doel_id, datum, waarde, gereed, toelichting, vertrouwen) in checkins {
        if datum > vandaag {
            continue;
        }
        register.leg_checkin_vast(
            o,
            &Checkinvoorstel {
                doel_id,
                datum,
                waarde,
                gereed,
                toelichting,
                vertrouwen,
                door,
            },
        )?;
        t.checkins += 1;
    }

    // the timeline of the shared definition (the last one still open)
    let mijlpalen = [
        (
            Some(id(5)),
            "Stuurgroep bespreekt de definitie van D&I",
            d(2024, 12, 19),
            true,
        ),
        (
            Some(id(5)),
            "Tweede versie van de definitie",
            d(2025, 1, 23),
            true,
        ),
        (None, "Nieuwsbrief over de definitie", d(2025, 2, 14), true),
        (
            None,
            "Bijeenkomst landelijke contactpersonen D&I",
            d(2025, 3, 20),
            true,
        ),
        (None, "Nieuwe onderwerpenlijst", d(2025, 4, 17), true),
        (
            None,
            "Aansluiten bij een extern netwerk voor inclusief werkgeverschap",
            d(2025, 6, 26),
            false,
        ),
    ];
    for (doel, naam, datum, gereed) in mijlpalen {
        let m = register.voeg_mijlpaal_toe(o, doel, naam, datum, door)?;
        if gereed && datum <= vandaag {
            register.wijzig_mijlpaal(o, m, "gereed", door)?;
        }
        t.mijlpalen += 1;
    }

    // one evaluation: the jobs goal of the first court after 2025-K2
    if let Some((doel_id, code)) = banen_doelen.first()
        && d(2025, 6, 30) <= vandaag
    {
        register.evalueer(
            o,
            &Evaluatievoorstel {
                doel_id: *doel_id,
                periode: "2025-K2",
                van: None,
                tot: None,
                gemeten: Some(r2(org.verwacht(code, d(2025, 6, 30)).banen)),
                geleerd: "Werkplekaanpassingen en een vaste jobcoach helpen; de instroom via de praktijkroute komt langzaam op gang",
                besluit: "behouden",
                reden: "",
                nieuwe_inhoud: None,
                door,
            },
        )?;
        t.evaluaties += 1;
    }
    Ok(t)
}
