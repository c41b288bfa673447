//! R-16 bezwaren (objections against a beoordeling arbeidsvermogen) in SQLite: lodged, then
//! decided once with an outcome that may have changed the register.

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use dgr_core::Bsn;
use dgr_core::bezwaar::Uitkomst;

use super::{datum_tekst, lees_bsn, lees_datum, lees_datum_opt};
use crate::Resultaat;

/// One bezwaar as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bezwaar {
    /// Id.
    pub id: i64,
    /// The person (staff views only).
    pub bsn: Bsn,
    /// Date of the contested beoordeling arbeidsvermogen.
    pub besluitdatum: NaiveDate,
    /// Date the bezwaar was lodged.
    pub ingediend_op: NaiveDate,
    /// The objector's grounds, as summarised by staff.
    pub toelichting: String,
    /// Who recorded it.
    pub ontvangen_door: String,
    /// OPEN, GEGROND, ONGEGROND or NIET_ONTVANKELIJK.
    pub status: String,
    /// For GEGROND: OPVOER or INTREKKING of a PW_IBA registration.
    pub gevolg: Option<String>,
    /// Ingangsdatum of the registration added or withdrawn.
    pub ingangsdatum: Option<NaiveDate>,
    /// Decision date.
    pub beslist_op: Option<NaiveDate>,
    /// Who decided.
    pub behandelaar: Option<String>,
}

const KOLOMMEN: &str = "id, bsn, besluitdatum, ingediend_op, toelichting, ontvangen_door, status, gevolg, ingangsdatum, beslist_op, behandelaar";

fn rij(r: &rusqlite::Row<'_>) -> Resultaat<Bezwaar> {
    const T: &str = "bezwaren";
    Ok(Bezwaar {
        id: r.get(0)?,
        bsn: lees_bsn(T, r.get(1)?)?,
        besluitdatum: lees_datum(T, &r.get::<_, String>(2)?)?,
        ingediend_op: lees_datum(T, &r.get::<_, String>(3)?)?,
        toelichting: r.get(4)?,
        ontvangen_door: r.get(5)?,
        status: r.get(6)?,
        gevolg: r.get(7)?,
        ingangsdatum: lees_datum_opt(T, r.get(8)?)?,
        beslist_op: lees_datum_opt(T, r.get(9)?)?,
        behandelaar: r.get(10)?,
    })
}

/// Reads and writes of R-16 on one connection.
pub struct Bezwaren<'a> {
    conn: &'a Connection,
}

impl<'a> Bezwaren<'a> {
    /// On a connection.
    pub fn new(conn: &'a Connection) -> Bezwaren<'a> {
        Bezwaren { conn }
    }

    fn lijst(&self, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Resultaat<Vec<Bezwaar>> {
        let sql =
            format!("SELECT {KOLOMMEN} FROM bezwaren WHERE {filter} ORDER BY ingediend_op, id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rijen = stmt.query(p)?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(rij(r)?);
        }
        Ok(uit)
    }

    /// The open work queue, oldest first.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn open(&self) -> Resultaat<Vec<Bezwaar>> {
        self.lijst("status = 'OPEN'", &[])
    }

    /// A person's bezwaren.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn van(&self, bsn: Bsn) -> Resultaat<Vec<Bezwaar>> {
        self.lijst("bsn = ?1", &[&bsn.waarde()])
    }

    /// One bezwaar.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn een(&self, id: i64) -> Resultaat<Option<Bezwaar>> {
        Ok(self.lijst("id = ?1", &[&id])?.pop())
    }

    /// Records a lodged bezwaar; returns its id.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn registreer(
        &self,
        bsn: Bsn,
        besluitdatum: NaiveDate,
        ingediend_op: NaiveDate,
        toelichting: &str,
        wie: &str,
    ) -> Resultaat<i64> {
        self.conn.execute(
            "INSERT INTO bezwaren (bsn, besluitdatum, ingediend_op, toelichting, ontvangen_door, status) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'OPEN')",
            params![
                bsn.waarde(),
                datum_tekst(besluitdatum),
                datum_tekst(ingediend_op),
                toelichting,
                wie
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records the decision of an open bezwaar; `false` when it was not open (decided before).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    pub fn besluit(
        &self,
        id: i64,
        uitkomst: Uitkomst,
        op: NaiveDate,
        wie: &str,
    ) -> Resultaat<bool> {
        let ingangsdatum = match uitkomst {
            Uitkomst::GegrondOpvoer { ingangsdatum }
            | Uitkomst::GegrondIntrekking { ingangsdatum } => Some(datum_tekst(ingangsdatum)),
            _ => None,
        };
        Ok(self.conn.execute(
            "UPDATE bezwaren SET status = ?2, gevolg = ?3, ingangsdatum = ?4, beslist_op = ?5, behandelaar = ?6 \
             WHERE id = ?1 AND status = 'OPEN'",
            params![
                id,
                uitkomst.status(),
                uitkomst.gevolg(),
                ingangsdatum,
                datum_tekst(op),
                wie
            ],
        )? == 1)
    }
}
