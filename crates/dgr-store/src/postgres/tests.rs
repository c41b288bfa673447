//! The PostgreSQL store against the SQLite store: the same writes on both, then every read
//! compared, plus values worked out by hand. Each test gets a fresh schema pair
//! ([`crate::testdatabase::postgres`]) and skips (outside CI) without a server.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use dgr_core::bezwaar::Uitkomst;
use dgr_core::datum::parse_brp_datum;
use dgr_core::gegevens::{
    Kandidaat, Persoon, PolisRij, PolisSoort, Sector, Werkgever, Werkgeversuren,
};
use dgr_core::registratie::{Einde, Oorzaak, Registratie};
use dgr_core::{Bron, Bsn, Gemeentecode, Honderdsten, LeveringSoort, Loonheffingennummer, Modus};

use crate::bezwaren::NieuwBezwaar;
use crate::contactverzoeken::{Contactbesluit, NieuwContactverzoek};
use crate::logboek::{Audit, Verwerking};
use crate::testdatabase;
use crate::{
    Besluit, BezwaarBesluit, Database, LeveringStatus, NieuweLevering, Resultaat, Schrijfuitkomst,
    Store, StoreFout,
};

pub(crate) fn ok<T>(r: Resultaat<T>) -> T {
    r.unwrap_or_else(|e| unreachable!("{e}"))
}

pub(crate) fn bsn(s: &str) -> Bsn {
    Bsn::parse(s).unwrap_or_else(|e| unreachable!("{e}"))
}

pub(crate) fn lhn(s: &str) -> Loonheffingennummer {
    Loonheffingennummer::parse(s).unwrap_or_else(|e| unreachable!("{e:?}"))
}

pub(crate) fn d(j: i32, m: u32, dag: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(j, m, dag).unwrap_or_else(|| unreachable!("datum {j}-{m}-{dag}"))
}

/// A transaction time: `s` seconds after 2024-01-01T00:00:00Z.
pub(crate) fn t(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_704_067_200 + s, 0).unwrap_or_else(|| unreachable!("tijd {s}"))
}

pub(crate) fn gemeente(c: &str) -> Gemeentecode {
    Gemeentecode::parse(c).unwrap_or_else(|e| unreachable!("{e:?}"))
}

pub(crate) fn levering(
    bron: Bron,
    soort: LeveringSoort,
    kenmerk: &str,
    tijd: DateTime<Utc>,
) -> NieuweLevering {
    NieuweLevering {
        bron,
        soort,
        kenmerk: kenmerk.into(),
        gemeentecode: None,
        fiscaal_nummer: None,
        sha256: "ab".repeat(32),
        bestandsnaam: format!("{kenmerk}.csv"),
        modus: Modus::Strict,
        status: LeveringStatus::Toegepast,
        geregistreerd_op: tijd,
        referentie_versie: "2024.1".into(),
        rijen_gelezen: 0,
        rijen_toegepast: 0,
        rijen_afgewezen: 0,
        nieuw: 0,
        gewijzigd: 0,
        ongewijzigd: 0,
        grondslagen: Vec::new(),
        rapport: "{}".into(),
        afwijzingsbestand: None,
    }
}

pub(crate) fn polis(b: &str, l: &str, begin: NaiveDate, einde: NaiveDate, uren: i64) -> PolisRij {
    PolisRij {
        bsn: bsn(b),
        loonheffingennummer: lhn(l),
        inlener: None,
        tijdvak_begin: begin,
        tijdvak_einde: einde,
        verloonde_uren: Honderdsten(uren),
        soort: PolisSoort::Regulier,
    }
}

pub(crate) fn registratie(b: &str, grondslag: &str, begin: NaiveDate) -> Registratie {
    Registratie {
        id: None,
        bsn: bsn(b),
        grondslag: grondslag.into(),
        ingangsdatum: begin,
        bron_einde: None,
        afgeleid_einde: None,
        loonwaarde_pct: None,
        besluitdatum: Some(d(2014, 12, 1)),
        bron_kenmerk: Some("K-1".into()),
        ingetrokken: false,
    }
}

/// The persons of the scenario.
pub(crate) const BSNS: [&str; 3] = ["111222333", "123456782", "012345672"];
/// The employers of the scenario.
pub(crate) const LHNS: [&str; 2] = ["123456782L01", "123456782L02"];

