//! The register deliveries of the synthetic Netherlands: employers, BRP person data,
//! registrations per source and period, employer hours — and the example questions.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc};
use dgr_core::datum::BrpDatum;
use dgr_core::{Bron, Gemeentecode, LeveringSoort, Modus, Referentie};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::bestanden::{Bestand, Dialect};
use crate::bevolking::{Bevolking, Persoon, Registratie};
use crate::kalender::{d, kwartaal, na_kwartaal};
use crate::organisatie::Organisatie;
use crate::werkgevers::Werkgevers;
use crate::{DemoFout, EIND, GeplandeLevering, Plan, Voorbeeld};
use dgr_core::gegevens::Sector;

/// The day the register was first filled (historic baseline deliveries).
const BASIS: NaiveDate = match NaiveDate::from_ymd_opt(2015, 1, 5) {
    Some(x) => x,
    None => NaiveDate::MIN,
};
/// Municipalities that deliver their Praktijkroute registrations themselves (the others go
/// through the Inlichtingenbureau).
const ZELF_LEVERENDE_GEMEENTEN: [&str; 2] = ["0363", "0344"];

/// A moment on a date at a whole UTC hour.
pub fn tijdstip(datum: NaiveDate, uur: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&datum.and_hms_opt(uur, 0, 0).unwrap_or_default())
}

/// The delivery slot (date) of an event of `bron` on `datum`: the baseline for history, then
/// per quarter (UWV, Inlichtingenbureau, gemeenten), half year (Panteia) or year (CBS).
fn slot(bron: Bron, datum: NaiveDate) -> NaiveDate {
    if datum < d(2015, 1, 1) {
        return BASIS;
    }
    match bron {
        Bron::Panteia if datum.month() <= 6 => d(datum.year(), 7, 3),
        Bron::Panteia => d(datum.year() + 1, 1, 3),
        Bron::Cbs => d(datum.year() + 1, 2, 1),
        _ => na_kwartaal(kwartaal(datum)).succ_opt().unwrap_or(datum),
    }
}

/// The slot after `s` for the same source.
fn volgende_slot(bron: Bron, s: NaiveDate) -> NaiveDate {
    if s == BASIS {
        return slot(bron, d(2015, 1, 1));
    }
    let stap = match bron {
        Bron::Panteia => 6,
        Bron::Cbs => 12,
        _ => 3,
    };
    s.checked_add_months(Months::new(stap)).unwrap_or(s)
}

fn periode_naam(bron: Bron, s: NaiveDate) -> String {
    if s == BASIS {
        return "BASIS-2012".into();
    }
    let vorige = s
        .pred_opt()
        .unwrap_or(s)
        .checked_sub_months(Months::new(1))
        .unwrap_or(s);
    match bron {
        Bron::Panteia => format!(
            "{}-H{}",
            vorige.year(),
            if vorige.month() <= 6 { 1 } else { 2 }
        ),
        Bron::Cbs => format!("{}", s.year() - 1),
        _ => format!("{}-K{}", vorige.year(), vorige.month0() / 3 + 1),
    }
}

/// Which source and municipality delivers a registration.
fn leverancier(
    r: &Registratie,
    p: &Persoon,
    referentie: &Referentie,
) -> (Bron, Option<Gemeentecode>) {
    if r.grondslag == "PRAKTIJKROUTE" {
        let code = referentie.gemeenten().get(p.gemeente).map(|g| g.code);
        if let Some(c) = code.filter(|c| ZELF_LEVERENDE_GEMEENTEN.contains(&c.to_string().as_str()))
        {
            return (Bron::Gemeente, Some(c));
        }
    }
    (r.bron, None)
}

type Sleutel = (NaiveDate, Bron, Option<Gemeentecode>);

/// Rows of a registraties file: (mutatie, registration index, extra).
enum Mutatie {
    Opvoer,
    Einde,
    Correctie,
    Intrekking,
}

