use super::*;

/// The value of a result that the test's own data make certain.
fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| unreachable!("{e:?}"))
}

/// The error of a result that the test's own data make certain.
fn err<T: std::fmt::Debug, E>(r: Result<T, E>) -> E {
    match r {
        Ok(v) => unreachable!("{v:?}"),
        Err(e) => e,
    }
}

/// The value of an option that the test's own data make certain.
fn some<T>(o: Option<T>) -> T {
    o.unwrap_or_else(|| unreachable!())
}

fn d(s: &str) -> NaiveDate {
    ok(s.parse())
}

fn e(code: &str, boven: Option<&str>) -> Eenheid {
    Eenheid {
        code: code.into(),
        naam: format!("Eenheid {code}"),
        bovenliggend: boven.map(Into::into),
        soort: None,
        geldig_vanaf: d("2025-01-01"),
    }
}

fn rij(nummer: &str, bsn: u32, eenheid: &str, vanaf: &str, uit: Option<&str>) -> Personeelsrij {
    Personeelsrij {
        personeelsnummer: nummer.into(),
        bsn: ok(Bsn::from_u32(bsn)),
        eenheid: eenheid.into(),
        geldig_vanaf: d(vanaf),
        uit_dienst: uit.map(d),
        uren_per_week: None,
        functieschaal: None,
        leidinggevend: None,
        geslacht: None,
        geboortejaar: None,
    }
}

#[test]
fn boom_met_een_wortel_wordt_van_boven_naar_beneden_gelezen() {
    let b = ok(Boom::bouw(
        d("2025-01-01"),
        vec![
            e("RB-B", Some("ROOT")),
            e("ROOT", None),
            e("RB-A", Some("ROOT")),
            e("A1", Some("RB-A")),
        ],
    ));
    assert_eq!(b.wortel(), "ROOT");
    let volgorde: Vec<&str> = b
        .van_boven_naar_beneden()
        .iter()
        .map(|x| x.code.as_str())
        .collect();
    assert_eq!(volgorde, ["ROOT", "RB-A", "A1", "RB-B"]);
    let voor: Vec<&str> = b.voorouders("A1").iter().map(|x| x.code.as_str()).collect();
    assert_eq!(voor, ["A1", "RB-A", "ROOT"]);
}

#[test]
fn twee_wortels_kring_en_onbekende_ouder_zijn_fouten() {
    let twee = Boom::bouw(d("2025-01-01"), vec![e("A", None), e("B", None)]);
    assert_eq!(
        err(twee),
        BoomFout::MeerdereWortels(vec!["A".into(), "B".into()])
    );
    let onbekend = Boom::bouw(d("2025-01-01"), vec![e("A", None), e("B", Some("C"))]);
    assert!(matches!(
        onbekend,
        Err(BoomFout::OnbekendeBovenliggende { .. })
    ));
    // A is the root; B and C point at each other and never reach A
    let kring = Boom::bouw(
        d("2025-01-01"),
        vec![e("A", None), e("B", Some("C")), e("C", Some("B"))],
    );
    assert!(matches!(kring, Err(BoomFout::Kring(_))));
    assert_eq!(
        err(Boom::bouw(d("2025-01-01"), vec![])),
        BoomFout::GeenWortel
    );
}

#[test]
fn rapport_gebruikt_de_laatste_boom_tot_en_met_de_peildatum() {
    let mut latere = e("ROOT", None);
    latere.geldig_vanaf = d("2025-07-01");
    let bomen = ok(bouw_bomen(vec![e("ROOT", None), latere]));
    assert_eq!(
        some(boom_op(&bomen, d("2025-06-30"))).geldig_vanaf,
        d("2025-01-01")
    );
    assert_eq!(
        some(boom_op(&bomen, d("2025-07-01"))).geldig_vanaf,
        d("2025-07-01")
    );
    assert!(boom_op(&bomen, d("2024-12-31")).is_none());
}

