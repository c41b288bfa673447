//! R-16 bezwaren in PostgreSQL ([`crate::bezwaren`]).

use postgres::Row;
use postgres::types::ToSql;

use dgr_core::Bsn;

use super::transactie::PostgresTransactie;
use super::{PostgresStore, bsn_getal};
use crate::bezwaren::{Bezwaar, BezwaarLezer, BezwaarSchrijver, NieuwBezwaar};
use crate::sqlite::{datum_tekst, lees_bsn, lees_datum, lees_datum_opt};
use crate::{Bladzijde, Geschiedenisvraag, Resultaat};

const KOLOMMEN: &str = "id, bsn, besluitdatum, ingediend_op, toelichting, ontvangen_door, status, gevolg, ingangsdatum, beslist_op, behandelaar, motivering";

fn rij(r: &Row) -> Resultaat<Bezwaar> {
    const T: &str = "bezwaren";
    Ok(Bezwaar {
        id: r.try_get(0)?,
        bsn: lees_bsn(T, r.try_get(1)?)?,
        besluitdatum: lees_datum(T, r.try_get(2)?)?,
        ingediend_op: lees_datum(T, r.try_get(3)?)?,
        toelichting: r.try_get(4)?,
        ontvangen_door: r.try_get(5)?,
        status: r.try_get(6)?,
        gevolg: r.try_get(7)?,
        ingangsdatum: lees_datum_opt(T, r.try_get(8)?)?,
        beslist_op: lees_datum_opt(T, r.try_get(9)?)?,
        behandelaar: r.try_get(10)?,
        motivering: r.try_get(11)?,
    })
}

impl PostgresStore {
    fn bezwaren(&self, filter: &str, p: &[&(dyn ToSql + Sync)]) -> Resultaat<Vec<Bezwaar>> {
        let sql =
            format!("SELECT {KOLOMMEN} FROM bezwaren WHERE {filter} ORDER BY ingediend_op, id");
        self.lees(&sql, p)?.iter().map(rij).collect()
    }
}

impl BezwaarLezer for PostgresStore {
    fn open_bezwaren(&self) -> Resultaat<Vec<Bezwaar>> {
        self.bezwaren("status = 'OPEN'", &[])
    }

    fn bezwaren_van(&self, bsn: Bsn) -> Resultaat<Vec<Bezwaar>> {
        self.bezwaren("bsn = $1", &[&bsn_getal(bsn)])
    }

    fn bezwaar(&self, id: i64) -> Resultaat<Option<Bezwaar>> {
        Ok(self.bezwaren("id = $1", &[&id])?.pop())
    }

    fn afgehandelde_bezwaren(&self, vraag: &Geschiedenisvraag) -> Resultaat<Bladzijde<Bezwaar>> {
        self.bladzijde(
            &format!("SELECT {KOLOMMEN} FROM bezwaren WHERE status <> 'OPEN'"),
            "beslist_op",
            vraag,
            rij,
        )
    }
}

impl BezwaarSchrijver for PostgresTransactie<'_> {
    fn registreer_bezwaar(&mut self, b: &NieuwBezwaar<'_>) -> Resultaat<i64> {
        let id = self.nieuw_id("bezwaren")?;
        self.voer_uit(
            "INSERT INTO bezwaren (id, bsn, besluitdatum, ingediend_op, toelichting, ontvangen_door, status) \
             VALUES ($6, $1, $2, $3, $4, $5, 'OPEN')",
            &[
                &bsn_getal(b.bsn),
                &datum_tekst(b.besluitdatum),
                &datum_tekst(b.ingediend_op),
                &b.toelichting,
                &b.wie,
                &id,
            ],
        )?;
        Ok(id)
    }
}

impl PostgresTransactie<'_> {
    /// Records the decision of an open bezwaar; `false` when it was not open.
    pub(super) fn beslis_bezwaar(&mut self, b: &crate::BezwaarBesluit<'_>) -> Resultaat<bool> {
        use dgr_core::bezwaar::Uitkomst;
        let ingangsdatum = match b.uitkomst {
            Uitkomst::GegrondOpvoer { ingangsdatum }
            | Uitkomst::GegrondIntrekking { ingangsdatum } => Some(datum_tekst(ingangsdatum)),
            _ => None,
        };
        Ok(self.voer_uit(
            "UPDATE bezwaren SET status = $2, gevolg = $3, ingangsdatum = $4, beslist_op = $5, behandelaar = $6, motivering = $7 \
             WHERE id = $1 AND status = 'OPEN'",
            &[
                &b.id,
                &b.uitkomst.status(),
                &b.uitkomst.gevolg(),
                &ingangsdatum,
                &datum_tekst(b.op),
                &b.wie,
                &b.motivering,
            ],
        )? == 1)
    }
}
