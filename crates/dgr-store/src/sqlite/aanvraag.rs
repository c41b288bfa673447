//! Requests to enter the register in SQLite ([`crate::aanvragen`]).

use rusqlite::{Connection, params};

use dgr_core::Bsn;

use super::transactie::SqliteTransactie;
use super::{SqliteStore, datum_tekst, lees_bsn, lees_datum, lees_datum_opt};
use crate::Resultaat;
use crate::aanvragen::{
    Aanvraag, AanvraagBesluit, AanvraagLezer, AanvraagSchrijver, NieuweAanvraag,
};

const KOLOMMEN: &str = "id, soort, bsn, ingediend_op, ingediend_door, toelichting, school, schooljaren, status, besluit_op, kenmerk, reden, behandelaar";

fn rij(r: &rusqlite::Row<'_>) -> Resultaat<Aanvraag> {
    const T: &str = "aanvragen";
    Ok(Aanvraag {
        id: r.get(0)?,
        soort: r.get(1)?,
        bsn: lees_bsn(T, r.get(2)?)?,
        ingediend_op: lees_datum(T, &r.get::<_, String>(3)?)?,
        ingediend_door: r.get(4)?,
        toelichting: r.get(5)?,
        school: r.get(6)?,
        schooljaren: r.get(7)?,
        status: r.get(8)?,
        besluit_op: lees_datum_opt(T, r.get(9)?)?,
        kenmerk: r.get(10)?,
        reden: r.get(11)?,
        behandelaar: r.get(12)?,
    })
}

fn lijst(conn: &Connection, rest: &str, p: &[&dyn rusqlite::ToSql]) -> Resultaat<Vec<Aanvraag>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {KOLOMMEN} FROM aanvragen {rest}"))?;
    let mut rijen = stmt.query(p)?;
    let mut uit = Vec::new();
    while let Some(r) = rijen.next()? {
        uit.push(rij(r)?);
    }
    Ok(uit)
}

impl AanvraagLezer for SqliteStore {
    fn aanvragen_van(&self, bsn: Bsn) -> Resultaat<Vec<Aanvraag>> {
        lijst(
            &self.conn,
            "WHERE bsn = ?1 ORDER BY ingediend_op, id",
            &[&bsn.waarde()],
        )
    }

    fn open_aanvragen(&self) -> Resultaat<Vec<Aanvraag>> {
        lijst(
            &self.conn,
            "WHERE status = 'OPEN' ORDER BY ingediend_op, id",
            &[],
        )
    }

    fn beslist_aanvragen(&self, n: u32) -> Resultaat<Vec<Aanvraag>> {
        lijst(
            &self.conn,
            "WHERE status <> 'OPEN' ORDER BY besluit_op DESC, id DESC LIMIT ?1",
            &[&n],
        )
    }

    fn aanvraag(&self, id: i64) -> Resultaat<Option<Aanvraag>> {
        Ok(lijst(&self.conn, "WHERE id = ?1", &[&id])?.pop())
    }
}

impl AanvraagSchrijver for SqliteTransactie<'_> {
    fn dien_aanvraag_in(&mut self, a: &NieuweAanvraag<'_>) -> Resultaat<i64> {
        self.tx.execute(
            "INSERT INTO aanvragen (soort, bsn, ingediend_op, ingediend_door, toelichting, school, schooljaren, status) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'OPEN')",
            params![
                a.soort,
                a.bsn.waarde(),
                datum_tekst(a.ingediend_op),
                a.ingediend_door,
                Some(a.toelichting).filter(|t| !t.is_empty()),
                a.school,
                a.schooljaren
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }
}

impl SqliteTransactie<'_> {
    /// Records a decision; `false` when the request was no longer open.
    pub(super) fn beslis_aanvraag(&mut self, b: &AanvraagBesluit<'_>) -> Resultaat<bool> {
        Ok(self.tx.execute(
            "UPDATE aanvragen SET status = ?2, besluit_op = ?3, behandelaar = ?4, kenmerk = ?5, reden = ?6 \
             WHERE id = ?1 AND status = 'OPEN'",
            params![b.id, b.status, datum_tekst(b.op), b.wie, b.kenmerk, b.reden],
        )? == 1)
    }
}