/// Writes deliveries, registrations, persons, polis rows, employers, hours, candidates, the
/// workflows and the processing log; returns every answer of a write, in order.
pub(crate) fn schrijf_scenario(db: &Database) -> Vec<String> {
    let mut store = ok(db.open());
    let mut uit = Vec::new();
    {
        let mut tx = ok(store.transactie());
        let mut l = levering(Bron::Uwv, LeveringSoort::Registraties, "R-1", t(10));
        l.grondslagen = vec!["WAJONG".into(), "WSW".into()];
        let l1 = ok(tx.registreer_levering(&l));
        uit.push(format!("levering {l1}"));
        let r1 = registratie(BSNS[0], "WAJONG", d(2015, 1, 1));
        let id1 = ok(tx.schrijf_registratie(None, &r1, t(10), &Oorzaak::Levering(l1)));
        let mut r1b = r1.clone();
        r1b.id = Some(id1);
        let mut r1c = r1b.clone();
        r1c.bron_einde = Some(Einde {
            datum: d(2020, 1, 1),
            reden: "EINDE".into(),
        });
        r1c.loonwaarde_pct = Some(Honderdsten(4_550));
        let id1c = ok(tx.schrijf_registratie(Some(&r1b), &r1c, t(10), &Oorzaak::Levering(l1)));
        let r2 = registratie(BSNS[1], "WSW", d(2016, 3, 1));
        let id2 = ok(tx.schrijf_registratie(None, &r2, t(10), &Oorzaak::Levering(l1)));
        let r3 = registratie(BSNS[2], "WAJONG", d(2017, 5, 1));
        let id3 = ok(tx.schrijf_registratie(None, &r3, t(10), &Oorzaak::Levering(l1)));
        uit.push(format!("registraties {id1} {id1c} {id2} {id3}"));
        uit.push(format!(
            "huidig {:?}",
            ok(tx.huidige_registraties(bsn(BSNS[0])))
        ));
        let mut l = l.clone();
        l.rijen_gelezen = 4;
        l.nieuw = 3;
        l.gewijzigd = 1;
        ok(tx.rond_levering_af(l1, &l));
        ok(tx.commit());
    }
    {
        let mut tx = ok(store.transactie());
        let l2 =
            ok(tx.registreer_levering(&levering(Bron::Brp, LeveringSoort::Personen, "P-1", t(20))));
        for (i, b) in BSNS.iter().take(2).enumerate() {
            let p = Persoon {
                bsn: bsn(b),
                geboortedatum: parse_brp_datum(if i == 0 { "1980-01-00" } else { "1990-07-15" })
                    .unwrap_or_else(|e| unreachable!("{e:?}")),
                overlijdensdatum: None,
                woongemeente: Some(gemeente("0363")),
            };
            uit.push(format!(
                "persoon {:?}",
                ok(tx.schrijf_persoon(&p, t(20), l2))
            ));
            uit.push(format!(
                "persoon {:?}",
                ok(tx.schrijf_persoon(&p, t(20), l2))
            ));
            let mut p2 = p.clone();
            p2.woongemeente = if i == 0 { None } else { Some(gemeente("0599")) };
            uit.push(format!(
                "persoon {:?}",
                ok(tx.schrijf_persoon(&p2, t(20), l2))
            ));
        }
        uit.push(format!(
            "huidige persoon {:?}",
            ok(tx.huidige_persoon(bsn(BSNS[1])))
        ));
        // a withdrawal by a reference recomputation and a staff action
        let mut r = ok(tx.huidige_registraties(bsn(BSNS[2])));
        if let Some(oud) = r.pop() {
            let mut nieuw = oud.clone();
            nieuw.afgeleid_einde = Some(Einde {
                datum: d(2030, 2, 1),
                reden: "AOW".into(),
            });
            ok(tx.schrijf_registratie(
                Some(&oud),
                &nieuw,
                t(20),
                &Oorzaak::Referentie("2024.2".into()),
            ));
            let mut weg = nieuw.clone();
            weg.ingetrokken = true;
            ok(tx.schrijf_registratie(
                Some(&nieuw),
                &weg,
                t(21),
                &Oorzaak::Handeling("intrekking".into()),
            ));
        }
        uit.push(format!("bsns {:?}", ok(tx.bsns_met_registraties())));
        let mut bestanden = BTreeMap::new();
        bestanden.insert("grondslagen.csv".to_string(), "abc".to_string());
        ok(tx.activeer_referentie("2024.1", &bestanden, t(19)));
        ok(tx.activeer_referentie("2024.2", &bestanden, t(22)));
        ok(tx.activeer_referentie("2024.1", &bestanden, t(23)));
        ok(tx.commit());
    }
    {
        let mut tx = ok(store.transactie());
        let l3 =
            ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "PO-1", t(30))));
        let jan = (d(2024, 1, 1), d(2024, 1, 31));
        let feb = (d(2024, 2, 1), d(2024, 2, 29));
        for (b, l, tv, uren) in [
            (BSNS[0], LHNS[0], jan, 12_000),
            (BSNS[0], LHNS[1], jan, 4_000),
            (BSNS[1], LHNS[0], jan, 16_000),
            (BSNS[0], LHNS[0], feb, 12_000),
            (BSNS[0], LHNS[0], jan, 12_000),
            (BSNS[0], LHNS[0], jan, 12_500),
            (BSNS[0], LHNS[0], jan, 13_000),
        ] {
            let a = ok(tx.schrijf_polis(&polis(b, l, tv.0, tv.1, uren), t(30), l3));
            uit.push(format!("polis {a:?}"));
        }
        let mut inlener = polis(BSNS[1], LHNS[1], feb.0, feb.1, 800);
        inlener.inlener = Some(lhn(LHNS[0]));
        inlener.soort = PolisSoort::BeschutWerk;
        uit.push(format!(
            "polis {:?}",
            ok(tx.schrijf_polis(&inlener, t(30), l3))
        ));
        let w = Werkgever {
            loonheffingennummer: lhn(LHNS[0]),
            naam: "Bakkerij".into(),
            sector: Sector::Markt,
            subsector: None,
            vestigingsgemeente: Some(gemeente("0363")),
            geldig_vanaf: None,
        };
        uit.push(format!(
            "werkgever {:?}",
            ok(tx.schrijf_werkgever(&w, t(30), l3))
        ));
        uit.push(format!(
            "werkgever {:?}",
            ok(tx.schrijf_werkgever(&w, t(30), l3))
        ));
        let mut w2 = w.clone();
        w2.naam = "Bakkerij B.V.".into();
        w2.subsector = Some("HORECA".into());
        uit.push(format!(
            "werkgever {:?}",
            ok(tx.schrijf_werkgever(&w2, t(31), l3))
        ));
        let mut w3 = w.clone();
        w3.geldig_vanaf = Some(d(2024, 7, 1));
        w3.sector = Sector::Overheid;
        uit.push(format!(
            "werkgever {:?}",
            ok(tx.schrijf_werkgever(&w3, t(31), l3))
        ));
        let u = Werkgeversuren {
            loonheffingennummer: lhn(LHNS[0]),
            jaar: 2024,
            verloonde_uren_totaal: Honderdsten(1_234_500),
            aantal_werknemers: Some(12),
        };
        uit.push(format!(
            "uren {:?}",
            ok(tx.schrijf_werkgeversuren(&u, t(30), l3))
        ));
        uit.push(format!(
            "uren {:?}",
            ok(tx.schrijf_werkgeversuren(&u, t(30), l3))
        ));
        let mut u2 = u.clone();
        u2.aantal_werknemers = None;
        uit.push(format!(
            "uren {:?}",
            ok(tx.schrijf_werkgeversuren(&u2, t(32), l3))
        ));
        let k = Kandidaat {
            bsn: bsn(BSNS[0]),
            opleidingsniveau: "MBO2_4".into(),
            uren_per_week: 24,
            max_reisafstand_km: 30,
            beschikbaar_vanaf: d(2024, 3, 1),
            interesses: vec!["ICT".into(), "Zorg".into()],
            woongemeente: gemeente("0363"),
            herkenbaar: true,
        };
        uit.push(format!(
            "kandidaat {:?}",
            ok(tx.schrijf_kandidaat(&k, t(30), l3))
        ));
        uit.push(format!(
            "kandidaat {:?}",
            ok(tx.schrijf_kandidaat(&k, t(30), l3))
        ));
        let mut k2 = k.clone();
        k2.herkenbaar = false;
        k2.interesses.clear();
        uit.push(format!(
            "kandidaat {:?}",
            ok(tx.schrijf_kandidaat(&k2, t(33), l3))
        ));
        let mut k3 = k.clone();
        k3.bsn = bsn(BSNS[1]);
        uit.push(format!(
            "kandidaat {:?}",
            ok(tx.schrijf_kandidaat(&k3, t(33), l3))
        ));
        ok(tx.commit());
    }
    {
        // a rolled-back transaction leaves nothing behind, buffered polis rows included, and
        // its ids are given out again (the next delivery gets the id this one had)
        let mut tx = ok(store.transactie());
        let l =
            ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "PO-X", t(35))));
        let r = polis(BSNS[2], LHNS[0], d(2024, 3, 1), d(2024, 3, 31), 100);
        uit.push(format!("weg {:?}", ok(tx.schrijf_polis(&r, t(35), l))));
    }
    {
        let mut tx = ok(store.transactie());
        let mut afgewezen = levering(Bron::Gemeente, LeveringSoort::Registraties, "G-1", t(40));
        afgewezen.status = LeveringStatus::Afgewezen;
        afgewezen.gemeentecode = Some(gemeente("0599"));
        afgewezen.modus = Modus::AcceptValid;
        afgewezen.afwijzingsbestand = Some(vec![0, 1, 2, 255, b'\t', b'\\']);
        afgewezen.rapport = "{\"fouten\":[\"tab\\t\"]}".into();
        uit.push(format!(
            "afgewezen {}",
            ok(tx.registreer_levering(&afgewezen))
        ));
        let u1 = ok(tx.vraag_uitschrijving(bsn(BSNS[0]), d(2024, 4, 1)));
        let u1b = ok(tx.vraag_uitschrijving(bsn(BSNS[0]), d(2024, 4, 2)));
        let u2 = ok(tx.vraag_uitschrijving(bsn(BSNS[1]), d(2024, 3, 1)));
        uit.push(format!("uitschrijving {u1} {u1b} {u2}"));
        uit.push(format!(
            "{}",
            ok(tx.bezwaar_tegen_uitschrijving(u1, "te vroeg"))
        ));
        uit.push(format!(
            "{}",
            ok(tx.werkgevers_geinformeerd(u1, "Bakkerij", d(2024, 5, 1)))
        ));
        uit.push(format!(
            "{}",
            ok(tx.werkgevers_geinformeerd(u1, "Bakkerij", d(2024, 5, 1)))
        ));
        uit.push(format!(
            "{}",
            ok(tx.bezwaar_tegen_uitschrijving(u1, "bezwaar"))
        ));
        uit.push(format!(
            "{}",
            ok(tx.wijs_uitschrijving_af(u2, d(2024, 4, 3), "geen grond", "mw. A"))
        ));
        uit.push(format!(
            "{}",
            ok(tx.wijs_uitschrijving_af(u2, d(2024, 4, 3), "geen grond", "mw. A"))
        ));
        uit.push(format!(
            "{}",
            ok(tx.leg_besluit_vast(&Besluit::UitschrijvingToegewezen {
                id: u1,
                op: d(2024, 5, 2),
                wie: "dhr. B"
            }))
        ));
        uit.push(format!(
            "{}",
            ok(tx.leg_besluit_vast(&Besluit::UitschrijvingToegewezen {
                id: u1,
                op: d(2024, 5, 2),
                wie: "dhr. B"
            }))
        ));
        ok(tx.zet_herkenbaar(bsn(BSNS[0]), false, t(41)));
        ok(tx.zet_herkenbaar(bsn(BSNS[0]), true, t(42)));
        ok(tx.zet_herkenbaar(bsn(BSNS[1]), false, t(42)));
        let nb = |b: &str, ingediend: NaiveDate| NieuwBezwaar {
            bsn: bsn(b),
            besluitdatum: d(2024, 1, 15),
            ingediend_op: ingediend,
            toelichting: "niet eens",
            wie: "mw. C",
        };
        let b1 = ok(tx.registreer_bezwaar(&nb(BSNS[0], d(2024, 2, 1))));
        let b2 = ok(tx.registreer_bezwaar(&nb(BSNS[1], d(2024, 1, 20))));
        let b3 = ok(tx.registreer_bezwaar(&nb(BSNS[1], d(2024, 1, 20))));
        uit.push(format!("bezwaren {b1} {b2} {b3}"));
        let besluit = |id, uitkomst| {
            Besluit::Bezwaar(BezwaarBesluit {
                id,
                uitkomst,
                op: d(2024, 3, 1),
                wie: "dhr. D",
                motivering: Some("gronden"),
            })
        };
        uit.push(format!(
            "{}",
            ok(tx.leg_besluit_vast(&besluit(
                b1,
                Uitkomst::GegrondOpvoer {
                    ingangsdatum: d(2024, 1, 1)
                }
            )))
        ));
        uit.push(format!(
            "{}",
            ok(tx.leg_besluit_vast(&besluit(b1, Uitkomst::Ongegrond)))
        ));
        uit.push(format!(
            "{}",
            ok(tx.leg_besluit_vast(&besluit(b2, Uitkomst::NietOntvankelijk)))
        ));
        let cv = |regio, werkgever, s: i64| NieuwContactverzoek {
            bsn: bsn(BSNS[0]),
            arbeidsmarktregio: regio,
            werkgever,
            werkgever_naam: Some("Bakkerij"),
            toelichting: if s == 0 { None } else { Some("graag") },
            profiel: if s == 0 {
                Some("MBO2_4 · 21-24 uur")
            } else {
                None
            },
            tijd: t(50 + s),
        };
        let c1 = ok(tx.vraag_contact(&cv("AMR01", "123456782", 0)));
        let c2 = ok(tx.vraag_contact(&cv("AMR01", "123456782", 0)));
        let c3 = ok(tx.vraag_contact(&cv("AMR02", "123456782", 5)));
        uit.push(format!("contact {c1} {c2} {c3}"));
        let cb = |id, regio, akkoord| Contactbesluit {
            id,
            arbeidsmarktregio: regio,
            akkoord,
            behandelaar: "wsp",
            tijd: t(60),
            reden: (!akkoord).then_some("geen interesse"),
        };
        uit.push(format!(
            "{:?}",
            ok(tx.beslis_contactverzoek(&cb(c1, "AMR02", true)))
        ));
        uit.push(format!(
            "{:?}",
            ok(tx.beslis_contactverzoek(&cb(c1, "AMR01", true)))
        ));
        uit.push(format!(
            "{:?}",
            ok(tx.beslis_contactverzoek(&cb(c1, "AMR01", false)))
        ));
        uit.push(format!(
            "{:?}",
            ok(tx.beslis_contactverzoek(&cb(c3, "AMR02", false)))
        ));
        ok(tx.commit());
    }
    drop(store);
    let mut log = ok(db.open_logboekschrijver());
    let audit = |trace: &str, org: &str, s: i64, n: u32| Audit {
        trace_id: trace.into(),
        tijd: t(s),
        sub: "gebruiker".into(),
        rol: if org == "0363" {
            "gemeente".into()
        } else {
            "werkgever".into()
        },
        organisatie: org.into(),
        organisatie_naam: Some(format!("Org {org}")),
        client_ip: None,
        handeling: "opvragen".into(),
        bsn_opvragingen: n,
        buiten_eigen_polis: n / 2,
        doel: None,
    };
    let verwerking = |trace: &str, subject: &str, s: i64| Verwerking {
        trace_id: trace.into(),
        span_id: "00f067aa0ba902b7".into(),
        parent_span_id: None,
        naam: "doelgroep_opvragen".into(),
        status_code: "OK".into(),
        start_time: t(s),
        end_time: t(s + 1),
        processing_activity_id: if s < 80 {
            "DGR-OUD".into()
        } else {
            "DGR-INZAGE".into()
        },
        data_subject_id: subject.into(),
        data_subject_id_type: "BSN".into(),
    };
    let a1 = audit("t1", "123456782", 70, 2);
    let a2 = audit("t2", "0363", 80, 1);
    let a3 = audit("t3", "123456782", 90, 3);
    let v1 = [verwerking("t1", "p1", 70), verwerking("t1", "p2", 70)];
    let v2 = [verwerking("t2", "p1", 80)];
    let v3 = [
        verwerking("t3", "p1", 90),
        verwerking("t3", "p3", 90),
        verwerking("t3", "p3", 90),
    ];
    ok(log.schrijf(&[(&a1, &v1), (&a2, &v2)]));
    ok(log.schrijf(&[(&a3, &v3)]));
    uit.push(format!(
        "verwijderd {}",
        ok(log.verwijder_ouder_dan("DGR-OUD", t(72)))
    ));
    uit.push(format!(
        "verwijderd {}",
        ok(log.verwijder_ouder_dan("DGR-INZAGE", t(72)))
    ));
    uit.extend(schrijf_doelen(db));
    uit
}

