//! The polis storage of issue #13: rows by version id, found per first day through the stretches
//! of `polis_stukken`, a person's rows per polis delivery, version ids from a counter, and the
//! fiscaal nummers
//! that ever had a person in their polis data (the lookup's fishing signal) as pairs of their own.

use rusqlite::{Connection, params};

use super::polisvorm::{als_tekst_sql, dag_getal};
use super::rapportage::{POLIS_OP_DAGEN, polis_van_sql};
use super::transactie::{HEEFT_POLIS_BIJ, HUIDIGE_POLISVERSIE, HUIDIGE_POLISVERSIES_VAN_DAG};
use super::{SqliteStore, schema, zoekplan};
use crate::postgres::tests::{bsn, d, levering, lhn, ok, polis, t};
use crate::{Schrijfuitkomst, Store as _, Transactie as _};
use dgr_core::{Bron, FiscaalNummer, LeveringSoort};

fn fiscaal(f: &str) -> FiscaalNummer {
    FiscaalNummer::parse(f).unwrap_or_else(|e| unreachable!("{e:?}"))
}

/// What the schema does not check itself (issue #13 dropped the unique index of current rows,
/// and keeps the stretches of first days beside the table): at most one current version per
/// key, no version id twice, and every version in exactly one stretch of `polis_stukken`, of
/// its own first day and delivery, with no id in a stretch that is not a version.
fn sleutels_heel(store: &SqliteStore) {
    let tel = |sql: &str| tel(store, sql);
    assert_eq!(
        tel(
            "SELECT count(*) FROM polis_versies p WHERE (SELECT count(*) FROM polis_stukken s \
             WHERE p.versie_id BETWEEN s.eerste AND s.laatste) != 1 OR NOT EXISTS (SELECT 1 \
             FROM polis_stukken s WHERE p.versie_id BETWEEN s.eerste AND s.laatste \
             AND s.dag = p.tijdvak_begin AND s.levering_id = p.levering_id)"
        ),
        0
    );
    assert_eq!(
        tel("SELECT coalesce(sum(laatste - eerste + 1), 0) FROM polis_stukken"),
        tel("SELECT count(*) FROM polis_versies")
    );
    assert_eq!(
        tel(
            "SELECT count(*) FROM (SELECT 1 FROM polis_versies WHERE vervallen_op IS NULL \
             GROUP BY tijdvak_begin, bsn, loonheffingennummer, tijdvak_einde HAVING count(*) > 1)"
        ),
        0
    );
    assert_eq!(
        tel(
            "SELECT count(*) FROM (SELECT 1 FROM polis_versies GROUP BY versie_id HAVING count(*) > 1)"
        ),
        0
    );
    personenblokken_heel(store);
}

/// The person blocks (`polis_bsn_blokken`) hold exactly the pairs (delivery, BSN, version id)
/// of `polis_versies`, each block's pairs sorted and within its first and last BSN, and per
/// delivery the blocks in order without overlap, so no BSN is split over two.
fn personenblokken_heel(store: &SqliteStore) {
    let mut uit_blokken: Vec<(i64, i64, i64)> = Vec::new();
    let mut stmt = store
        .conn
        .prepare(
            "SELECT levering_id, eerste_bsn, laatste_bsn, paren FROM polis_bsn_blokken \
             ORDER BY levering_id, eerste_bsn",
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
    let mut rijen = stmt.query([]).unwrap_or_else(|e| unreachable!("{e}"));
    let mut vorige: Option<(i64, i64)> = None;
    while let Some(r) = rijen.next().unwrap_or_else(|e| unreachable!("{e}")) {
        let (l, eerste, laatste): (i64, i64, i64) = (
            r.get(0).unwrap_or_default(),
            r.get(1).unwrap_or_default(),
            r.get(2).unwrap_or_default(),
        );
        if let Some((vl, vlaatste)) = vorige {
            assert!(
                vl != l || vlaatste < eerste,
                "blocks of delivery {l} overlap"
            );
        }
        vorige = Some((l, laatste));
        let mut paren = Vec::new();
        ok(super::bsnblokken::lees(
            ok(super::bsnblokken::paren(r, 3)),
            |b, v| paren.push((l, i64::from(b), v)),
        ));
        assert!(paren.is_sorted(), "a block out of order");
        assert_eq!(paren.first().map(|p| p.1), Some(eerste));
        assert_eq!(paren.last().map(|p| p.1), Some(laatste));
        uit_blokken.extend(paren);
    }
    let uit_tabel: Vec<(i64, i64, i64)> = tupels(
        store,
        "SELECT levering_id, bsn, versie_id FROM polis_versies ORDER BY 1, 2, 3",
    );
    assert_eq!(uit_blokken, uit_tabel);
}

/// The rows `sql` reads from `store`, each made by `rij`.
fn lijst<T>(
    store: &SqliteStore,
    sql: &str,
    rij: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    super::rijen(&store.conn, sql, &[], rij)
}

/// The rows `sql` reads from `store`, each as a tuple of its columns (rusqlite's conversion of
/// a row to a tuple, column by column).
fn tupels<T>(store: &SqliteStore, sql: &str) -> Vec<T>
where
    T: for<'r> TryFrom<&'r rusqlite::Row<'r>, Error = rusqlite::Error>,
{
    lijst(store, sql, |r| T::try_from(r))
}

/// The stretches of `polis_stukken` in order of their first id: day (as its date, `polisvorm`),
/// first and last id, delivery.
fn stukken(store: &SqliteStore) -> Vec<(String, i64, i64, i64)> {
    tupels(
        store,
        "SELECT date(dag * 86400, 'unixepoch'), eerste, laatste, levering_id FROM polis_stukken \
         ORDER BY eerste",
    )
}

/// The pairs of BSN and fiscaal nummer held, merged or still new.
fn paren(store: &SqliteStore) -> i64 {
    tel(
        store,
        "SELECT count(*) FROM (SELECT bsn, fiscaal_nummer FROM polis_werkgevers \
         UNION SELECT bsn, fiscaal_nummer FROM polis_werkgevers_nieuw)",
    )
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

/// The store remembers the pairs it knows are recorded, so a delivery inserts only new ones;
/// a pair of a transaction that did not commit is not remembered. (In these tests the store
/// reads the recorded pairs at the first polis commit of any size.) With one store throughout:
/// delivery 0, the store's first, writes C at 012345672 and a person of no delivery, and fails
/// at its COMMIT (the person's foreign key to its delivery, deferred), after its pairs went in; delivery 1 records
/// (A, 123456782); delivery 2 writes A again and B at 111222333 but is dropped, so B is not
/// recorded; delivery 3 writes B at 111222333 and C at 012345672 again, and both must now be
/// recorded (either would be missing had the store remembered it from delivery 0 or 2): 3
/// pairs, each answered yes, and no other.
#[test]
fn bekende_paren_alleen_na_commit() {
    let mut store = ok(SqliteStore::in_geheugen());
    let (a, b, c) = ("111222333", "123456782", "012345672");
    let jan = (d(2024, 1, 1), d(2024, 1, 31));
    let rij = |p: &str, werkgever: &str| {
        let mut rij = polis(p, werkgever, jan.0, jan.1, 8_000);
        rij.inlener = None;
        rij
    };
    {
        let mut tx = ok(store.begin());
        tx.tx
            .pragma_update(None, "defer_foreign_keys", "ON")
            .unwrap_or_else(|e| unreachable!("{e}"));
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P0", t(1))));
        ok(tx.schrijf_polis(&rij(c, "012345672L01"), t(1), l));
        let persoon = dgr_core::gegevens::Persoon {
            bsn: bsn(c),
            geboortedatum: dgr_core::datum::parse_brp_datum("1970-01-01")
                .unwrap_or_else(|e| unreachable!("{e:?}")),
            overlijdensdatum: None,
            woongemeente: None,
        };
        ok(tx.schrijf_persoon(&persoon, t(1), 999));
        assert!(Box::new(tx).commit().is_err(), "no delivery 999");
    }
    assert_eq!(paren(&store), 0);
    let lever = |store: &mut SqliteStore, k: &str, rijen: &[(&str, &str)], commit: bool| {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, k, t(1))));
        for (p, werkgever) in rijen {
            ok(tx.schrijf_polis(&rij(p, werkgever), t(1), l));
        }
        if commit {
            ok(tx.commit());
        }
    };
    lever(&mut store, "P1", &[(a, "123456782L01")], true);
    lever(
        &mut store,
        "P2",
        &[(a, "123456782L01"), (b, "111222333L01")],
        false,
    );
    assert_eq!(paren(&store), 1);
    lever(
        &mut store,
        "P3",
        &[(b, "111222333L01"), (c, "012345672L01")],
        true,
    );
    assert_eq!(paren(&store), 3);
    let bij = |p: &str, f: &str| ok(store.heeft_polis_bij(bsn(p), fiscaal(f)));
    assert!(bij(a, "123456782"));
    assert!(bij(b, "111222333"));
    assert!(bij(c, "012345672"));
    assert!(!bij(a, "111222333"));
}

/// `polis_versies` with its pay period and kind in their text form (`polisvorm::als_tekst_sql`,
/// as `dgr migreer` reads them), every column in table order, by version id: the same rows
/// whether the table holds them as text (before the migration to numbers) or as numbers.
fn polis_als_tekst() -> String {
    let kolommen = [
        "versie_id",
        "bsn",
        "loonheffingennummer",
        "inlener",
        "tijdvak_begin",
        "tijdvak_einde",
        "uren",
        "soort",
        "geregistreerd_op",
        "vervallen_op",
        "levering_id",
    ]
    .map(|k| format!("{} AS {k}", als_tekst_sql("polis_versies", k)));
    format!(
        "SELECT {} FROM polis_versies ORDER BY versie_id",
        kolommen.join(", ")
    )
}

