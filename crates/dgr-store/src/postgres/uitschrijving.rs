//! R-15 uitschrijvingen and the `herkenbaar` preference in PostgreSQL
//! ([`crate::uitschrijvingen`]).

use chrono::{DateTime, NaiveDate, Utc};
use postgres::Row;
use postgres::types::ToSql;

use dgr_core::Bsn;

use super::transactie::PostgresTransactie;
use super::{PostgresStore, bsn_getal, lees_vlag};
use crate::sqlite::{datum_tekst, lees_bsn, lees_datum, lees_datum_opt, tijd_getal};
use crate::uitschrijvingen::{Uitschrijving, UitschrijvingLezer, UitschrijvingSchrijver};
use crate::{Bladzijde, Geschiedenisvraag, Resultaat};

const KOLOMMEN: &str = "id, bsn, aangevraagd_op, status, werkgevers, bezwaar_tot, bezwaar_werkgever, besluit_op, reden, behandelaar";

fn rij(r: &Row) -> Resultaat<Uitschrijving> {
    const T: &str = "uitschrijvingen";
    Ok(Uitschrijving {
        id: r.try_get(0)?,
        bsn: lees_bsn(T, r.try_get(1)?)?,
        aangevraagd_op: lees_datum(T, r.try_get(2)?)?,
        status: r.try_get(3)?,
        werkgevers: r.try_get(4)?,
        bezwaar_tot: lees_datum_opt(T, r.try_get(5)?)?,
        bezwaar_werkgever: r.try_get(6)?,
        besluit_op: lees_datum_opt(T, r.try_get(7)?)?,
        reden: r.try_get(8)?,
        behandelaar: r.try_get(9)?,
    })
}

impl PostgresStore {
    fn uitschrijvingen(
        &self,
        filter: &str,
        p: &[&(dyn ToSql + Sync)],
    ) -> Resultaat<Vec<Uitschrijving>> {
        let sql = format!(
            "SELECT {KOLOMMEN} FROM uitschrijvingen WHERE {filter} ORDER BY aangevraagd_op, id"
        );
        self.lees(&sql, p)?.iter().map(rij).collect()
    }
}

impl UitschrijvingLezer for PostgresStore {
    fn uitschrijvingen_van(&self, bsn: Bsn) -> Resultaat<Vec<Uitschrijving>> {
        self.uitschrijvingen("bsn = $1", &[&bsn_getal(bsn)])
    }

    fn open_uitschrijvingen(&self) -> Resultaat<Vec<Uitschrijving>> {
        self.uitschrijvingen("status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')", &[])
    }

    fn uitschrijving(&self, id: i64) -> Resultaat<Option<Uitschrijving>> {
        Ok(self.uitschrijvingen("id = $1", &[&id])?.pop())
    }

    fn afgehandelde_uitschrijvingen(
        &self,
        vraag: &Geschiedenisvraag,
    ) -> Resultaat<Bladzijde<Uitschrijving>> {
        self.bladzijde(
            &format!(
                "SELECT {KOLOMMEN} FROM uitschrijvingen WHERE status IN ('TOEGEWEZEN', 'AFGEWEZEN')"
            ),
            "besluit_op",
            vraag,
            rij,
        )
    }

    fn herkenbaar(&self, bsn: Bsn) -> Resultaat<Option<bool>> {
        self.lees(
            "SELECT herkenbaar FROM kandidaat_voorkeuren WHERE bsn = $1",
            &[&bsn_getal(bsn)],
        )?
        .first()
        .map(|r| lees_vlag(r, 0))
        .transpose()
    }
}

impl UitschrijvingSchrijver for PostgresTransactie<'_> {
    fn vraag_uitschrijving(&mut self, bsn: Bsn, op: NaiveDate) -> Resultaat<i64> {
        let open = self.lees(
            "SELECT id FROM uitschrijvingen WHERE bsn = $1 AND status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD') \
             ORDER BY id LIMIT 1",
            &[&bsn_getal(bsn)],
        )?;
        if let Some(r) = open.first() {
            return Ok(r.try_get(0)?);
        }
        let id = self.nieuw_id("uitschrijvingen")?;
        self.voer_uit(
            "INSERT INTO uitschrijvingen (id, bsn, aangevraagd_op, status) VALUES ($3, $1, $2, 'OPEN')",
            &[&bsn_getal(bsn), &datum_tekst(op), &id],
        )?;
        Ok(id)
    }

    fn werkgevers_geinformeerd(
        &mut self,
        id: i64,
        werkgevers: &str,
        bezwaar_tot: NaiveDate,
    ) -> Resultaat<bool> {
        Ok(self.voer_uit(
            "UPDATE uitschrijvingen SET status = 'WERKGEVERS_GEINFORMEERD', werkgevers = $2, bezwaar_tot = $3 \
             WHERE id = $1 AND status = 'OPEN'",
            &[&id, &werkgevers, &datum_tekst(bezwaar_tot)],
        )? == 1)
    }

    fn bezwaar_tegen_uitschrijving(&mut self, id: i64, tekst: &str) -> Resultaat<bool> {
        Ok(self.voer_uit(
            "UPDATE uitschrijvingen SET bezwaar_werkgever = $2 WHERE id = $1 AND status = 'WERKGEVERS_GEINFORMEERD'",
            &[&id, &tekst],
        )? == 1)
    }

    fn wijs_uitschrijving_af(
        &mut self,
        id: i64,
        op: NaiveDate,
        reden: &str,
        wie: &str,
    ) -> Resultaat<bool> {
        Ok(self.voer_uit(
            "UPDATE uitschrijvingen SET status = 'AFGEWEZEN', besluit_op = $2, reden = $3, behandelaar = $4 \
             WHERE id = $1 AND status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')",
            &[&id, &datum_tekst(op), &reden, &wie],
        )? == 1)
    }

    fn zet_herkenbaar(&mut self, bsn: Bsn, herkenbaar: bool, tijd: DateTime<Utc>) -> Resultaat<()> {
        self.voer_uit(
            "INSERT INTO kandidaat_voorkeuren (bsn, herkenbaar, gewijzigd_op) VALUES ($1, $2, $3) \
             ON CONFLICT (bsn) DO UPDATE SET herkenbaar = excluded.herkenbaar, gewijzigd_op = excluded.gewijzigd_op",
            &[&bsn_getal(bsn), &i64::from(herkenbaar), &tijd_getal(tijd)],
        )?;
        Ok(())
    }
}

impl PostgresTransactie<'_> {
    /// Records the grant of an open request; `false` when it was no longer open.
    pub(super) fn wijs_uitschrijving_toe(
        &mut self,
        id: i64,
        op: NaiveDate,
        wie: &str,
    ) -> Resultaat<bool> {
        Ok(self.voer_uit(
            "UPDATE uitschrijvingen SET status = 'TOEGEWEZEN', besluit_op = $2, behandelaar = $3 \
             WHERE id = $1 AND status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')",
            &[&id, &datum_tekst(op), &wie],
        )? == 1)
    }
}