/// R-45 goals of two organisations: a catalogue, a goal adjusted once and then stopped, a
/// qualitative goal, check-ins, milestones with a status change, an evaluation; and writes
/// naming another organisation's rows, which do nothing.
fn schrijf_doelen(db: &Database) -> Vec<String> {
    use crate::doelen::{
        Bijstelling, Doelinhoud, NieuwDoel, NieuweCheckin, NieuweEvaluatie, NieuweMijlpaal,
        Stopzetting,
    };
    use dgr_core::doelen::{
        Doelsoort, Evaluatiebesluit, Kwantitatief, Maat, Mijlpaalstatus, Vertrouwen,
    };
    let mut store = ok(db.open());
    let mut tx = ok(store.transactie());
    let mut uit = Vec::new();
    let (o, ander) = (organisatie(0), organisatie(1));
    let thema = ok(tx.voeg_thema_toe(o, "Banenafspraak", "werk voor de doelgroep", t(100)));
    uit.push(format!(
        "{:?}",
        ok(tx.voeg_onderwerp_toe(ander, thema, "x", "", t(100)))
    ));
    let onderwerp = ok(tx.voeg_onderwerp_toe(o, thema, "Werving", "", t(100))).unwrap_or_default();
    for (eenheid, dag) in [("RB-ZWB", 1), ("RB-ZWB", 2), ("RB-MNE", 3)] {
        uit.push(format!(
            "{:?}",
            ok(tx.vraag_onderwerp(o, onderwerp, eenheid, d(2025, 1, dag), t(101)))
        ));
    }
    let inhoud = Doelinhoud {
        titel: "Banen in Zeeland".into(),
        eigenaar: "president".into(),
        start: d(2024, 1, 1),
        deadline: d(2026, 1, 1),
        soort: Doelsoort::Kwantitatief(ok(
            Kwantitatief::new(Maat::Banen, 12.0, 20.0).map_err(crate::StoreFout::Instelling)
        )),
    };
    let doel = ok(tx.stel_doel_vast(&NieuwDoel {
        organisatie: o,
        eenheid: "RB-ZWB",
        onderwerp_id: onderwerp,
        inhoud: &inhoud,
        door: "hr",
        tijd: t(102),
    }));
    let kwalitatief = Doelinhoud {
        soort: Doelsoort::Kwalitatief {
            definitie_van_gereed: "beleid vastgesteld".into(),
        },
        ..inhoud.clone()
    };
    let doel2 = ok(tx.stel_doel_vast(&NieuwDoel {
        organisatie: o,
        eenheid: "RB-MNE",
        onderwerp_id: onderwerp,
        inhoud: &kwalitatief,
        door: "hr",
        tijd: t(102),
    }));
    let checkin = |doel_id, organisatie, waarde, gereed| NieuweCheckin {
        organisatie,
        doel_id,
        datum: d(2025, 1, 1),
        waarde,
        gereed,
        toelichting: "stand",
        vertrouwen: Vertrouwen::Midden,
        door: "hr",
        tijd: t(103),
    };
    uit.push(format!(
        "{:?}",
        ok(tx.leg_checkin_vast(&checkin(doel, o, Some(15.5), None)))
    ));
    uit.push(format!(
        "{:?}",
        ok(tx.leg_checkin_vast(&checkin(doel2, o, None, Some(false))))
    ));
    uit.push(format!(
        "{:?}",
        ok(tx.leg_checkin_vast(&checkin(doel, ander, Some(1.0), None)))
    ));
    let mijlpaal = NieuweMijlpaal {
        organisatie: o,
        doel_id: Some(doel2),
        naam: "concept",
        datum: d(2025, 6, 1),
        door: "hr",
        tijd: t(104),
    };
    let m1 = ok(tx.voeg_mijlpaal_toe(&mijlpaal)).unwrap_or_default();
    uit.push(format!(
        "{:?}",
        ok(tx.voeg_mijlpaal_toe(&NieuweMijlpaal {
            doel_id: None,
            ..mijlpaal
        }))
    ));
    uit.push(format!(
        "{:?}",
        ok(tx.voeg_mijlpaal_toe(&NieuweMijlpaal {
            organisatie: ander,
            ..mijlpaal
        }))
    ));
    uit.push(format!(
        "{:?}",
        ok(tx.wijzig_mijlpaal(o, m1, Mijlpaalstatus::Gereed, "hr", t(105)))
    ));
    uit.push(format!(
        "{:?}",
        ok(tx.wijzig_mijlpaal(ander, m1, Mijlpaalstatus::Vervallen, "x", t(105)))
    ));
    uit.push(format!(
        "{:?}",
        ok(tx.leg_evaluatie_vast(&NieuweEvaluatie {
            organisatie: o,
            doel_id: doel,
            doel_versie: 1,
            periode: "2024-K4",
            van: d(2024, 10, 1),
            tot: d(2024, 12, 31),
            gemeten: Some(15.5),
            verwacht: Some(11700.0 / 731.0),
            geleerd: "werving loopt achter",
            besluit: Evaluatiebesluit::Bijstellen,
            reden: "later",
            door: "hr",
            tijd: t(106),
        }))
    ));
    let later = Doelinhoud {
        deadline: d(2026, 7, 1),
        ..inhoud.clone()
    };
    let bij = |versie, organisatie| Bijstelling {
        organisatie,
        doel_id: doel,
        huidige_versie: versie,
        inhoud: &later,
        reden: "later",
        door: "hr",
        tijd: t(106),
    };
    uit.push(format!("{:?}", ok(tx.stel_doel_bij(&bij(1, ander)))));
    uit.push(format!("{:?}", ok(tx.stel_doel_bij(&bij(1, o)))));
    uit.push(format!("{:?}", ok(tx.stel_doel_bij(&bij(1, o)))));
    let stop = Stopzetting {
        datum: d(2025, 3, 1),
        reden: "reorganisatie".into(),
        door: "hr".into(),
    };
    uit.push(format!("{:?}", ok(tx.stop_doel(ander, doel, &stop))));
    uit.push(format!("{:?}", ok(tx.stop_doel(o, doel, &stop))));
    uit.push(format!("{:?}", ok(tx.stop_doel(o, doel, &stop))));
    uit.push(format!("{:?}", ok(tx.stel_doel_bij(&bij(2, o)))));
    ok(tx.commit());
    uit
}

/// The answers of the goals scenario, worked out: a topic under another organisation's theme
/// is refused (None); three requests; check-ins 1 and 2, the other organisation's refused;
/// milestone 2 on the timeline, the other organisation's refused; a status change of its own
/// milestone applies, of another's not; evaluation 1; an adjustment by another organisation
/// fails, the first one of version 1 gives version 2, a second one of version 1 fails (it is
/// no longer current); stopping: another's no, own yes, twice no; a stopped goal is not
/// adjusted.
#[test]
fn doelen_schrijfantwoorden() {
    let (_map, lite) = testdatabase::sqlite();
    assert_eq!(
        schrijf_doelen(&lite),
        [
            "None", "Some(1)", "Some(2)", "Some(3)", "Some(1)", "Some(2)", "None", "Some(2)",
            "None", "true", "false", "Some(1)", "None", "Some(2)", "None", "false", "true",
            "false", "None"
        ]
    );
    let store = ok(lite.open());
    let o = organisatie(0);
    let versies = ok(store.doel_versies(o, 1));
    assert_eq!(versies.len(), 2);
    assert_eq!(versies[0].vervallen_op, Some(versies[1].geregistreerd_op));
    assert!(ok(store.doel(o, 1)).is_some_and(|d| d.versie == 2 && d.gestopt.is_some()));
    assert!(ok(store.doel(organisatie(1), 1)).is_none());
}