/// For a test that goes back to a migration before the one to numbers (`polisvorm`): the text
/// form of the pay periods and kinds back in `polis_versies` (its columns as they were then)
/// and `polis_stukken`, as the register wrote them before.
static POLIS_TERUG_NAAR_TEKST: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "CREATE TABLE polis_tekst AS {};
         DROP TABLE polis_versies;
         CREATE TABLE polis_versies (versie_id INTEGER PRIMARY KEY, bsn INTEGER NOT NULL,
             loonheffingennummer INTEGER NOT NULL, inlener INTEGER,
             tijdvak_begin TEXT NOT NULL, tijdvak_einde TEXT NOT NULL,
             uren INTEGER NOT NULL, soort TEXT NOT NULL, geregistreerd_op INTEGER NOT NULL,
             vervallen_op INTEGER, levering_id INTEGER NOT NULL);
         INSERT INTO polis_versies SELECT * FROM polis_tekst;
         DROP TABLE polis_tekst;
         CREATE TABLE stukken_tekst AS SELECT date(dag * 86400, 'unixepoch') AS dag, eerste,
             laatste, levering_id FROM polis_stukken;
         DROP TABLE polis_stukken;
         CREATE TABLE polis_stukken (dag TEXT NOT NULL, eerste INTEGER NOT NULL,
             laatste INTEGER NOT NULL, levering_id INTEGER NOT NULL,
             PRIMARY KEY (dag, eerste)) WITHOUT ROWID;
         INSERT INTO polis_stukken SELECT * FROM stukken_tekst;
         DROP TABLE stukken_tekst;",
        polis_als_tekst()
    )
});

/// The migration of the pay periods and kinds to numbers (issue #13, `polisvorm`). A register
/// as it was before: delivery A writes pay periods from 1 January 2024 to 1 January (k = 0,
/// REGULIER), to 2 January (k = 1, WSW_BESCHUT) and to 3 January (k = 2, BESCHUT_WERK); delivery B
/// corrects k = 1, so its first version is closed. Brought back to the text form, with a report
/// copy and two versions the register never writes: 1,000 with a first day that is no date, a
/// last day that does not exist (30 February) and a kind it does not know; 1,001 with a kind
/// in lower case between spaces. After the migration the days are numbers worked out by hand
/// (2024-01-01 is 54 · 365 + 13 leap days = 19,723 days after 1970-01-01; the last days 19,723,
/// 19,724 and 19,725; 31 January 19,753), the kinds are 0, 1 and 2, and the stretch is of day
/// 19,723; version 1,000 kept its texts, and 1,001's kind is read as parsing reads it (1); the person's rows read as before; the report copy and the three
/// triggers are there; and a new delivery finds the current versions (unchanged again).
#[test]
fn migratie_zet_tijdvak_en_soort_om_in_getallen() {
    use dgr_core::gegevens::PolisSoort;
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let pad = map.path().join("nl.db");
    let jan = d(2024, 1, 1);
    let soorten = [
        PolisSoort::Regulier,
        PolisSoort::WswBeschut,
        PolisSoort::BeschutWerk,
    ];
    let rij = |k: u64, uren| {
        let mut r = sleutel_k(jan, k, uren);
        r.soort = soorten[k as usize];
        r
    };
    let voor = {
        let mut store = ok(SqliteStore::open(&pad));
        lever(&mut store, "A", 1, (0..3).map(|k| rij(k, 100)));
        lever(&mut store, "B", 2, [rij(1, 200)]);
        let voor = ok(store.polis_van(bsn("111222333"), t(3)));
        super::terug_voor_migratie(
            &store.conn,
            "CREATE TABLE polis_versies_compact",
            &format!(
                "{}
                 INSERT INTO polis_versies (versie_id, bsn, loonheffingennummer, tijdvak_begin,
                     tijdvak_einde, uren, soort, geregistreerd_op, levering_id)
                     VALUES (1000, 999999990, 12345678201, 'geen datum', '2024-02-30', 1,
                     'ONBEKEND', 0, 1), (1001, 999999990, 12345678201, '2024-01-01', '2024-01-31',
                     1, ' wsw_beschut ', 0, 1);
                 INSERT INTO rapportkopieen (naam, stand, gegevens)
                     VALUES ('polis_versies:2024-01', 5, x'00');",
                *POLIS_TERUG_NAAR_TEKST
            ),
        );
        let soort: String = store
            .conn
            .query_row(
                "SELECT soort FROM polis_versies WHERE versie_id = 2",
                [],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(soort, "WSW_BESCHUT", "the text form before the migration");
        voor
    };
    let store = ok(SqliteStore::open(&pad));
    let rijen: Vec<(i64, String, String, String)> = tupels(
        &store,
        "SELECT versie_id, typeof(tijdvak_begin) || ' ' || tijdvak_begin, \
         typeof(tijdvak_einde) || ' ' || tijdvak_einde, typeof(soort) || ' ' || soort \
         FROM polis_versies ORDER BY versie_id",
    );
    let getal = |n: i64| format!("integer {n}");
    assert_eq!(
        rijen,
        [
            (1, getal(19_723), getal(19_723), getal(0)),
            (2, getal(19_723), getal(19_724), getal(1)),
            (3, getal(19_723), getal(19_725), getal(2)),
            (4, getal(19_723), getal(19_724), getal(1)),
            (
                1000,
                "text geen datum".to_string(),
                "text 2024-02-30".to_string(),
                "text ONBEKEND".to_string()
            ),
            (1001, getal(19_723), getal(19_753), getal(1)),
        ]
    );
    let stukken: Vec<(String, i64, i64)> = tupels(
        &store,
        "SELECT typeof(dag) || ' ' || dag, eerste, laatste FROM polis_stukken ORDER BY eerste",
    );
    assert_eq!(stukken, [(getal(19_723), 1, 3), (getal(19_723), 4, 4)]);
    let kopie = "SELECT count(*) FROM rapportkopieen WHERE naam = 'polis_versies:2024-01'";
    assert_eq!(tel(&store, kopie), 1, "kept by the migration");
    ok(store
        .conn
        .execute("DELETE FROM polis_versies WHERE versie_id >= 1000", [])
        .map_err(crate::StoreFout::from));
    assert_eq!(tel(&store, kopie), 0, "the delete fired the trigger");
    assert_eq!(
        tel(
            &store,
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' \
             AND tbl_name = 'polis_versies' AND name LIKE 'rapportkopie_polis_%'"
        ),
        3
    );
    assert_eq!(ok(store.polis_van(bsn("111222333"), t(3))), voor);
    sleutels_heel(&store);
    let mut store = store;
    let mut tx = ok(store.transactie());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "C", t(4))));
    for (k, uren) in [(0, 100), (1, 200), (2, 100)] {
        let uitkomst = ok(tx.schrijf_polis(&rij(k, uren), t(4), l));
        assert_eq!(uitkomst, Schrijfuitkomst::Ongewijzigd, "k = {k}");
    }
    drop(tx);
}

/// The migration that takes the foreign key off the polis rows (issue #13) keeps every version
/// as it was (ids and contents), the index by delivery and BSN, the three triggers of the report
/// copies and the copies themselves. The register before it is made by the store and given the
/// table as it was then (with `REFERENCES leveringen (id)`). After it the table names no foreign
/// key, and the writer refuses a row of an unknown delivery (999) at its write, at once, while
/// a known delivery's row is accepted.
#[test]
fn migratie_neemt_de_foreign_key_van_de_polis() {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let pad = map.path().join("nl.db");
    let alle = &polis_als_tekst();
    let (l, voor) = {
        let mut store = ok(SqliteStore::open(&pad));
        let jan = d(2024, 1, 1);
        let rijen =
            [(0, 100), (1, 100), (2, 100), (1, 200)].map(|(k, uren)| sleutel_k(jan, k, uren));
        let l = lever(&mut store, "P", 1, rijen);
        super::terug_voor_migratie(
            &store.conn,
            "CREATE TABLE polis_versies_zonder_fk",
            &format!(
                "{}
                 ALTER TABLE polis_versies RENAME TO zonder_fk;
                 CREATE TABLE polis_versies (versie_id INTEGER PRIMARY KEY, bsn INTEGER NOT NULL,
                     loonheffingennummer INTEGER NOT NULL, inlener INTEGER,
                     tijdvak_begin TEXT NOT NULL, tijdvak_einde TEXT NOT NULL,
                     uren INTEGER NOT NULL, soort TEXT NOT NULL,
                     geregistreerd_op INTEGER NOT NULL, vervallen_op INTEGER,
                     levering_id INTEGER NOT NULL REFERENCES leveringen (id));
                 INSERT INTO polis_versies SELECT * FROM zonder_fk;
                 DROP TABLE zonder_fk;
                 CREATE INDEX polis_versies_levering_bsn ON polis_versies (levering_id, bsn);
                 INSERT INTO rapportkopieen (naam, stand, gegevens)
                     VALUES ('polis_versies:2024-01', 5, x'00');",
                *POLIS_TERUG_NAAR_TEKST
            ),
        );
        let sleutels = tel(
            &store,
            "SELECT count(*) FROM pragma_foreign_key_list('polis_versies')",
        );
        assert_eq!(sleutels, 1, "the table as it was before the migration");
        (l, super::alle_kolommen(&store.conn, alle))
    };
    // 4 versions: k = 0, 1 (closed by the fourth), 2, and k = 1 again with 200 hundredths
    assert_eq!(voor.len(), 4);
    let mut store = ok(SqliteStore::open(&pad));
    assert_eq!(super::alle_kolommen(&store.conn, alle), voor);
    let telling = |sql: &str| tel(&store, sql);
    assert_eq!(
        telling("SELECT count(*) FROM pragma_foreign_key_list('polis_versies')"),
        0
    );
    // the index this migration copied is gone again after the later migration of the person
    // blocks, which hold the 4 versions instead (checked whole by `sleutels_heel` below)
    assert_eq!(
        telling(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' \
             AND name = 'polis_versies_levering_bsn'"
        ),
        0
    );
    assert_eq!(telling("SELECT count(*) FROM polis_bsn_blokken"), 1);
    assert_eq!(
        telling(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' \
             AND tbl_name = 'polis_versies' AND name LIKE 'rapportkopie_polis_%'"
        ),
        3
    );
    assert_eq!(
        telling("SELECT count(*) FROM rapportkopieen WHERE naam = 'polis_versies:2024-01'"),
        1
    );
    let mut tx = ok(store.transactie());
    let fout = tx
        .schrijf_polis(&sleutel_k(d(2024, 2, 1), 0, 1), t(2), 999)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(fout.contains("de levering bestaat niet"), "{fout}");
    drop(tx);
    let mut tx = ok(store.transactie());
    let nieuw = ok(tx.schrijf_polis(&sleutel_k(d(2024, 2, 1), 0, 1), t(2), l));
    assert_eq!(nieuw, Schrijfuitkomst::Nieuw);
    ok(tx.commit());
    assert_eq!(tel(&store, "SELECT count(*) FROM polis_versies"), 5);
    sleutels_heel(&store);
}

