//! R-45 goals in PostgreSQL ([`crate::doelen`]): the adapter for the shared implementation
//! ([`crate::doelen::opslag`]); `?N` placeholders become `$N`.

use postgres::Row;
use postgres::types::{ToSql, Type};

use super::PostgresStore;
use super::transactie::PostgresTransactie;
use crate::doelen::opslag::{Lezen, Param, Schrijven, Veld, doelen_voor, postgres_sql};
use crate::{Resultaat, StoreFout};

fn params<'a>(p: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    p.iter()
        .map(|w| -> &(dyn ToSql + Sync) {
            match w {
                Param::Getal(w) => w,
                Param::Tekst(w) => w,
                Param::Kommagetal(w) => w,
            }
        })
        .collect()
}

fn velden(r: &Row) -> Resultaat<Vec<Veld>> {
    let mut uit = Vec::with_capacity(r.len());
    for (i, kolom) in r.columns().iter().enumerate() {
        let t = kolom.type_();
        let veld = if *t == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?
                .map_or(Veld::Leeg, Veld::Getal)
        } else if *t == Type::FLOAT8 {
            r.try_get::<_, Option<f64>>(i)?
                .map_or(Veld::Leeg, Veld::Kommagetal)
        } else if *t == Type::TEXT {
            r.try_get::<_, Option<String>>(i)?
                .map_or(Veld::Leeg, Veld::Tekst)
        } else {
            return Err(StoreFout::Corrupt {
                tabel: "doelen",
                reden: format!("kolom {i}: onverwacht type {t}"),
            });
        };
        uit.push(veld);
    }
    Ok(uit)
}

impl Lezen for PostgresStore {
    fn rijen(&self, sql: &str, p: &[Param<'_>]) -> Resultaat<Vec<Vec<Veld>>> {
        self.lees(&postgres_sql(sql), &params(p))?
            .iter()
            .map(velden)
            .collect()
    }
}

impl Schrijven for PostgresTransactie<'_> {
    fn rijen_tx(&mut self, sql: &str, p: &[Param<'_>]) -> Resultaat<Vec<Vec<Veld>>> {
        self.lees(&postgres_sql(sql), &params(p))?
            .iter()
            .map(velden)
            .collect()
    }

    fn voer_uit_tx(&mut self, sql: &str, p: &[Param<'_>]) -> Resultaat<u64> {
        self.voer_uit(&postgres_sql(sql), &params(p))
    }

    fn nieuw_id_tx(&mut self, tabel: &'static str) -> Resultaat<i64> {
        self.nieuw_id(tabel)
    }
}

doelen_voor!(PostgresStore, PostgresTransactie<'_>);
