//! Hand-worked tests of on one person's work set.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn t(s: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d(s).and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn referentie() -> Referentie {
    match Referentie::ingebouwd() {
        Ok(r) => r,
        Err(e) => unreachable!("ingebouwde referentie ongeldig: {e}"),
    }
}

fn bsn() -> Bsn {
    Bsn::parse("111222333").unwrap_or_else(|_| unreachable!())
}

fn mutatie(grondslag: &str, ingang: &str, soort: MutatieSoort) -> RegistratieMutatie {
    RegistratieMutatie {
        bsn: bsn(),
        grondslag: grondslag.into(),
        ingangsdatum: d(ingang),
        soort,
        loonwaarde_pct: None,
        besluitdatum: None,
        bron_kenmerk: None,
    }
}

fn opvoer(grondslag: &str, ingang: &str) -> RegistratieMutatie {
    mutatie(grondslag, ingang, MutatieSoort::Opvoer { einde: None })
}

fn einde(grondslag: &str, ingang: &str, datum: &str, reden: &str) -> RegistratieMutatie {
    mutatie(
        grondslag,
        ingang,
        MutatieSoort::Einde(Einde {
            datum: d(datum),
            reden: reden.into(),
        }),
    )
}

fn leeg() -> Werkset {
    Werkset::new(bsn(), None, Vec::new())
}

fn versie(r: Registratie, van: &str, tot: Option<&str>) -> RegistratieVersie {
    RegistratieVersie {
        registratie: r,
        geregistreerd_op: t(van),
        vervallen_op: tot.map(t),
        oorzaak: Oorzaak::Levering(1),
    }
}

#[test]
fn r06_peildatum_en_bekend_op() -> Result<(), MutatieFout> {
    let r = referentie();
    let mut w = leeg();
    w.pas_toe(&opvoer("WAJONG", "2024-03-01"), &r)?;
    let v1 = w.registraties[0].clone();
    let mut v2 = v1.clone();
    v2.ingangsdatum = d("2024-01-15");
    // v1 known [2024-02-01, 2024-05-01), v2 known from 2024-05-01
    let versies = vec![
        versie(v1, "2024-02-01", Some("2024-05-01")),
        versie(v2, "2024-05-01", None),
    ];
    let alles = |_: &str| true;
    assert!(in_register(
        &versies,
        d("2024-02-01"),
        t("2024-06-01"),
        alles
    ));
    assert!(!in_register(
        &versies,
        d("2024-02-01"),
        t("2024-04-01"),
        alles
    ));
    assert!(in_register(
        &versies,
        d("2024-03-01"),
        t("2024-04-01"),
        alles
    ));
    // before anything was recorded nothing is known
    assert!(!in_register(
        &versies,
        d("2024-03-01"),
        t("2024-01-01"),
        alles
    ));
    // the WAJONG grondslag is excluded by a counting filter
    assert!(!in_register(
        &versies,
        d("2024-03-01"),
        t("2024-06-01"),
        |g| g != "WAJONG"
    ));
    Ok(())
}

#[test]
fn r10_opvoer_controles() -> Result<(), MutatieFout> {
    let r = referentie();
    let mut w = leeg();
    // PW_IBA exists from 2015-01-01: an earlier start is refused
    assert_eq!(
        w.pas_toe(&opvoer("PW_IBA", "2014-12-31"), &r)
            .map_err(|e| e.kolom),
        Err("ingangsdatum")
    );
    // WSW existed in law before 2015: historic start allowed (project decision)
    assert_eq!(
        w.pas_toe(&opvoer("WSW", "2010-05-01"), &r),
        Ok(Uitkomst::Nieuw)
    );
    // PRAKTIJKROUTE from 2017 and needs 0 < loonwaarde < 100
    let mut pr = opvoer("PRAKTIJKROUTE", "2018-01-01");
    assert_eq!(
        w.pas_toe(&pr, &r).map_err(|e| e.kolom),
        Err("loonwaarde_pct")
    );
    pr.loonwaarde_pct = Some(HONDERD_PROCENT);
    assert_eq!(
        w.pas_toe(&pr, &r).map_err(|e| e.kolom),
        Err("loonwaarde_pct")
    );
    pr.loonwaarde_pct = Some(Honderdsten(6_500));
    assert_eq!(w.pas_toe(&pr, &r), Ok(Uitkomst::Nieuw));
    // the same key again is a no-op, not a duplicate
    assert_eq!(w.pas_toe(&pr, &r), Ok(Uitkomst::Ongewijzigd));
    assert_eq!(w.registraties.len(), 2);
    // a second WSW registration overlapping the open one with
    // another ingangsdatum is a registration of its own, with a warning naming the open one (2010-05-01)
    // (issue #9, reading of R-10)
    assert_eq!(
        w.pas_toe(&opvoer("WSW", "2012-01-01"), &r),
        Ok(Uitkomst::NieuwMetOverlap(d("2010-05-01")))
    );
    assert_eq!(w.registraties.len(), 3);
    // several grondslagen at once are fine
    assert_eq!(
        w.pas_toe(&opvoer("WAJONG", "2016-01-01"), &r),
        Ok(Uitkomst::Nieuw)
    );
    assert_eq!(
        w.pas_toe(&opvoer("ONBEKEND", "2016-01-01"), &r)
            .map_err(|e| e.kolom),
        Err("grondslag")
    );
    Ok(())
}