/// A person's rows are found in every polis delivery, also past deliveries holding none of
/// theirs and deliveries of another kind in between: A has rows in polis deliveries 1 and 3 (ids
/// as registered), B only in 2; the person delivery between them holds no polis rows. A's rows
/// come in pay period order, and versions of one key in the order they were written.
#[test]
fn polis_van_leest_elke_levering() {
    let mut store = ok(SqliteStore::in_geheugen());
    let (a, b) = ("111222333", "123456782");
    let jan = (d(2024, 1, 1), d(2024, 1, 31));
    let feb = (d(2024, 2, 1), d(2024, 2, 29));
    let mar = (d(2024, 3, 1), d(2024, 3, 31));
    let leveringen = [
        (LeveringSoort::Polis, vec![(a, feb, 200), (a, jan, 100)]),
        (LeveringSoort::Polis, vec![(b, jan, 300)]),
        (LeveringSoort::Personen, vec![]),
        (LeveringSoort::Polis, vec![(a, mar, 400), (a, jan, 150)]),
        (LeveringSoort::Polis, vec![]),
    ];
    for (n, (soort, rijen)) in leveringen.into_iter().enumerate() {
        let mut tx = ok(store.transactie());
        let tijd = t(i64::try_from(n).unwrap_or_default() + 1);
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, soort, &format!("L{n}"), tijd)));
        for (p, (begin, einde), uren) in rijen {
            ok(tx.schrijf_polis(&polis(p, "123456782L01", begin, einde, uren), tijd, l));
        }
        ok(tx.commit());
    }
    let uren = |p: &str, bekend: i64| -> Vec<(String, i64)> {
        ok(store.polis_van(bsn(p), t(bekend)))
            .iter()
            .map(|r| (r.tijdvak_begin.to_string(), r.verloonde_uren.0))
            .collect()
    };
    // known at t(10): January corrected to 150 in the fourth delivery, February, March
    let a_nu = [
        ("2024-01-01", 150),
        ("2024-02-01", 200),
        ("2024-03-01", 400),
    ];
    assert_eq!(uren(a, 10), a_nu.map(|(b, u)| (b.to_string(), u)));
    // known at t(1), after the first delivery only: January as first delivered, February
    assert_eq!(
        uren(a, 1),
        [
            ("2024-01-01".to_string(), 100),
            ("2024-02-01".to_string(), 200)
        ]
    );
    assert_eq!(uren(b, 10), [("2024-01-01".to_string(), 300)]);
    assert!(ok(store.polis_van(bsn("012345672"), t(10))).is_empty());
    // all at once (R-07 in a report): at every bekend_op the rows `polis_van` gives per person,
    // each asked BSN in the answer (012345672, without rows, empty); at t(10) A's hours as above
    let c = "012345672";
    for bekend in [0, 1, 2, 3, 4, 5, 10] {
        let elk = ok(store.polis_van_elk(&[bsn(b), bsn(a), bsn(c), bsn(a)], t(bekend)));
        assert_eq!(elk.len(), 3);
        for p in [a, b, c] {
            assert_eq!(
                elk[&bsn(p)],
                ok(store.polis_van(bsn(p), t(bekend))),
                "{p} {bekend}"
            );
        }
    }
    let elk = ok(store.polis_van_elk(&[bsn(a)], t(10)));
    let a_uren: Vec<i64> = elk[&bsn(a)].iter().map(|r| r.verloonde_uren.0).collect();
    assert_eq!(a_uren, [150, 200, 400]);
}

/// Version ids come from a counter that survives the transaction and a reopened file: three
/// versions in a first delivery get ids 1, 2, 3; a rolled-back delivery gives none out for good;
/// the next delivery's version gets id 4 (3 + 1).
#[test]
fn versie_ids_lopen_door() {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let pad = map.path().join("nl.db");
    let rij = |p: &str, uren: i64| polis(p, "123456782L01", d(2024, 1, 1), d(2024, 1, 31), uren);
    {
        let mut store = ok(SqliteStore::open(&pad));
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "A", t(1))));
        for r in [
            rij("111222333", 1),
            rij("123456782", 2),
            rij("111222333", 3),
        ] {
            ok(tx.schrijf_polis(&r, t(1), l));
        }
        ok(tx.commit());
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(2))));
        ok(tx.schrijf_polis(&rij("012345672", 9), t(2), l));
        // dropped without commit
    }
    let mut store = ok(SqliteStore::open(&pad));
    let mut tx = ok(store.transactie());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "C", t(3))));
    ok(tx.schrijf_polis(&rij("012345672", 4), t(3), l));
    ok(tx.commit());
    let ids: Vec<(i64, i64, Option<i64>)> = tupels(
        &store,
        "SELECT versie_id, uren, vervallen_op FROM polis_versies ORDER BY versie_id",
    );
    // version 1 (111222333, 1 hour) was replaced in the same delivery by version 3 (3 hours)
    let t1 = super::tijd_getal(t(1));
    assert_eq!(
        ids,
        [(1, 1, Some(t1)), (2, 2, None), (3, 3, None), (4, 4, None)]
    );
    sleutels_heel(&store);
}

/// The answers of a polis write are those of a probe of the table whether or not the write
/// takes the fast way (a first day of a pay period on which no row started before the
/// transaction). A January row (1-31) is held. In a second delivery: a 4-weekly period from the
/// same first day (1-28) is a key of its own (Nieuw), the same again changes nothing
/// (Ongewijzigd), the January row with other hours replaces it (Gewijzigd); a February row on a
/// new first day is Nieuw, and written again with other hours in the same delivery Gewijzigd,
/// and with those hours once more Ongewijzigd.
#[test]
fn snelle_weg_geeft_dezelfde_antwoorden() {
    let mut store = ok(SqliteStore::in_geheugen());
    let (a, b) = ("111222333", "123456782");
    let rij = |p: &str, begin, einde, uren| polis(p, "123456782L01", begin, einde, uren);
    {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "A", t(1))));
        let jan = rij(a, d(2024, 1, 1), d(2024, 1, 31), 100);
        assert_eq!(ok(tx.schrijf_polis(&jan, t(1), l)), Schrijfuitkomst::Nieuw);
        ok(tx.commit());
    }
    let mut tx = ok(store.transactie());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(2))));
    let vier_weken = rij(a, d(2024, 1, 1), d(2024, 1, 28), 90);
    let jan_anders = rij(a, d(2024, 1, 1), d(2024, 1, 31), 120);
    let feb = rij(b, d(2024, 2, 1), d(2024, 2, 29), 50);
    let feb_anders = rij(b, d(2024, 2, 1), d(2024, 2, 29), 60);
    let antwoorden: Vec<Schrijfuitkomst> = [
        &vier_weken,
        &vier_weken,
        &jan_anders,
        &feb,
        &feb_anders,
        &feb_anders,
    ]
    .into_iter()
    .map(|r| ok(tx.schrijf_polis(r, t(2), l)))
    .collect();
    ok(tx.commit());
    assert_eq!(
        antwoorden,
        [
            Schrijfuitkomst::Nieuw,
            Schrijfuitkomst::Ongewijzigd,
            Schrijfuitkomst::Gewijzigd,
            Schrijfuitkomst::Nieuw,
            Schrijfuitkomst::Gewijzigd,
            Schrijfuitkomst::Ongewijzigd,
        ]
    );
    // current: A's January 120 and 4 weeks 90, B's February 60
    let uren = |p: &str| -> Vec<i64> {
        ok(store.polis_van(bsn(p), t(3)))
            .iter()
            .map(|r| r.verloonde_uren.0)
            .collect()
    };
    let mut a_uren = uren(a);
    a_uren.sort_unstable();
    assert_eq!(a_uren, [90, 120]);
    assert_eq!(uren(b), [60]);
    sleutels_heel(&store);
}

