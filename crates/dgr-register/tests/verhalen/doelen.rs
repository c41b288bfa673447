// R-45 stories: an organisation sets goals per unit, checks in, evaluates, adjusts and stops
// them, and keeps a timeline of milestones. Included once per backend by `tests/contract.rs`
// after `verhalen/register.rs`, whose helpers (`register_op`, `d`) it uses.

mod doelen {
    use dgr_core::FiscaalNummer;
    use dgr_core::doelen::{Doelsoort, Kwantitatief, Maat, Mijlpaalstatus, Status};
    use dgr_register::RegisterFout;
    use dgr_register::doelen::{Checkinvoorstel, Doelvoorstel, Evaluatievoorstel};
    use dgr_store::doelen::Doelinhoud;

    use super::{R, d, register_op};

    fn ok<T>(r: Result<T, RegisterFout>) -> T {
        r.unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn organisatie() -> FiscaalNummer {
        FiscaalNummer::parse("123456782").unwrap_or_else(|e| unreachable!("{e:?}"))
    }

    fn ander() -> FiscaalNummer {
        FiscaalNummer::parse("111222333").unwrap_or_else(|e| unreachable!("{e:?}"))
    }

    /// R-45's example goal: 12 → 20 banen from 2024-01-01 to 2026-01-01.
    fn banen(titel: &str) -> Doelinhoud {
        Doelinhoud {
            titel: titel.into(),
            eigenaar: "president RB Zeeland-West-Brabant".into(),
            start: d("2024-01-01"),
            deadline: d("2026-01-01"),
            soort: Doelsoort::Kwantitatief(
                Kwantitatief::new(Maat::Banen, 12.0, 20.0).unwrap_or_else(|e| unreachable!("{e}")),
            ),
        }
    }

    /// A register on 2025-01-15 with a theme and a topic; the topic's id.
    fn met_onderwerp() -> (R, i64) {
        let mut r = register_op("2025-01-15T12:00:00+01:00");
        let o = organisatie();
        let thema = ok(r.voeg_thema_toe(o, "Banenafspraak", "werk voor mensen uit de doelgroep"));
        let onderwerp = ok(r.voeg_onderwerp_toe(o, thema, "Werving", "vacatures openstellen"));
        (r, onderwerp)
    }

    fn checkin(doel_id: i64, datum: &str, waarde: f64) -> Checkinvoorstel<'static> {
        Checkinvoorstel {
            doel_id,
            datum: d(datum),
            waarde: Some(waarde),
            gereed: None,
            toelichting: "stand uit de eigen administratie",
            vertrouwen: "midden",
            door: "hr-adviseur",
        }
    }

    /// A goal with check-ins: its status follows the latest check-in (or the caller's M). On
    /// 2025-01-01 expected = 12 + 8 × 366/731 = 16.005: 14 is achter (progress (14 − 12)/8 =
    /// 25 %), 16.5 op koers, the caller's 20 behaald.
    #[test]
    fn r45_doel_met_checkins_en_status() {
        let (mut r, onderwerp) = met_onderwerp();
        let o = organisatie();
        let doel = ok(r.stel_doel_vast(
            o,
            &Doelvoorstel {
                eenheid: "RB-ZWB",
                onderwerp_id: onderwerp,
                inhoud: banen("Banenafspraak Zeeland"),
                door: "hr-directeur",
            },
        ));
        let peildatum = d("2025-01-01");
        let zonder = ok(r.doeloverzicht(o, doel, peildatum, None));
        assert_eq!(zonder.stand.status, None, "no M, no status");
        assert_eq!(
            zonder.stand.verwacht.map(|v| format!("{v:.3}")),
            Some("16.005".to_string())
        );

        ok(r.leg_checkin_vast(o, &checkin(doel, "2024-12-31", 14.0)));
        let achter = ok(r.doeloverzicht(o, doel, peildatum, None));
        assert_eq!(achter.stand.status, Some(Status::Achter));
        assert_eq!(achter.stand.voortgang, Some(25.0));

        ok(r.leg_checkin_vast(o, &checkin(doel, "2025-01-01", 16.5)));
        let op_koers = ok(r.doeloverzicht(o, doel, peildatum, None));
        assert_eq!(op_koers.stand.status, Some(Status::OpKoers));
        // append-only: both check-ins are there, in date order
        let waarden: Vec<_> = op_koers.checkins.iter().map(|c| c.waarde).collect();
        assert_eq!(waarden, [Some(14.0), Some(16.5)]);
        // the check-in of 2024-12-31 is the latest one on that date
        let ervoor = ok(r.doeloverzicht(o, doel, d("2024-12-31"), None));
        assert_eq!(ervoor.stand.gemeten, Some(14.0));
        // the caller's M wins
        let gemeten = ok(r.doeloverzicht(o, doel, peildatum, Some(20.0)));
        assert_eq!(gemeten.stand.status, Some(Status::Behaald));
        assert_eq!(gemeten.stand.voortgang, Some(100.0));
        let alle = ok(r.doeloverzichten(o, peildatum, &|_: &dgr_store::doelen::Doel, _: chrono::NaiveDate| Some(15.5)));
        assert_eq!(alle.len(), 1);
        assert_eq!(alle[0].stand.status, Some(Status::Achter));

        // another organisation sees nothing of it and cannot write to it
        assert!(ok(r.doelen(ander())).is_empty());
        assert!(matches!(
            r.leg_checkin_vast(ander(), &checkin(doel, "2025-01-01", 1.0)),
            Err(RegisterFout::Onbekend(_))
        ));
    }

