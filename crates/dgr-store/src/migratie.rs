//! Moving a register from SQLite to PostgreSQL: [`sqlite_naar_postgres`] copies every table of
//! the register file and of its processing-log file into an empty PostgreSQL schema pair, with
//! their ids, in one PostgreSQL transaction (whole or not at all).

use std::path::Path;

use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use rusqlite::types::ValueRef;

use crate::database::PostgresUrl;
use crate::postgres::PostgresStore;
use crate::sqlite::SqliteStore;
use crate::{Resultaat, StoreFout};

/// The register's tables in copy order (a delivery before the versions that name it). Not
/// `polis_werkgevers`, `polis_werkgevers_nieuw`, `polis_leveringen`, `polis_stukken` and
/// `polis_bsn_blokken`: derived data of the SQLite store (filled from `polis_versies` by its
/// migrations, then kept by every polis write); PostgreSQL answers the same questions from its
/// indexes on `polis_versies`. Nor `polis_volgnummer`: PostgreSQL gives version ids from its
/// own sequence, set past the highest copied id. Nor `rapportkopieen`: the SQLite store's
/// compact copies for its report scans, made again from the versions.
const REGISTERTABELLEN: [&str; 25] = [
    "leveringen",
    "referentie_versies",
    "registratie_versies",
    "persoon_versies",
    "polis_versies",
    "werkgever_versies",
    "werkgeversuren_versies",
    "kandidaat_versies",
    "contactverzoeken",
    "uitschrijvingen",
    "kennisgevingen",
    "aanvragen",
    "kandidaat_voorkeuren",
    "bezwaren",
    "eenheid_versies",
    "personeel_versies",
    "doel_themas",
    "doel_onderwerpen",
    "doel_onderwerp_vragen",
    "doelen",
    "doel_versies",
    "doel_checkins",
    "doel_mijlpalen",
    "doel_mijlpaal_statussen",
    "doel_evaluaties",
];

/// The processing log's tables. Not `verwerkingen_betrokkenen`, `verwerkingen_geindexeerd`,
/// `verwerkingen_groepen` and `verwerkingen_samengevoegd`: the SQLite log's entries of its
/// records by subject and where their upkeep stands, derived from `verwerkingen`; PostgreSQL
/// finds a subject's records through its own index.
const LOGBOEKTABELLEN: [&str; 2] = ["audit", "verwerkingen"];

/// Rows between two progress reports.
const VOORTGANG_PER: u64 = 100_000;

/// The rows of one table: read from SQLite, found in PostgreSQL after the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tabeltelling {
    /// The table (`schema.tabel` in PostgreSQL).
    pub tabel: String,
    /// Rows read from SQLite.
    pub gelezen: u64,
    /// Rows in the PostgreSQL table after the copy.
    pub geschreven: u64,
}

/// What a migration copied, table by table, in copy order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Migratieverslag {
    /// One entry per table.
    pub tabellen: Vec<Tabeltelling>,
}

/// Copies the SQLite register at `van` (and its processing log, [`crate::sqlite::logboek_pad`])
/// into the schemas of `naar`, which must be empty (they are created and migrated when
/// missing). Everything is copied in one PostgreSQL transaction with `COPY`, keeping every id;
/// then the identity sequences continue after the highest id, as SQLite would. `voortgang` is
/// called with a table's name and the rows copied so far (every 100,000 rows and at its end).
///
/// The SQLite file is opened as the program opens it, so a register of an older version is
/// migrated to the current SQLite schema first.
///
/// # Errors
/// [`StoreFout::Instelling`] when `van` does not exist or `naar` holds any row;
/// [`StoreFout::Corrupt`] when a stored value has the wrong type or a table's count differs
/// after the copy; [`StoreFout::Database`] on a database error. Nothing is written to
/// PostgreSQL then.
pub fn sqlite_naar_postgres(
    van: &Path,
    naar: &PostgresUrl,
    voortgang: &mut dyn FnMut(&str, u64),
) -> Resultaat<Migratieverslag> {
    if !van.is_file() {
        return Err(StoreFout::Instelling(format!(
            "het SQLite-register {} bestaat niet",
            van.display()
        )));
    }
    let bron = SqliteStore::open(van)?;
    let mut doel = PostgresStore::open(naar)?;
    let mut tx = doel.client_mut()?.transaction()?;
    let tabellen = tabellen(naar);
    controleer_tabellen(&mut tx, naar, &tabellen)?;
    controleer_leeg(&mut tx, &tabellen)?;
    let mut verslag = Migratieverslag::default();
    for (sqlite_schema, pg_tabel) in &tabellen {
        let gelezen = kopieer(
            &mut tx,
            bron.verbinding(),
            sqlite_schema,
            pg_tabel,
            voortgang,
        )?;
        let geschreven = tel(&mut tx, pg_tabel)?;
        if gelezen != geschreven {
            return Err(StoreFout::Corrupt {
                tabel: "migratie",
                reden: format!("{pg_tabel}: {gelezen} rijen gelezen, {geschreven} geschreven"),
            });
        }
        zet_volgnummer(&mut tx, pg_tabel)?;
        // statistics now, so the first reads are planned for the table as it is
        tx.batch_execute(&format!("ANALYZE {pg_tabel}"))?;
        verslag.tabellen.push(Tabeltelling {
            tabel: pg_tabel.clone(),
            gelezen,
            geschreven,
        });
    }
    tx.commit()?;
    Ok(verslag)
}