/// Every polis read by person, key or first day goes straight to its index, to the stretches of
/// its first days, or to ranges of the table's row ids, instead of scanning a table of millions
/// of rows.
#[test]
fn polisindexen_worden_gebruikt() {
    let store = ok(SqliteStore::in_geheugen());
    let ids = std::rc::Rc::new(vec![rusqlite::types::Value::Integer(1)]);
    let van = zoekplan(&store.conn, polis_van_sql(), &[&ids, &"2", &"3"]);
    assert!(
        van.contains("polis_versies USING INTEGER PRIMARY KEY (rowid=?)"),
        "{van}"
    );
    let blokken = zoekplan(&store.conn, super::bsnblokken::BLOKKEN_VAN, &[&"1"]);
    assert!(
        blokken.contains("SCAN l |")
            && blokken.contains("SEARCH b USING PRIMARY KEY (levering_id=? AND eerste_bsn<?)"),
        "{blokken}"
    );
    let blok = zoekplan(&store.conn, super::bsnblokken::BLOK_VAN, &[&"1", &"2"]);
    assert!(
        blok.contains("polis_bsn_blokken USING PRIMARY KEY (levering_id=? AND eerste_bsn<?)"),
        "{blok}"
    );
    let bij = zoekplan(&store.conn, HEEFT_POLIS_BIJ, &[&"1", &"2"]);
    assert!(
        bij.contains("SEARCH polis_werkgevers USING PRIMARY KEY (bsn=? AND fiscaal_nummer=?)")
            && bij.contains(
                "SEARCH polis_werkgevers_nieuw USING PRIMARY KEY (bsn=? AND fiscaal_nummer=?)"
            ),
        "{bij}"
    );
    let sleutel = zoekplan(
        &store.conn,
        HUIDIGE_POLISVERSIE,
        &[&"1", &"2", &"3", &"4", &"5"],
    );
    assert!(
        sleutel.contains("polis_versies USING INTEGER PRIMARY KEY (rowid=?)"),
        "{sleutel}"
    );
    let dagen = zoekplan(
        &store.conn,
        &format!("SELECT uren FROM {POLIS_OP_DAGEN}"),
        &[&19_723, &19_754],
    );
    assert!(
        dagen.contains("polis_stukken USING PRIMARY KEY (dag>? AND dag<?)")
            && dagen.contains("polis_versies USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"),
        "{dagen}"
    );
    let dag = zoekplan(&store.conn, HUIDIGE_POLISVERSIES_VAN_DAG, &[&19_723]);
    assert!(
        dag.contains("polis_stukken USING PRIMARY KEY (dag=?)")
            && dag.contains("polis_versies USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"),
        "{dag}"
    );
    for p in [van, blokken, blok, bij, sleutel, dagen, dag] {
        assert!(!p.contains("SCAN polis_versies"), "{p}");
    }
}

/// After 64 probes of the table for keys of one first day (issue #13), a transaction reads
/// that day's current versions at once, and answers as the probes would have. Delivery A holds
/// k = 0..=200 and k = 300 (hours 100) beginning 2024-01-01: 202 versions; delivery A2 corrects
/// k = 300 to 150, closing A's version. So the day held 203 versions, 202 current. Delivery B
/// repeats k = 0..63 unchanged: 64 probes, and 64 × 8 = 512 ≥ 203, so the 64th reads the day.
/// Then from what it read: k = 64 with 999 is Gewijzigd, k = 65 Ongewijzigd, k = 300 with 100
/// Gewijzigd (its current version is A2's 150, not A's closed 100), k = 250 Nieuw; and k = 64
/// with 999 again Ongewijzigd (B's own version). After the commit 203 + 3 = 206 versions, one
/// current per key: k = 0..=200, 250 and 300, 203 (206 − 3 closed: A's k = 64 and k = 300, A2's
/// k = 300). A delivery C probing the day 20 times does not read it (20 < 64).
#[test]
fn een_dag_in_een_keer_gelezen_geeft_dezelfde_antwoorden() {
    let mut store = ok(SqliteStore::in_geheugen());
    let jan = d(2024, 1, 1);
    lever(
        &mut store,
        "A",
        1,
        (0..=200).chain([300]).map(|k| sleutel_k(jan, k, 100)),
    );
    lever(&mut store, "A2", 2, [sleutel_k(jan, 300, 150)]);
    let mut tx = ok(store.begin());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(3))));
    for k in 0..64 {
        assert!(!tx.dag_geladen(jan), "read after {k} probes");
        let uitkomst = ok(tx.schrijf_polis(&sleutel_k(jan, k, 100), t(3), l));
        assert_eq!(uitkomst, Schrijfuitkomst::Ongewijzigd);
    }
    assert!(tx.dag_geladen(jan));
    let antwoorden: Vec<Schrijfuitkomst> = [(64, 999), (65, 100), (300, 100), (250, 1), (64, 999)]
        .into_iter()
        .map(|(k, uren)| ok(tx.schrijf_polis(&sleutel_k(jan, k, uren), t(3), l)))
        .collect();
    assert_eq!(
        antwoorden,
        [
            Schrijfuitkomst::Gewijzigd,
            Schrijfuitkomst::Ongewijzigd,
            Schrijfuitkomst::Gewijzigd,
            Schrijfuitkomst::Nieuw,
            Schrijfuitkomst::Ongewijzigd,
        ]
    );
    ok(crate::Transactie::commit(Box::new(tx)));
    assert_eq!(tel(&store, "SELECT count(*) FROM polis_versies"), 206);
    let huidig = "SELECT count(*) FROM polis_versies WHERE vervallen_op IS NULL";
    assert_eq!(tel(&store, huidig), 203);
    let mut tx = ok(store.begin());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "C", t(4))));
    for k in 100..120 {
        ok(tx.schrijf_polis(&sleutel_k(jan, k, 100), t(4), l));
    }
    assert!(!tx.dag_geladen(jan));
    drop(tx);
    sleutels_heel(&store);
}

/// A register made before the pairs and the stretches of first days existed is brought up to
/// date when opened: the pairs come from every loonheffingennummer and inlener of every
/// version, as fiscaal nummer (lhn ÷ 100); the versions keep their contents, and the ids they
/// had are given out again in the order of delivery, first day and BSN (version 10, the only
/// one beginning in December, becomes 7; 7, 8 and 9 move up one; 11, of the later delivery and
/// replacing 9, stays 11, above the version it replaced), so that each first day of a delivery
/// is one stretch; and the counter continues after the highest id.
#[test]
fn migratie_vult_de_werkgevers_en_ordent_de_polisrijen() {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let pad = map.path().join("nl.db");
    let (l, l2) = {
        let mut store = ok(SqliteStore::open(&pad));
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "P", t(1))));
        let l2 = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "Q", t(1))));
        ok(tx.commit());
        (l, l2)
    };
    {
        // back to the schema before the pairs: the table by version id, with its three indexes
        let conn = Connection::open(&pad).unwrap_or_else(|e| unreachable!("{e}"));
        let versie = schema::MIGRATIES
            .iter()
            .position(|m| m.contains("CREATE TABLE polis_werkgevers"))
            .unwrap_or_else(|| unreachable!("the migration of polis_werkgevers"));
        // going back to `versie` runs every later migration again too: undo those here as
        // well when one is added (those that drop indexes or the person blocks IF EXISTS, or
        // create an index IF NOT EXISTS, may run twice; the stretches of first days are
        // dropped below)
        assert_eq!(
            versie,
            schema::MIGRATIES.len() - 12,
            "a later migration would run twice"
        );
        conn.execute_batch(&format!(
            "DROP TABLE rapportkopieen;
             DROP TRIGGER rapportkopie_registraties_bijgewerkt;
             DROP TRIGGER rapportkopie_registraties_heropend;
             DROP TRIGGER rapportkopie_registraties_verwijderd;
             DROP TRIGGER rapportkopie_personen_bijgewerkt;
             DROP TRIGGER rapportkopie_personen_heropend;
             DROP TRIGGER rapportkopie_personen_verwijderd;
             DROP TABLE polis_werkgevers;
             DROP TABLE polis_volgnummer;
             DROP TABLE polis_leveringen;
             DROP TABLE polis_stukken;
             DROP TABLE polis_versies;
             CREATE TABLE polis_versies (
                 versie_id INTEGER PRIMARY KEY, bsn INTEGER NOT NULL, loonheffingennummer INTEGER NOT NULL,
                 inlener INTEGER, tijdvak_begin TEXT NOT NULL, tijdvak_einde TEXT NOT NULL,
                 uren INTEGER NOT NULL, soort TEXT NOT NULL, geregistreerd_op INTEGER NOT NULL,
                 vervallen_op INTEGER, levering_id INTEGER NOT NULL REFERENCES leveringen (id));
             CREATE UNIQUE INDEX polis_versies_huidig ON polis_versies
                 (tijdvak_begin, tijdvak_einde, bsn, loonheffingennummer) WHERE vervallen_op IS NULL;
             CREATE INDEX polis_versies_tijdvak ON polis_versies (tijdvak_begin);
             CREATE INDEX polis_versies_bsn_werkgever ON polis_versies (bsn, loonheffingennummer, inlener);
             INSERT INTO polis_versies (versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde,
                 uren, soort, geregistreerd_op, vervallen_op, levering_id) VALUES
                 (7, 111222333, 12345678201, 11122233301, '2024-01-01', '2024-01-31', 100, 'REGULIER', 0, 5, {l}),
                 (8, 111222333, 12345678202, NULL, '2024-01-01', '2024-01-31', 100, 'REGULIER', 5, NULL, {l}),
                 (9, 123456782, 99999999001, NULL, '2024-01-01', '2024-01-31', 100, 'REGULIER', 0, 5, {l}),
                 (10, 12345672, 99999999001, NULL, '2023-12-01', '2023-12-28', 50, 'REGULIER', 0, NULL, {l}),
                 (11, 123456782, 99999999001, NULL, '2024-01-01', '2024-01-31', 200, 'REGULIER', 5, NULL, {l2});
             PRAGMA user_version = {versie};"
        ))
        .unwrap_or_else(|e| unreachable!("{e}"));
    }
    let mut store = ok(SqliteStore::open(&pad));
    let gevuld: Vec<(i64, i64)> = tupels(
        &store,
        "SELECT bsn, fiscaal_nummer FROM polis_werkgevers ORDER BY bsn, fiscaal_nummer",
    );
    // 12345678201 / 100 = 123456782 (twice: L01 and L02), 11122233301 / 100 = 111222333,
    // 99999999001 / 100 = 999999990
    assert_eq!(
        gevuld,
        [
            (12_345_672, 999_999_990),
            (111_222_333, 111_222_333),
            (111_222_333, 123_456_782),
            (123_456_782, 999_999_990)
        ]
    );
    assert!(ok(
        store.heeft_polis_bij(bsn("111222333"), fiscaal("111222333"))
    ));
    // known at t(1): version 7 ended at 5 (before t(1)), version 8 holds
    let van = ok(store.polis_van(bsn("111222333"), t(1)));
    assert_eq!(
        van.iter()
            .map(|r| r.loonheffingennummer.als_getal())
            .collect::<Vec<_>>(),
        [12_345_678_202]
    );
    let ids: Vec<(i64, i64, String)> = tupels(
        &store,
        "SELECT versie_id, bsn, date(tijdvak_begin * 86400, 'unixepoch') FROM polis_versies \
         ORDER BY versie_id",
    );
    let jan = || "2024-01-01".to_string();
    assert_eq!(
        ids,
        [
            (7, 12_345_672, "2023-12-01".to_string()),
            (8, 111_222_333, jan()),
            (9, 111_222_333, jan()),
            (10, 123_456_782, jan()),
            (11, 123_456_782, jan())
        ]
    );
    let stukken = stukken(&store);
    assert_eq!(
        stukken,
        [
            ("2023-12-01".to_string(), 7, 7, l),
            (jan(), 8, 10, l),
            (jan(), 11, 11, l2)
        ]
    );
    // the next version gets id 12 (11 + 1)
    let mut tx = ok(store.transactie());
    let rij = polis(
        "012345672",
        "123456782L01",
        d(2024, 2, 1),
        d(2024, 2, 29),
        1,
    );
    ok(tx.schrijf_polis(&rij, t(2), l));
    ok(tx.commit());
    let hoogste: i64 = store
        .conn
        .query_row("SELECT max(versie_id) FROM polis_versies", [], |r| r.get(0))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(hoogste, 12);
    sleutels_heel(&store);
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
    let leveringen: i64 = store
        .conn
        .query_row("SELECT count(*) FROM polis_leveringen", [], |r| r.get(0))
        .unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(leveringen, 0);
}