    /// The checks, each with its Dutch message.
    #[test]
    fn r45_ongeldige_invoer_wordt_geweigerd() {
        let (mut r, onderwerp) = met_onderwerp();
        let o = organisatie();
        let fout = |r: Result<i64, RegisterFout>| match r {
            Err(RegisterFout::Ongeldig(m)) => m,
            anders => unreachable!("geen Ongeldig: {anders:?}"),
        };
        let mut inhoud = banen("x");
        inhoud.deadline = inhoud.start;
        let voorstel = |inhoud| Doelvoorstel {
            eenheid: "RB-ZWB",
            onderwerp_id: onderwerp,
            inhoud,
            door: "hr",
        };
        assert!(fout(r.stel_doel_vast(o, &voorstel(inhoud))).contains("uiterste datum"));
        let mut gelijk = banen("x");
        if let Doelsoort::Kwantitatief(k) = &mut gelijk.soort {
            k.streefwaarde = k.basiswaarde;
        }
        assert!(fout(r.stel_doel_vast(o, &voorstel(gelijk))).contains("streefwaarde"));
        assert!(matches!(
            r.stel_doel_vast(
                o,
                &Doelvoorstel {
                    onderwerp_id: 999,
                    ..voorstel(banen("x"))
                }
            ),
            Err(RegisterFout::Onbekend(_))
        ));
        let doel = ok(r.stel_doel_vast(o, &voorstel(banen("Banen"))));
        assert!(fout(r.leg_checkin_vast(o, &checkin(doel, "2023-12-31", 1.0))).contains("startdatum"));
        assert!(fout(r.leg_checkin_vast(o, &checkin(doel, "2025-02-01", 1.0))).contains("toekomst"));
        let mut zeker = checkin(doel, "2025-01-01", 1.0);
        zeker.vertrouwen = "zeker";
        assert!(fout(r.leg_checkin_vast(o, &zeker)).contains("vertrouwen"));
        let mut gereed = checkin(doel, "2025-01-01", 1.0);
        gereed.waarde = None;
        gereed.gereed = Some(true);
        assert!(fout(r.leg_checkin_vast(o, &gereed)).contains("waarde"));
        let evaluatie = |besluit, reden, nieuw| Evaluatievoorstel {
            doel_id: doel,
            periode: "2024-K4",
            van: None,
            tot: None,
            gemeten: Some(15.0),
            geleerd: "werving via het WSP werkt",
            besluit,
            reden,
            nieuwe_inhoud: nieuw,
            door: "hr",
        };
        assert!(fout(r.evalueer(o, &evaluatie("bijstellen", "te krap", None))).contains("nieuwe waarden"));
        assert!(fout(r.evalueer(o, &evaluatie("bijstellen", " ", Some(banen("y"))))).contains("reden"));
        assert!(fout(r.evalueer(o, &evaluatie("stoppen", "", None))).contains("reden"));
        assert!(fout(r.evalueer(o, &evaluatie("behouden", "", Some(banen("y"))))).contains("bijstellen"));
        assert!(fout(r.evalueer(o, &evaluatie("opheffen", "", None))).contains("besluit"));
        let mut periode = evaluatie("behouden", "", None);
        periode.periode = "Q4";
        assert!(fout(r.evalueer(o, &periode)).contains("kwartaal"));
        // nothing of the refused evaluations was recorded
        assert!(ok(r.doeloverzicht(o, doel, d("2025-01-01"), None)).evaluaties.is_empty());
    }

