//! Job-seeker profiles and contact requests in SQLite.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use dgr_core::Bsn;
use dgr_core::gegevens::Kandidaat;

use super::{lees_bsn, lees_datum, lees_gemeente, lees_tijd, tijd_getal};
use crate::{Resultaat, StoreFout};

/// A contact request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Contactverzoek {
    /// Id.
    pub id: i64,
    /// When asked.
    pub tijd: DateTime<Utc>,
    /// The candidate (shown to the WSP only).
    #[serde(skip)]
    pub bsn: Bsn,
    /// The candidate's region (the handling WSP).
    pub arbeidsmarktregio: String,
    /// The employer's organisation key.
    pub werkgever: String,
    /// The employer's name.
    pub werkgever_naam: Option<String>,
    /// The employer's note.
    pub toelichting: Option<String>,
    /// OPEN, AKKOORD or AFGEWEZEN.
    pub status: String,
    /// When decided.
    pub behandeld_op: Option<DateTime<Utc>>,
    /// Who decided (WSP adviser).
    pub behandelaar: Option<String>,
}

/// Reads and writes of the Kandidatenverkenner on one connection.
pub struct Kandidatenbank<'a> {
    conn: &'a Connection,
}

fn verzoek(r: &rusqlite::Row<'_>) -> Resultaat<Contactverzoek> {
    const T: &str = "contactverzoeken";
    Ok(Contactverzoek {
        id: r.get(0)?,
        tijd: lees_tijd(T, r.get(1)?)?,
        bsn: lees_bsn(T, r.get(2)?)?,
        arbeidsmarktregio: r.get(3)?,
        werkgever: r.get(4)?,
        werkgever_naam: r.get(5)?,
        toelichting: r.get(6)?,
        status: r.get(7)?,
        behandeld_op: r
            .get::<_, Option<i64>>(8)?
            .map(|t| lees_tijd(T, t))
            .transpose()?,
        behandelaar: r.get(9)?,
    })
}

const KOLOMMEN: &str = "id, tijd, bsn, arbeidsmarktregio, werkgever, werkgever_naam, toelichting, status, behandeld_op, behandelaar";

impl<'a> Kandidatenbank<'a> {
    /// On a connection.
    pub fn new(conn: &'a Connection) -> Kandidatenbank<'a> {
        Kandidatenbank { conn }
    }

    /// Every current job-seeker profile.
    ///
    /// # Errors
    /// [`StoreFout`].
    pub fn profielen(&self) -> Resultaat<Vec<Kandidaat>> {
        const T: &str = "kandidaat_versies";
        let mut stmt = self.conn.prepare_cached(
            "SELECT bsn, opleidingsniveau, uren_per_week, max_reisafstand_km, beschikbaar_vanaf, interesses, woongemeente, herkenbaar \
             FROM kandidaat_versies WHERE vervallen_op IS NULL ORDER BY bsn",
        )?;
        let mut rijen = stmt.query([])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            let interesses: String = r.get(5)?;
            uit.push(Kandidaat {
                bsn: lees_bsn(T, r.get(0)?)?,
                opleidingsniveau: r.get(1)?,
                uren_per_week: r.get(2)?,
                max_reisafstand_km: r.get(3)?,
                beschikbaar_vanaf: lees_datum(T, &r.get::<_, String>(4)?)?,
                interesses: interesses
                    .split('|')
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect(),
                woongemeente: lees_gemeente(T, r.get(6)?)?.ok_or(StoreFout::Corrupt {
                    tabel: T,
                    reden: "woongemeente ontbreekt".into(),
                })?,
                herkenbaar: r.get(7)?,
            });
        }
        Ok(uit)
    }

    /// Records a contact request; returns its id.
    ///
    /// # Errors
    /// [`StoreFout`].
    pub fn vraag_contact(
        &self,
        bsn: Bsn,
        regio: &str,
        werkgever: &str,
        naam: Option<&str>,
        toelichting: Option<&str>,
    ) -> Resultaat<i64> {
        self.conn.execute(
            "INSERT INTO contactverzoeken (tijd, bsn, arbeidsmarktregio, werkgever, werkgever_naam, toelichting, status) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'OPEN')",
            params![tijd_getal(Utc::now()), bsn.waarde(), regio, werkgever, naam, toelichting],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The requests of a region with a status (WSP view).
    ///
    /// # Errors
    /// [`StoreFout`].
    pub fn van_regio(&self, regio: &str, status: &str) -> Resultaat<Vec<Contactverzoek>> {
        let sql = format!(
            "SELECT {KOLOMMEN} FROM contactverzoeken WHERE arbeidsmarktregio = ?1 AND status = ?2 ORDER BY tijd"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rijen = stmt.query(params![regio, status])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(verzoek(r)?);
        }
        Ok(uit)
    }

    /// The requests of an employer.
    ///
    /// # Errors
    /// [`StoreFout`].
    pub fn van_werkgever(&self, werkgever: &str) -> Resultaat<Vec<Contactverzoek>> {
        let sql = format!(
            "SELECT {KOLOMMEN} FROM contactverzoeken WHERE werkgever = ?1 ORDER BY tijd DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rijen = stmt.query([werkgever])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(verzoek(r)?);
        }
        Ok(uit)
    }

    /// Records the candidate's answer to an open request of `regio`; returns the request when it
    /// was open in that region.
    ///
    /// # Errors
    /// [`StoreFout`].
    pub fn beslis(
        &self,
        id: i64,
        regio: &str,
        akkoord: bool,
        behandelaar: &str,
    ) -> Resultaat<Option<Contactverzoek>> {
        let n = self.conn.execute(
            "UPDATE contactverzoeken SET status = ?3, behandeld_op = ?4, behandelaar = ?5 \
             WHERE id = ?1 AND arbeidsmarktregio = ?2 AND status = 'OPEN'",
            params![
                id,
                regio,
                if akkoord { "AKKOORD" } else { "AFGEWEZEN" },
                tijd_getal(Utc::now()),
                behandelaar
            ],
        )?;
        if n == 0 {
            return Ok(None);
        }
        let sql = format!("SELECT {KOLOMMEN} FROM contactverzoeken WHERE id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rijen = stmt.query([id])?;
        rijen.next()?.map(verzoek).transpose()
    }
}
