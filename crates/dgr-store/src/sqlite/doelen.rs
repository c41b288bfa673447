//! R-45 goals in SQLite ([`crate::doelen`]): the adapter for the shared implementation
//! ([`crate::doelen::opslag`]).

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql, params_from_iter};

use super::SqliteStore;
use super::transactie::SqliteTransactie;
use crate::doelen::opslag::{Lezen, Param, Schrijven, Veld, doelen_voor};
use crate::{Resultaat, StoreFout};

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Param::Getal(w) => w.to_sql(),
            Param::Tekst(w) => w.to_sql(),
            Param::Kommagetal(w) => w.to_sql(),
        }
    }
}

fn rijen(conn: &Connection, sql: &str, p: &[Param<'_>]) -> Resultaat<Vec<Vec<Veld>>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let n = stmt.column_count();
    let mut rijen = stmt.query(params_from_iter(p.iter()))?;
    let mut uit = Vec::new();
    while let Some(r) = rijen.next()? {
        let mut velden = Vec::with_capacity(n);
        for i in 0..n {
            velden.push(match r.get_ref(i)? {
                ValueRef::Null => Veld::Leeg,
                ValueRef::Integer(g) => Veld::Getal(g),
                ValueRef::Real(g) => Veld::Kommagetal(g),
                ValueRef::Text(t) => Veld::Tekst(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => {
                    return Err(StoreFout::Corrupt {
                        tabel: "doelen",
                        reden: format!("kolom {i}: onverwachte blob"),
                    });
                }
            });
        }
        uit.push(velden);
    }
    Ok(uit)
}

impl Lezen for SqliteStore {
    fn rijen(&self, sql: &str, p: &[Param<'_>]) -> Resultaat<Vec<Vec<Veld>>> {
        rijen(&self.conn, sql, p)
    }
}

impl Schrijven for SqliteTransactie<'_> {
    fn rijen_tx(&mut self, sql: &str, p: &[Param<'_>]) -> Resultaat<Vec<Vec<Veld>>> {
        rijen(&self.tx, sql, p)
    }

    fn voer_uit_tx(&mut self, sql: &str, p: &[Param<'_>]) -> Resultaat<u64> {
        let n = self
            .tx
            .prepare_cached(sql)?
            .execute(params_from_iter(p.iter()))?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    fn nieuw_id_tx(&mut self, tabel: &'static str) -> Resultaat<i64> {
        // the highest id plus one, as SQLite gives a row id (one writer at a time)
        let kolom = if tabel.ends_with("_versies") {
            "versie_id"
        } else {
            "id"
        };
        Ok(self.tx.query_row(
            &format!("SELECT COALESCE(MAX({kolom}), 0) + 1 FROM {tabel}"),
            [],
            |r| r.get(0),
        )?)
    }
}

doelen_voor!(SqliteStore, SqliteTransactie<'_>);
