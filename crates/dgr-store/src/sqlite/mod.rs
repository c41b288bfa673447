//! The embedded SQLite implementation of [`Store`](crate::Store).

pub mod bezwaar;
pub mod kandidaten;
mod lezen;
pub mod logboek;
mod rapportage;
mod schema;
mod transactie;
pub mod uitschrijving;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, Row};

use dgr_core::datum::{BrpDatum, parse_brp_datum};
use dgr_core::gegevens::Persoon;
use dgr_core::registratie::{Einde, Oorzaak, Registratie, RegistratieVersie};
use dgr_core::{Bsn, Gemeentecode, Honderdsten};

use crate::{Resultaat, StoreFout};

/// A register in one SQLite file (or in memory for tests).
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (and creates and migrates when needed) the database at `pad`, with WAL journaling,
    /// foreign keys on and full synchronisation, so a committed delivery survives a crash.
    ///
    /// # Errors
    /// [`StoreFout`] when the file cannot be opened or was written by a newer version.
    pub fn open(pad: &Path) -> Resultaat<SqliteStore> {
        let conn = Connection::open_with_flags(
            pad,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // checkpoint every ~80 MiB of WAL instead of 4 MiB: large deliveries rewrite the same
        // index pages, and fewer checkpoints write each of them once
        conn.pragma_update(None, "wal_autocheckpoint", 20_000)?;
        Self::met_verbinding(conn)
    }

    /// A fresh in-memory database (tests).
    ///
    /// # Errors
    /// [`StoreFout`].
    pub fn in_geheugen() -> Resultaat<SqliteStore> {
        Self::met_verbinding(Connection::open_in_memory()?)
    }

    fn met_verbinding(conn: Connection) -> Resultaat<SqliteStore> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // 256 MiB page cache: the polis index of a national register does not fit in less
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.set_prepared_statement_cache_capacity(128);
        let mut store = SqliteStore { conn };
        store.migreer()?;
        Ok(store)
    }

    fn migreer(&mut self) -> Resultaat<()> {
        let versie: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let bekend = schema::MIGRATIES.len() as i64;
        if versie > bekend {
            return Err(StoreFout::NieuwereVersie {
                gevonden: versie,
                bekend,
            });
        }
        for (i, sql) in schema::MIGRATIES
            .iter()
            .enumerate()
            .skip(usize::try_from(versie).unwrap_or(0))
        {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The underlying connection, for read-only queries of reports in this workspace.
    pub fn verbinding(&self) -> &Connection {
        &self.conn
    }
}

/// A civil date as stored.
pub(crate) fn datum_tekst(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn lees_datum(tabel: &'static str, t: &str) -> Resultaat<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|e| StoreFout::Corrupt {
        tabel,
        reden: e.to_string(),
    })
}

pub(crate) fn lees_datum_opt(
    tabel: &'static str,
    t: Option<String>,
) -> Resultaat<Option<NaiveDate>> {
    t.map(|x| lees_datum(tabel, &x)).transpose()
}

/// A transaction time as stored (microseconds since the epoch, UTC).
pub(crate) fn tijd_getal(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

pub(crate) fn lees_tijd(tabel: &'static str, micros: i64) -> Resultaat<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros).ok_or(StoreFout::Corrupt {
        tabel,
        reden: format!("tijdstip {micros}"),
    })
}

pub(crate) fn lees_bsn(tabel: &'static str, waarde: i64) -> Resultaat<Bsn> {
    u32::try_from(waarde)
        .ok()
        .and_then(|w| Bsn::from_u32(w).ok())
        .ok_or(StoreFout::Corrupt {
            tabel,
            reden: "ongeldig BSN".into(),
        })
}

pub(crate) fn lees_gemeente(
    tabel: &'static str,
    waarde: Option<i64>,
) -> Resultaat<Option<Gemeentecode>> {
    waarde
        .map(|w| {
            u16::try_from(w)
                .ok()
                .and_then(Gemeentecode::uit_getal)
                .ok_or(StoreFout::Corrupt {
                    tabel,
                    reden: format!("gemeentecode {w}"),
                })
        })
        .transpose()
}

/// Column list of `registratie_versies` read by [`registratie_versie_uit_rij`].
pub(crate) const REGISTRATIE_KOLOMMEN: &str = "registratie_id, bsn, grondslag, ingangsdatum, bron_einddatum, \
     bron_reden_einde, afgeleid_einddatum, afgeleid_reden, loonwaarde_pct, besluitdatum, bron_kenmerk, ingetrokken, \
     geregistreerd_op, vervallen_op, oorzaak, levering_id, referentie_versie, handeling";

fn einde(datum: Option<String>, reden: Option<String>) -> Resultaat<Option<Einde>> {
    match (datum, reden) {
        (Some(d), Some(r)) => Ok(Some(Einde {
            datum: lees_datum("registratie_versies", &d)?,
            reden: r,
        })),
        (None, _) => Ok(None),
        (Some(_), None) => Err(StoreFout::Corrupt {
            tabel: "registratie_versies",
            reden: "einddatum zonder reden".into(),
        }),
    }
}

pub(crate) fn registratie_versie_uit_rij(r: &Row<'_>) -> Resultaat<RegistratieVersie> {
    const T: &str = "registratie_versies";
    let registratie = Registratie {
        id: Some(r.get(0)?),
        bsn: lees_bsn(T, r.get(1)?)?,
        grondslag: r.get(2)?,
        ingangsdatum: lees_datum(T, &r.get::<_, String>(3)?)?,
        bron_einde: einde(r.get(4)?, r.get(5)?)?,
        afgeleid_einde: einde(r.get(6)?, r.get(7)?)?,
        loonwaarde_pct: r.get::<_, Option<i64>>(8)?.map(Honderdsten),
        besluitdatum: lees_datum_opt(T, r.get(9)?)?,
        bron_kenmerk: r.get(10)?,
        ingetrokken: r.get(11)?,
    };
    let oorzaak = match r.get::<_, String>(14)?.as_str() {
        "LEVERING" => Oorzaak::Levering(r.get::<_, Option<i64>>(15)?.unwrap_or_default()),
        "REFERENTIE" => Oorzaak::Referentie(r.get::<_, Option<String>>(16)?.unwrap_or_default()),
        _ => Oorzaak::Handeling(r.get::<_, Option<String>>(17)?.unwrap_or_default()),
    };
    Ok(RegistratieVersie {
        registratie,
        geregistreerd_op: lees_tijd(T, r.get(12)?)?,
        vervallen_op: r
            .get::<_, Option<i64>>(13)?
            .map(|m| lees_tijd(T, m))
            .transpose()?,
        oorzaak,
    })
}

/// Column list of `persoon_versies` read by [`persoon_uit_rij`] (first four columns).
pub(crate) const PERSOON_KOLOMMEN: &str = "bsn, geboortedatum, overlijdensdatum, woongemeente";

pub(crate) fn persoon_uit_rij(r: &Row<'_>) -> Resultaat<Persoon> {
    const T: &str = "persoon_versies";
    let geboorte: String = r.get(1)?;
    Ok(Persoon {
        bsn: lees_bsn(T, r.get(0)?)?,
        geboortedatum: brp_datum(&geboorte)?,
        overlijdensdatum: lees_datum_opt(T, r.get(2)?)?,
        woongemeente: lees_gemeente(T, r.get(3)?)?,
    })
}

fn brp_datum(t: &str) -> Resultaat<BrpDatum> {
    parse_brp_datum(t).map_err(|e| StoreFout::Corrupt {
        tabel: "persoon_versies",
        reden: e.to_string(),
    })
}