/// Organisations of the goals scenario.
fn organisatie(i: usize) -> dgr_core::FiscaalNummer {
    let f = ["123456782", "111222333"][i];
    dgr_core::FiscaalNummer::parse(f).unwrap_or_else(|e| unreachable!("{e:?}"))
}

/// Every read of R-45 goals, as text.
fn lees_doelen(store: &dyn Store) -> Vec<String> {
    let mut uit = Vec::new();
    for i in 0..2 {
        let o = organisatie(i);
        uit.push(format!("{:?}", ok(store.themas(o))));
        uit.push(format!("{:?}", ok(store.onderwerpen(o))));
        uit.push(format!("{:?}", ok(store.doelen(o))));
        uit.push(format!("{:?}", ok(store.mijlpalen(o))));
        for id in 1..=3 {
            uit.push(format!("{:?}", ok(store.onderwerp_vragen(o, id))));
            uit.push(format!("{:?}", ok(store.doel(o, id))));
            uit.push(format!("{:?}", ok(store.doel_versies(o, id))));
            uit.push(format!("{:?}", ok(store.checkins(o, id))));
            uit.push(format!("{:?}", ok(store.evaluaties(o, id))));
            uit.push(format!("{:?}", ok(store.mijlpaal_historie(o, id))));
        }
    }
    uit
}

/// Every read of the store, as text.
pub(crate) fn lees_alles(store: &dyn Store) -> Vec<String> {
    let mut uit = Vec::new();
    uit.push(format!("gezond {:?}", store.gezond().is_ok()));
    for b in BSNS {
        let b = bsn(b);
        uit.push(format!("{:?}", ok(store.registratie_versies(b))));
        uit.push(format!("{:?}", ok(store.persoon_versies(b))));
        uit.push(format!("{:?}", ok(store.polis_van(b, t(1_000)))));
        uit.push(format!("{:?}", ok(store.polis_van(b, t(30)))));
        uit.push(format!("{:?}", ok(store.polis_van(b, t(29)))));
        uit.push(format!("{:?}", ok(store.uitschrijvingen_van(b))));
        uit.push(format!("{:?}", ok(store.herkenbaar(b))));
        uit.push(format!("{:?}", ok(store.bezwaren_van(b))));
        uit.push(format!("{:?}", ok(store.kandidaatprofiel(b))));
        for fiscaal in ["123456782", "111222333"] {
            let f =
                dgr_core::FiscaalNummer::parse(fiscaal).unwrap_or_else(|e| unreachable!("{e:?}"));
            uit.push(format!("{:?}", ok(store.heeft_polis_bij(b, f))));
        }
    }
    let leveringen = ok(store.leveringen());
    uit.push(format!("{leveringen:?}"));
    for l in &leveringen {
        uit.push(format!("{:?}", ok(store.levering(l.id))));
    }
    uit.push(format!("{:?}", ok(store.levering(9_999))));
    uit.push(format!(
        "{:?}",
        ok(store.toegepaste_levering(Bron::Uwv, "PO-1"))
    ));
    uit.push(format!(
        "{:?}",
        ok(store.toegepaste_levering(Bron::Gemeente, "G-1"))
    ));
    uit.push(format!("{:?}", ok(store.laatste_transactietijd())));
    uit.push(format!("{:?}", ok(store.actieve_referentie())));
    let mut personen = Vec::new();
    ok(store.voor_elke_huidige_persoon(&mut |p| personen.push(format!("{p:?}"))));
    uit.push(personen.join("; "));
    uit.push(format!("{:?}", ok(store.registraties_zonder_persoon())));
    uit.push(format!("{:?}", ok(store.versheid())));
    for bekend in [t(0), t(25), t(30), t(31), t(1_000)] {
        let mut rijen = Vec::new();
        ok(
            store.voor_elke_polisrij(d(2024, 1, 1), d(2024, 3, 1), bekend, &mut |r| {
                rijen.push(format!("{r:?}"));
            }),
        );
        uit.push(rijen.join("; "));
        let mut periodes = Vec::new();
        ok(
            store.voor_elke_registratieperiode(d(2010, 1, 1), d(2040, 1, 1), bekend, &mut |p| {
                periodes.push(format!("{p:?}"));
            }),
        );
        uit.push(periodes.join("; "));
        uit.push(format!("{:?}", ok(store.werkgevers_op(bekend))));
        uit.push(format!("{:?}", ok(store.werkgeversuren_op(2024, bekend))));
        let mut woon = Vec::new();
        ok(store.voor_elke_woongemeente(bekend, &mut |b, g| woon.push(format!("{b:?} {g:?}"))));
        uit.push(woon.join("; "));
        uit.push(format!("{:?}", ok(store.leveringen_op(bekend))));
    }
    for peil in [d(2015, 6, 1), d(2018, 1, 1), d(2025, 1, 1)] {
        let tellingen = ok(store.tellingen(peil));
        // the count alone is the one among all counts
        assert_eq!(
            ok(store.personen_in_register(peil)),
            tellingen.personen_in_register
        );
        uit.push(format!("{tellingen:?}"));
    }
    uit.push(format!("{:?}", ok(store.open_uitschrijvingen())));
    uit.push(format!("{:?}", ok(store.uitschrijving(1))));
    uit.push(format!("{:?}", ok(store.open_bezwaren())));
    uit.push(format!("{:?}", ok(store.bezwaar(3))));
    uit.push(format!("{:?}", ok(store.kandidaatprofielen())));
    for regio in ["AMR01", "AMR02"] {
        for status in ["OPEN", "AKKOORD", "AFGEWEZEN"] {
            uit.push(format!(
                "{:?}",
                ok(store.contactverzoeken_van_regio(regio, status))
            ));
        }
    }
    uit.push(format!(
        "{:?}",
        ok(store.contactverzoeken_van_werkgever("123456782"))
    ));
    for subject in ["p1", "p2", "p3"] {
        uit.push(format!(
            "{:?}",
            ok(store.verwerkingen_van_betrokkene(subject))
        ));
    }
    uit.push(format!(
        "{:?}",
        ok(store.opvragingen_sinds("123456782", t(0)))
    ));
    uit.push(format!(
        "{:?}",
        ok(store.opvragingen_sinds("123456782", t(85)))
    ));
    uit.push(format!("{:?}", ok(store.opvragingen_per_organisatie(t(0)))));
    uit.push(format!("{:?}", ok(store.aantal_verwerkingen())));
    uit.extend(lees_doelen(store));
    uit
}

/// Compares two lists line by line, so a failure names the first read that differs.
pub(crate) fn vergelijk(sqlite: &[String], postgres: &[String]) {
    for (i, (a, b)) in sqlite.iter().zip(postgres).enumerate() {
        assert_eq!(a, b, "lezing {i} verschilt");
    }
    assert_eq!(sqlite.len(), postgres.len());
}

#[test]
fn dezelfde_schrijfantwoorden_en_lezingen_als_sqlite() {
    let Some((_guard, pg)) = testdatabase::postgres() else {
        return;
    };
    let (_map, lite) = testdatabase::sqlite();
    let antwoorden_lite = schrijf_scenario(&lite);
    let antwoorden_pg = schrijf_scenario(&pg);
    vergelijk(&antwoorden_lite, &antwoorden_pg);
    let store_lite = ok(lite.open());
    let store_pg = ok(pg.open());
    let lezingen_lite = lees_alles(store_lite.as_ref());
    vergelijk(&lezingen_lite, &lees_alles(store_pg.as_ref()));

    // Worked out by hand. Polis answers in order: three new keys, a new tijdvak (feb), the same
    // values again, two corrections of the January key, then the inlener row.
    let polis: Vec<&str> = antwoorden_pg
        .iter()
        .filter(|a| a.starts_with("polis "))
        .map(String::as_str)
        .collect();
    assert_eq!(
        polis,
        [
            "polis Nieuw",
            "polis Nieuw",
            "polis Nieuw",
            "polis Nieuw",
            "polis Ongewijzigd",
            "polis Gewijzigd",
            "polis Gewijzigd",
            "polis Nieuw"
        ]
    );
    // Registration ids: the first registration's first version is 1 (its id), its second
    // version 2 keeps id 1; the next two registrations start at versions 3 and 4.
    assert!(antwoorden_pg.contains(&"registraties 1 1 3 4".to_string()));
    // Deliveries R-1, P-1 and PO-1 are 1 to 3; PO-X got 4 and was rolled back, so the rejected
    // G-1 gets 4 again (as SQLite gives it).
    assert!(antwoorden_pg.contains(&"afgewezen 4".to_string()));
    // The open request of BSN 1 is found again; BSN 2 gets id 2.
    assert!(antwoorden_pg.contains(&"uitschrijving 1 1 2".to_string()));
    // Two corrections of one key in one transaction: three versions, the first two closed at
    // t(30), only the last (13_000 hundredths) current.
    let b = bsn(BSNS[0]);
    let huidig = ok(store_pg.polis_van(b, t(1_000)));
    let jan: Vec<i64> = huidig
        .iter()
        .filter(|r| r.tijdvak_begin == d(2024, 1, 1) && r.loonheffingennummer == lhn(LHNS[0]))
        .map(|r| r.verloonde_uren.0)
        .collect();
    assert_eq!(jan, [13_000]);
    // Current polis rows: BSN 1 has jan×2 lhns + feb = 3, BSN 2 has jan + feb (inlener) = 2;
    // the rolled-back row of BSN 3 is not there.
    let tellingen = ok(store_pg.tellingen(d(2018, 1, 1)));
    assert_eq!(tellingen.polisrijen, 5);
    // Registrations valid on 2018-01-01: BSN 1 (WAJONG until 2020) and BSN 2 (WSW); BSN 3's
    // was withdrawn.
    assert_eq!(tellingen.personen_in_register, 2);
    assert_eq!(
        tellingen.registraties_per_grondslag,
        [("WAJONG".to_string(), 1), ("WSW".to_string(), 1)]
    );
    assert_eq!(
        (
            tellingen.leveringen_toegepast,
            tellingen.leveringen_afgewezen
        ),
        (3, 1)
    );
    // Log: 6 records written, the 2 of DGR-OUD that ended before t(72) removed.
    assert_eq!(ok(store_pg.aantal_verwerkingen()), 4);
    // Lookups of 123456782 since t(0): 2 + 3.
    assert_eq!(ok(store_pg.opvragingen_sinds("123456782", t(0))), 5);
    for store in [store_lite.as_ref(), store_pg.as_ref()] {
        afgehandeld_zoals_uitgerekend(store);
    }
}

