use super::*;
use crate::eenheden::{Eenheid, Geslacht};

/// The value of a result that the test's own data make certain.
fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| unreachable!("{e:?}"))
}

/// The value of an option that the test's own data make certain.
fn some<T>(o: Option<T>) -> T {
    o.unwrap_or_else(|| unreachable!())
}

const T: u64 = 10;

fn d(s: &str) -> NaiveDate {
    ok(s.parse())
}

fn boom(eenheden: &[(&str, Option<&str>)]) -> Boom {
    ok(Boom::bouw(
        d("2025-01-01"),
        eenheden
            .iter()
            .map(|(c, b)| Eenheid {
                code: (*c).into(),
                naam: format!("Eenheid {c}"),
                bovenliggend: b.map(Into::into),
                soort: None,
                geldig_vanaf: d("2025-01-01"),
            })
            .collect(),
    ))
}

/// A roster of `n` employees on `eenheid`, of whom the first `doelgroep` are registered, each
/// registered one with `uren` counted hours; BSNs are made unique from `basis`.
fn personeel(eenheid: &str, n: u32, basis: u32) -> Vec<Personeelsrij> {
    (0..n)
        .map(|i| Personeelsrij {
            personeelsnummer: format!("{eenheid}-{i}"),
            bsn: geldige_bsn(basis + i),
            eenheid: eenheid.into(),
            geldig_vanaf: d("2025-01-01"),
            uit_dienst: None,
            uren_per_week: None,
            functieschaal: None,
            leidinggevend: None,
            geslacht: Some(if i % 2 == 0 { Geslacht::V } else { Geslacht::M }),
            geboortejaar: None,
        })
        .collect()
}

/// The `k`-th valid BSN from 100000009 upward (elfproef).
fn geldige_bsn(k: u32) -> Bsn {
    some(
        (100_000_000u32..)
            .filter_map(|x| Bsn::from_u32(x).ok())
            .nth(k as usize),
    )
}

fn feiten<'a>(rijen: &'a [Personeelsrij], doelgroep: &[(&str, u32)]) -> Vec<Werknemerfeit<'a>> {
    let mut geteld: HashMap<&str, u32> = HashMap::new();
    rijen
        .iter()
        .map(|r| {
            let nodig = doelgroep
                .iter()
                .find(|(e, _)| *e == r.eenheid)
                .map_or(0, |(_, n)| *n);
            let al = geteld.entry(r.eenheid.as_str()).or_default();
            let is = *al < nodig;
            *al += u32::from(is);
            Werknemerfeit {
                rij: r,
                doelgroep: is,
                uren: if is { Breuk::geheel(100) } else { Breuk::NUL },
            }
        })
        .collect()
}

fn status(m: &Monitorcijfers, code: &str) -> Option<Onderdrukking> {
    some(m.eenheid(code)).onderdrukt
}