    /// An evaluation that adjusts the goal: a new version, the old one still readable with its
    /// time; the evaluation keeps the version it judged and the expected value at the period's
    /// end (2024-12-31: 12 + 8 × 365/731 = 15.995). Then one that stops it: it keeps everything.
    #[test]
    fn r45_bijstellen_en_stoppen_via_een_evaluatie() {
        let (mut r, onderwerp) = met_onderwerp();
        let o = organisatie();
        let doel = ok(r.stel_doel_vast(
            o,
            &Doelvoorstel {
                eenheid: "RB-ZWB",
                onderwerp_id: onderwerp,
                inhoud: banen("Banenafspraak Zeeland"),
                door: "hr-directeur",
            },
        ));
        let mut later = banen("Banenafspraak Zeeland");
        later.deadline = d("2026-07-01");
        ok(r.evalueer(
            o,
            &Evaluatievoorstel {
                doel_id: doel,
                periode: "2024-K4",
                van: None,
                tot: None,
                gemeten: Some(14.0),
                geleerd: "de werving kwam laat op gang",
                besluit: "bijstellen",
                reden: "een half jaar langer",
                nieuwe_inhoud: Some(later.clone()),
                door: "directie",
            },
        ));
        let overzicht = ok(r.doeloverzicht(o, doel, d("2025-01-01"), Some(14.0)));
        assert_eq!(overzicht.doel.versie, 2);
        assert_eq!(overzicht.doel.inhoud, later);
        assert_eq!(overzicht.doel.reden, "een half jaar langer");
        assert_eq!(overzicht.versies.len(), 2);
        let oud = &overzicht.versies[0];
        assert_eq!((oud.versie, oud.inhoud.deadline), (1, d("2026-01-01")));
        assert_eq!(oud.vervallen_op, Some(overzicht.versies[1].geregistreerd_op));
        assert_eq!(overzicht.versies[1].vervallen_op, None);
        let e = &overzicht.evaluaties[0];
        assert_eq!((e.doel_versie, e.van, e.tot), (1, d("2024-10-01"), d("2024-12-31")));
        assert_eq!(e.verwacht.map(|v| format!("{v:.3}")), Some("15.995".into()));
        // expected on 2025-01-01 under version 2: 12 + 8 × 366/912 = 15.211 → 14 is achter
        assert_eq!(
            overzicht.stand.verwacht.map(|v| format!("{v:.3}")),
            Some("15.211".into())
        );
        assert_eq!(overzicht.stand.status, Some(Status::Achter));

        ok(r.evalueer(
            o,
            &Evaluatievoorstel {
                doel_id: doel,
                periode: "januari",
                van: Some(d("2025-01-01")),
                tot: Some(d("2025-01-14")),
                gemeten: None,
                geleerd: "de unit gaat op in een andere",
                besluit: "stoppen",
                reden: "reorganisatie",
                nieuwe_inhoud: None,
                door: "directie",
            },
        ));
        let gestopt = ok(r.doeloverzicht(o, doel, d("2025-01-15"), None));
        let stop = gestopt.doel.gestopt.clone().unwrap_or_else(|| unreachable!("niet gestopt"));
        assert_eq!((stop.datum, stop.reden.as_str()), (d("2025-01-15"), "reorganisatie"));
        assert_eq!((gestopt.versies.len(), gestopt.evaluaties.len()), (2, 2));
        assert!(matches!(
            r.leg_checkin_vast(o, &checkin(doel, "2025-01-15", 15.0)),
            Err(RegisterFout::Ongeldig(_))
        ));
        assert!(matches!(
            r.stop_doel(o, doel, "nogmaals", "hr"),
            Err(RegisterFout::Ongeldig(_))
        ));
        assert!(matches!(
            r.stel_doel_bij(o, doel, &banen("z"), "toch", "hr"),
            Err(RegisterFout::Ongeldig(_))
        ));
        // still listed, marked gestopt
        assert_eq!(ok(r.doelen(o)).len(), 1);
    }