/// The history lists of the scenario ([`schrijf_scenario`]), worked out by hand: request 1
/// was granted on 2024-05-02 and request 2 refused on 2024-04-03 ("geen grond"); bezwaar 1
/// was founded and bezwaar 2 niet-ontvankelijk, both on 2024-03-01, bezwaar 3 is open.
fn afgehandeld_zoals_uitgerekend(store: &dyn Store) {
    use crate::Geschiedenisvraag;
    let vraag = |status: Option<&str>, van, tot, overslaan, aantal| Geschiedenisvraag {
        status: status.map(str::to_string),
        van,
        tot,
        overslaan,
        aantal,
    };
    let uitschrijvingen = |v: &Geschiedenisvraag| {
        let b = ok(store.afgehandelde_uitschrijvingen(v));
        (b.rijen.iter().map(|u| u.id).collect::<Vec<_>>(), b.totaal)
    };
    // newest decision first: 1 (May) before 2 (April)
    assert_eq!(
        uitschrijvingen(&vraag(None, None, None, 0, 10)),
        (vec![1, 2], 2)
    );
    assert_eq!(
        uitschrijvingen(&vraag(Some("AFGEWEZEN"), None, None, 0, 10)),
        (vec![2], 1)
    );
    // decided from 10 April: only the grant of 2 May
    assert_eq!(
        uitschrijvingen(&vraag(None, Some(d(2024, 4, 10)), None, 0, 10)),
        (vec![1], 1)
    );
    // both ends inclusive: the refusal on exactly 3 April
    assert_eq!(
        uitschrijvingen(&vraag(
            None,
            Some(d(2024, 4, 3)),
            Some(d(2024, 4, 3)),
            0,
            10
        )),
        (vec![2], 1)
    );
    // pages of one: the second page holds request 2, the total stays 2
    assert_eq!(
        uitschrijvingen(&vraag(None, None, None, 1, 1)),
        (vec![2], 2)
    );
    let geweigerd =
        ok(store.afgehandelde_uitschrijvingen(&vraag(Some("AFGEWEZEN"), None, None, 0, 1)));
    assert_eq!(geweigerd.rijen[0].reden.as_deref(), Some("geen grond"));
    let bezwaren = |v: &Geschiedenisvraag| {
        let b = ok(store.afgehandelde_bezwaren(v));
        (b.rijen.iter().map(|x| x.id).collect::<Vec<_>>(), b.totaal)
    };
    // the same decision date: the higher id first; the open bezwaar 3 never
    assert_eq!(bezwaren(&vraag(None, None, None, 0, 10)), (vec![2, 1], 2));
    assert_eq!(
        bezwaren(&vraag(Some("GEGROND"), None, None, 0, 10)),
        (vec![1], 1)
    );
    assert_eq!(
        bezwaren(&vraag(None, None, Some(d(2024, 2, 29)), 0, 10)),
        (vec![], 0)
    );
    let gegrond = ok(store.afgehandelde_bezwaren(&vraag(Some("GEGROND"), None, None, 0, 1)));
    assert_eq!(gegrond.rijen[0].motivering.as_deref(), Some("gronden"));
}

/// Deliveries of many polis rows: more rows per tijdvak than are looked up one by one (the
/// tijdvak is then loaded), corrections in a later delivery, and a buffer flushed within a
/// transaction, all answered and stored as SQLite does.
#[test]
fn polis_in_bulk_zoals_sqlite() {
    let Some((_guard, pg)) = testdatabase::postgres() else {
        return;
    };
    let (_map, lite) = testdatabase::sqlite();
    let personen: Vec<Bsn> = (100_000_000u32..)
        .filter_map(|n| Bsn::from_u32(n).ok())
        .take(300)
        .collect();
    let tijdvakken = [
        (d(2024, 1, 1), d(2024, 1, 31)),
        (d(2024, 2, 1), d(2024, 2, 29)),
        (d(2023, 12, 4), d(2023, 12, 31)),
    ];
    let mut antwoorden = Vec::new();
    for db in [&lite, &pg] {
        let mut store = ok(db.open());
        let mut tellers = Vec::new();
        for ronde in 0..3i64 {
            let mut tx = ok(store.transactie());
            let l = ok(tx.registreer_levering(&levering(
                Bron::Uwv,
                LeveringSoort::Polis,
                &format!("B-{ronde}"),
                t(100 + ronde),
            )));
            let mut teller = BTreeMap::new();
            for (i, p) in personen.iter().enumerate() {
                for (j, tv) in tijdvakken.iter().enumerate() {
                    // round 0 writes everything; round 1 repeats it and changes every 7th row;
                    // round 2 changes every 5th row twice
                    let i = i64::try_from(i).unwrap_or_default();
                    let j = i64::try_from(j).unwrap_or_default();
                    let basis = 1_000 + i * 10 + j;
                    let uren = match ronde {
                        1 if i % 7 == 0 => basis + 1,
                        2 if i % 5 == 0 => basis + 2,
                        1 | 2 if i % 7 == 0 => basis + 1,
                        _ => basis,
                    };
                    let mut rij = polis("111222333", LHNS[0], tv.0, tv.1, uren);
                    rij.bsn = *p;
                    let a = ok(tx.schrijf_polis(&rij, t(100 + ronde), l));
                    *teller.entry(format!("{a:?}")).or_insert(0u32) += 1;
                    if ronde == 2 && i % 5 == 0 {
                        rij.verloonde_uren = Honderdsten(uren + 1);
                        let a = ok(tx.schrijf_polis(&rij, t(100 + ronde), l));
                        *teller.entry(format!("{a:?}")).or_insert(0u32) += 1;
                    }
                }
            }
            ok(tx.commit());
            tellers.push(teller);
        }
        let mut lezingen = vec![format!("{tellers:?}")];
        for bekend in [t(100), t(101), t(102)] {
            let mut rijen = Vec::new();
            ok(
                store.voor_elke_polisrij(d(2023, 12, 1), d(2024, 3, 1), bekend, &mut |r| {
                    rijen.push(format!("{r:?}"));
                }),
            );
            lezingen.push(rijen.join("\n"));
        }
        for p in personen.iter().step_by(13) {
            lezingen.push(format!("{:?}", ok(store.polis_van(*p, t(101)))));
        }
        lezingen.push(format!(
            "{:?}",
            ok(store.tellingen(d(2024, 1, 1))).polisrijen
        ));
        antwoorden.push(lezingen);
    }
    vergelijk(&antwoorden[0], &antwoorden[1]);
    // Worked out: 300 persons × 3 tijdvakken = 900 rows per delivery. Round 1: persons
    // 0, 7, …, 294 (43 of them) change, ×3 = 129 Gewijzigd, 771 Ongewijzigd. Round 2: the 60
    // multiples of 5 change twice (180 rows, 360 Gewijzigd); of the other 240 persons the
    // multiples of 7 that are not multiples of 5 (43 − 9 = 34) keep round 1's value.
    let verwacht = "[{\"Nieuw\": 900}, {\"Gewijzigd\": 129, \"Ongewijzigd\": 771}, {\"Gewijzigd\": 360, \"Ongewijzigd\": 720}]";
    assert_eq!(antwoorden[1][0], verwacht);
    assert_eq!(antwoorden[1].last().map(String::as_str), Some("900"));
}

