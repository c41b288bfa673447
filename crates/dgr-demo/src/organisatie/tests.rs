//! The demo organisation as designed: a valid tree (two of them), the roster's size, a unit
//! small enough for R-44 to withhold, rows the import accepts, and the same seed giving the same
//! organisation.

use super::*;
use dgr_core::eenheden::dubbele_dienstverbanden;
use rand::SeedableRng;

fn referentie() -> Referentie {
    Referentie::ingebouwd().unwrap_or_else(|e| unreachable!("{e}"))
}

/// A small population (scale 0.02) is enough to staff the organisation at any scale.
fn organisatie(schaal: f64, seed: u64) -> (Organisatie, usize) {
    let referentie = referentie();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut nummers = Elfproefreeks::new(rng.random(), 104_729);
    let b = crate::bevolking::genereer(&mut rng, 0.02, &referentie, &mut nummers);
    let wg = Werkgevers::genereer(&mut rng, 0.02, &referentie, &mut nummers);
    let mut org_rng = ChaCha8Rng::seed_from_u64(seed ^ 1);
    let org = Organisatie::genereer(&mut org_rng, schaal, &b, &wg, &referentie, &mut nummers);
    (org, b.personen.len())
}

fn op<'a>(
    rooster: &'a [Personeelsrij],
    bomen: &[Boom],
    code: &str,
    datum: NaiveDate,
) -> Vec<&'a Personeelsrij> {
    let boom = boom_op(bomen, datum).unwrap_or_else(|| unreachable!("geen boom op {datum}"));
    in_dienst_op(rooster, datum)
        .into_iter()
        .filter(|r| onder(boom, &r.eenheid, code))
        .collect()
}

#[test]
fn twee_geldige_bomen_met_een_samenvoeging_en_een_nieuwe_naam() {
    let (org, _) = organisatie(0.01, 7);
    let bomen = bouw_bomen(org.eenheden()).unwrap_or_else(|(d, f)| unreachable!("{d}: {f}"));
    assert_eq!(bomen.len(), 2);
    let (eerste, tweede) = (&bomen[0], &bomen[1]);
    assert_eq!(
        (eerste.geldig_vanaf, tweede.geldig_vanaf),
        (BEGIN, TWEEDE_BOOM)
    );
    assert_eq!((eerste.wortel(), tweede.wortel()), (WORTEL, WORTEL));
    // 11 rechtbanken, 4 gerechtshoven, 2 national courts, 4 services under the root
    let soort = |s: &str| {
        eerste
            .kinderen(WORTEL)
            .iter()
            .filter(|e| e.soort.as_deref() == Some(s))
            .count()
    };
    assert_eq!(
        (
            soort("rechtbank"),
            soort("gerechtshof"),
            soort("bijzonder college"),
            soort("dienst")
        ),
        (11, 4, 2, 4)
    );
    assert!(eerste.bevat(SAMENVOEGING.0) && !tweede.bevat(SAMENVOEGING.0));
    assert_eq!(eerste.eenheden().count(), tweede.eenheden().count() + 1);
    assert_eq!(
        tweede.eenheid(NIEUWE_NAAM.0).map(|e| e.naam.as_str()),
        Some(NIEUWE_NAAM.1)
    );
    assert_ne!(
        eerste.eenheid(NIEUWE_NAAM.0).map(|e| e.naam.as_str()),
        Some(NIEUWE_NAAM.1)
    );
}

#[test]
fn op_schaal_1_tienduizend_medewerkers_waarvan_een_paar_procent_geregistreerd() {
    let (org, _) = organisatie(1.0, 2015);
    let bomen = bouw_bomen(org.eenheden()).unwrap_or_else(|(d, f)| unreachable!("{d}: {f}"));
    let rooster = org.rooster();
    // the design: 10,000 placed on 2024-01-01
    assert_eq!(op(&rooster, &bomen, WORTEL, BEGIN).len(), 10_000);
    let eind = op(&rooster, &bomen, WORTEL, LAATSTE_DAG);
    assert!((9_500..=10_500).contains(&eind.len()), "{}", eind.len());
    let v = org.verwacht(WORTEL, LAATSTE_DAG);
    assert_eq!(v.werknemers, eind.len());
    let aandeel = v.doelgroep as f64 / v.werknemers as f64;
    assert!((0.02..=0.04).contains(&aandeel), "{aandeel}");
    // leavers, hires and moves all happened
    assert!(
        org.medewerkers
            .iter()
            .filter(|m| m.uit_dienst.is_some())
            .count()
            > 1_000
    );
    assert!(
        org.medewerkers
            .iter()
            .filter(|m| m.in_dienst() > BEGIN)
            .count()
            > 1_000
    );
    assert!(
        org.medewerkers
            .iter()
            .filter(|m| m.plaatsingen.len() > 1)
            .count()
            > 300
    );
    assert_eq!(org.inleners.len(), INLENERS);
    assert_eq!(org.lhns.len(), 3);
}