/// Every table to copy: its SQLite schema (`main` or `logboek`) and qualified PostgreSQL name.
fn tabellen(naar: &PostgresUrl) -> Vec<(&'static str, String)> {
    let register = REGISTERTABELLEN
        .iter()
        .map(|t| ("main", format!("{}.{t}", naar.schema)));
    let logboek = LOGBOEKTABELLEN
        .iter()
        .map(|t| ("logboek", format!("{}.{t}", naar.logboek_schema)));
    register.chain(logboek).collect()
}

/// Refuses a PostgreSQL schema with a table this migration does not know (it would be left
/// empty).
fn controleer_tabellen(
    tx: &mut Transaction<'_>,
    naar: &PostgresUrl,
    tabellen: &[(&str, String)],
) -> Resultaat<()> {
    let rijen = tx.query(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables \
         WHERE table_schema IN ($1, $2) AND table_type = 'BASE TABLE' AND table_name <> 'schemaversie'",
        &[&naar.schema, &naar.logboek_schema],
    )?;
    for r in rijen {
        let naam: String = r.try_get(0)?;
        if !tabellen.iter().any(|(_, t)| *t == naam) {
            return Err(StoreFout::Instelling(format!(
                "tabel {naam} is onbekend voor de migratie"
            )));
        }
    }
    Ok(())
}

/// Refuses a target that holds any row (a delivery, a log record, or anything else).
fn controleer_leeg(tx: &mut Transaction<'_>, tabellen: &[(&str, String)]) -> Resultaat<()> {
    for (_, tabel) in tabellen {
        let gevuld: bool = tx
            .query_one(&format!("SELECT EXISTS (SELECT 1 FROM {tabel})"), &[])?
            .try_get(0)?;
        if gevuld {
            return Err(StoreFout::Instelling(format!(
                "het doel is niet leeg: {tabel} heeft al rijen; migreer naar lege schema's"
            )));
        }
    }
    Ok(())
}

/// The columns of a PostgreSQL table with their types, in table order.
fn kolommen(tx: &mut Transaction<'_>, tabel: &str) -> Resultaat<Vec<(String, Type)>> {
    let (schema, naam) = tabel.split_once('.').unwrap_or(("", tabel));
    tx.query(
        "SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns \
         WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
        &[&schema, &naam],
    )?
    .iter()
    .map(|r| {
        let kolom: String = r.try_get(0)?;
        let soort = match r.try_get::<_, &str>(1)? {
            "bigint" => Type::INT8,
            "text" => Type::TEXT,
            "bytea" => Type::BYTEA,
            "double precision" => Type::FLOAT8,
            anders => {
                return Err(StoreFout::Instelling(format!(
                    "{tabel}.{kolom}: type {anders} wordt niet gemigreerd"
                )));
            }
        };
        Ok((kolom, soort))
    })
    .collect()
}

/// One value from SQLite, typed for its PostgreSQL column.
#[derive(Debug)]
enum Waarde {
    Getal(Option<i64>),
    Tekst(Option<String>),
    Bytes(Option<Vec<u8>>),
    Kommagetal(Option<f64>),
}