/// Writes employers, person data, registrations and employer hours; adds them to the plan.
pub fn schrijf_register(
    plan: &mut Plan,
    b: &Bevolking,
    wg: &Werkgevers,
    referentie: &Referentie,
    map: &std::path::Path,
    rng: &mut ChaCha8Rng,
) -> Result<(), DemoFout> {
    let org = plan.organisatie.clone();
    schrijf_werkgevers(plan, wg, &org, referentie, map)?;
    let mut mutaties: BTreeMap<Sleutel, Vec<(Mutatie, usize)>> = BTreeMap::new();
    let mut eerste_slot: Vec<Option<NaiveDate>> = vec![None; b.personen.len()];
    for (i, r) in b.registraties.iter().enumerate() {
        let p = &b.personen[r.persoon];
        let (bron, gemeente) = leverancier(r, p, referentie);
        let s = slot(bron, r.ingang);
        let e = &mut eerste_slot[r.persoon];
        *e = Some(e.map_or(s, |x| x.min(s)));
        mutaties
            .entry((s, bron, gemeente))
            .or_default()
            .push((Mutatie::Opvoer, i));
        if r.fout_ingang.is_some() {
            mutaties
                .entry((volgende_slot(bron, s), bron, gemeente))
                .or_default()
                .push((Mutatie::Correctie, i));
        }
        if r.ingetrokken {
            mutaties
                .entry((volgende_slot(bron, s), bron, gemeente))
                .or_default()
                .push((Mutatie::Intrekking, i));
        }
        if let Some((einde, reden)) = r.einde
            && einde >= d(2015, 1, 1)
            && !r.einde_door_persoon
            && referentie.reden(reden).is_some()
        {
            mutaties
                .entry((slot(bron, einde), bron, gemeente))
                .or_default()
                .push((Mutatie::Einde, i));
        }
    }
    schrijf_personen(plan, b, referentie, &eerste_slot, map, rng)?;
    for ((s, bron, gemeente), rijen) in &mutaties {
        if *s > d(2026, 10, 31) {
            continue;
        }
        schrijf_registraties(plan, b, referentie, (*s, *bron, *gemeente), rijen, map)?;
    }
    schrijf_werkgeversuren(plan, wg, map, rng)
}

fn schrijf_werkgevers(
    plan: &mut Plan,
    wg: &Werkgevers,
    org: &Organisatie,
    referentie: &Referentie,
    map: &std::path::Path,
) -> Result<(), DemoFout> {
    let kop = [
        "loonheffingennummer",
        "naam",
        "sector",
        "subsector",
        "vestigingsgemeente",
    ];
    let mut f = Bestand::new(map, "werkgevers_2015.csv", Dialect::NederlandsExcel, &kop);
    for w in &wg.lijst {
        let gemeente = referentie
            .gemeenten()
            .get(w.gemeente)
            .map(|g| g.code.to_string())
            .unwrap_or_default();
        for lhn in &w.lhns {
            f.rij([
                lhn.to_string(),
                w.naam.clone(),
                w.sector.code().into(),
                w.subsector.unwrap_or("").into(),
                gemeente.clone(),
            ]);
        }
    }
    // the demo organisation, seated in Den Haag (0518)
    let den_haag = referentie
        .gemeenten()
        .iter()
        .find(|g| g.code.to_string() == "0518")
        .map(|g| g.code.to_string())
        .unwrap_or_default();
    for lhn in &org.lhns {
        f.rij([
            lhn.to_string(),
            crate::organisatie::NAAM.to_string(),
            Sector::Overheid.code().into(),
            "RECHTSPRAAK".into(),
            den_haag.clone(),
        ]);
    }
    voeg_toe(
        plan,
        f.sluit()?,
        LeveringSoort::Werkgevers,
        Bron::Uwv,
        "UWV-WG-2015",
        None,
        Modus::Strict,
        tijdstip(d(2015, 1, 2), 5),
    );
    Ok(())
}