#[test]
fn in_dienst_volgt_de_laatste_rij_en_uit_dienst() {
    let rijen = vec![
        rij("P1", 111_222_333, "A", "2025-01-01", None),
        rij("P1", 111_222_333, "B", "2025-10-01", None),
        // leaves on 2025-12-31: not employed on 31 December (uit_dienst ≤ D)
        rij("P2", 123_456_782, "A", "2025-01-01", Some("2025-12-31")),
        // leaves on 2026-01-01: still employed on 31 December
        rij("P3", 100_000_009, "A", "2025-01-01", Some("2026-01-01")),
    ];
    let op = in_dienst_op(&rijen, d("2025-12-31"));
    let gevonden: Vec<(&str, &str)> = op
        .iter()
        .map(|r| (r.personeelsnummer.as_str(), r.eenheid.as_str()))
        .collect();
    assert_eq!(gevonden, [("P1", "B"), ("P3", "A")]);
    let eerder = in_dienst_op(&rijen, d("2025-09-30"));
    assert_eq!(eerder[0].eenheid, "A");
}

#[test]
fn een_bsn_onder_twee_personeelsnummers_op_dezelfde_dag_botst() {
    let a = rij("P1", 111_222_333, "A", "2025-01-01", Some("2025-06-01"));
    let b = rij("P9", 111_222_333, "B", "2025-06-01", None);
    let c = rij("P8", 111_222_333, "B", "2025-05-31", None);
    // P1 ends the day P9 starts: no clash
    assert!(dubbele_dienstverbanden(&[&a, &b]).is_empty());
    // P8 starts on 31 May, while P1 still applies: a clash (and P8 with P9 too)
    assert_eq!(dubbele_dienstverbanden(&[&a, &c]), [(0, 1)]);
    assert_eq!(dubbele_dienstverbanden(&[&a, &b, &c]), [(0, 2), (1, 2)]);
}

#[test]
fn leeftijdsklassen_van_tien_jaar_op_het_jaar_van_de_peildatum() {
    // 2025 − 1990 = 35 → 30-39; 2025 − 2006 = 19 → <20; 2025 − 1955 = 70 → 70+
    assert_eq!(leeftijdsklasse(1990, d("2025-12-31")), "30-39");
    assert_eq!(leeftijdsklasse(1996, d("2025-12-31")), "20-29");
    assert_eq!(leeftijdsklasse(2006, d("2025-12-31")), "<20");
    assert_eq!(leeftijdsklasse(1955, d("2025-12-31")), "70+");
}

/// Hostile input: one BSN under 200,000 personeelsnummers, each starting a day after the other
/// and never leaving. Every row from the second on clashes with an earlier one (the sweep names
/// one partner per row, so 199,999 pairs), and the check stays linear in the rows.
#[test]
fn een_bsn_onder_heel_veel_personeelsnummers_blijft_lineair() {
    let begin = d("1900-01-01");
    let rijen: Vec<Personeelsrij> = (0..200_000u32)
        .map(|i| {
            let mut r = rij(&format!("P{i}"), 111_222_333, "A", "1900-01-01", None);
            r.geldig_vanaf = begin + chrono::Days::new(u64::from(i));
            r
        })
        .collect();
    let refs: Vec<&Personeelsrij> = rijen.iter().collect();
    assert_eq!(dubbele_dienstverbanden(&refs).len(), 199_999);
}

/// Hostile input: a chain of 10,000 units (the most one tree may hold) is built and walked;
/// one more is a file error.
#[test]
fn boom_van_tienduizend_eenheden_en_een_te_veel() {
    let keten = |n: usize| -> Vec<Eenheid> {
        (0..n)
            .map(|i| {
                let ouder = (i > 0).then(|| format!("E{}", i - 1));
                e(&format!("E{i}"), ouder.as_deref())
            })
            .collect()
    };
    let b = ok(Boom::bouw(d("2025-01-01"), keten(MAX_EENHEDEN)));
    assert_eq!(b.van_boven_naar_beneden().len(), MAX_EENHEDEN);
    assert_eq!(b.voorouders("E9999").len(), MAX_EENHEDEN);
    assert_eq!(
        err(Boom::bouw(d("2025-01-01"), keten(MAX_EENHEDEN + 1))),
        BoomFout::TeGroot(MAX_EENHEDEN + 1)
    );
}