/// New polis versions are inserted 64 per statement, and a waiting one before it is closed
/// (issue #13). One delivery writes 150 new keys of one person and
/// employer (pay periods starting 2024-01-01 and ending k days later, k = 0..149, hours 100 + k;
/// ids 1..=150): the transaction's first row at once (it names its id), two full
/// blocks of 64 and 21 waiting rows. A correction of k = 140 (hours 9,999)
/// must find that waiting row's version (id 141) and end it, so it becomes id 151; k = 10 as
/// delivered is unchanged (written in the first block); k = 150..152 are new (ids 152..154) and
/// still waiting at the commit. So 154 versions, 153 current; read back in id order: k = 0..139,
/// 141..149, then 140 with 9,999 hours, then 150..152. A delivery rolled back with 100 waiting
/// and written rows leaves nothing.
#[test]
fn polisversies_per_blok_en_voor_elke_lezing() {
    let mut store = ok(SqliteStore::in_geheugen());
    let rij = |k: u64, uren: i64| sleutel_k(d(2024, 1, 1), k, uren);
    let uren = |k: u64| 100 + i64::try_from(k).unwrap_or_default();
    {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(1))));
        for k in 0..150 {
            assert_eq!(
                ok(tx.schrijf_polis(&rij(k, uren(k)), t(1), l)),
                Schrijfuitkomst::Nieuw
            );
        }
        let gecorrigeerd = ok(tx.schrijf_polis(&rij(140, 9_999), t(1), l));
        assert_eq!(gecorrigeerd, Schrijfuitkomst::Gewijzigd);
        let zelfde = ok(tx.schrijf_polis(&rij(10, uren(10)), t(1), l));
        assert_eq!(zelfde, Schrijfuitkomst::Ongewijzigd);
        for k in 150..153 {
            assert_eq!(
                ok(tx.schrijf_polis(&rij(k, uren(k)), t(1), l)),
                Schrijfuitkomst::Nieuw
            );
        }
        ok(tx.commit());
    }
    assert_eq!(tel(&store, "SELECT count(*) FROM polis_versies"), 154);
    assert_eq!(
        tel(
            &store,
            "SELECT count(*) FROM polis_versies WHERE vervallen_op IS NULL"
        ),
        153
    );
    assert_eq!(
        tel(
            &store,
            "SELECT versie_id FROM polis_versies WHERE vervallen_op IS NOT NULL"
        ),
        141
    );
    assert_eq!(tel(&store, "SELECT volgende FROM polis_volgnummer"), 155);
    sleutels_heel(&store);
    let verwacht: Vec<i64> = (0..140)
        .chain(141..150)
        .map(uren)
        .chain([9_999])
        .chain((150..153).map(uren))
        .collect();
    let gelezen: Vec<i64> = ok(store.polis_van(bsn("111222333"), t(2)))
        .iter()
        .map(|r| r.verloonde_uren.0)
        .collect();
    assert_eq!(gelezen, verwacht);
    {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "C", t(3))));
        for k in 0..100 {
            ok(tx.schrijf_polis(&sleutel_k(d(2024, 2, 1), k, 1), t(3), l));
        }
    }
    assert_eq!(tel(&store, "SELECT count(*) FROM polis_versies"), 154);
    assert_eq!(tel(&store, "SELECT volgende FROM polis_volgnummer"), 155);
}

/// A probe of the table for a key this transaction did not write leaves the waiting versions
/// waiting (issue #13): it cannot find them, as they are of other keys. Delivery A holds
/// January keys k = 0..5 (begin 2024-01-01). Delivery B writes 10 new February keys (begin
/// 2024-02-01, a day empty before B: no probe): the first at once, nine waiting. Then k = 3 of
/// January with other hours (a probe, Gewijzigd) and k = 7 of January (a probe, Nieuw): still
/// one row of B in the table, and A's k = 3 (id 4) closed by B. After the commit: 5 + 12 = 17
/// versions, 16 current, ids 1..=17 in the order written.
#[test]
fn een_probe_laat_wachtende_versies_wachten() {
    let mut store = ok(SqliteStore::in_geheugen());
    lever(
        &mut store,
        "A",
        1,
        (0..5).map(|k| sleutel_k(d(2024, 1, 1), k, 100)),
    );
    let mut tx = ok(store.begin());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(2))));
    for k in 0..10 {
        let uitkomst = ok(tx.schrijf_polis(&sleutel_k(d(2024, 2, 1), k, 200), t(2), l));
        assert_eq!(uitkomst, Schrijfuitkomst::Nieuw);
    }
    let gewijzigd = ok(tx.schrijf_polis(&sleutel_k(d(2024, 1, 1), 3, 300), t(2), l));
    let nieuw = ok(tx.schrijf_polis(&sleutel_k(d(2024, 1, 1), 7, 300), t(2), l));
    assert_eq!(
        (gewijzigd, nieuw),
        (Schrijfuitkomst::Gewijzigd, Schrijfuitkomst::Nieuw)
    );
    let een = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> i64 {
        tx.tx
            .query_row(sql, p, |r| r.get(0))
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let van_b = "SELECT count(*) FROM polis_versies WHERE levering_id = ?1";
    assert_eq!(een(van_b, params![l]), 1);
    let gesloten = "SELECT versie_id FROM polis_versies WHERE vervallen_op IS NOT NULL";
    assert_eq!(een(gesloten, params![]), 4);
    ok(crate::Transactie::commit(Box::new(tx)));
    assert_eq!(tel(&store, "SELECT count(*) FROM polis_versies"), 17);
    assert_eq!(
        tel(
            &store,
            "SELECT count(*) FROM polis_versies WHERE vervallen_op IS NULL"
        ),
        16
    );
    let ids = lijst(
        &store,
        "SELECT versie_id FROM polis_versies ORDER BY versie_id",
        |r| r.get::<_, i64>(0),
    );
    assert_eq!(ids, (1..=17).collect::<Vec<_>>());
    sleutels_heel(&store);
}

/// A block of 64 waiting versions goes in one statement only when all are of one delivery and
/// one time of registration (they share those two parameters); otherwise each goes in on its
/// own, in order, with the same ids. One transaction writes two deliveries (A, then B) and
/// alternates the times t(1) and t(2) for B: A's 70 rows (one at once, one block of 64, five
/// waiting) get ids 1..=70, B's 130 rows get 71..=200, each stored with the time it was written
/// with (B's even k at t(1), odd k at t(2)), and every version is in a stretch of its day.
#[test]
fn blokken_alleen_van_een_levering_en_tijd() {
    let mut store = ok(SqliteStore::in_geheugen());
    let mut tx = ok(store.transactie());
    let a = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "A", t(1))));
    let b = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(1))));
    for k in 0..70 {
        ok(tx.schrijf_polis(&sleutel_k(d(2024, 1, 1), k, 100), t(1), a));
    }
    for k in 0..130 {
        let tijd = if k % 2 == 0 { t(1) } else { t(2) };
        ok(tx.schrijf_polis(&sleutel_k(d(2024, 3, 1), k, 100), tijd, b));
    }
    ok(tx.commit());
    let rijen: Vec<(i64, i64, i64)> = tupels(
        &store,
        "SELECT versie_id, levering_id, geregistreerd_op FROM polis_versies ORDER BY versie_id",
    );
    let (ta, tb) = (super::tijd_getal(t(1)), super::tijd_getal(t(2)));
    let verwacht: Vec<(i64, i64, i64)> = (1..=70)
        .map(|id| (id, a, ta))
        .chain((0..130).map(|k| (71 + k, b, if k % 2 == 0 { ta } else { tb })))
        .collect();
    assert_eq!(rijen, verwacht);
    sleutels_heel(&store);
}