fn schrijf_werkgeversuren(
    plan: &mut Plan,
    wg: &Werkgevers,
    map: &std::path::Path,
    rng: &mut ChaCha8Rng,
) -> Result<(), DemoFout> {
    for jaar in 2015..=2025 {
        let kop = [
            "loonheffingennummer",
            "jaar",
            "verloonde_uren_totaal",
            "aantal_werknemers",
        ];
        let mut f = Bestand::new(
            map,
            &format!("werkgeversuren_{jaar}.csv"),
            Dialect::Standaard,
            &kop,
        );
        for w in &wg.lijst {
            let n = w.lhns.len() as f64;
            for lhn in &w.lhns {
                let werknemers = (f64::from(w.grootte) / n).max(1.0);
                // 1,623 hours per employee per year (constanten.csv), with some spread
                let uren =
                    (werknemers * 1_623.0 * rng.random_range(0.9..1.1) * 100.0).round() as i64;
                f.rij([
                    lhn.to_string(),
                    jaar.to_string(),
                    f.uren(uren),
                    (werknemers.round() as u64).to_string(),
                ]);
            }
        }
        let kenmerk = format!("UWV-WGU-{jaar}");
        voeg_toe(
            plan,
            f.sluit()?,
            LeveringSoort::Werkgeversuren,
            Bron::Uwv,
            &kenmerk,
            None,
            Modus::Strict,
            tijdstip(d(jaar + 1, 3, 1), 5),
        );
    }
    Ok(())
}

/// BRP person data: a full delivery at the baseline, then per quarter the new persons, deaths
/// and moves. Birth dates in the BRP form JJJJMMDD (incomplete ones with 00).
fn schrijf_personen(
    plan: &mut Plan,
    b: &Bevolking,
    referentie: &Referentie,
    eerste_slot: &[Option<NaiveDate>],
    map: &std::path::Path,
    rng: &mut ChaCha8Rng,
) -> Result<(), DemoFout> {
    // the quarterly BRP slot (same day as the quarterly registration deliveries, earlier hour)
    let brp_slot = |datum: NaiveDate| {
        if datum < d(2015, 1, 1) {
            d(2015, 1, 2)
        } else {
            na_kwartaal(kwartaal(datum)).succ_opt().unwrap_or(datum)
        }
    };
    let mut per_slot: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, p) in b.personen.iter().enumerate() {
        let Some(eerste) = eerste_slot[i] else {
            continue;
        };
        let begin = if eerste == BASIS {
            d(2015, 1, 2)
        } else {
            eerste
        };
        per_slot.entry(begin).or_default().push(i);
        for gebeurtenis in [p.overleden, p.verhuizing.map(|v| v.0)]
            .into_iter()
            .flatten()
        {
            let s = brp_slot(gebeurtenis);
            if s > begin {
                per_slot.entry(s).or_default().push(i);
            }
        }
    }
    for (s, mut personen) in per_slot {
        if s > d(2026, 10, 31) {
            continue;
        }
        personen.sort_unstable();
        personen.dedup();
        let naam = if s == d(2015, 1, 2) {
            "BASIS".to_string()
        } else {
            periode_naam(Bron::Uwv, s)
        };
        let kop = ["bsn", "geboortedatum", "overlijdensdatum", "woongemeente"];
        let mut f = Bestand::new(
            map,
            &format!("personen_{naam}.csv"),
            Dialect::Standaard,
            &kop,
        );
        for i in personen {
            let p = &b.personen[i];
            let overleden = p.overleden.filter(|o| *o < s);
            let gemeente = match p.verhuizing {
                Some((datum, g)) if datum < s => g,
                _ => p.gemeente,
            };
            let code = referentie
                .gemeenten()
                .get(gemeente)
                .map(|g| g.code.to_string())
                .unwrap_or_default();
            let geboorte = brp_tekst(p.geboorte);
            f.rij([
                p.bsn.cijfers(),
                geboorte,
                overleden
                    .map(|o| o.format("%Y%m%d").to_string())
                    .unwrap_or_default(),
                code,
            ]);
        }
        let mut modus = Modus::Strict;
        if naam == "2020-K1" {
            // a deliberately bad row: a two-digit year is never guessed (case C10)
            let bsn = Bsn9::volgende(rng);
            f.rij([bsn, "01-01-61".to_string(), String::new(), "0363".into()]);
            plan.foute_rijen += 1;
            modus = Modus::AcceptValid;
        }
        let kenmerk = format!("BRP-{naam}");
        voeg_toe(
            plan,
            f.sluit()?,
            LeveringSoort::Personen,
            Bron::Brp,
            &kenmerk,
            None,
            modus,
            tijdstip(s, 4),
        );
    }
    Ok(())
}