#[test]
fn een_kleine_dienst_die_r44_onderdrukt() {
    let (org, _) = organisatie(1.0, 2015);
    // doelgroep below 10 withholds the unit's doelgroep and banen
    let v = org.verwacht("KCR", LAATSTE_DAG);
    assert!((5..=20).contains(&v.werknemers), "{v:?}");
    assert!((1..=2).contains(&v.doelgroep), "{v:?}");
    // at scale 0.01 it is still a tree with staff in every unit below the root
    let (klein, _) = organisatie(0.01, 2015);
    let bomen = bouw_bomen(klein.eenheden()).unwrap_or_else(|(d, f)| unreachable!("{d}: {f}"));
    let rooster = klein.rooster();
    for e in bomen[0].eenheden().filter(|e| e.code != WORTEL) {
        assert!(
            !op(&rooster, &bomen, &e.code, BEGIN).is_empty(),
            "{} heeft niemand",
            e.code
        );
    }
    assert!(klein.verwacht(WORTEL, BEGIN).werknemers < 200);
}

#[test]
fn het_rooster_past_in_de_boom_en_bij_de_regels_van_de_import() {
    let (org, _) = organisatie(0.2, 11);
    let bomen = bouw_bomen(org.eenheden()).unwrap_or_else(|(d, f)| unreachable!("{d}: {f}"));
    let rooster = org.rooster();
    for r in &rooster {
        let boom = boom_op(&bomen, r.geldig_vanaf).unwrap_or_else(|| unreachable!());
        assert!(
            boom.bevat(&r.eenheid),
            "{} op {}",
            r.eenheid,
            r.geldig_vanaf
        );
        assert!(r.uit_dienst.is_none_or(|u| u > r.geldig_vanaf));
        assert!(r.geldig_vanaf <= LAATSTE_DAG);
        assert!(r.functieschaal.is_some_and(|s| (1..=18).contains(&s)));
    }
    let verwijzingen: Vec<&Personeelsrij> = rooster.iter().collect();
    assert_eq!(dubbele_dienstverbanden(&verwijzingen), Vec::new());
    // the merged service's staff move on the day of the second tree
    let samengevoegd = org
        .medewerkers
        .iter()
        .filter(|m| {
            m.plaatsingen
                .iter()
                .any(|p| p.vanaf == TWEEDE_BOOM && p.eenheid == SAMENVOEGING.1)
        })
        .count();
    assert!(samengevoegd > 0);
    assert_eq!(org.verwacht(SAMENVOEGING.0, LAATSTE_DAG).werknemers, 0);
    // a few first rows are delivered wrong and corrected later
    assert_eq!(
        org.medewerkers
            .iter()
            .filter(|m| m.fout_eenheid.is_some())
            .count(),
        CORRECTIES
    );
    // registered employees and temp workers are people of the register, so the general payroll
    // leaves them out while they work here
    for m in org.medewerkers.iter().filter(|m| m.persoon.is_some()) {
        let p = m.persoon.unwrap_or_default();
        assert!(org.werkt_hier(p, m.in_dienst(), m.in_dienst()));
    }
    assert!(!org.werkt_hier(usize::MAX, BEGIN, LAATSTE_DAG));
}

#[test]
fn dezelfde_seed_geeft_dezelfde_organisatie() {
    let (a, _) = organisatie(0.05, 3);
    let (b, _) = organisatie(0.05, 3);
    assert_eq!(a.fiscaal_nummer, b.fiscaal_nummer);
    assert_eq!(a.rooster(), b.rooster());
    let (c, _) = organisatie(0.05, 4);
    assert_ne!(a.rooster(), c.rooster());
}