/// Two processes opening the same fresh database at once migrate it once, and both work.
#[test]
fn gelijktijdig_openen_migreert_een_keer() {
    let Some((guard, db)) = testdatabase::postgres() else {
        return;
    };
    let draden: Vec<_> = (0..4)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || {
                db.open()
                    .and_then(|s| s.gezond())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for d in draden {
        assert_eq!(d.join().ok(), Some(Ok(())));
    }
    let mut c = ok(super::verbind(guard.url()));
    for (schema, migraties) in [
        (&guard.url().schema, super::schema::MIGRATIES.len()),
        (
            &guard.url().logboek_schema,
            super::schema::LOGBOEK_MIGRATIES.len(),
        ),
    ] {
        let n: i64 = c
            .query_one(&format!("SELECT COUNT(*) FROM {schema}.schemaversie"), &[])
            .and_then(|r| r.try_get(0))
            .unwrap_or_else(|e| unreachable!("{e}"));
        // one row per migration, each applied once
        assert_eq!(usize::try_from(n).ok(), Some(migraties), "{schema}");
    }
}

/// A schema written by a newer dgr is refused, naming both versions.
#[test]
fn een_nieuwere_schemaversie_wordt_geweigerd() {
    let Some((guard, db)) = testdatabase::postgres() else {
        return;
    };
    drop(ok(db.open()));
    let mut c = ok(super::verbind(guard.url()));
    c.batch_execute(&format!(
        "INSERT INTO {}.schemaversie (versie) VALUES (70)",
        guard.url().schema
    ))
    .unwrap_or_else(|e| unreachable!("{e}"));
    let bekend_hier = i64::try_from(super::schema::MIGRATIES.len()).unwrap_or_default();
    match db.open() {
        Err(StoreFout::NieuwereVersie { gevonden, bekend }) => {
            assert_eq!((gevonden, bekend), (70, bekend_hier))
        }
        Err(e) => unreachable!("verkeerde fout: {e}"),
        Ok(_) => unreachable!("een nieuwere versie werd geopend"),
    }
}

/// A database error names the constraint, never the values: a second applied delivery with
/// the same kenmerk violates `leveringen_kenmerk`, and PostgreSQL's detail (which would hold
/// the key) stays out of the message.
#[test]
fn een_databasefout_noemt_geen_waarden() {
    let Some((_guard, db)) = testdatabase::postgres() else {
        return;
    };
    let mut store = ok(db.open());
    let mut tx = ok(store.transactie());
    let l = levering(
        Bron::Uwv,
        LeveringSoort::Polis,
        "GEHEIM-KENMERK-111222333",
        t(1),
    );
    ok(tx.registreer_levering(&l));
    let fout = tx
        .registreer_levering(&l)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        fout.contains("leveringen_kenmerk") && fout.contains("23505"),
        "{fout}"
    );
    assert!(!fout.contains("111222333"), "{fout}");
}

/// A polis row that corrects another in the same transaction after the buffer was written
/// (more than a buffer's worth of rows): the written version is closed in the table.
#[test]
fn correctie_na_tussentijds_wegschrijven() {
    let Some((_guard, pg)) = testdatabase::postgres() else {
        return;
    };
    let (_map, lite) = testdatabase::sqlite();
    let mut uit = Vec::new();
    for db in [&lite, &pg] {
        let mut store = ok(db.open());
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "F", t(1))));
        let eerste = polis(BSNS[0], LHNS[0], d(2024, 1, 1), d(2024, 1, 31), 100);
        let mut antwoorden = vec![ok(tx.schrijf_polis(&eerste, t(1), l))];
        let mut n = 0;
        for b in (200_000_000u32..)
            .filter_map(|n| Bsn::from_u32(n).ok())
            .take(super::polis::BUFFERGROOTTE)
        {
            let mut r = eerste.clone();
            r.bsn = b;
            if ok(tx.schrijf_polis(&r, t(1), l)) == Schrijfuitkomst::Nieuw {
                n += 1;
            }
        }
        let mut tweede = eerste.clone();
        tweede.verloonde_uren = Honderdsten(200);
        antwoorden.push(ok(tx.schrijf_polis(&tweede, t(2), l)));
        ok(tx.commit());
        uit.push(vec![
            format!("{antwoorden:?} {n}"),
            format!("{:?}", ok(store.polis_van(bsn(BSNS[0]), t(1)))),
            format!("{:?}", ok(store.polis_van(bsn(BSNS[0]), t(2)))),
            format!("{}", ok(store.tellingen(d(2024, 1, 1))).polisrijen),
        ]);
    }
    vergelijk(&uit[0], &uit[1]);
    assert_eq!(
        uit[1][0],
        format!("[Nieuw, Gewijzigd] {}", super::polis::BUFFERGROOTTE)
    );
    assert_eq!(uit[1][3], format!("{}", super::polis::BUFFERGROOTTE + 1));
}

/// Throughput of bulk polis writes (not part of the suite; run with
/// `cargo test -p dgr-store --release --features testhulp -- --ignored --nocapture polis_bulk_snelheid`).
/// `DGR_BULK_RIJEN` rows (default 2,000,000) over 12 monthly tijdvakken: one delivery of new
/// rows, then the same rows again with every 10th person changed. `DGR_BULK_SQLITE=1` measures
/// the SQLite store too.
#[test]
#[ignore = "a measurement, minutes long"]
fn polis_bulk_snelheid() {
    let rijen: usize = std::env::var("DGR_BULK_RIJEN")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000_000);
    let personen: Vec<Bsn> = (100_000_000u32..)
        .filter_map(|n| Bsn::from_u32(n).ok())
        .take(rijen.div_ceil(12))
        .collect();
    let maanden: Vec<(NaiveDate, NaiveDate)> = (1..=12u32)
        .map(|m| {
            let begin = d(2023, m, 1);
            let einde = begin
                .checked_add_months(chrono::Months::new(1))
                .and_then(|x| x.pred_opt())
                .unwrap_or(begin);
            (begin, einde)
        })
        .collect();
    let mut backends = Vec::new();
    let pg = testdatabase::postgres();
    if let Some((_, db)) = &pg {
        backends.push(("postgres", db.clone()));
    }
    let lite = testdatabase::sqlite();
    if std::env::var_os("DGR_BULK_SQLITE").is_some() {
        backends.push(("sqlite", lite.1.clone()));
    }
    for (naam, db) in backends {
        let mut store = ok(db.open());
        for ronde in 0..2i64 {
            let start = std::time::Instant::now();
            let mut tx = ok(store.transactie());
            let l = ok(tx.registreer_levering(&levering(
                Bron::Uwv,
                LeveringSoort::Polis,
                &format!("BULK-{ronde}"),
                t(ronde),
            )));
            let mut tellers = BTreeMap::new();
            let mut n = 0usize;
            'alles: for (i, p) in personen.iter().enumerate() {
                for (begin, einde) in &maanden {
                    if n == rijen {
                        break 'alles;
                    }
                    let uren = if ronde == 1 && i % 10 == 0 {
                        15_000
                    } else {
                        14_000
                    };
                    let mut r = polis("111222333", LHNS[0], *begin, *einde, uren);
                    r.bsn = *p;
                    *tellers
                        .entry(format!("{:?}", ok(tx.schrijf_polis(&r, t(ronde), l))))
                        .or_insert(0usize) += 1;
                    n += 1;
                }
            }
            let schrijven = start.elapsed();
            ok(tx.commit());
            let totaal = start.elapsed();
            println!(
                "{naam} levering {ronde}: {n} rijen in {:.1} s ({:.1} s schrijven + {:.1} s commit), {:.0} rijen/s, {tellers:?}",
                totaal.as_secs_f64(),
                schrijven.as_secs_f64(),
                (totaal - schrijven).as_secs_f64(),
                n as f64 / totaal.as_secs_f64()
            );
        }
    }
}

/// A polis row or person of an unknown delivery is refused at the write, as SQLite's foreign
/// key does, and a known delivery's rows are accepted.
#[test]
fn een_rij_van_een_onbekende_levering_wordt_geweigerd() {
    let Some((_guard, pg)) = testdatabase::postgres() else {
        return;
    };
    let (_map, lite) = testdatabase::sqlite();
    for db in [&lite, &pg] {
        let mut store = ok(db.open());
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "L", t(1))));
        let r = polis(BSNS[0], LHNS[0], d(2024, 1, 1), d(2024, 1, 31), 100);
        assert!(tx.schrijf_polis(&r, t(1), l + 1).is_err(), "{db}");
        drop(tx);
        let mut tx = ok(store.transactie());
        let l =
            ok(tx.registreer_levering(&levering(Bron::Brp, LeveringSoort::Personen, "P", t(1))));
        let p = Persoon {
            bsn: bsn(BSNS[0]),
            geboortedatum: parse_brp_datum("1970-01-01").unwrap_or_else(|e| unreachable!("{e:?}")),
            overlijdensdatum: None,
            woongemeente: None,
        };
        assert!(tx.schrijf_persoon(&p, t(1), l + 1).is_err(), "{db}");
        drop(tx);
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "L", t(1))));
        assert_eq!(
            ok(tx.schrijf_polis(&r, t(1), l)),
            Schrijfuitkomst::Nieuw,
            "{db}"
        );
    }
}

/// Throughput of the row-by-row writes of person data and registrations (not part of the
/// suite; run like [`polis_bulk_snelheid`]). `DGR_BULK_PERSONEN` persons (default 50,000).
#[test]
#[ignore = "a measurement"]
fn personen_en_registraties_snelheid() {
    let aantal: usize = std::env::var("DGR_BULK_PERSONEN")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let personen: Vec<Bsn> = (100_000_000u32..)
        .filter_map(|n| Bsn::from_u32(n).ok())
        .take(aantal)
        .collect();
    let mut backends = Vec::new();
    let pg = testdatabase::postgres();
    if let Some((_, db)) = &pg {
        backends.push(("postgres", db.clone()));
    }
    let lite = testdatabase::sqlite();
    if std::env::var_os("DGR_BULK_SQLITE").is_some() {
        backends.push(("sqlite", lite.1.clone()));
    }
    for (naam, db) in backends {
        let mut store = ok(db.open());
        let start = std::time::Instant::now();
        let mut tx = ok(store.transactie());
        let l =
            ok(tx.registreer_levering(&levering(Bron::Brp, LeveringSoort::Personen, "P", t(1))));
        for p in &personen {
            let persoon = Persoon {
                bsn: *p,
                geboortedatum: parse_brp_datum("1980-01-01")
                    .unwrap_or_else(|e| unreachable!("{e:?}")),
                overlijdensdatum: None,
                woongemeente: Some(gemeente("0363")),
            };
            ok(tx.schrijf_persoon(&persoon, t(1), l));
        }
        ok(tx.commit());
        let s = start.elapsed().as_secs_f64();
        println!(
            "{naam} personen: {aantal} in {s:.1} s, {:.0} rijen/s",
            aantal as f64 / s
        );
        let start = std::time::Instant::now();
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(
            Bron::Uwv,
            LeveringSoort::Registraties,
            "R",
            t(2),
        )));
        for p in &personen {
            let mut r = registratie("111222333", "WAJONG", d(2020, 1, 1));
            r.bsn = *p;
            let huidig = ok(tx.huidige_registraties(*p));
            ok(tx.schrijf_registratie(huidig.first(), &r, t(2), &Oorzaak::Levering(l)));
        }
        ok(tx.commit());
        let s = start.elapsed().as_secs_f64();
        println!(
            "{naam} registraties: {aantal} in {s:.1} s, {:.0} rijen/s",
            aantal as f64 / s
        );
    }
}