/// ROOT (no own staff) with A (40 staff, 15 registered), B (40, 15) and C (40, 3).
/// C: 3 < 10 → primary. ROOT's sum A + B + C has exactly one withheld term while ROOT
/// (doelgroep 33, rest 87) is shown → withhold the shown child with the smallest doelgroep:
/// A and B tie at 15, A has the smaller code → A secondary.
#[test]
fn een_onderdrukt_blad_krijgt_een_secundaire_onderdrukking_van_de_kleinste_broer() {
    let b = boom(&[
        ("ROOT", None),
        ("A", Some("ROOT")),
        ("B", Some("ROOT")),
        ("C", Some("ROOT")),
    ]);
    let mut rijen = personeel("A", 40, 0);
    rijen.extend(personeel("B", 40, 100));
    rijen.extend(personeel("C", 40, 200));
    let f = feiten(&rijen, &[("A", 15), ("B", 15), ("C", 3)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    assert_eq!(some(m.eenheid("ROOT")).doelgroep, 15 + 15 + 3);
    assert_eq!(some(m.eenheid("ROOT")).werknemers, 120);
    assert_eq!(status(&m, "C"), Some(Onderdrukking::Primair));
    assert_eq!(status(&m, "A"), Some(Onderdrukking::Secundair));
    assert_eq!(status(&m, "B"), None);
    assert_eq!(status(&m, "ROOT"), None);
    // hours: only the 33 registered persons have 100 hours each
    assert_eq!(some(m.eenheid("ROOT")).uren, Breuk::geheel(3300));
}

/// Own staff on a unit with children is a term that counts as withheld: ROOT has 5 own staff
/// (none registered) and children A (40, 15) and B (40, 20). ROOT's sum has one withheld term
/// (its own staff) while ROOT is shown → withhold A (doelgroep 15 < 20).
#[test]
fn eigen_personeel_van_een_bovenliggende_eenheid_telt_als_onderdrukte_term() {
    let b = boom(&[("ROOT", None), ("A", Some("ROOT")), ("B", Some("ROOT"))]);
    let mut rijen = personeel("ROOT", 5, 0);
    rijen.extend(personeel("A", 40, 100));
    rijen.extend(personeel("B", 40, 200));
    let f = feiten(&rijen, &[("A", 15), ("B", 20)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    assert_eq!(some(m.eenheid("ROOT")).eigen_werknemers, 5);
    assert_eq!(status(&m, "A"), Some(Onderdrukking::Secundair));
    assert_eq!(status(&m, "B"), None);
}

/// Two withheld terms may together follow from a shown total (R-44 forbids only one): R (no
/// own staff) has P (12 staff, 10 registered: rest 2 → primary), Q (15, 12: rest 3 → primary)
/// and S (30, 12). R = 34 of 57, rest 23: shown. P + Q = R − S = 22 is a sum of two withheld
/// figures, which leaves each of them unknown: nothing more is withheld.
#[test]
fn twee_onderdrukte_termen_mogen_samen_uit_het_totaal_volgen() {
    let b = boom(&[
        ("R", None),
        ("P", Some("R")),
        ("Q", Some("R")),
        ("S", Some("R")),
    ]);
    let mut rijen = personeel("P", 12, 0);
    rijen.extend(personeel("Q", 15, 100));
    rijen.extend(personeel("S", 30, 200));
    let f = feiten(&rijen, &[("P", 10), ("Q", 12), ("S", 12)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    assert_eq!(status(&m, "P"), Some(Onderdrukking::Primair));
    assert_eq!(status(&m, "Q"), Some(Onderdrukking::Primair));
    assert_eq!(status(&m, "S"), None);
    assert_eq!(status(&m, "R"), None);
}

/// Secondary suppression cascades downward: when GH is withheld secondarily to protect W, GH's
/// own sum X + Y would be a withheld total with all terms shown, so X is withheld too.
#[test]
fn een_secundair_onderdrukt_totaal_met_getoonde_termen_onderdrukt_ook_een_kind() {
    let b = boom(&[
        ("ROOT", None),
        ("GH", Some("ROOT")),
        ("X", Some("GH")),
        ("Y", Some("GH")),
        ("Z", Some("ROOT")),
        ("W", Some("ROOT")),
    ]);
    let mut rijen = personeel("X", 30, 0);
    rijen.extend(personeel("Y", 30, 100));
    rijen.extend(personeel("Z", 40, 200));
    rijen.extend(personeel("W", 30, 300));
    // W: 4 registered → primary; ROOT's sum GH + Z + W has one withheld term → the shown child
    // with the smallest doelgroep: GH has 11 + 12 = 23, Z has 20 → Z secondary. No cascade.
    let f = feiten(&rijen, &[("X", 11), ("Y", 12), ("Z", 20), ("W", 4)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    assert_eq!(status(&m, "W"), Some(Onderdrukking::Primair));
    assert_eq!(status(&m, "Z"), Some(Onderdrukking::Secundair));
    assert_eq!(status(&m, "GH"), None);
    // Z with 25 registered (rest 15): GH (23) is now the smallest shown child → GH secondary;
    // GH's sum X + Y then is a withheld total with all terms shown → X (11 < 12) secondary.
    let f = feiten(&rijen, &[("X", 11), ("Y", 12), ("Z", 25), ("W", 4)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    assert_eq!(status(&m, "GH"), Some(Onderdrukking::Secundair));
    assert_eq!(status(&m, "X"), Some(Onderdrukking::Secundair));
    assert_eq!(status(&m, "Y"), None);
    assert_eq!(status(&m, "Z"), None);
}

/// Temp workers at the root: their hours are `niet toegewezen`; with fewer than 10 persons
/// behind them that term is withheld, and in the root's banen sum it is then the single
/// withheld term beside shown children → the smallest shown child is withheld.
#[test]
fn niet_toegewezen_uitzendkrachten_aan_de_wortel() {
    let b = boom(&[("ROOT", None), ("A", Some("ROOT")), ("B", Some("ROOT"))]);
    let mut rijen = personeel("A", 40, 0);
    rijen.extend(personeel("B", 40, 100));
    let f = feiten(&rijen, &[("A", 15), ("B", 20)]);
    let inleen: HashMap<Bsn, Breuk> = (0..3)
        .map(|i| (geldige_bsn(900 + i), Breuk::geheel(50)))
        .collect();
    let m = bereken(&b, d("2025-12-31"), &f, &inleen, T);
    assert_eq!(m.niet_toegewezen_uren, Breuk::geheel(150));
    assert_eq!(m.niet_toegewezen_personen, 3);
    assert!(m.niet_toegewezen_onderdrukt);
    assert_eq!(status(&m, "A"), Some(Onderdrukking::Secundair));
    // with 12 temp workers the term is published and nothing else is withheld
    let inleen: HashMap<Bsn, Breuk> = (0..12)
        .map(|i| (geldige_bsn(900 + i), Breuk::geheel(50)))
        .collect();
    let m = bereken(&b, d("2025-12-31"), &f, &inleen, T);
    assert!(!m.niet_toegewezen_onderdrukt);
    assert_eq!(status(&m, "A"), None);
    // the root's published hours cover the rostered persons only: 35 × 100
    assert_eq!(some(m.eenheid("ROOT")).uren, Breuk::geheel(3500));
}

/// A roster row naming a unit that is not in the tree: not counted on any unit, its hours go
/// to `niet toegewezen`, and it is counted for the quality warning.
#[test]
fn onbekende_eenheid_telt_als_niet_toegewezen() {
    let b = boom(&[("ROOT", None), ("A", Some("ROOT"))]);
    let mut rijen = personeel("A", 20, 0);
    rijen.extend(personeel("OUD", 2, 100));
    let f = feiten(&rijen, &[("A", 10), ("OUD", 2)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    assert_eq!(m.onbekende_eenheid, 2);
    assert_eq!(some(m.eenheid("ROOT")).werknemers, 20);
    assert_eq!(m.niet_toegewezen_uren, Breuk::geheel(200));
}

/// Category counts: withheld when the count or the rest of the group is below 10. Unit A has
/// 40 staff, alternately V and M: 20 V and 20 M → both shown; all functieschaal unknown
/// (40, rest 0) → withheld.
#[test]
fn categorie_onderdrukt_als_hij_of_de_rest_onder_de_drempel_ligt() {
    let b = boom(&[("A", None)]);
    let rijen = personeel("A", 40, 0);
    let f = feiten(&rijen, &[("A", 15)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    let a = some(m.eenheid("A"));
    let sleutel = |g: &str, w: &str| (g.to_string(), w.to_string());
    assert_eq!(a.categorieen[&sleutel("geslacht", "V")], 20);
    assert_eq!(a.categorieen[&sleutel("geslacht", "M")], 20);
    assert!(
        !a.categorie_onderdrukt
            .contains_key(&sleutel("geslacht", "V"))
    );
    assert_eq!(
        a.categorie_onderdrukt[&sleutel("functieschaal", "onbekend")],
        Onderdrukking::Primair
    );
}

/// A goal on a withheld unit is measured at the nearest published ancestor.
#[test]
fn meetpunt_is_de_dichtstbijzijnde_getoonde_voorouder() {
    let b = boom(&[
        ("ROOT", None),
        ("A", Some("ROOT")),
        ("B", Some("ROOT")),
        ("C", Some("ROOT")),
    ]);
    let mut rijen = personeel("A", 40, 0);
    rijen.extend(personeel("B", 40, 100));
    rijen.extend(personeel("C", 40, 200));
    let f = feiten(&rijen, &[("A", 15), ("B", 15), ("C", 3)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    assert_eq!(some(meetpunt(&b, &m, "C")).code, "ROOT");
    assert_eq!(some(meetpunt(&b, &m, "B")).code, "B");
}

/// The secondary rule leaves no sum with exactly one withheld term under a shown total, for
/// every small tree we can enumerate (an independent check of the fixed point).
#[test]
fn geen_som_laat_zich_oplossen_voor_een_enkele_onderdrukte_term() {
    let b = boom(&[
        ("R", None),
        ("A", Some("R")),
        ("B", Some("R")),
        ("A1", Some("A")),
        ("A2", Some("A")),
        ("B1", Some("B")),
    ]);
    for a1 in [2u32, 12] {
        for a2 in [3u32, 15] {
            for b1 in [1u32, 11, 25] {
                let mut rijen = personeel("A1", 40, 0);
                rijen.extend(personeel("A2", 40, 100));
                rijen.extend(personeel("B1", 40, 200));
                let f = feiten(&rijen, &[("A1", a1), ("A2", a2), ("B1", b1)]);
                let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
                for (ouder, kinderen) in [
                    ("R", vec!["A", "B"]),
                    ("A", vec!["A1", "A2"]),
                    ("B", vec!["B1"]),
                ] {
                    let weg = kinderen.iter().filter(|k| status(&m, k).is_some()).count();
                    let totaal = status(&m, ouder).is_none();
                    assert!(
                        !(totaal && weg == 1),
                        "{ouder}: één onderdrukte term ({a1},{a2},{b1})"
                    );
                    assert!(
                        totaal || weg != 0,
                        "{ouder}: onderdrukt totaal ({a1},{a2},{b1})"
                    );
                }
            }
        }
    }
}

/// Category counts get secondary suppression too. R has A (40 staff: 20 V, 20 M) and B (40: 35 V,
/// 5 M). B: M = 5 < 10 → primary, and V's rest is 5 → primary. For M, R = A + B (25 = 20 + 5)
/// has one withheld term under a shown total → A's M is withheld; then A's group V + M = 40
/// would give A's M away → A's V is withheld too. R's own counts stay (55 V, 25 M).
#[test]
fn categorieen_krijgen_ook_secundaire_onderdrukking() {
    let b = boom(&[("R", None), ("A", Some("R")), ("B", Some("R"))]);
    let mut rijen = personeel("A", 40, 0);
    let mut rijen_b = personeel("B", 40, 100);
    for (i, r) in rijen_b.iter_mut().enumerate() {
        r.geslacht = Some(if i < 35 { Geslacht::V } else { Geslacht::M });
    }
    rijen.extend(rijen_b);
    let f = feiten(&rijen, &[("A", 15), ("B", 15)]);
    let m = bereken(&b, d("2025-12-31"), &f, &HashMap::new(), T);
    let k = |g: &str, w: &str| (g.to_string(), w.to_string());
    let status = |c: &str, g: &str, w: &str| {
        some(m.eenheid(c))
            .categorie_onderdrukt
            .get(&k(g, w))
            .copied()
    };
    assert_eq!(status("B", "geslacht", "M"), Some(Onderdrukking::Primair));
    assert_eq!(status("B", "geslacht", "V"), Some(Onderdrukking::Primair));
    assert_eq!(status("A", "geslacht", "M"), Some(Onderdrukking::Secundair));
    assert_eq!(status("A", "geslacht", "V"), Some(Onderdrukking::Secundair));
    assert_eq!(status("R", "geslacht", "V"), None);
    assert_eq!(some(m.eenheid("R")).categorieen[&k("geslacht", "M")], 25);
}
