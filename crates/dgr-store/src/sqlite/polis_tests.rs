//! The polis indexes of issue #13: current rows keyed by pay period first, a person's rows by
//! segment of version ids, and the fiscaal nummers that ever had a person in their polis data
//! (the lookup's fishing signal) as pairs of their own.

use rusqlite::{Connection, params};

use super::rapportage::polis_van_sql;
use super::transactie::HEEFT_POLIS_BIJ;
use super::{SqliteStore, schema, zoekplan};
use crate::postgres::tests::{bsn, d, levering, lhn, ok, polis, t};
use crate::{Schrijfuitkomst, Store as _};
use dgr_core::{Bron, FiscaalNummer, LeveringSoort};

fn fiscaal(f: &str) -> FiscaalNummer {
    FiscaalNummer::parse(f).unwrap_or_else(|e| unreachable!("{e:?}"))
}

/// The pairs of BSN and fiscaal nummer held.
fn paren(store: &SqliteStore) -> i64 {
    store
        .conn
        .query_row("SELECT count(*) FROM polis_werkgevers", [], |r| r.get(0))
        .unwrap_or_else(|e| unreachable!("{e}"))
}

/// Every fiscaal nummer that had the person in a written version counts, as employer or as
/// hirer, also after a correction replaced that version (as the check over all versions did
/// before): A's January row at 123456782L01 hired out to 111222333L01 is corrected to hirer
/// 012345672L01, so A is known at all three; B only at 123456782. The answers are also those of
/// the check this replaced, over every version's loonheffingennummer and inlener ranges.
#[test]
fn werkgevers_van_een_persoon_ook_als_inlener_en_na_correctie() {
    let mut store = ok(SqliteStore::in_geheugen());
    let (a, b) = ("111222333", "123456782");
    let jan = (d(2024, 1, 1), d(2024, 1, 31));
    {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P", t(1))));
        let mut rij = polis(a, "123456782L01", jan.0, jan.1, 16_000);
        rij.inlener = Some(lhn("111222333L01"));
        assert_eq!(ok(tx.schrijf_polis(&rij, t(1), l)), Schrijfuitkomst::Nieuw);
        assert_eq!(
            ok(tx.schrijf_polis(&rij, t(1), l)),
            Schrijfuitkomst::Ongewijzigd
        );
        rij.inlener = Some(lhn("012345672L01"));
        assert_eq!(
            ok(tx.schrijf_polis(&rij, t(1), l)),
            Schrijfuitkomst::Gewijzigd
        );
        let mut ander = polis(b, "123456782L02", jan.0, jan.1, 8_000);
        ander.inlener = None;
        assert_eq!(
            ok(tx.schrijf_polis(&ander, t(1), l)),
            Schrijfuitkomst::Nieuw
        );
        ok(tx.commit());
    }
    let bij = |p: &str, f: &str| ok(store.heeft_polis_bij(bsn(p), fiscaal(f)));
    assert!(bij(a, "123456782"));
    assert!(bij(a, "111222333"));
    assert!(bij(a, "012345672"));
    assert!(!bij(a, "999999990"));
    // B worked at 123456782 (L02 is a subnumber of the same fiscaal nummer), nowhere else
    assert!(bij(b, "123456782"));
    assert!(!bij(b, "111222333"));
    assert!(!bij(b, "012345672"));
    // pairs: (A, 123456782), (A, 111222333), (A, 012345672), (B, 123456782)
    assert_eq!(paren(&store), 4);
    let eerder = |p: &str, f: &str| -> bool {
        store
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM polis_versies WHERE bsn = ?1 AND loonheffingennummer BETWEEN ?2 * 100 AND ?2 * 100 + 99) \
                 OR EXISTS (SELECT 1 FROM polis_versies WHERE bsn = ?1 AND inlener BETWEEN ?2 * 100 AND ?2 * 100 + 99)",
                params![bsn(p).waarde(), fiscaal(f).waarde()],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    for p in [a, b, "012345672"] {
        for f in ["123456782", "111222333", "012345672", "999999990"] {
            assert_eq!(bij(p, f), eerder(p, f), "{p} bij {f}");
        }
    }
}