#[test]
fn r10_opvoer_na_aow_of_overlijden_wordt_geweigerd() {
    let r = referentie();
    // born 1957-06-15 -> AOW 2024-06-15
    let pe = persoon_einde(Some(BrpDatum::Volledig(d("1957-06-15"))), None, &r);
    assert_eq!(pe.as_ref().map(|e| e.datum), Some(d("2024-06-15")));
    let mut w = Werkset::new(bsn(), pe, Vec::new());
    assert!(w.pas_toe(&opvoer("WAJONG", "2024-06-15"), &r).is_err());
    assert_eq!(
        w.pas_toe(&opvoer("WAJONG", "2024-06-14"), &r),
        Ok(Uitkomst::Nieuw)
    );
    // the new registration ends on the AOW date itself
    assert_eq!(
        w.registraties[0]
            .einde()
            .map(|e| (e.datum, e.reden.as_str())),
        Some((d("2024-06-15"), REDEN_AOW))
    );
    // died 2020-03-10: registered through that day, einddatum 2020-03-11
    let dood = persoon_einde(
        Some(BrpDatum::Volledig(d("1957-06-15"))),
        Some(d("2020-03-10")),
        &r,
    );
    assert_eq!(
        dood.as_ref().map(|e| (e.datum, e.reden.as_str())),
        Some((d("2020-03-11"), REDEN_OVERLIJDEN))
    );
    let mut w = Werkset::new(bsn(), dood, Vec::new());
    assert!(w.pas_toe(&opvoer("WAJONG", "2020-03-11"), &r).is_err());
    assert_eq!(
        w.pas_toe(&opvoer("WAJONG", "2020-03-10"), &r),
        Ok(Uitkomst::Nieuw)
    );
    assert!(
        w.registraties[0].geldt_op(d("2020-03-10")) && !w.registraties[0].geldt_op(d("2020-03-11"))
    );
}

#[test]
fn r11_persoonsbreed_einde_sluit_alle_open_registraties() -> Result<(), MutatieFout> {
    let r = referentie();
    let mut w = leeg();
    w.pas_toe(&opvoer("WAJONG", "2016-01-01"), &r)?;
    w.pas_toe(&opvoer("WSW", "2017-01-01"), &r)?;
    w.pas_toe(&opvoer("PW_IBA", "2018-01-01"), &r)?;
    // EINDE_GRONDSLAG ends only the one named
    assert_eq!(
        w.pas_toe(
            &einde("PW_IBA", "2018-01-01", "2019-01-01", "EINDE_GRONDSLAG"),
            &r
        ),
        Ok(Uitkomst::Gewijzigd(1))
    );
    assert!(w.registraties[0].einde().is_none());
    // GEEN_ARBEIDSVERMOGEN per 2022-05-01 ends WAJONG and WSW (open), not the ended PW_IBA
    assert_eq!(
        w.pas_toe(
            &einde("WAJONG", "2016-01-01", "2022-05-01", "GEEN_ARBEIDSVERMOGEN"),
            &r
        ),
        Ok(Uitkomst::Gewijzigd(2))
    );
    let eindes: Vec<_> = w
        .registraties
        .iter()
        .map(|x| x.einde().map(|e| e.datum))
        .collect();
    assert_eq!(
        eindes,
        vec![
            Some(d("2022-05-01")),
            Some(d("2022-05-01")),
            Some(d("2019-01-01"))
        ]
    );
    // re-entry: a later opvoer starts a new registration
    assert_eq!(
        w.pas_toe(&opvoer("WAJONG", "2023-01-01"), &r),
        Ok(Uitkomst::Nieuw)
    );
    // an EINDE that identifies nothing is a row error
    assert!(
        w.pas_toe(
            &einde("WAJONG", "2015-01-01", "2022-05-01", "EINDE_GRONDSLAG"),
            &r
        )
        .is_err()
    );
    Ok(())
}

