//! Job-seeker profiles and contact requests in SQLite ([`crate::contactverzoeken`]).

use rusqlite::{Connection, params};

use dgr_core::Bsn;
use dgr_core::gegevens::Kandidaat;

use super::transactie::SqliteTransactie;
use super::{SqliteStore, lees_bsn, lees_datum, lees_gemeente, lees_tijd, tijd_getal};
use crate::contactverzoeken::{
    ContactLezer, ContactSchrijver, Contactbesluit, Contactverzoek, NieuwContactverzoek,
};
use crate::{Resultaat, StoreFout};

const KOLOMMEN: &str = "id, tijd, bsn, arbeidsmarktregio, werkgever, werkgever_naam, toelichting, status, behandeld_op, behandelaar, profiel, reden";

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
        profiel: r.get(10)?,
        reden: r.get(11)?,
    })
}

fn verzoeken(
    conn: &Connection,
    filter_en_volgorde: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Resultaat<Vec<Contactverzoek>> {
    let sql = format!("SELECT {KOLOMMEN} FROM contactverzoeken WHERE {filter_en_volgorde}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rijen = stmt.query(p)?;
    let mut uit = Vec::new();
    while let Some(r) = rijen.next()? {
        uit.push(verzoek(r)?);
    }
    Ok(uit)
}

fn profielen(
    conn: &Connection,
    filter: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Resultaat<Vec<Kandidaat>> {
    const T: &str = "kandidaat_versies";
    let sql = format!(
        "SELECT bsn, opleidingsniveau, uren_per_week, max_reisafstand_km, beschikbaar_vanaf, interesses, woongemeente, herkenbaar \
         FROM kandidaat_versies WHERE vervallen_op IS NULL {filter} ORDER BY bsn"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rijen = stmt.query(p)?;
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
            woongemeente: lees_gemeente(T, r.get(6)?)?.ok_or_else(|| StoreFout::Corrupt {
                tabel: T,
                reden: "woongemeente ontbreekt".into(),
            })?,
            herkenbaar: r.get(7)?,
        });
    }
    Ok(uit)
}

impl ContactLezer for SqliteStore {
    fn kandidaatprofielen(&self) -> Resultaat<Vec<Kandidaat>> {
        profielen(&self.conn, "", &[])
    }

    fn kandidaatprofiel(&self, bsn: Bsn) -> Resultaat<Option<Kandidaat>> {
        Ok(profielen(&self.conn, "AND bsn = ?1", &[&bsn.waarde()])?.pop())
    }

    fn contactverzoeken_van_regio(
        &self,
        arbeidsmarktregio: &str,
        status: &str,
    ) -> Resultaat<Vec<Contactverzoek>> {
        verzoeken(
            &self.conn,
            "arbeidsmarktregio = ?1 AND status = ?2 ORDER BY tijd, id",
            &[&arbeidsmarktregio, &status],
        )
    }

    fn contactverzoeken_van_werkgever(&self, werkgever: &str) -> Resultaat<Vec<Contactverzoek>> {
        verzoeken(
            &self.conn,
            "werkgever = ?1 ORDER BY tijd DESC, id DESC",
            &[&werkgever],
        )
    }
}

impl ContactSchrijver for SqliteTransactie<'_> {
    fn vraag_contact(&mut self, v: &NieuwContactverzoek<'_>) -> Resultaat<i64> {
        self.tx.execute(
            "INSERT INTO contactverzoeken (tijd, bsn, arbeidsmarktregio, werkgever, werkgever_naam, toelichting, status, profiel) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'OPEN', ?7)",
            params![
                tijd_getal(v.tijd),
                v.bsn.waarde(),
                v.arbeidsmarktregio,
                v.werkgever,
                v.werkgever_naam,
                v.toelichting,
                v.profiel
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    fn beslis_contactverzoek(
        &mut self,
        b: &Contactbesluit<'_>,
    ) -> Resultaat<Option<Contactverzoek>> {
        let n = self.tx.execute(
            "UPDATE contactverzoeken SET status = ?3, behandeld_op = ?4, behandelaar = ?5, reden = ?6 \
             WHERE id = ?1 AND arbeidsmarktregio = ?2 AND status = 'OPEN'",
            params![
                b.id,
                b.arbeidsmarktregio,
                if b.akkoord { "AKKOORD" } else { "AFGEWEZEN" },
                tijd_getal(b.tijd),
                b.behandelaar,
                b.reden
            ],
        )?;
        if n == 0 {
            return Ok(None);
        }
        Ok(verzoeken(&self.tx, "id = ?1", &[&b.id])?.pop())
    }
}