/// A block of versions that begin on one day shares that day's parameter; a block over two
/// days binds it per row (issue #13): each version is stored with its own pay period either
/// way. One delivery writes 129 rows, k = 0..129, beginning on 2024-01-01 for even k and on
/// 2024-02-01 for odd k (written in that order, not sorted by day), each ending k days after
/// its first day with k hundredths of hours: ids 1..=129 in the order written (the first at
/// once, as the transaction's first, then two blocks of 64 over both days, none waiting); then
/// 64 more rows k = 200..264, all beginning 2024-03-01: one block of one day, ids 130..=193.
#[test]
fn blokken_van_een_dag_en_van_twee() {
    let mut store = ok(SqliteStore::in_geheugen());
    let begin = |k: u64| {
        if k >= 200 {
            d(2024, 3, 1)
        } else if k.is_multiple_of(2) {
            d(2024, 1, 1)
        } else {
            d(2024, 2, 1)
        }
    };
    let uren = |k: u64| i64::try_from(k).unwrap_or_default();
    let ks: Vec<u64> = (0..129).chain(200..264).collect();
    let mut tx = ok(store.transactie());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "A", t(1))));
    for &k in &ks {
        let uitkomst = ok(tx.schrijf_polis(&sleutel_k(begin(k), k, uren(k)), t(1), l));
        assert_eq!(uitkomst, Schrijfuitkomst::Nieuw);
    }
    ok(tx.commit());
    let rijen: Vec<(i64, String, String, i64)> = tupels(
        &store,
        "SELECT versie_id, date(tijdvak_begin * 86400, 'unixepoch'), \
         date(tijdvak_einde * 86400, 'unixepoch'), uren FROM polis_versies ORDER BY versie_id",
    );
    let verwacht: Vec<(i64, String, String, i64)> = ks
        .iter()
        .zip(1..)
        .map(|(&k, id)| {
            let b = begin(k);
            let e = b.checked_add_days(chrono::Days::new(k)).unwrap_or(b);
            (id, b.to_string(), e.to_string(), uren(k))
        })
        .collect();
    assert_eq!(rijen, verwacht);
    sleutels_heel(&store);
}

/// A day that held more than 8 versions per lookup so far is read whole only once it holds no
/// more (issue #13): delivery A holds 600 keys beginning 2024-01-01; delivery B repeats k =
/// 0..75 unchanged. At the 64th lookup 64 × 8 = 512 < 600, so B probes on; at the 75th
/// 75 × 8 = 600 ≥ 600, and B reads the day instead of probing. Every answer is Ongewijzigd.
#[test]
fn een_grote_dag_pas_later_in_een_keer_gelezen() {
    let mut store = ok(SqliteStore::in_geheugen());
    let jan = d(2024, 1, 1);
    lever(&mut store, "A", 1, (0..600).map(|k| sleutel_k(jan, k, 100)));
    let mut tx = ok(store.begin());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(2))));
    for k in 0..75 {
        assert!(!tx.dag_geladen(jan), "read after {k} lookups");
        let uitkomst = ok(tx.schrijf_polis(&sleutel_k(jan, k, 100), t(2), l));
        assert_eq!(uitkomst, Schrijfuitkomst::Ongewijzigd);
    }
    assert!(tx.dag_geladen(jan));
}

/// A polis row of an unknown delivery is refused before anything is changed: a correction of a
/// held key under delivery 999 fails, and the transaction that goes on and commits leaves the
/// key's version current (one version, none closed).
#[test]
fn een_onbekende_levering_sluit_niets() {
    let mut store = ok(SqliteStore::in_geheugen());
    let jan = d(2024, 1, 1);
    lever(&mut store, "A", 1, [sleutel_k(jan, 0, 100)]);
    let mut tx = ok(store.transactie());
    ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(2))));
    assert!(
        tx.schrijf_polis(&sleutel_k(jan, 0, 200), t(2), 999)
            .is_err()
    );
    ok(tx.commit());
    assert_eq!(tel(&store, "SELECT count(*) FROM polis_versies"), 1);
    let huidig = "SELECT count(*) FROM polis_versies WHERE vervallen_op IS NULL";
    assert_eq!(tel(&store, huidig), 1);
}

/// A key written twice in one transaction, by two of its deliveries, is found among the
/// transaction's own deliveries: delivery X writes k = 0 with 100 (Nieuw), Y the same
/// (Ongewijzigd), then with 200 (Gewijzigd, closing X's version). After the commit 2 versions,
/// the current one Y's with 200.
#[test]
fn een_sleutel_twee_keer_in_een_transactie() {
    let mut store = ok(SqliteStore::in_geheugen());
    let jan = d(2024, 1, 1);
    let mut tx = ok(store.transactie());
    let x = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "X", t(1))));
    let y = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "Y", t(1))));
    let antwoorden = [(x, 100), (y, 100), (y, 200)]
        .map(|(l, uren)| ok(tx.schrijf_polis(&sleutel_k(jan, 0, uren), t(1), l)));
    assert_eq!(
        antwoorden,
        [
            Schrijfuitkomst::Nieuw,
            Schrijfuitkomst::Ongewijzigd,
            Schrijfuitkomst::Gewijzigd
        ]
    );
    ok(tx.commit());
    let rijen = versies(&store);
    assert_eq!(rijen, [(x, 100, false), (y, 200, true)]);
}

/// Every polis version by id: its delivery, hours (hundredths) and whether it is current.
fn versies(store: &SqliteStore) -> Vec<(i64, i64, bool)> {
    tupels(
        store,
        "SELECT levering_id, uren, vervallen_op IS NULL FROM polis_versies ORDER BY versie_id",
    )
}

/// Delivery `kenmerk` of polis registered at `t(tijd)` with `rijen`, each written at that time,
/// in a transaction of its own that commits; returns the delivery's id.
fn lever(
    store: &mut SqliteStore,
    kenmerk: &str,
    tijd: i64,
    rijen: impl IntoIterator<Item = dgr_core::gegevens::PolisRij>,
) -> i64 {
    let mut tx = ok(store.transactie());
    let l =
        ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, kenmerk, t(tijd))));
    for rij in rijen {
        ok(tx.schrijf_polis(&rij, t(tijd), l));
    }
    ok(tx.commit());
    l
}

/// Polis row number `k` of one person and employer: a pay period from `begin` to `k` days
/// later (a key of its own for every `k`), with `uren` hundredths of an hour.
fn sleutel_k(begin: chrono::NaiveDate, k: u64, uren: i64) -> dgr_core::gegevens::PolisRij {
    let einde = begin
        .checked_add_days(chrono::Days::new(k))
        .unwrap_or(begin);
    polis("111222333", "123456782L01", begin, einde, uren)
}

/// One number read from `store` by `sql`.
fn tel(store: &SqliteStore, sql: &str) -> i64 {
    store
        .conn
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| unreachable!("{e}"))
}

/// Waiting polis versions that cannot be inserted leave the transaction unable to commit: the
/// caller was told they were written. A trigger refuses hours of 6.66; the delivery's first
/// version (100) is inserted at once, versions 2..=64 wait, and the 64th, with 6.66 among them,
/// makes the block's insert fail. The commit is refused, and nothing is kept (not even the
/// first version, which a commit of what was inserted would have kept).
#[test]
fn mislukt_blok_laat_geen_commit_toe() {
    let mut store = ok(SqliteStore::in_geheugen());
    ok(store
        .conn
        .execute_batch(
            "CREATE TRIGGER weiger BEFORE INSERT ON polis_versies WHEN NEW.uren = 666 \
             BEGIN SELECT RAISE(ABORT, 'geweigerd'); END;",
        )
        .map_err(crate::StoreFout::from));
    let rij = |k: u64, uren: i64| sleutel_k(d(2024, 1, 1), k, uren);
    let mut tx = ok(store.transactie());
    let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "F", t(1))));
    for k in 0..64 {
        let uren = if k == 10 { 666 } else { 100 };
        assert_eq!(
            ok(tx.schrijf_polis(&rij(k, uren), t(1), l)),
            Schrijfuitkomst::Nieuw
        );
    }
    assert!(tx.schrijf_polis(&rij(64, 100), t(1), l).is_err());
    assert!(tx.commit().is_err());
    assert_eq!(tel(&store, "SELECT count(*) FROM polis_versies"), 0);
    assert_eq!(tel(&store, "SELECT count(*) FROM leveringen"), 0);
}