#[test]
fn r14_intrekking_en_correctie() -> Result<(), MutatieFout> {
    let r = referentie();
    let mut w = leeg();
    w.pas_toe(&opvoer("PW_IBA", "2024-01-01"), &r)?;
    let correctie = mutatie(
        "PW_IBA",
        "2024-01-01",
        MutatieSoort::Correctie {
            nieuwe_ingangsdatum: Some(d("2024-01-15")),
            nieuwe_einddatum: None,
            reden: None,
        },
    );
    assert_eq!(w.pas_toe(&correctie, &r), Ok(Uitkomst::Gewijzigd(1)));
    assert_eq!(w.registraties[0].ingangsdatum, d("2024-01-15"));
    // the old key no longer identifies it
    assert!(
        w.pas_toe(
            &mutatie("PW_IBA", "2024-01-01", MutatieSoort::Intrekking),
            &r
        )
        .is_err()
    );
    assert_eq!(
        w.pas_toe(
            &mutatie("PW_IBA", "2024-01-15", MutatieSoort::Intrekking),
            &r
        ),
        Ok(Uitkomst::Gewijzigd(1))
    );
    assert!(!w.registraties[0].geldt_op(d("2024-06-01")));
    // correcting the end to open needs no reason; a new end without a reason does
    w.pas_toe(&opvoer("WAJONG", "2020-01-01"), &r)?;
    let zonder_reden = mutatie(
        "WAJONG",
        "2020-01-01",
        MutatieSoort::Correctie {
            nieuwe_ingangsdatum: None,
            nieuwe_einddatum: Some(Some(d("2021-01-01"))),
            reden: None,
        },
    );
    assert_eq!(
        w.pas_toe(&zonder_reden, &r).map_err(|e| e.kolom),
        Err("reden_einde")
    );
    Ok(())
}

#[test]
fn wijzigingen_noemen_alleen_wat_veranderde() -> Result<(), MutatieFout> {
    let r = referentie();
    let mut bestaand = leeg();
    bestaand.pas_toe(&opvoer("WAJONG", "2016-01-01"), &r)?;
    bestaand.pas_toe(&opvoer("WSW", "2016-01-01"), &r)?;
    let mut geladen: Vec<Registratie> = bestaand.registraties.clone();
    for (i, x) in geladen.iter_mut().enumerate() {
        x.id = Some(i as i64 + 1);
    }
    let mut w = Werkset::new(bsn(), None, geladen);
    w.pas_toe(
        &einde("WSW", "2016-01-01", "2020-01-01", "EINDE_GRONDSLAG"),
        &r,
    )?;
    w.pas_toe(&opvoer("PW_IBA", "2021-01-01"), &r)?;
    let ids: Vec<_> = w
        .wijzigingen()
        .map(|(o, n)| (o.and_then(|x| x.id), n.grondslag.clone()))
        .collect();
    assert_eq!(
        ids,
        vec![(Some(2), "WSW".to_string()), (None, "PW_IBA".to_string())]
    );
    Ok(())
}

#[test]
fn case_c19_nieuwe_aow_tabel_herberekent_toekomstige_eindes() -> Result<(), MutatieFout> {
    let r = referentie();
    let geboren = Some(BrpDatum::Volledig(d("1955-09-01")));
    // old table: 67y3m -> 2022-12-01
    let oud = Einde {
        datum: d("2022-12-01"),
        reden: REDEN_AOW.into(),
    };
    let mut w = Werkset::new(bsn(), Some(oud.clone()), Vec::new());
    w.pas_toe(&opvoer("WAJONG", "2016-01-01"), &r)?;
    assert_eq!(w.registraties[0].einde(), Some(&oud));
    // current table: 66y7m -> 2022-04-01; "today" 2021-06-01, the old end is still in the future
    let nieuw = persoon_einde(geboren, None, &r);
    assert_eq!(
        w.clone()
            .herbereken_na_referentie(nieuw.clone(), d("2021-06-01")),
        1
    );
    let mut toekomst = w.clone();
    toekomst.herbereken_na_referentie(nieuw.clone(), d("2021-06-01"));
    assert_eq!(
        toekomst.registraties[0].einde().map(|e| e.datum),
        Some(d("2022-04-01"))
    );
    // "today" 2023-01-01: the old end already passed and stays as history
    assert_eq!(w.herbereken_na_referentie(nieuw, d("2023-01-01")), 0);
    assert_eq!(w.registraties[0].einde(), Some(&oud));
    Ok(())
}
