//! R-15 uitschrijvingen (requests, employer notification and objection, decision) and the
//! citizen's `herkenbaar` preference, in SQLite.

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use dgr_core::Bsn;

use super::{datum_tekst, lees_bsn, lees_datum, lees_datum_opt, tijd_getal};
use crate::Resultaat;

/// One request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Uitschrijving {
    /// Id.
    pub id: i64,
    /// The citizen (staff views only).
    #[serde(skip)]
    pub bsn: Bsn,
    /// Date of the request.
    pub aangevraagd_op: NaiveDate,
    /// OPEN, WERKGEVERS_GEINFORMEERD, TOEGEWEZEN or AFGEWEZEN.
    pub status: String,
    /// The employers informed (names or lhn), comma-separated.
    pub werkgevers: Option<String>,
    /// End of the employers' objection window.
    pub bezwaar_tot: Option<NaiveDate>,
    /// An employer's objection.
    pub bezwaar_werkgever: Option<String>,
    /// Decision date.
    pub besluit_op: Option<NaiveDate>,
    /// Reason of a refusal.
    pub reden: Option<String>,
    /// Who decided.
    pub behandelaar: Option<String>,
}

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

/// Reads and writes of R-15 on one connection.
pub struct Uitschrijvingen<'a> {
    conn: &'a Connection,
}

impl<'a> Uitschrijvingen<'a> {
    /// On a connection.
    pub fn new(conn: &'a Connection) -> Uitschrijvingen<'a> {
        Uitschrijvingen { conn }
    }

    fn lijst(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Resultaat<Vec<Uitschrijving>> {
        let sql = format!(
            "SELECT {KOLOMMEN} FROM uitschrijvingen WHERE {filter} ORDER BY aangevraagd_op, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rijen = stmt.query(p)?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(rij(r)?);
        }
        Ok(uit)
    }

    /// A citizen's requests.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn van(&self, bsn: Bsn) -> Resultaat<Vec<Uitschrijving>> {
        self.lijst("bsn = ?1", &[&bsn.waarde()])
    }

    /// The open work queue (not yet decided).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn open(&self) -> Resultaat<Vec<Uitschrijving>> {
        self.lijst("status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')", &[])
    }

    /// One request.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn een(&self, id: i64) -> Resultaat<Option<Uitschrijving>> {
        Ok(self.lijst("id = ?1", &[&id])?.pop())
    }

    /// Records a request (unless one is still open); returns its id.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn vraag(&self, bsn: Bsn, op: NaiveDate) -> Resultaat<i64> {
        if let Some(id) = self
            .conn
            .query_row(
                "SELECT id FROM uitschrijvingen WHERE bsn = ?1 AND status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')",
                [bsn.waarde()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
        {
            return Ok(id);
        }
        self.conn.execute(
            "INSERT INTO uitschrijvingen (bsn, aangevraagd_op, status) VALUES (?1, ?2, 'OPEN')",
            params![bsn.waarde(), datum_tekst(op)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records that the current employers were informed, with the end of their objection window.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn werkgevers_geinformeerd(
        &self,
        id: i64,
        werkgevers: &str,
        bezwaar_tot: NaiveDate,
    ) -> Resultaat<bool> {
        Ok(self.conn.execute(
            "UPDATE uitschrijvingen SET status = 'WERKGEVERS_GEINFORMEERD', werkgevers = ?2, bezwaar_tot = ?3 WHERE id = ?1 AND status = 'OPEN'",
            params![id, werkgevers, datum_tekst(bezwaar_tot)],
        )? == 1)
    }

    /// Records an employer's objection.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn bezwaar(&self, id: i64, tekst: &str) -> Resultaat<bool> {
        Ok(self.conn.execute(
            "UPDATE uitschrijvingen SET bezwaar_werkgever = ?2 WHERE id = ?1 AND status = 'WERKGEVERS_GEINFORMEERD'",
            params![id, tekst],
        )? == 1)
    }

    /// Records the decision.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn besluit(
        &self,
        id: i64,
        toegewezen: bool,
        op: NaiveDate,
        reden: Option<&str>,
        wie: &str,
    ) -> Resultaat<bool> {
        Ok(self.conn.execute(
            "UPDATE uitschrijvingen SET status = ?2, besluit_op = ?3, reden = ?4, behandelaar = ?5 \
             WHERE id = ?1 AND status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD')",
            params![
                id,
                if toegewezen {
                    "TOEGEWEZEN"
                } else {
                    "AFGEWEZEN"
                },
                datum_tekst(op),
                reden,
                wie
            ],
        )? == 1)
    }

    /// The citizen's `herkenbaar` preference, if set.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn herkenbaar(&self, bsn: Bsn) -> Resultaat<Option<bool>> {
        Ok(self
            .conn
            .query_row(
                "SELECT herkenbaar FROM kandidaat_voorkeuren WHERE bsn = ?1",
                [bsn.waarde()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Sets the citizen's `herkenbaar` preference.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn zet_herkenbaar(&self, bsn: Bsn, herkenbaar: bool) -> Resultaat<()> {
        self.conn.execute(
            "INSERT INTO kandidaat_voorkeuren (bsn, herkenbaar, gewijzigd_op) VALUES (?1, ?2, ?3) \
             ON CONFLICT (bsn) DO UPDATE SET herkenbaar = excluded.herkenbaar, gewijzigd_op = excluded.gewijzigd_op",
            params![bsn.waarde(), herkenbaar, tijd_getal(Utc::now())],
        )?;
        Ok(())
    }
}
