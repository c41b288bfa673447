//! Requests to enter the register in PostgreSQL ([`crate::aanvragen`]).

use postgres::Row;
use postgres::types::ToSql;

use dgr_core::Bsn;

use super::transactie::PostgresTransactie;
use super::{PostgresStore, bsn_getal};
use crate::Resultaat;
use crate::aanvragen::{
    Aanvraag, AanvraagBesluit, AanvraagLezer, AanvraagSchrijver, NieuweAanvraag,
};
use crate::sqlite::{datum_tekst, lees_bsn, lees_datum, lees_datum_opt};

const KOLOMMEN: &str = "id, soort, bsn, ingediend_op, ingediend_door, toelichting, school, schooljaren, status, besluit_op, kenmerk, reden, behandelaar";

fn rij(r: &Row) -> Resultaat<Aanvraag> {
    const T: &str = "aanvragen";
    Ok(Aanvraag {
        id: r.try_get(0)?,
        soort: r.try_get(1)?,
        bsn: lees_bsn(T, r.try_get(2)?)?,
        ingediend_op: lees_datum(T, r.try_get(3)?)?,
        ingediend_door: r.try_get(4)?,
        toelichting: r.try_get(5)?,
        school: r.try_get(6)?,
        schooljaren: r.try_get(7)?,
        status: r.try_get(8)?,
        besluit_op: lees_datum_opt(T, r.try_get(9)?)?,
        kenmerk: r.try_get(10)?,
        reden: r.try_get(11)?,
        behandelaar: r.try_get(12)?,
    })
}

impl PostgresStore {
    fn aanvragen(&self, rest: &str, p: &[&(dyn ToSql + Sync)]) -> Resultaat<Vec<Aanvraag>> {
        self.lees(&format!("SELECT {KOLOMMEN} FROM aanvragen {rest}"), p)?
            .iter()
            .map(rij)
            .collect()
    }
}

impl AanvraagLezer for PostgresStore {
    fn aanvragen_van(&self, bsn: Bsn) -> Resultaat<Vec<Aanvraag>> {
        self.aanvragen(
            "WHERE bsn = $1 ORDER BY ingediend_op, id",
            &[&bsn_getal(bsn)],
        )
    }

    fn open_aanvragen(&self) -> Resultaat<Vec<Aanvraag>> {
        self.aanvragen("WHERE status = 'OPEN' ORDER BY ingediend_op, id", &[])
    }

    fn beslist_aanvragen(&self, n: u32) -> Resultaat<Vec<Aanvraag>> {
        self.aanvragen(
            "WHERE status <> 'OPEN' ORDER BY besluit_op DESC, id DESC LIMIT $1",
            &[&i64::from(n)],
        )
    }

    fn aanvraag(&self, id: i64) -> Resultaat<Option<Aanvraag>> {
        Ok(self.aanvragen("WHERE id = $1", &[&id])?.pop())
    }
}

impl AanvraagSchrijver for PostgresTransactie<'_> {
    fn dien_aanvraag_in(&mut self, a: &NieuweAanvraag<'_>) -> Resultaat<i64> {
        let id = self.nieuw_id("aanvragen")?;
        self.voer_uit(
            "INSERT INTO aanvragen (id, soort, bsn, ingediend_op, ingediend_door, toelichting, school, schooljaren, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'OPEN')",
            &[
                &id,
                &a.soort,
                &bsn_getal(a.bsn),
                &datum_tekst(a.ingediend_op),
                &a.ingediend_door,
                &Some(a.toelichting).filter(|t| !t.is_empty()),
                &a.school,
                &a.schooljaren,
            ],
        )?;
        Ok(id)
    }
}

impl PostgresTransactie<'_> {
    /// Records a decision; `false` when the request was no longer open.
    pub(super) fn beslis_aanvraag(&mut self, b: &AanvraagBesluit<'_>) -> Resultaat<bool> {
        Ok(self.voer_uit(
            "UPDATE aanvragen SET status = $2, besluit_op = $3, behandelaar = $4, kenmerk = $5, reden = $6 \
             WHERE id = $1 AND status = 'OPEN'",
            &[&b.id, &b.status, &datum_tekst(b.op), &b.wie, &b.kenmerk, &b.reden],
        )? == 1)
    }
}