impl Waarde {
    fn als_param(&self) -> &(dyn ToSql + Sync) {
        match self {
            Waarde::Getal(w) => w,
            Waarde::Tekst(w) => w,
            Waarde::Bytes(w) => w,
            Waarde::Kommagetal(w) => w,
        }
    }
}

/// Converts a SQLite value to the column's type; a value of another type is refused (named by
/// table and column, never by its content).
fn waarde(tabel: &str, kolom: &str, soort: &Type, w: ValueRef<'_>) -> Resultaat<Waarde> {
    let fout = || StoreFout::Corrupt {
        tabel: "migratie",
        reden: format!("{tabel}.{kolom}: waarde van het verkeerde type"),
    };
    Ok(match (w, soort) {
        (ValueRef::Null, s) if *s == Type::INT8 => Waarde::Getal(None),
        (ValueRef::Null, s) if *s == Type::TEXT => Waarde::Tekst(None),
        (ValueRef::Null, s) if *s == Type::FLOAT8 => Waarde::Kommagetal(None),
        (ValueRef::Null, _) => Waarde::Bytes(None),
        (ValueRef::Integer(i), s) if *s == Type::INT8 => Waarde::Getal(Some(i)),
        (ValueRef::Real(f), s) if *s == Type::FLOAT8 => Waarde::Kommagetal(Some(f)),
        // SQLite keeps a whole REAL as an integer on disk; it reads back as REAL, but a value
        // written by hand as an integer is the same number
        (ValueRef::Integer(i), s) if *s == Type::FLOAT8 => Waarde::Kommagetal(Some(i as f64)),
        (ValueRef::Text(t), s) if *s == Type::TEXT => Waarde::Tekst(Some(
            std::str::from_utf8(t).map_err(|_| fout())?.to_string(),
        )),
        (ValueRef::Blob(b) | ValueRef::Text(b), s) if *s == Type::BYTEA => {
            Waarde::Bytes(Some(b.to_vec()))
        }
        _ => return Err(fout()),
    })
}

/// Copies one table with `COPY … FROM STDIN BINARY`, in SQLite's row order (by id; a table
/// without row ids in the order SQLite scans it, which no copy depends on); returns
/// the rows read.
fn kopieer(
    tx: &mut Transaction<'_>,
    sqlite: &rusqlite::Connection,
    sqlite_schema: &str,
    tabel: &str,
    voortgang: &mut dyn FnMut(&str, u64),
) -> Resultaat<u64> {
    let kolommen = kolommen(tx, tabel)?;
    let namen: Vec<&str> = kolommen.iter().map(|(k, _)| k.as_str()).collect();
    let naam = tabel.split_once('.').map_or(tabel, |(_, t)| t);
    // a table WITHOUT ROWID has no row id to order by: it is read in the order of its key
    let zonder_rowid: bool = sqlite.query_row(
        "SELECT wr FROM pragma_table_list WHERE schema = ?1 AND name = ?2",
        [sqlite_schema, naam],
        |r| r.get(0),
    )?;
    let volgorde = if zonder_rowid { "" } else { "ORDER BY rowid" };
    // a polis row's pay period and kind as text, the form PostgreSQL keeps
    let uit_sqlite: Vec<String> = namen
        .iter()
        .map(|k| crate::sqlite::polis_als_tekst_sql(naam, k))
        .collect();
    let mut stmt = sqlite.prepare(&format!(
        "SELECT {} FROM {sqlite_schema}.{naam} {volgorde}",
        uit_sqlite.join(", ")
    ))?;
    let soorten: Vec<Type> = kolommen.iter().map(|(_, s)| s.clone()).collect();
    let sink = tx.copy_in(&format!(
        "COPY {tabel} ({}) FROM STDIN BINARY",
        namen.join(", ")
    ))?;
    let mut w = BinaryCopyInWriter::new(sink, &soorten);
    let mut rijen = stmt.query([])?;
    let mut gelezen = 0u64;
    while let Some(r) = rijen.next()? {
        let waarden = kolommen
            .iter()
            .enumerate()
            .map(|(i, (kolom, soort))| waarde(naam, kolom, soort, r.get_ref(i)?))
            .collect::<Resultaat<Vec<Waarde>>>()?;
        let params: Vec<&(dyn ToSql + Sync)> = waarden.iter().map(Waarde::als_param).collect();
        w.write(&params)?;
        gelezen += 1;
        if gelezen.is_multiple_of(VOORTGANG_PER) {
            voortgang(naam, gelezen);
        }
    }
    w.finish()?;
    voortgang(naam, gelezen);
    Ok(gelezen)
}

