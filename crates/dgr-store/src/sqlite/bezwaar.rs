//! R-16 bezwaren in SQLite ([`crate::bezwaren`]).

use rusqlite::{Connection, params};

use dgr_core::Bsn;

use super::transactie::SqliteTransactie;
use super::{SqliteStore, datum_tekst, lees_bsn, lees_datum, lees_datum_opt};
use crate::bezwaren::{Bezwaar, BezwaarLezer, BezwaarSchrijver, NieuwBezwaar};
use crate::{Bladzijde, Geschiedenisvraag, Resultaat};

const KOLOMMEN: &str = "id, bsn, besluitdatum, ingediend_op, toelichting, ontvangen_door, status, gevolg, ingangsdatum, beslist_op, behandelaar, motivering";

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
        motivering: r.get(11)?,
    })
}

fn lijst(conn: &Connection, filter: &str, p: &[&dyn rusqlite::ToSql]) -> Resultaat<Vec<Bezwaar>> {
    let sql = format!("SELECT {KOLOMMEN} FROM bezwaren WHERE {filter} ORDER BY ingediend_op, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rijen = stmt.query(p)?;
    let mut uit = Vec::new();
    while let Some(r) = rijen.next()? {
        uit.push(rij(r)?);
    }
    Ok(uit)
}

impl BezwaarLezer for SqliteStore {
    fn open_bezwaren(&self) -> Resultaat<Vec<Bezwaar>> {
        lijst(&self.conn, "status = 'OPEN'", &[])
    }

    fn bezwaren_van(&self, bsn: Bsn) -> Resultaat<Vec<Bezwaar>> {
        lijst(&self.conn, "bsn = ?1", &[&bsn.waarde()])
    }

    fn bezwaar(&self, id: i64) -> Resultaat<Option<Bezwaar>> {
        Ok(lijst(&self.conn, "id = ?1", &[&id])?.pop())
    }

    fn afgehandelde_bezwaren(&self, vraag: &Geschiedenisvraag) -> Resultaat<Bladzijde<Bezwaar>> {
        super::bladzijde(
            &self.conn,
            &format!("SELECT {KOLOMMEN} FROM bezwaren WHERE status <> 'OPEN'"),
            "beslist_op",
            vraag,
            rij,
        )
    }
}

impl BezwaarSchrijver for SqliteTransactie<'_> {
    fn registreer_bezwaar(&mut self, b: &NieuwBezwaar<'_>) -> Resultaat<i64> {
        self.tx.execute(
            "INSERT INTO bezwaren (bsn, besluitdatum, ingediend_op, toelichting, ontvangen_door, status) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'OPEN')",
            params![
                b.bsn.waarde(),
                datum_tekst(b.besluitdatum),
                datum_tekst(b.ingediend_op),
                b.toelichting,
                b.wie
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }
}

impl SqliteTransactie<'_> {
    /// Records the decision of an open bezwaar; `false` when it was not open.
    pub(super) fn beslis_bezwaar(&mut self, b: &crate::BezwaarBesluit<'_>) -> Resultaat<bool> {
        use dgr_core::bezwaar::Uitkomst;
        let ingangsdatum = match b.uitkomst {
            Uitkomst::GegrondOpvoer { ingangsdatum }
            | Uitkomst::GegrondIntrekking { ingangsdatum } => Some(datum_tekst(ingangsdatum)),
            _ => None,
        };
        Ok(self.tx.execute(
            "UPDATE bezwaren SET status = ?2, gevolg = ?3, ingangsdatum = ?4, beslist_op = ?5, behandelaar = ?6, motivering = ?7 \
             WHERE id = ?1 AND status = 'OPEN'",
            params![
                b.id,
                b.uitkomst.status(),
                b.uitkomst.gevolg(),
                ingangsdatum,
                datum_tekst(b.op),
                b.wie,
                b.motivering
            ],
        )? == 1)
    }
}