/// A valid BSN outside the population for bad demo rows (the population uses other prefixes).
struct Bsn9;

impl Bsn9 {
    fn volgende(rng: &mut ChaCha8Rng) -> String {
        let mut r = crate::nummers::Elfproefreeks::new(rng.random(), 7_919);
        r.bsn().cijfers()
    }
}

fn brp_tekst(g: BrpDatum) -> String {
    match g {
        BrpDatum::Volledig(x) => x.format("%Y%m%d").to_string(),
        BrpDatum::Onvolledig { jaar, maand } => {
            format!("{:04}{:02}00", jaar.unwrap_or(0), maand.unwrap_or(0))
        }
    }
}

fn schrijf_registraties(
    plan: &mut Plan,
    b: &Bevolking,
    referentie: &Referentie,
    (s, bron, gemeente): Sleutel,
    rijen: &[(Mutatie, usize)],
    map: &std::path::Path,
) -> Result<(), DemoFout> {
    let dialect = match bron {
        Bron::Panteia | Bron::Gemeente => Dialect::NederlandsExcel,
        Bron::Inlichtingenbureau => Dialect::Utf8BomSep,
        _ => Dialect::Standaard,
    };
    let kop = [
        "bsn",
        "grondslag",
        "mutatie",
        "ingangsdatum",
        "einddatum",
        "reden_einde",
        "nieuwe_ingangsdatum",
        "loonwaarde_pct",
        "besluitdatum",
        "bron_kenmerk",
    ];
    let naam = periode_naam(bron, s);
    let wie = match gemeente {
        Some(g) => format!("GM{g}"),
        None => bron.code().to_string(),
    };
    let mut f = Bestand::new(
        map,
        &format!("registraties_{wie}_{naam}.csv"),
        dialect,
        &kop,
    );
    let mut volgnummer = 0u64;
    for (m, i) in rijen {
        let r = &b.registraties[*i];
        let p = &b.personen[r.persoon];
        volgnummer += 1;
        let kenmerk = format!("{wie}-{naam}-{volgnummer:06}");
        let ingang_geleverd = r.fout_ingang.unwrap_or(r.ingang);
        let loonwaarde = r.loonwaarde.map(|l| l.to_string()).unwrap_or_default();
        let rij: [String; 10] = match m {
            Mutatie::Opvoer => {
                // historic registrations that ended before the baseline come with their end
                let einde = r
                    .einde
                    .filter(|(e, _)| *e < d(2015, 1, 1) && !r.einde_door_persoon);
                [
                    p.bsn.cijfers(),
                    r.grondslag.into(),
                    "OPVOER".into(),
                    f.datum(ingang_geleverd),
                    f.datum_opt(einde.map(|e| e.0)),
                    einde.map(|e| e.1.to_string()).unwrap_or_default(),
                    String::new(),
                    loonwaarde,
                    f.datum(ingang_geleverd),
                    kenmerk,
                ]
            }
            Mutatie::Einde => {
                let (einde, reden) = r.einde.unwrap_or((EIND, "EINDE_GRONDSLAG"));
                [
                    p.bsn.cijfers(),
                    r.grondslag.into(),
                    "EINDE".into(),
                    f.datum(r.ingang),
                    f.datum(einde),
                    reden.into(),
                    String::new(),
                    String::new(),
                    f.datum(einde),
                    kenmerk,
                ]
            }
            Mutatie::Correctie => [
                p.bsn.cijfers(),
                r.grondslag.into(),
                "CORRECTIE".into(),
                f.datum(ingang_geleverd),
                String::new(),
                String::new(),
                f.datum(r.ingang),
                String::new(),
                String::new(),
                kenmerk,
            ],
            Mutatie::Intrekking => [
                p.bsn.cijfers(),
                r.grondslag.into(),
                "INTREKKING".into(),
                f.datum(r.ingang),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                kenmerk,
            ],
        };
        f.rij(rij);
    }
    let mut modus = Modus::Strict;
    let kenmerk = format!("{wie}-REG-{naam}");
    let uur = if bron == Bron::Uwv { 6 } else { 7 };
    if bron == Bron::Inlichtingenbureau && naam == "2019-K2" {
        // deliberately bad rows: a BSN failing the 11-test and an impossible date (case C26)
        f.rij([
            "123456789",
            "PRAKTIJKROUTE",
            "OPVOER",
            "2019-05-01",
            "",
            "",
            "",
            "60",
            "",
            "IB-FOUT-1",
        ]);
        f.rij([
            "999991176",
            "PRAKTIJKROUTE",
            "OPVOER",
            "31-02-2019",
            "",
            "",
            "",
            "60",
            "",
            "IB-FOUT-2",
        ]);
        plan.foute_rijen += 2;
        modus = Modus::AcceptValid;
    }
    if bron == Bron::Panteia && naam == "2018-H1" {
        // first attempt with a typo in a grondslag: strict, so the whole delivery is rejected;
        // the source corrects it and delivers again the next day
        let goed = f.pad().to_path_buf();
        let foutief = goed.with_file_name(format!("registraties_{wie}_{naam}_eerste_poging.csv"));
        let bytes_goed = {
            let pad = f.sluit()?;
            std::fs::read(&pad)?
        };
        let mut bytes_fout = bytes_goed.clone();
        bytes_fout.extend_from_slice(b"999990019;WSV;OPVOER;01-02-2018;;;;;;PANTEIA-TYPO\r\n");
        std::fs::write(&foutief, bytes_fout)?;
        plan.foute_rijen += 1;
        voeg_toe(
            plan,
            foutief,
            LeveringSoort::Registraties,
            bron,
            &kenmerk,
            gemeente,
            Modus::Strict,
            tijdstip(s, uur),
        );
        voeg_toe(
            plan,
            goed,
            LeveringSoort::Registraties,
            bron,
            &format!("{kenmerk}-2"),
            gemeente,
            Modus::Strict,
            tijdstip(s.succ_opt().unwrap_or(s), uur),
        );
        return Ok(());
    }
    let _ = referentie;
    voeg_toe(
        plan,
        f.sluit()?,
        LeveringSoort::Registraties,
        bron,
        &kenmerk,
        gemeente,
        modus,
        tijdstip(s, uur),
    );
    Ok(())
}