/// A delivery's transaction keeps its statement journals in memory (`temp_store` MEMORY when
/// it begins to write), and sorts and temporary tables on files: `temp_store` is back at its
/// default (0) inside the transaction and after it. A fresh register's migrations opened the
/// temporary database (ALTER TABLE … RENAME), and opening the store closed it again, so the
/// change inside a transaction is allowed; with it open (a read of `sqlite_temp_master` opens
/// it) a delivery's transaction still begins, with its statement journals as before.
#[test]
fn tijdelijke_opslag_weer_op_bestanden() {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let mut store = ok(SqliteStore::open(&map.path().join("nl.db")));
    let temp_store = |conn: &Connection| -> i64 {
        conn.query_row("PRAGMA temp_store", [], |r| r.get(0))
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let in_transactie = |conn: &Connection| -> bool {
        ok(conn.execute_batch("BEGIN").map_err(crate::StoreFout::from));
        let mag = conn.pragma_update(None, "temp_store", "MEMORY").is_ok();
        ok(conn
            .execute_batch("ROLLBACK")
            .map_err(crate::StoreFout::from));
        ok(conn
            .pragma_update(None, "temp_store", "DEFAULT")
            .map_err(crate::StoreFout::from));
        mag
    };
    assert!(in_transactie(&store.conn));
    for _ in 0..2 {
        {
            let tx = ok(store.begin());
            assert_eq!(temp_store(&tx.tx), 0);
        }
        assert_eq!(temp_store(&store.conn), 0);
        // the second round with the temporary database open
        let _: i64 = tel(&store, "SELECT count(*) FROM sqlite_temp_master");
        assert!(!in_transactie(&store.conn));
    }
}

/// The stretches of first days hold for rows written in any order, and a read through them
/// gives what a scan of the whole table gives. Delivery A writes its rows with their first days
/// alternating (January, February, January, February: versions 1 to 4, each a stretch of its
/// own); delivery B writes a new January key (5), corrects A's January row of person a (6,
/// closing 1) and a March row (7): January 5..=6 and March 7..=7, six stretches in all.
#[test]
fn polisstukken_ook_bij_door_elkaar_geschreven_dagen() {
    let mut store = ok(SqliteStore::in_geheugen());
    let (a, b, c) = ("111222333", "123456782", "012345672");
    let jan = |p: &str, uren| polis(p, "123456782L01", d(2024, 1, 1), d(2024, 1, 31), uren);
    let feb = |p: &str| polis(p, "123456782L01", d(2024, 2, 1), d(2024, 2, 29), 100);
    let mrt = |p: &str| polis(p, "123456782L01", d(2024, 3, 1), d(2024, 3, 31), 100);
    let mut schrijf = |kenmerk: &str, tijd, rijen: &[dgr_core::gegevens::PolisRij]| {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(
            Bron::Uwv,
            LeveringSoort::Polis,
            kenmerk,
            t(tijd),
        )));
        let uit: Vec<Schrijfuitkomst> = rijen
            .iter()
            .map(|r| ok(tx.schrijf_polis(r, t(tijd), l)))
            .collect();
        ok(tx.commit());
        uit
    };
    schrijf("A", 1, &[jan(a, 100), feb(b), jan(c, 100), feb(a)]);
    let b_uit = schrijf("B", 2, &[jan(b, 100), jan(a, 150), mrt(c)]);
    assert_eq!(
        b_uit,
        [
            Schrijfuitkomst::Nieuw,
            Schrijfuitkomst::Gewijzigd,
            Schrijfuitkomst::Nieuw
        ]
    );
    let stukken: Vec<(String, i64, i64)> = tupels(
        &store,
        "SELECT date(dag * 86400, 'unixepoch'), eerste, laatste FROM polis_stukken \
         ORDER BY eerste",
    );
    let stuk = |dag: &str, eerste, laatste| (dag.to_string(), eerste, laatste);
    assert_eq!(
        stukken,
        [
            stuk("2024-01-01", 1, 1),
            stuk("2024-02-01", 2, 2),
            stuk("2024-01-01", 3, 3),
            stuk("2024-02-01", 4, 4),
            stuk("2024-01-01", 5, 6),
            stuk("2024-03-01", 7, 7),
        ]
    );
    sleutels_heel(&store);
    let dag = |t: &str| dag_getal(t.parse().unwrap_or_else(|e| unreachable!("{t}: {e}")));
    let rijen = |sql: &str, van: &str, tot: &str| -> Vec<(i64, i64, String, i64)> {
        store
            .conn
            .prepare(sql)
            .and_then(|mut s| {
                s.query_map([dag(van), dag(tot)], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<Result<_, _>>()
            })
            .unwrap_or_else(|e| unreachable!("{e}"))
    };
    let orde = "ORDER BY tijdvak_begin, bsn, loonheffingennummer, tijdvak_einde, versie_id";
    let kolommen = "versie_id, bsn, date(tijdvak_begin * 86400, 'unixepoch'), uren";
    let via_stukken = format!("SELECT {kolommen} FROM {POLIS_OP_DAGEN} {orde}");
    let hele_tabel = format!(
        "SELECT {kolommen} FROM polis_versies \
         WHERE tijdvak_begin >= ?1 AND tijdvak_begin < ?2 {orde}"
    );
    for (van, tot, aantal) in [
        ("2024-01-01", "2024-02-01", 4),
        ("2024-02-01", "2024-03-01", 2),
        ("2023-01-01", "2025-01-01", 7),
        ("2024-04-01", "2024-05-01", 0),
    ] {
        let gelezen = rijen(&via_stukken, van, tot);
        assert_eq!(gelezen.len(), aantal, "{van}..{tot}");
        assert_eq!(gelezen, rijen(&hele_tabel, van, tot), "{van}..{tot}");
    }
}

/// Stretches of two deliveries written in one transaction, through full blocks of waiting
/// versions and a probe between them: X writes 70 January keys (versions 1..=70: the first at
/// once, then a block of 64, then 5 waiting), Y 70 February keys (71..=140), X corrects one
/// January key (141: the probe first writes what waits, and reads the deliveries of 1 January,
/// X), and Y writes a new January key (142). Four stretches, each of its own day and delivery.
#[test]
fn polisstukken_van_twee_leveringen_in_een_transactie() {
    let mut store = ok(SqliteStore::in_geheugen());
    let mut tx = ok(store.transactie());
    let x = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "X", t(1))));
    let y = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "Y", t(1))));
    let (jan, feb) = (d(2024, 1, 1), d(2024, 2, 1));
    for k in 0..70 {
        ok(tx.schrijf_polis(&sleutel_k(jan, k, 100), t(1), x));
    }
    for k in 0..70 {
        ok(tx.schrijf_polis(&sleutel_k(feb, k, 100), t(1), y));
    }
    let correctie = ok(tx.schrijf_polis(&sleutel_k(jan, 3, 999), t(1), x));
    assert_eq!(correctie, Schrijfuitkomst::Gewijzigd);
    let nieuw = ok(tx.schrijf_polis(&sleutel_k(jan, 200, 100), t(1), y));
    assert_eq!(nieuw, Schrijfuitkomst::Nieuw);
    ok(tx.commit());
    let stukken = stukken(&store);
    let (j, f) = ("2024-01-01".to_string(), "2024-02-01".to_string());
    assert_eq!(
        stukken,
        [
            (j.clone(), 1, 70, x),
            (f, 71, 140, y),
            (j.clone(), 141, 141, x),
            (j, 142, 142, y)
        ]
    );
    sleutels_heel(&store);
    // the corrected key's old version (4: k = 3 is the fourth) ended, the new one holds
    assert_eq!(
        tel(
            &store,
            "SELECT versie_id FROM polis_versies WHERE vervallen_op IS NOT NULL"
        ),
        4
    );
}

/// A counter of version ids behind the table (a repair by hand added version 100 without
/// raising `polis_volgnummer`, which stays at 4): a transaction's first version is inserted
/// with the counter's id (4), a later one without an id, so SQLite gives it 101 instead of 5.
/// The write is found wrong at once, the commit is refused, and nothing of it is kept.
#[test]
fn teller_achter_de_tabel_wordt_gemerkt() {
    let mut store = ok(SqliteStore::in_geheugen());
    let jan = d(2024, 1, 1);
    let l = {
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "A", t(1))));
        for k in 0..3 {
            ok(tx.schrijf_polis(&sleutel_k(jan, k, 100), t(1), l));
        }
        ok(tx.commit());
        l
    };
    ok(store
        .conn
        .execute(
            "INSERT INTO polis_versies (versie_id, bsn, loonheffingennummer, tijdvak_begin, \
             tijdvak_einde, uren, soort, geregistreerd_op, levering_id) \
             VALUES (100, 111222333, 12345678201, unixepoch('2023-01-01') / 86400, \
                 unixepoch('2023-01-31') / 86400, 1, 0, 0, ?1)",
            [l],
        )
        .map_err(crate::StoreFout::from));
    assert_eq!(tel(&store, "SELECT volgende FROM polis_volgnummer"), 4);
    let mut tx = ok(store.transactie());
    let b = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(2))));
    let feb = d(2024, 2, 1);
    // the first is inserted at once, with its id; the second waits for the commit
    ok(tx.schrijf_polis(&sleutel_k(feb, 0, 100), t(2), b));
    ok(tx.schrijf_polis(&sleutel_k(feb, 1, 100), t(2), b));
    assert!(matches!(tx.commit(), Err(crate::StoreFout::Corrupt { .. })));
    assert_eq!(tel(&store, "SELECT count(*) FROM polis_versies"), 4);
    assert_eq!(tel(&store, "SELECT max(versie_id) FROM polis_versies"), 100);
    assert_eq!(tel(&store, "SELECT volgende FROM polis_volgnummer"), 4);
}

/// The probes of the person blocks are compiled once: a new BSN bound to a range
/// (`eerste_bsn <= ?2`) does not make SQLite prepare the statement again (the store turns on
/// its query planner stability guarantee; without it, this bundled build with STAT4 did so at
/// every probe). Each statement runs for three BSNs and counts no re-preparation.
#[test]
fn blokprobes_worden_niet_opnieuw_voorbereid() {
    let store = ok(SqliteStore::in_geheugen());
    for (sql, parameters) in [
        (super::bsnblokken::BLOK_VAN, 2),
        (super::bsnblokken::BLOKKEN_VAN, 1),
    ] {
        let mut stmt = store
            .conn
            .prepare(sql)
            .unwrap_or_else(|e| unreachable!("{e}"));
        for bsn in [111_222_333_i64, 123_456_782, 999_999_990] {
            let waarden: Vec<i64> = if parameters == 2 {
                vec![1, bsn]
            } else {
                vec![bsn]
            };
            let mut rijen = stmt
                .query(rusqlite::params_from_iter(waarden))
                .unwrap_or_else(|e| unreachable!("{e}"));
            while rijen
                .next()
                .unwrap_or_else(|e| unreachable!("{e}"))
                .is_some()
            {}
        }
        assert_eq!(
            stmt.get_status(rusqlite::StatementStatus::RePrepare),
            0,
            "{sql}"
        );
    }
}

/// The first 100 BSNs from 100,000,000 up that pass the 11-test, ascending.
fn honderd_bsns() -> Vec<String> {
    (100_000_000u32..)
        .map(|n| format!("{n:09}"))
        .filter(|b| dgr_core::Bsn::parse(b).is_ok())
        .take(100)
        .collect()
}