/// The rows of a PostgreSQL table.
fn tel(tx: &mut Transaction<'_>, tabel: &str) -> Resultaat<u64> {
    let n: i64 = tx
        .query_one(&format!("SELECT COUNT(*) FROM {tabel}"), &[])?
        .try_get(0)?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// Lets the identity of a table continue after its highest copied id (SQLite's next rowid).
fn zet_volgnummer(tx: &mut Transaction<'_>, tabel: &str) -> Resultaat<()> {
    let (schema, naam) = tabel.split_once('.').unwrap_or(("", tabel));
    let identiteit = tx.query_opt(
        "SELECT column_name::TEXT FROM information_schema.columns \
         WHERE table_schema = $1 AND table_name = $2 AND is_identity = 'YES'",
        &[&schema, &naam],
    )?;
    let Some(r) = identiteit else {
        return Ok(());
    };
    let kolom: String = r.try_get(0)?;
    tx.execute(
        &format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX({kolom}) FROM {tabel}), 0) + 1, false)"
        ),
        &[&tabel, &kolom],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sqlite_naar_postgres;
    use crate::Database;
    use crate::StoreFout;
    use crate::database::PostgresUrl;
    use crate::logboek::{Audit, Verwerking};
    use crate::postgres::tests::{
        BSNS, bsn, d, lees_alles, levering, ok, schrijf_scenario, t, vergelijk,
    };
    use crate::testdatabase;
    use dgr_core::registratie::{Oorzaak, Registratie};
    use dgr_core::{Bron, LeveringSoort};

    fn pg_url(db: &Database) -> &PostgresUrl {
        match db {
            Database::Postgres(u) => u,
            Database::Sqlite(_) => unreachable!("geen postgres"),
        }
    }

    /// Writes once more after the migration: new ids must continue where SQLite's would.
    fn schrijf_daarna(db: &Database) -> Vec<String> {
        let mut store = ok(db.open());
        let mut tx = ok(store.transactie());
        let l = ok(tx.registreer_levering(&levering(
            Bron::Uwv,
            LeveringSoort::Registraties,
            "NA-1",
            t(500),
        )));
        let r = Registratie {
            id: None,
            bsn: bsn(BSNS[2]),
            grondslag: "WSW".into(),
            ingangsdatum: d(2024, 6, 1),
            bron_einde: None,
            afgeleid_einde: None,
            loonwaarde_pct: None,
            besluitdatum: None,
            bron_kenmerk: None,
            ingetrokken: false,
        };
        let id = ok(tx.schrijf_registratie(None, &r, t(500), &Oorzaak::Levering(l)));
        let u = ok(tx.vraag_uitschrijving(bsn(BSNS[2]), d(2024, 6, 2)));
        ok(tx.commit());
        drop(store);
        let mut log = ok(db.open_logboekschrijver());
        let a = Audit {
            trace_id: "t9".into(),
            tijd: t(501),
            sub: "s".into(),
            rol: "uwv".into(),
            organisatie: "uwv".into(),
            organisatie_naam: None,
            client_ip: Some("127.0.0.1".into()),
            handeling: "inzien".into(),
            bsn_opvragingen: 1,
            buiten_eigen_polis: 0,
            doel: None,
        };
        let v = [Verwerking {
            trace_id: "t9".into(),
            span_id: "s9".into(),
            parent_span_id: Some("p9".into()),
            naam: "inzien".into(),
            status_code: "OK".into(),
            start_time: t(501),
            end_time: t(502),
            processing_activity_id: "DGR-INZAGE".into(),
            data_subject_id: "p1".into(),
            data_subject_id_type: "BSN".into(),
        }];
        ok(log.schrijf(&[(&a, &v)]));
        vec![format!("{l} {id} {u}")]
    }

    #[test]
    fn een_sqlite_register_verhuist_volledig_met_zijn_ids() {
        let Some((_guard, pg)) = testdatabase::postgres() else {
            return;
        };
        let (_map, lite) = testdatabase::sqlite();
        schrijf_scenario(&lite);
        let mut voortgang = Vec::new();
        let pad = lite.pad().unwrap_or_else(|| unreachable!("sqlite"));
        let verslag = ok(sqlite_naar_postgres(pad, pg_url(&pg), &mut |t, n| {
            voortgang.push((t.to_string(), n));
        }));
        vergelijk(
            &lees_alles(ok(lite.open()).as_ref()),
            &lees_alles(ok(pg.open()).as_ref()),
        );
        let telling = |naam: &str| {
            verslag
                .tabellen
                .iter()
                .find(|t| t.tabel.ends_with(&format!(".{naam}")))
                .map(|t| (t.gelezen, t.geschreven))
        };
        // Worked out from the scenario: deliveries R-1, P-1, PO-1, G-1 (PO-X rolled back);
        // polis versions: the January key of BSN 1 at lhn 1 three times (12_000, 12_500,
        // 13_000), its other lhn, BSN 2's January row, BSN 1's February row and BSN 2's inlener
        // row = 7; log: 6 records less the 2 removed, 3 audit entries.
        assert_eq!(telling("leveringen"), Some((4, 4)));
        assert_eq!(telling("polis_versies"), Some((7, 7)));
        assert_eq!(telling("verwerkingen"), Some((4, 4)));
        assert_eq!(telling("audit"), Some((3, 3)));
        // 25 register tables (kennisgevingen and aanvragen since issue #14) and the 2 of the log
        assert_eq!(verslag.tabellen.len(), 27);
        assert!(voortgang.contains(&("polis_versies".to_string(), 7)));
        // after the move, new ids continue where SQLite's would
        vergelijk(&schrijf_daarna(&lite), &schrijf_daarna(&pg));
        vergelijk(
            &lees_alles(ok(lite.open()).as_ref()),
            &lees_alles(ok(pg.open()).as_ref()),
        );
        // a second migration into the now filled schemas is refused and changes nothing
        let fout = sqlite_naar_postgres(pad, pg_url(&pg), &mut |_, _| {});
        assert!(
            matches!(&fout, Err(StoreFout::Instelling(m)) if m.contains("leveringen")),
            "{fout:?}"
        );
        assert_eq!(ok(ok(pg.open()).leveringen()).len(), 5);
    }

    /// A value of the wrong type in a register table stops the migration, and nothing
    /// of the tables copied before it stays behind.
    #[test]
    fn een_fout_halverwege_laat_niets_achter() {
        let Some((_guard, pg)) = testdatabase::postgres() else {
            return;
        };
        let (_map, lite) = testdatabase::sqlite();
        schrijf_scenario(&lite);
        let pad = lite.pad().unwrap_or_else(|| unreachable!("sqlite"));
        rusqlite::Connection::open(pad)
            .and_then(|c| c.execute("UPDATE bezwaren SET bsn = 'geen getal' WHERE id = 2", []))
            .unwrap_or_else(|e| unreachable!("{e}"));
        let fout = sqlite_naar_postgres(pad, pg_url(&pg), &mut |_, _| {});
        assert!(
            matches!(&fout, Err(StoreFout::Corrupt { reden, .. }) if reden.contains("bezwaren.bsn")),
            "{fout:?}"
        );
        let store = ok(pg.open());
        assert!(ok(store.leveringen()).is_empty());
        assert_eq!(ok(store.aantal_verwerkingen()), 0);
    }

    #[test]
    fn een_ontbrekend_sqlite_bestand_wordt_niet_aangemaakt() {
        let Some((_guard, pg)) = testdatabase::postgres() else {
            return;
        };
        let (map, _) = testdatabase::sqlite();
        let pad = map.path().join("bestaat-niet.db");
        let fout = sqlite_naar_postgres(&pad, pg_url(&pg), &mut |_, _| {});
        assert!(matches!(fout, Err(StoreFout::Instelling(_))), "{fout:?}");
        assert!(!pad.exists());
    }
}