/// A person's rows are found in every segment of 2^20 = 1,048,576 version ids, also the first
/// and last id of a segment and past segments holding none of theirs: ids 1 and 1,048,575 lie
/// in segment 0, 1,048,576 in segment 1 (1,048,576 >> 20 = 1) and 5,242,883 in segment 5
/// (5 × 1,048,576 = 5,242,880); segments 2 to 4 hold one row of another person (id 3,145,728,
/// segment 3) or nothing.
#[test]
fn polis_van_leest_elk_segment() {
    let mut store = ok(SqliteStore::in_geheugen());
    let l = {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P", t(1))));
        ok(tx.commit());
        l
    };
    let (a, b) = ("111222333", "123456782");
    let rijen = [
        (1_i64, a, "2024-01-01"),
        (1_048_575, a, "2024-02-01"),
        (1_048_576, a, "2024-03-01"),
        (3_145_728, b, "2024-03-01"),
        (5_242_883, a, "2024-04-01"),
    ];
    for (id, p, begin) in rijen {
        store
            .conn
            .execute(
                "INSERT INTO polis_versies (versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, \
                 tijdvak_einde, uren, soort, geregistreerd_op, vervallen_op, levering_id) \
                 VALUES (?1, ?2, 12345678201, NULL, ?3, ?3, 100, 'REGULIER', 0, NULL, ?4)",
                params![id, bsn(p).waarde(), begin, l],
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
    }
    let van_a = ok(store.polis_van(bsn(a), t(1)));
    let begins: Vec<String> = van_a.iter().map(|r| r.tijdvak_begin.to_string()).collect();
    assert_eq!(
        begins,
        ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
    );
    assert_eq!(ok(store.polis_van(bsn(b), t(1))).len(), 1);
    assert!(ok(store.polis_van(bsn("012345672"), t(1))).is_empty());
}

/// SQLite uses an index on an expression only for that very expression: the migration and the
/// query must agree on `versie_id >> 20`, and every polis read by person or key goes straight to
/// its index instead of scanning a table of millions of rows.
#[test]
fn polisindexen_worden_gebruikt() {
    let store = ok(SqliteStore::in_geheugen());
    let migraties = schema::MIGRATIES.join("\n");
    assert!(migraties.contains("((versie_id >> 20), bsn)"));
    assert!(polis_van_sql().contains("(versie_id >> 20) IN"));
    let van = zoekplan(&store.conn, polis_van_sql(), &[&"1", &"2"]);
    assert!(
        van.contains("polis_versies_segment_bsn (<expr>=? AND bsn=?)"),
        "{van}"
    );
    let bij = zoekplan(&store.conn, HEEFT_POLIS_BIJ, &[&"1", &"2"]);
    assert!(
        bij.contains("polis_werkgevers USING PRIMARY KEY (bsn=? AND fiscaal_nummer=?)"),
        "{bij}"
    );
    let sleutel = zoekplan(
        &store.conn,
        "SELECT versie_id FROM polis_versies WHERE bsn = ?1 AND loonheffingennummer = ?2 \
         AND tijdvak_begin = ?3 AND tijdvak_einde = ?4 AND vervallen_op IS NULL",
        &[&"1", &"2", &"3", &"4"],
    );
    assert!(sleutel.contains("polis_versies_huidig"), "{sleutel}");
    for p in [van, bij, sleutel] {
        assert!(!p.contains("SCAN polis_versies"), "{p}");
    }
}

/// A register made before the pairs existed gets them from its polis rows when opened: every
/// loonheffingennummer and inlener of every version, as fiscaal nummer (lhn ÷ 100).
#[test]
fn migratie_vult_de_werkgevers_uit_de_polisrijen() {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let pad = map.path().join("nl.db");
    let l = {
        let mut store = ok(SqliteStore::open(&pad));
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P", t(1))));
        ok(tx.commit());
        l
    };
    {
        // back to the schema before the pairs: the rows written without them
        let conn = Connection::open(&pad).unwrap_or_else(|e| unreachable!("{e}"));
        let versie = schema::MIGRATIES
            .iter()
            .position(|m| m.contains("CREATE TABLE polis_werkgevers"))
            .unwrap_or_else(|| unreachable!("the migration of polis_werkgevers"));
        // going back to `versie` runs every later migration again too: undo those here as
        // well when one is added
        assert_eq!(
            versie,
            schema::MIGRATIES.len() - 1,
            "a later migration would run twice"
        );
        conn.execute_batch(&format!(
            "DROP TABLE polis_werkgevers;
             DROP INDEX polis_versies_segment_bsn;
             CREATE INDEX polis_versies_bsn_werkgever ON polis_versies (bsn, loonheffingennummer, inlener);
             INSERT INTO polis_versies (bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren, soort,
                 geregistreerd_op, vervallen_op, levering_id) VALUES
                 (111222333, 12345678201, 11122233301, '2024-01-01', '2024-01-31', 100, 'REGULIER', 0, 5, {l}),
                 (111222333, 12345678202, NULL, '2024-01-01', '2024-01-31', 100, 'REGULIER', 5, NULL, {l}),
                 (123456782, 99999999001, NULL, '2024-01-01', '2024-01-31', 100, 'REGULIER', 0, NULL, {l});
             PRAGMA user_version = {versie};"
        ))
        .unwrap_or_else(|e| unreachable!("{e}"));
    }
    let store = ok(SqliteStore::open(&pad));
    let gevuld: Vec<(i64, i64)> = store
        .conn
        .prepare("SELECT bsn, fiscaal_nummer FROM polis_werkgevers ORDER BY bsn, fiscaal_nummer")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()
        })
        .unwrap_or_else(|e| unreachable!("{e}"));
    // 12345678201 / 100 = 123456782 (twice: L01 and L02), 11122233301 / 100 = 111222333,
    // 99999999001 / 100 = 999999990
    assert_eq!(
        gevuld,
        [
            (111_222_333, 111_222_333),
            (111_222_333, 123_456_782),
            (123_456_782, 999_999_990)
        ]
    );
    assert!(ok(
        store.heeft_polis_bij(bsn("111222333"), fiscaal("111222333"))
    ));
    assert_eq!(ok(store.polis_van(bsn("111222333"), t(1))).len(), 1);
}

/// A delivery rolled back (strict mode with a row error, a failed commit) leaves no pair: the
/// pairs are written inside its transaction, just before the commit.
#[test]
fn teruggedraaide_levering_laat_geen_werkgever_achter() {
    let mut store = ok(SqliteStore::in_geheugen());
    {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P", t(1))));
        let rij = polis(
            "111222333",
            "123456782L01",
            d(2024, 1, 1),
            d(2024, 1, 31),
            100,
        );
        assert_eq!(ok(tx.schrijf_polis(&rij, t(1), l)), Schrijfuitkomst::Nieuw);
        // dropped without commit
    }
    assert!(!ok(
        store.heeft_polis_bij(bsn("111222333"), fiscaal("123456782"))
    ));
    assert_eq!(paren(&store), 0);
}
