//! R-15 uitschrijvingen and the `herkenbaar` preference in SQLite
//! ([`crate::uitschrijvingen`]).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use dgr_core::Bsn;

use super::transactie::SqliteTransactie;
use super::{SqliteStore, datum_tekst, lees_bsn, lees_datum, lees_datum_opt, tijd_getal};
use crate::uitschrijvingen::{Uitschrijving, UitschrijvingLezer, UitschrijvingSchrijver};
use crate::{Bladzijde, Geschiedenisvraag, Resultaat};

const KOLOMMEN: &str = "id, bsn, aangevraagd_op, status, werkgevers, bezwaar_tot, bezwaar_werkgever, besluit_op, reden, behandelaar";

fn rij(r: &rusqlite::Row<'_>) -> Resultaat<Uitschrijving> {
    const T: &str = "uitschrijvingen";
    Ok(Uitschrijving {
        id: r.get(0)?,
        bsn: lees_bsn(T, r.get(1)?)?,
        aangevraagd_op: lees_datum(T, &r.get::<_, String>(2)?)?,
        status: r.get(3)?,
        werkgevers: r.get(4)?,
        bezwaar_tot: lees_datum_opt(T, r.get(5)?)?,
        bezwaar_werkgever: r.get(6)?,
        besluit_op: lees_datum_opt(T, r.get(7)?)?,
        reden: r.get(8)?,
        behandelaar: r.get(9)?,
    })
}

fn lijst(
    conn: &Connection,
    filter: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Resultaat<Vec<Uitschrijving>> {
    let sql = format!(
        "SELECT {KOLOMMEN} FROM uitschrijvingen WHERE {filter} ORDER BY aangevraagd_op, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rijen = stmt.query(p)?;
    let mut uit = Vec::new();
    while let Some(r) = rijen.next()? {
        uit.push(rij(r)?);
    }
    Ok(uit)
}

impl UitschrijvingLezer for SqliteStore {
    fn uitschrijvingen_van(&self, bsn: Bsn) -> Resultaat<Vec<Uitschrijving>> {
        lijst(&self.conn, "bsn = ?1", &[&bsn.waarde()])
    }

    fn open_uitschrijvingen(&self) -> Resultaat<Vec<Uitschrijving>> {
        lijst(
            &self.conn,
            "status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')",
            &[],
        )
    }

    fn uitschrijving(&self, id: i64) -> Resultaat<Option<Uitschrijving>> {
        Ok(lijst(&self.conn, "id = ?1", &[&id])?.pop())
    }

    fn afgehandelde_uitschrijvingen(
        &self,
        vraag: &Geschiedenisvraag,
    ) -> Resultaat<Bladzijde<Uitschrijving>> {
        super::bladzijde(
            &self.conn,
            &format!(
                "SELECT {KOLOMMEN} FROM uitschrijvingen WHERE status IN ('TOEGEWEZEN', 'AFGEWEZEN')"
            ),
            "besluit_op",
            vraag,
            rij,
        )
    }

    fn herkenbaar(&self, bsn: Bsn) -> Resultaat<Option<bool>> {
        Ok(self
            .conn
            .query_row(
                "SELECT herkenbaar FROM kandidaat_voorkeuren WHERE bsn = ?1",
                [bsn.waarde()],
                |r| r.get(0),
            )
            .optional()?)
    }
}

impl UitschrijvingSchrijver for SqliteTransactie<'_> {
    fn vraag_uitschrijving(&mut self, bsn: Bsn, op: NaiveDate) -> Resultaat<i64> {
        if let Some(id) = self
            .tx
            .query_row(
                "SELECT id FROM uitschrijvingen WHERE bsn = ?1 AND status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')",
                [bsn.waarde()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
        {
            return Ok(id);
        }
        self.tx.execute(
            "INSERT INTO uitschrijvingen (bsn, aangevraagd_op, status) VALUES (?1, ?2, 'OPEN')",
            params![bsn.waarde(), datum_tekst(op)],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    fn werkgevers_geinformeerd(
        &mut self,
        id: i64,
        werkgevers: &str,
        bezwaar_tot: NaiveDate,
    ) -> Resultaat<bool> {
        Ok(self.tx.execute(
            "UPDATE uitschrijvingen SET status = 'WERKGEVERS_GEINFORMEERD', werkgevers = ?2, bezwaar_tot = ?3 WHERE id = ?1 AND status = 'OPEN'",
            params![id, werkgevers, datum_tekst(bezwaar_tot)],
        )? == 1)
    }

    fn bezwaar_tegen_uitschrijving(&mut self, id: i64, tekst: &str) -> Resultaat<bool> {
        Ok(self.tx.execute(
            "UPDATE uitschrijvingen SET bezwaar_werkgever = ?2 WHERE id = ?1 AND status = 'WERKGEVERS_GEINFORMEERD'",
            params![id, tekst],
        )? == 1)
    }

    fn wijs_uitschrijving_af(
        &mut self,
        id: i64,
        op: NaiveDate,
        reden: &str,
        wie: &str,
    ) -> Resultaat<bool> {
        Ok(self.tx.execute(
            "UPDATE uitschrijvingen SET status = 'AFGEWEZEN', besluit_op = ?2, reden = ?3, behandelaar = ?4 \
             WHERE id = ?1 AND status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')",
            params![id, datum_tekst(op), reden, wie],
        )? == 1)
    }

    fn zet_herkenbaar(&mut self, bsn: Bsn, herkenbaar: bool, tijd: DateTime<Utc>) -> Resultaat<()> {
        self.tx.execute(
            "INSERT INTO kandidaat_voorkeuren (bsn, herkenbaar, gewijzigd_op) VALUES (?1, ?2, ?3) \
             ON CONFLICT (bsn) DO UPDATE SET herkenbaar = excluded.herkenbaar, gewijzigd_op = excluded.gewijzigd_op",
            params![bsn.waarde(), herkenbaar, tijd_getal(tijd)],
        )?;
        Ok(())
    }
}

impl SqliteTransactie<'_> {
    /// Records the grant of an open request; `false` when it was no longer open.
    pub(super) fn wijs_uitschrijving_toe(
        &mut self,
        id: i64,
        op: NaiveDate,
        wie: &str,
    ) -> Resultaat<bool> {
        Ok(self.tx.execute(
            "UPDATE uitschrijvingen SET status = 'TOEGEWEZEN', besluit_op = ?2, behandelaar = ?3 \
             WHERE id = ?1 AND status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')",
            params![id, datum_tekst(op), wie],
        )? == 1)
    }
}