    /// A qualitative goal with milestones: op koers, achter once a milestone is overdue, op
    /// koers again when it is done (the history keeps both statuses), behaald when a check-in
    /// says done. The organisation's timeline holds its own milestone too.
    #[test]
    fn r45_kwalitatief_doel_en_mijlpalen() {
        let (mut r, onderwerp) = met_onderwerp();
        let o = organisatie();
        let doel = ok(r.stel_doel_vast(
            o,
            &Doelvoorstel {
                eenheid: "RB-MNE",
                onderwerp_id: onderwerp,
                inhoud: Doelinhoud {
                    titel: "Inclusief wervingsbeleid".into(),
                    eigenaar: "hoofd P&O".into(),
                    start: d("2024-06-01"),
                    deadline: d("2025-12-31"),
                    soort: Doelsoort::Kwalitatief {
                        definitie_van_gereed: "beleid vastgesteld door het bestuur".into(),
                    },
                },
                door: "hr",
            },
        ));
        let concept = ok(r.voeg_mijlpaal_toe(o, Some(doel), "concept klaar", d("2025-01-10"), "hr"));
        ok(r.voeg_mijlpaal_toe(o, None, "landelijke D&I-dag", d("2025-03-01"), "hr"));
        assert!(matches!(
            r.voeg_mijlpaal_toe(ander(), Some(doel), "x", d("2025-01-10"), "hr"),
            Err(RegisterFout::Onbekend(_))
        ));
        let status = |r: &R, datum| ok(r.doeloverzicht(o, doel, d(datum), None)).stand.status;
        assert_eq!(status(&r, "2025-01-10"), Some(Status::OpKoers));
        assert_eq!(status(&r, "2025-01-11"), Some(Status::Achter));
        ok(r.wijzig_mijlpaal(o, concept, "gereed", "hr"));
        assert_eq!(status(&r, "2025-01-11"), Some(Status::OpKoers));
        let historie: Vec<_> = ok(r.mijlpaal_historie(o, concept))
            .iter()
            .map(|w| w.status)
            .collect();
        assert_eq!(historie, [Mijlpaalstatus::Gepland, Mijlpaalstatus::Gereed]);
        assert!(matches!(
            r.wijzig_mijlpaal(o, concept, "klaar", "hr"),
            Err(RegisterFout::Ongeldig(_))
        ));
        assert!(matches!(
            r.wijzig_mijlpaal(ander(), concept, "vervallen", "hr"),
            Err(RegisterFout::Onbekend(_))
        ));
        let tijdlijn: Vec<_> = ok(r.mijlpalen(o))
            .iter()
            .map(|m| (m.naam.clone(), m.doel_id, m.status))
            .collect();
        assert_eq!(
            tijdlijn,
            [
                ("concept klaar".to_string(), Some(doel), Mijlpaalstatus::Gereed),
                ("landelijke D&I-dag".to_string(), None, Mijlpaalstatus::Gepland),
            ]
        );
        ok(r.leg_checkin_vast(
            o,
            &Checkinvoorstel {
                doel_id: doel,
                datum: d("2025-01-14"),
                waarde: None,
                gereed: Some(true),
                toelichting: "vastgesteld in de bestuursvergadering",
                vertrouwen: "hoog",
                door: "hoofd P&O",
            },
        ));
        assert_eq!(status(&r, "2025-01-14"), Some(Status::Behaald));
        assert_eq!(status(&r, "2025-01-13"), Some(Status::OpKoers));
    }

    /// Topics are prioritised by the number of distinct units asking for them.
    #[test]
    fn r45_onderwerpen_op_vraag() {
        let (mut r, werving) = met_onderwerp();
        let o = organisatie();
        let thema = ok(r.themas(o))[0].id;
        let scholing = ok(r.voeg_onderwerp_toe(o, thema, "Scholing", ""));
        for (onderwerp, eenheid) in [
            (werving, "RB-ZWB"),
            (scholing, "RB-ZWB"),
            (scholing, "RB-MNE"),
            (scholing, "RB-MNE"),
        ] {
            ok(r.vraag_onderwerp(o, onderwerp, eenheid, d("2025-01-02")));
        }
        let volgorde: Vec<_> = ok(r.onderwerpen(o))
            .iter()
            .map(|t| (t.naam.clone(), t.vragende_eenheden))
            .collect();
        assert_eq!(
            volgorde,
            [("Scholing".to_string(), 2), ("Werving".to_string(), 1)]
        );
        assert_eq!(ok(r.onderwerp_vragen(o, scholing)).len(), 3);
        assert!(matches!(
            r.vraag_onderwerp(ander(), scholing, "X", d("2025-01-02")),
            Err(RegisterFout::Onbekend(_))
        ));
        assert!(ok(r.onderwerpen(ander())).is_empty());
    }
}