/// One delivery of 100 persons with one row each (a month from 2024-01-01), the 41st of whom
/// has 60 rows more (pay periods from 2024-01-01 ending 31 + 1..=60 days later, each a key of
/// its own): 160 pairs.
fn honderd_personen() -> Vec<dgr_core::gegevens::PolisRij> {
    let jan = d(2024, 1, 1);
    let bsns = honderd_bsns();
    let mut rijen: Vec<_> = bsns
        .iter()
        .map(|b| polis(b, "123456782L01", jan, d(2024, 1, 31), 100))
        .collect();
    rijen.extend((1..=60).map(|k| {
        let einde = jan
            .checked_add_days(chrono::Days::new(30 + k))
            .unwrap_or(jan);
        polis(&bsns[40], "123456782L01", jan, einde, 100)
    }));
    rijen
}

/// The sizes of the blocks of `polis_bsn_blokken` in pairs, in order.
fn blokgrootten(store: &SqliteStore) -> Vec<i64> {
    tupels::<(i64,)>(
        store,
        "SELECT length(paren) / 12 FROM polis_bsn_blokken ORDER BY levering_id, eerste_bsn",
    )
    .into_iter()
    .map(|(n,)| n)
    .collect()
}

/// The migration to person blocks cuts a delivery of 160 pairs (100 persons, the 41st with 61
/// pairs) by the position of each BSN's first pair, 48 positions to a block: positions 1..=40
/// are persons 1..=40, the 41st begins at 41 (block 0, (41 - 1) / 48 = 0) and fills 41..=101,
/// so block 0 holds 40 + 61 = 101 pairs; person k > 41 begins at 60 + k, so block 2 (first
/// positions 97..=144) holds persons 42..=84 (43 pairs) and block 3 (145..=192) persons
/// 85..=100 (16 pairs); block 1 (49..=96) begins no person. The writer cuts the same pairs as
/// 40, 61 (a person of 48 or more alone), 48, 11. Either way
/// every pair is in a block (`sleutels_heel`), and every person's rows are found. The rows go
/// back to the text form of that time too, and come out of the later migrations as they were.
#[test]
fn migratie_maakt_personenblokken_van_meer_dan_een_blok() {
    let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let pad = map.path().join("nl.db");
    let alle = &polis_als_tekst();
    let voor = {
        let mut store = ok(SqliteStore::open(&pad));
        lever(&mut store, "P", 1, honderd_personen());
        assert_eq!(blokgrootten(&store), [40, 61, 48, 11]);
        sleutels_heel(&store);
        let voor = super::alle_kolommen(&store.conn, alle);
        super::terug_voor_migratie(
            &store.conn,
            "CREATE TABLE polis_bsn_blokken",
            &format!(
                "{}
                 DROP TABLE polis_bsn_blokken;
                 CREATE INDEX polis_versies_levering_bsn ON polis_versies (levering_id, bsn);",
                *POLIS_TERUG_NAAR_TEKST
            ),
        );
        voor
    };
    let store = ok(SqliteStore::open(&pad));
    assert_eq!(super::alle_kolommen(&store.conn, alle), voor);
    assert_eq!(
        tel(
            &store,
            "SELECT count(*) FROM polis_versies WHERE typeof(tijdvak_begin) != 'integer'"
        ),
        0
    );
    assert_eq!(blokgrootten(&store), [101, 43, 16]);
    sleutels_heel(&store);
    let bsns = honderd_bsns();
    for (i, b) in bsns.iter().enumerate() {
        let verwacht = if i == 40 { 61 } else { 1 };
        assert_eq!(ok(store.polis_van(bsn(b), t(2))).len(), verwacht, "{b}");
    }
}

/// A delivery written by two transactions (the register never does this; the store allows
/// it): the second's pairs are merged with the blocks the first stored, so the delivery's
/// blocks still hold every pair once and do not overlap. The first writes persons 1..=50, the
/// second persons 51..=100 and the 41st's 60 more rows (a key each, all new).
#[test]
fn tweede_transactie_van_een_levering_voegt_blokken_samen() {
    let mut store = ok(SqliteStore::in_geheugen());
    let rijen = honderd_personen();
    let (eerste, tweede) = rijen.split_at(50);
    let l = lever(&mut store, "P", 1, eerste.to_vec());
    assert_eq!(blokgrootten(&store), [48, 2]);
    let mut tx = ok(store.transactie());
    for rij in tweede {
        assert_eq!(ok(tx.schrijf_polis(rij, t(2), l)), Schrijfuitkomst::Nieuw);
    }
    ok(tx.commit());
    // all 160 pairs cut anew: 40, 61, 48, 11 as in one transaction
    assert_eq!(blokgrootten(&store), [40, 61, 48, 11]);
    sleutels_heel(&store);
    assert_eq!(
        ok(store.polis_van(bsn(&honderd_bsns()[40]), t(3))).len(),
        61
    );
}

/// A key written twice by one transaction is looked for among that transaction's own
/// stretches of the key's first day, not in a scan of the table.
#[test]
fn eigen_sleutel_via_de_stukken_van_de_dag() {
    let store = ok(SqliteStore::in_geheugen());
    let plan = zoekplan(
        &store.conn,
        super::transactie::HUIDIGE_EIGEN_POLISVERSIE,
        &[&1, &19_723, &1, &1, &19_753],
    );
    assert!(
        plan.contains("polis_stukken USING PRIMARY KEY (dag=? AND eerste>?)")
            && plan.contains("polis_versies USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"),
        "{plan}"
    );
}

/// The pairs (main, new) in `polis_werkgevers` and `polis_werkgevers_nieuw`.
fn paren_per_tabel(store: &SqliteStore) -> (i64, i64) {
    (
        tel(store, "SELECT count(*) FROM polis_werkgevers"),
        tel(store, "SELECT count(*) FROM polis_werkgevers_nieuw"),
    )
}

/// New pairs wait in `polis_werkgevers_nieuw` until it holds `SAMENVOEGEN_VANAF` (3 in tests)
/// and are then merged into `polis_werkgevers` at once; a lookup finds a pair in either. The
/// first delivery brings persons 111222333 and 123456782 at employer 123456782: 2 new pairs,
/// below 3, so (0, 2). The second brings 012345672 and 999999990 at the same employer: 2 new,
/// 4 waiting, so all 4 merged, (4, 0). A pair never written is found in neither.
#[test]
fn nieuwe_paren_eerst_apart_dan_samengevoegd() {
    let mut store = ok(SqliteStore::in_geheugen());
    let rij = |b: &str| polis(b, "123456782L01", d(2024, 1, 1), d(2024, 1, 31), 100);
    lever(&mut store, "P", 1, [rij("111222333"), rij("123456782")]);
    assert_eq!(paren_per_tabel(&store), (0, 2));
    let bij =
        |store: &SqliteStore, b: &str| ok(store.heeft_polis_bij(bsn(b), fiscaal("123456782")));
    assert!(bij(&store, "111222333") && bij(&store, "123456782"));
    assert!(!bij(&store, "012345672"));
    lever(&mut store, "Q", 2, [rij("012345672"), rij("999999990")]);
    assert_eq!(paren_per_tabel(&store), (4, 0));
    for b in ["111222333", "123456782", "012345672", "999999990"] {
        assert!(bij(&store, b), "{b}");
    }
    assert!(!ok(
        store.heeft_polis_bij(bsn("111222333"), fiscaal("999999990"))
    ));
}

/// The store keeps its polis working memory between transactions (`Polisgeheugen`), and a
/// transaction that rolls back leaves nothing in it for the next. A commits k = 0 with 100.
/// B writes k = 1 (new), k = 0 with 300 (closing A's version) and a row of the same person for
/// another employer (fiscaal nummer 999999990), then rolls back: its delivery id and version
/// ids are free again. C writes k = 0 with 200: a correction of A's version, which C closes
/// (Gewijzigd), not a key C wrote itself (as B's keys, left behind, would claim). After C: k = 0
/// has A's version (closed) and C's (current); k = 1 none; the person blocks hold exactly those
/// two versions, not B's pairs under C's reused delivery id; and the other employer never had
/// the person in its polis data (B's pair, left behind, would have been recorded by C).
#[test]
fn teruggedraaide_transactie_laat_geen_polisgeheugen_na() {
    let mut store = ok(SqliteStore::in_geheugen());
    let jan = d(2024, 1, 1);
    let a = lever(&mut store, "A", 1, [sleutel_k(jan, 0, 100)]);
    {
        let mut tx = ok(store.transactie());
        let b = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "B", t(2))));
        assert_eq!(
            ok(tx.schrijf_polis(&sleutel_k(jan, 1, 100), t(2), b)),
            Schrijfuitkomst::Nieuw
        );
        assert_eq!(
            ok(tx.schrijf_polis(&sleutel_k(jan, 0, 300), t(2), b)),
            Schrijfuitkomst::Gewijzigd
        );
        let feb = d(2024, 2, 1);
        let ander = polis("111222333", "999999990L01", feb, d(2024, 2, 29), 100);
        assert_eq!(
            ok(tx.schrijf_polis(&ander, t(2), b)),
            Schrijfuitkomst::Nieuw
        );
    }
    let mut tx = ok(store.transactie());
    let c = ok(tx.registreer_levering(&levering(Bron::Uwv, LeveringSoort::Polis, "C", t(3))));
    assert_eq!(
        ok(tx.schrijf_polis(&sleutel_k(jan, 0, 200), t(3), c)),
        Schrijfuitkomst::Gewijzigd
    );
    ok(tx.commit());
    let rijen = versies(&store);
    assert_eq!(rijen, [(a, 100, false), (c, 200, true)]);
    sleutels_heel(&store);
    assert!(!ok(
        store.heeft_polis_bij(bsn("111222333"), fiscaal("999999990"))
    ));
    assert!(ok(
        store.heeft_polis_bij(bsn("111222333"), fiscaal("123456782"))
    ));
}