/// Deliveries of more persons, registrations and employer hours than are looked up one by one
/// (the transaction then loads all current rows): the same answers, ids and stored versions as
/// SQLite, with corrections, withdrawals and a person's second registration after the load.
#[test]
fn veel_personen_en_registraties_zoals_sqlite() {
    let Some((_guard, pg)) = testdatabase::postgres() else {
        return;
    };
    let (_map, lite) = testdatabase::sqlite();
    let personen: Vec<Bsn> = (300_000_000u32..)
        .filter_map(|n| Bsn::from_u32(n).ok())
        .take(400)
        .collect();
    let lhns: Vec<Loonheffingennummer> = (100_000_000u32..)
        .filter_map(|n| dgr_core::FiscaalNummer::parse(&n.to_string()).ok())
        .take(300)
        .filter_map(|f| Loonheffingennummer::parse(&format!("{}L01", f.waarde())).ok())
        .collect();
    let mut uit = Vec::new();
    for db in [&lite, &pg] {
        let mut store = ok(db.open());
        let mut antwoorden = Vec::new();
        for ronde in 0..3i64 {
            let tijd = t(200 + ronde);
            let mut tx = ok(store.transactie());
            let l = ok(tx.registreer_levering(&levering(
                Bron::Uwv,
                LeveringSoort::Registraties,
                &format!("V-{ronde}"),
                tijd,
            )));
            for (i, b) in personen.iter().enumerate() {
                let i = i64::try_from(i).unwrap_or_default();
                // person data: new in round 0, every 3rd changes in round 1, the same in round 2
                let gemeente_code = if ronde >= 1 && i % 3 == 0 {
                    "0599"
                } else {
                    "0363"
                };
                let p = Persoon {
                    bsn: *b,
                    geboortedatum: parse_brp_datum("1970-05-00")
                        .unwrap_or_else(|e| unreachable!("{e:?}")),
                    overlijdensdatum: None,
                    woongemeente: Some(gemeente(gemeente_code)),
                };
                antwoorden.push(format!("{:?}", ok(tx.schrijf_persoon(&p, tijd, l))));
                antwoorden.push(format!("{:?}", ok(tx.huidige_persoon(*b))));
                // registrations: one per person in round 0; round 1 ends every 4th and
                // withdraws every 5th; round 2 adds a second one to every 6th
                let huidig = ok(tx.huidige_registraties(*b));
                antwoorden.push(format!("{huidig:?}"));
                match ronde {
                    0 => {
                        let mut r = registratie("111222333", "WAJONG", d(2015, 1, 1));
                        r.bsn = *b;
                        antwoorden.push(format!(
                            "{}",
                            ok(tx.schrijf_registratie(None, &r, tijd, &Oorzaak::Levering(l)))
                        ));
                    }
                    1 => {
                        if let Some(oud) = huidig.first() {
                            let mut nieuw = oud.clone();
                            if i % 5 == 0 {
                                nieuw.ingetrokken = true;
                            } else if i % 4 == 0 {
                                nieuw.bron_einde = Some(Einde {
                                    datum: d(2022, 1, 1),
                                    reden: "EINDE".into(),
                                });
                            } else {
                                continue;
                            }
                            antwoorden.push(format!(
                                "{}",
                                ok(tx.schrijf_registratie(
                                    Some(oud),
                                    &nieuw,
                                    tijd,
                                    &Oorzaak::Levering(l)
                                ))
                            ));
                        }
                    }
                    _ => {
                        if i % 6 == 0 {
                            let mut r = registratie("111222333", "WSW", d(2023, 1, 1));
                            r.bsn = *b;
                            antwoorden.push(format!(
                                "{}",
                                ok(tx.schrijf_registratie(None, &r, tijd, &Oorzaak::Levering(l)))
                            ));
                        }
                    }
                }
                antwoorden.push(format!("{:?}", ok(tx.huidige_registraties(*b))));
            }
            for (j, lhn) in lhns.iter().enumerate() {
                let j = i64::try_from(j).unwrap_or_default();
                let u = Werkgeversuren {
                    loonheffingennummer: *lhn,
                    jaar: 2024,
                    verloonde_uren_totaal: Honderdsten(
                        100_000 + if ronde == 1 && j % 2 == 0 { 1 } else { 0 },
                    ),
                    aantal_werknemers: Some(3),
                };
                antwoorden.push(format!("{:?}", ok(tx.schrijf_werkgeversuren(&u, tijd, l))));
            }
            ok(tx.commit());
        }
        let mut lezingen = vec![antwoorden.join("\n")];
        for b in personen.iter().step_by(7) {
            lezingen.push(format!("{:?}", ok(store.registratie_versies(*b))));
            lezingen.push(format!("{:?}", ok(store.persoon_versies(*b))));
        }
        lezingen.push(format!("{:?}", ok(store.werkgeversuren_op(2024, t(201)))));
        lezingen.push(format!("{:?}", ok(store.tellingen(d(2021, 1, 1)))));
        uit.push(lezingen);
    }
    vergelijk(&uit[0], &uit[1]);
    // Worked out: on 2021-01-01 every person's WAJONG registration (from 2015) holds except the
    // withdrawn ones (every 5th: 80 of 400); the ends on 2022-01-01 lie after the peildatum and
    // the WSW ones start in 2023, so 320 persons and 320 registrations.
    let tellingen = &uit[1][uit[1].len() - 1];
    assert!(
        tellingen.contains("personen_in_register: 320"),
        "{tellingen}"
    );
    assert!(tellingen.contains("(\"WAJONG\", 320)"), "{tellingen}");
}

/// Two transactions adding deliveries at once: the second waits for the first (as behind
/// SQLite's single writer) and takes the next id, so no id is given twice.
#[test]
fn gelijktijdige_schrijvers_krijgen_opeenvolgende_ids() {
    let Some((_guard, db)) = testdatabase::postgres() else {
        return;
    };
    let mut a = ok(db.open());
    let mut tx = ok(a.transactie());
    let eerste = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "A", t(1))));
    let db2 = db.clone();
    let tweede = std::thread::spawn(move || {
        let mut b = ok(db2.open());
        let mut tx = ok(b.transactie());
        let id = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(2))));
        ok(tx.commit());
        (id, std::time::Instant::now())
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    // the moment A starts to commit: B, waiting for A's lock, cannot be done before it (the
    // moment A's commit returned was no bound: B may finish while A's reply is on its way)
    let voor_commit = std::time::Instant::now();
    ok(tx.commit());
    let (id, klaar) = tweede
        .join()
        .unwrap_or_else(|_| unreachable!("schrijver B"));
    assert_eq!((eerste, id), (1, 2));
    assert!(klaar >= voor_commit, "B schreef voor A's commit");
}

/// A new version whose `oud` names a registration of another person (a caller's slip): the
/// other person's registration ends all the same, in the table and in what is read back in the
/// same transaction, as in SQLite.
#[test]
fn een_oud_van_een_ander_sluit_diens_registratie() {
    let Some((_guard, pg)) = testdatabase::postgres() else {
        return;
    };
    let (_map, lite) = testdatabase::sqlite();
    let mut uit = Vec::new();
    for db in [&lite, &pg] {
        let mut store = ok(db.open());
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(
            Bron::Uwv,
            LeveringSoort::Registraties,
            "X",
            t(1),
        )));
        let a = registratie(BSNS[0], "WAJONG", d(2015, 1, 1));
        let id = ok(tx.schrijf_registratie(None, &a, t(1), &Oorzaak::Levering(l)));
        ok(tx.commit());
        let mut tx = ok(store.transactie());
        let mut oud = a.clone();
        oud.id = Some(id);
        oud.bsn = bsn(BSNS[1]);
        let nieuw = registratie(BSNS[1], "WSW", d(2016, 1, 1));
        let id2 =
            ok(tx.schrijf_registratie(Some(&oud), &nieuw, t(2), &Oorzaak::Handeling("x".into())));
        let a_nu = ok(tx.huidige_registraties(bsn(BSNS[0])));
        let b_nu = ok(tx.huidige_registraties(bsn(BSNS[1])));
        ok(tx.commit());
        uit.push(vec![
            format!("{id} {id2} {a_nu:?} {b_nu:?}"),
            format!("{:?}", ok(store.registratie_versies(bsn(BSNS[0])))),
            format!("{:?}", ok(store.registratie_versies(bsn(BSNS[1])))),
        ]);
    }
    vergelijk(&uit[0], &uit[1]);
    // the first registration (id 1) is continued under id 1 for the other person; the first
    // person has none left
    assert!(uit[1][0].starts_with("1 1 [] "), "{}", uit[1][0]);
}