/// Adds a delivery to the plan.
#[expect(
    clippy::too_many_arguments,
    reason = "one plain record built in one place"
)]
pub fn voeg_toe(
    plan: &mut Plan,
    bestand: std::path::PathBuf,
    soort: LeveringSoort,
    bron: Bron,
    kenmerk: &str,
    gemeentecode: Option<Gemeentecode>,
    modus: Modus,
    tijd: DateTime<Utc>,
) {
    plan.leveringen.push(GeplandeLevering {
        bestand,
        soort,
        bron,
        kenmerk: kenmerk.to_string(),
        gemeentecode,
        fiscaal_nummer: None,
        modus,
        tijd,
    });
}

/// Five example questions with answers the generator knows from its own model.
pub fn voorbeelden(b: &Bevolking, plan: &Plan) -> Vec<Voorbeeld> {
    let mut uit = Vec::new();
    let regs_van = |p: usize| b.registraties.iter().filter(move |r| r.persoon == p);
    let in_register =
        |p: usize, datum: NaiveDate| regs_van(p).any(|r| r.geldt_op(&b.personen[p], datum));
    let peil = EIND;
    // 1. registered now
    if let Some((i, _)) = b
        .personen
        .iter()
        .enumerate()
        .find(|(i, _)| in_register(*i, peil))
    {
        uit.push(voorbeeld(b, i, peil, None, true, "lopende registratie"));
    }
    // 2. reached the AOW age: registered the day before, not on the AOW date
    if let Some((i, p)) = b.personen.iter().enumerate().find(|(i, p)| {
        p.overleden.is_none()
            && matches!(p.geboorte, BrpDatum::Volledig(_))
            && p.natuurlijk_einde
                .is_some_and(|e| e > d(2020, 1, 1) && e < d(2025, 1, 1))
            && p.natuurlijk_einde
                .and_then(|e| e.pred_opt())
                .is_some_and(|e| in_register(*i, e))
    }) && let Some(aow) = p.natuurlijk_einde
    {
        uit.push(voorbeeld(
            b,
            i,
            aow,
            None,
            false,
            &format!(
                "AOW-datum {aow} (R-12): op {} nog wel",
                aow.pred_opt().unwrap_or(aow)
            ),
        ));
    }
    // 3. withdrawn registration
    if let Some(r) = b
        .registraties
        .iter()
        .find(|r| r.ingetrokken && regs_van(r.persoon).count() == 1)
    {
        let datum = r.ingang.succ_opt().unwrap_or(r.ingang);
        uit.push(voorbeeld(
            b,
            r.persoon,
            datum,
            None,
            false,
            "registratie ingetrokken (R-14)",
        ));
    }
    // 4. died: registered through the day of death
    if let Some((i, p)) = b.personen.iter().enumerate().find(|(i, p)| {
        p.overleden
            .is_some_and(|o| o > d(2016, 1, 1) && in_register(*i, o))
    }) && let Some(o) = p.overleden
    {
        uit.push(voorbeeld(
            b,
            i,
            o.succ_opt().unwrap_or(o),
            None,
            false,
            &format!("overleden op {o} (R-13): die dag nog wel"),
        ));
    }
    // 5. corrected ingangsdatum: not known before the correction, known now
    if let Some(r) = b
        .registraties
        .iter()
        .find(|r| r.fout_ingang.is_some() && regs_van(r.persoon).count() == 1)
    {
        let bekend = plan
            .leveringen
            .iter()
            .filter(|l| l.soort == LeveringSoort::Registraties)
            .map(|l| l.tijd)
            .filter(|t| t.date_naive() > r.ingang)
            .min()
            .map(|t| t + chrono::Duration::hours(1));
        uit.push(voorbeeld(
            b,
            r.persoon,
            r.ingang,
            bekend,
            false,
            "ingangsdatum later gecorrigeerd: zo bekend vóór de correctie nee, nu ja",
        ));
    }
    uit
}

fn voorbeeld(
    b: &Bevolking,
    p: usize,
    peildatum: NaiveDate,
    bekend_op: Option<DateTime<Utc>>,
    verwacht: bool,
    toelichting: &str,
) -> Voorbeeld {
    Voorbeeld {
        bsn: b.personen[p].bsn.cijfers(),
        peildatum,
        bekend_op,
        verwacht,
        toelichting: toelichting.to_string(),
    }
}
