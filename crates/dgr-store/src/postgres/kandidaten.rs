//! Job-seeker profiles and contact requests in PostgreSQL ([`crate::contactverzoeken`]).

use postgres::Row;
use postgres::types::ToSql;

use dgr_core::Bsn;
use dgr_core::gegevens::Kandidaat;

use super::transactie::PostgresTransactie;
use super::{PostgresStore, bsn_getal, lees_vlag};
use crate::contactverzoeken::{
    ContactLezer, ContactSchrijver, Contactbesluit, Contactverzoek, NieuwContactverzoek,
};
use crate::sqlite::{lees_bsn, lees_datum, lees_gemeente, lees_tijd, tijd_getal};
use crate::{Resultaat, StoreFout};

const KOLOMMEN: &str = "id, tijd, bsn, arbeidsmarktregio, werkgever, werkgever_naam, toelichting, status, behandeld_op, behandelaar, profiel, reden";

fn verzoek(r: &Row) -> Resultaat<Contactverzoek> {
    const T: &str = "contactverzoeken";
    Ok(Contactverzoek {
        id: r.try_get(0)?,
        tijd: lees_tijd(T, r.try_get(1)?)?,
        bsn: lees_bsn(T, r.try_get(2)?)?,
        arbeidsmarktregio: r.try_get(3)?,
        werkgever: r.try_get(4)?,
        werkgever_naam: r.try_get(5)?,
        toelichting: r.try_get(6)?,
        status: r.try_get(7)?,
        behandeld_op: r
            .try_get::<_, Option<i64>>(8)?
            .map(|t| lees_tijd(T, t))
            .transpose()?,
        behandelaar: r.try_get(9)?,
        profiel: r.try_get(10)?,
        reden: r.try_get(11)?,
    })
}

/// A stored small number that must fit its field.
fn klein<T: TryFrom<i64>>(tabel: &'static str, kolom: &str, waarde: i64) -> Resultaat<T> {
    T::try_from(waarde).map_err(|_| StoreFout::Corrupt {
        tabel,
        reden: format!("{kolom} {waarde}"),
    })
}

fn profiel(r: &Row) -> Resultaat<Kandidaat> {
    const T: &str = "kandidaat_versies";
    let interesses: &str = r.try_get(5)?;
    Ok(Kandidaat {
        bsn: lees_bsn(T, r.try_get(0)?)?,
        opleidingsniveau: r.try_get(1)?,
        uren_per_week: klein(T, "uren_per_week", r.try_get(2)?)?,
        max_reisafstand_km: klein(T, "max_reisafstand_km", r.try_get(3)?)?,
        beschikbaar_vanaf: lees_datum(T, r.try_get(4)?)?,
        interesses: interesses
            .split('|')
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect(),
        woongemeente: lees_gemeente(T, r.try_get(6)?)?.ok_or_else(|| StoreFout::Corrupt {
            tabel: T,
            reden: "woongemeente ontbreekt".into(),
        })?,
        herkenbaar: lees_vlag(r, 7)?,
    })
}

impl PostgresStore {
    fn verzoeken(
        &self,
        filter_en_volgorde: &str,
        p: &[&(dyn ToSql + Sync)],
    ) -> Resultaat<Vec<Contactverzoek>> {
        let sql = format!("SELECT {KOLOMMEN} FROM contactverzoeken WHERE {filter_en_volgorde}");
        self.lees(&sql, p)?.iter().map(verzoek).collect()
    }

    fn profielen(&self, filter: &str, p: &[&(dyn ToSql + Sync)]) -> Resultaat<Vec<Kandidaat>> {
        let sql = format!(
            "SELECT bsn, opleidingsniveau, uren_per_week, max_reisafstand_km, beschikbaar_vanaf, interesses, \
             woongemeente, herkenbaar FROM kandidaat_versies WHERE vervallen_op IS NULL {filter} ORDER BY bsn"
        );
        self.lees(&sql, p)?.iter().map(profiel).collect()
    }
}

impl ContactLezer for PostgresStore {
    fn kandidaatprofielen(&self) -> Resultaat<Vec<Kandidaat>> {
        self.profielen("", &[])
    }

    fn kandidaatprofiel(&self, bsn: Bsn) -> Resultaat<Option<Kandidaat>> {
        Ok(self.profielen("AND bsn = $1", &[&bsn_getal(bsn)])?.pop())
    }

    fn contactverzoeken_van_regio(
        &self,
        arbeidsmarktregio: &str,
        status: &str,
    ) -> Resultaat<Vec<Contactverzoek>> {
        self.verzoeken(
            "arbeidsmarktregio = $1 AND status = $2 ORDER BY tijd, id",
            &[&arbeidsmarktregio, &status],
        )
    }

    fn contactverzoeken_van_werkgever(&self, werkgever: &str) -> Resultaat<Vec<Contactverzoek>> {
        self.verzoeken("werkgever = $1 ORDER BY tijd DESC, id DESC", &[&werkgever])
    }
}

impl ContactSchrijver for PostgresTransactie<'_> {
    fn vraag_contact(&mut self, v: &NieuwContactverzoek<'_>) -> Resultaat<i64> {
        let id = self.nieuw_id("contactverzoeken")?;
        self.voer_uit(
            "INSERT INTO contactverzoeken (id, tijd, bsn, arbeidsmarktregio, werkgever, werkgever_naam, toelichting, \
             status, profiel) VALUES ($7, $1, $2, $3, $4, $5, $6, 'OPEN', $8)",
            &[
                &tijd_getal(v.tijd),
                &bsn_getal(v.bsn),
                &v.arbeidsmarktregio,
                &v.werkgever,
                &v.werkgever_naam,
                &v.toelichting,
                &id,
                &v.profiel,
            ],
        )?;
        Ok(id)
    }

    fn beslis_contactverzoek(
        &mut self,
        b: &Contactbesluit<'_>,
    ) -> Resultaat<Option<Contactverzoek>> {
        let rijen = self.lees(
            &format!(
                "UPDATE contactverzoeken SET status = $3, behandeld_op = $4, behandelaar = $5, reden = $6 \
                 WHERE id = $1 AND arbeidsmarktregio = $2 AND status = 'OPEN' RETURNING {KOLOMMEN}"
            ),
            &[
                &b.id,
                &b.arbeidsmarktregio,
                &if b.akkoord { "AKKOORD" } else { "AFGEWEZEN" },
                &tijd_getal(b.tijd),
                &b.behandelaar,
                &b.reden,
            ],
        )?;
        rijen.first().map(verzoek).transpose()
    }
}