/// The log's partitioned indexes on PostgreSQL, with the values of the SQLite unit tests
/// (`sqlite::logboek::tests`): a subject's records are found in segments 0, 1, 2 and 7
/// (ids 1 and 131,071 → 0; 131,072 → 1; 262,149 → 2; 1,000,000 → 7), and the daily limit
/// counts from an Amsterdam midnight one hour before UTC day 20,000 across that day's start:
/// 2 + 3 = 5 for o (not the 7 a minute earlier), 11 for p.
#[test]
fn logboek_over_segmenten_en_dagen() {
    let Some((guard, db)) = testdatabase::postgres() else {
        return;
    };
    let store = ok(db.open());
    let mut c = ok(super::verbind(guard.url()));
    let log = &guard.url().logboek_schema;
    let dag: i64 = 20_000 * 86_400_000_000;
    let vanaf = dag - 3_600_000_000;
    let mut sql = format!(
        "INSERT INTO {log}.audit (id, trace_id, tijd, sub, rol, organisatie, organisatie_naam, handeling, bsn_opvragingen, buiten_eigen_polis) VALUES \
         (1, 't', {}, 's', 'werkgever', 'o', 'Bakkerij', 'zoeken', 7, 0), (2, 't', {vanaf}, 's', 'werkgever', 'o', 'Bakkerij', 'zoeken', 2, 0), \
         (3, 't', {}, 's', 'werkgever', 'o', 'Bakkerij', 'zoeken', 3, 0), (4, 't', {}, 's', 'werkgever', 'p', NULL, 'zoeken', 11, 0);",
        vanaf - 60_000_000,
        dag + 5,
        vanaf + 1
    );
    for (id, subject) in crate::testdatabase::LOGBOEK_SEGMENTRECORDS {
        sql.push_str(&format!(
            "INSERT INTO {log}.verwerkingen (id, trace_id, span_id, naam, status_code, start_time, end_time, \
             processing_activity_id, data_subject_id, data_subject_id_type, audit_id) \
             VALUES ({id}, 't', 's', 'zoeken', 'OK', {id}, {id}, 'DGR-ZOEK-WERKNEMER', '{subject}', 'BSN', 1);"
        ));
    }
    c.batch_execute(&sql)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let tijden: Vec<i64> = ok(store.verwerkingen_van_betrokkene("p1"))
        .iter()
        .map(|v| v.tijd.timestamp_micros())
        .collect();
    assert_eq!(tijden, vec![1_000_000, 262_149, 131_072, 131_071, 1]);
    assert_eq!(ok(store.verwerkingen_van_betrokkene("p2")).len(), 2);
    assert!(ok(store.verwerkingen_van_betrokkene("p3")).is_empty());
    let vanaf = DateTime::from_timestamp_micros(vanaf).unwrap_or_else(|| unreachable!());
    assert_eq!(ok(store.opvragingen_sinds("o", vanaf)), 5);
    assert_eq!(ok(store.opvragingen_sinds("p", vanaf)), 11);
    let per: Vec<(String, u64)> = ok(store.opvragingen_per_organisatie(vanaf))
        .into_iter()
        .map(|t| (t.organisatie, t.opvragingen))
        .collect();
    assert_eq!(per, vec![("o".to_string(), 5), ("p".to_string(), 11)]);
    // each query reads its index, with the very expressions it was built on (on a table this
    // small only with sequential scans off)
    c.batch_execute(&format!(
        "SET search_path = {log}; SET enable_seqscan = off"
    ))
    .unwrap_or_else(|e| unreachable!("{e}"));
    let mut plan = |sql: &str, p: &[&(dyn postgres::types::ToSql + Sync)]| -> String {
        c.query(&format!("EXPLAIN {sql}"), p)
            .unwrap_or_else(|e| unreachable!("{e}"))
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let subject = plan(super::logboek::VERWERKINGEN_VAN_BETROKKENE, &[&"p1"]);
    assert!(
        subject.contains("verwerkingen_segment_subject"),
        "{subject}"
    );
    let dag = plan(
        super::logboek::OPVRAGINGEN_SINDS,
        &[&"o", &vanaf.timestamp_micros()],
    );
    // the main scan goes to the organisation (max() of the day list reads the index too)
    assert!(
        dag.lines()
            .any(|r| r.contains("Index Cond") && r.contains("organisatie = ")),
        "{dag}"
    );
    let portie = plan(
        super::logboek::VERWIJDER_PORTIE,
        &[&"DGR-OUD", &vanaf.timestamp_micros(), &2_i64],
    );
    assert!(portie.contains("verwerkingen_activiteit_tijd"), "{portie}");
}

/// The log writer sends a batch as one statement per table (issue #13), with the ids the SQLite
/// log gives. Two batches: the first of request a with two records, b with none and c with one;
/// the second of d with one. Worked out by hand: audit ids a 1, b 2, c 3, d 4; record ids 1 and
/// 2 name audit 1, 3 names audit 3 (b's id is skipped), 4 names audit 4. Absent values (no
/// organisation name, no parent span) stay NULL, present ones (a doel) are kept.
#[test]
fn logboek_in_batches_met_de_ids_van_sqlite() {
    let Some((guard, pg)) = testdatabase::postgres() else {
        return;
    };
    let (map, lite) = testdatabase::sqlite();
    let audit = |trace: &str, naam: Option<&str>, doel: Option<&str>| Audit {
        trace_id: trace.into(),
        tijd: t(5),
        sub: "gebruiker".into(),
        rol: "werkgever".into(),
        organisatie: "123456782".into(),
        organisatie_naam: naam.map(Into::into),
        client_ip: Some("127.0.0.1".into()),
        handeling: "zoeken".into(),
        bsn_opvragingen: 1,
        buiten_eigen_polis: 0,
        doel: doel.map(Into::into),
    };
    let record = |trace: &str, ouder: Option<&str>| Verwerking {
        trace_id: trace.into(),
        span_id: format!("span-{trace}"),
        parent_span_id: ouder.map(Into::into),
        naam: "doelgroepregistraties_zoeken".into(),
        status_code: "OK".into(),
        start_time: t(5),
        end_time: t(6),
        processing_activity_id: "DGR-ZOEK-WERKNEMER".into(),
        data_subject_id: format!("subject-{trace}"),
        data_subject_id_type: "BSN".into(),
    };
    let (a, b, c, d) = (
        audit("a", Some("Bakkerij"), Some("werknemer")),
        audit("b", None, None),
        audit("c", Some("Bakkerij"), None),
        audit("d", None, Some("sollicitant")),
    );
    let ra = [record("a", None), record("a", Some("ouder"))];
    let (rc, rd) = ([record("c", None)], [record("d", Some("ouder"))]);
    for db in [&lite, &pg] {
        drop(ok(db.open()));
        let mut log = ok(db.open_logboekschrijver());
        ok(log.schrijf(&[(&a, &ra), (&b, &[]), (&c, &rc)]));
        ok(log.schrijf(&[]));
        ok(log.schrijf(&[(&d, &rd)]));
    }
    let verwacht_audit = [
        "1 a Some(\"Bakkerij\") Some(\"werknemer\")",
        "2 b None None",
        "3 c Some(\"Bakkerij\") None",
        "4 d None Some(\"sollicitant\")",
    ];
    let verwacht_records = [
        "1 1 span-a None subject-a",
        "2 1 span-a Some(\"ouder\") subject-a",
        "3 3 span-c None subject-c",
        "4 4 span-d Some(\"ouder\") subject-d",
    ];
    const AUDIT: &str = "SELECT id, trace_id, organisatie_naam, doel FROM audit ORDER BY id";
    const RECORDS: &str = "SELECT id, audit_id, span_id, parent_span_id, data_subject_id FROM verwerkingen ORDER BY id";
    let mut c = ok(super::verbind(guard.url()));
    let log = &guard.url().logboek_schema;
    c.batch_execute(&format!("SET search_path = {log}"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let lees_pg = |c: &mut postgres::Client, sql: &str, tekst: fn(&postgres::Row) -> String| {
        c.query(sql, &[])
            .unwrap_or_else(|e| unreachable!("{e}"))
            .iter()
            .map(tekst)
            .collect::<Vec<String>>()
    };
    let audit_pg = lees_pg(&mut c, AUDIT, |r| {
        format!(
            "{} {} {:?} {:?}",
            r.get::<_, i64>(0),
            r.get::<_, String>(1),
            r.get::<_, Option<String>>(2),
            r.get::<_, Option<String>>(3)
        )
    });
    let records_pg = lees_pg(&mut c, RECORDS, |r| {
        format!(
            "{} {} {} {:?} {}",
            r.get::<_, i64>(0),
            r.get::<_, i64>(1),
            r.get::<_, String>(2),
            r.get::<_, Option<String>>(3),
            r.get::<_, String>(4)
        )
    });
    assert_eq!(audit_pg, verwacht_audit);
    assert_eq!(records_pg, verwacht_records);
    let sqlite = rusqlite::Connection::open(map.path().join("register.logboek.db"))
        .unwrap_or_else(|e| unreachable!("{e}"));
    let lees_lite = |sql: &str, tekst: fn(&rusqlite::Row<'_>) -> rusqlite::Result<String>| {
        sqlite
            .prepare(sql)
            .and_then(|mut s| {
                s.query_map([], tekst)?
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let audit_lite = lees_lite(AUDIT, |r| {
        Ok(format!(
            "{} {} {:?} {:?}",
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?
        ))
    });
    let records_lite = lees_lite(RECORDS, |r| {
        Ok(format!(
            "{} {} {} {:?} {}",
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?
        ))
    });
    assert_eq!(audit_lite, verwacht_audit);
    assert_eq!(records_lite, verwacht_records);
}
