//! Notices of new registrations in PostgreSQL ([`crate::kennisgevingen`]). A transaction keeps
//! its notices in memory and writes them in one statement at commit, as it does the
//! registration versions they announce (a national delivery makes hundreds of thousands).

use chrono::{DateTime, Utc};
use postgres::Row;
use postgres::types::ToSql;

use dgr_core::Bsn;

use super::transactie::PostgresTransactie;
use super::{PostgresStore, bsn_getal};
use crate::Resultaat;
use crate::kennisgevingen::{Kennisgeving, KennisgevingLezer, KennisgevingSchrijver};
use crate::sqlite::{lees_bsn, lees_datum, lees_datum_opt, lees_tijd, tijd_getal};

/// The notice with the grondslag and ingangsdatum of its registration's first version (whose
/// `versie_id` is the registration id).
const SELECT: &str = "SELECT k.id, k.registratie_id, k.bsn, r.grondslag, r.ingangsdatum, k.gemaakt_op, r.einddatum \
     FROM kennisgevingen k JOIN registratie_versies r ON r.versie_id = k.registratie_id";

fn rij(r: &Row) -> Resultaat<Kennisgeving> {
    const T: &str = "kennisgevingen";
    Ok(Kennisgeving {
        id: r.try_get(0)?,
        registratie_id: r.try_get(1)?,
        bsn: lees_bsn(T, r.try_get(2)?)?,
        grondslag: r.try_get(3)?,
        ingangsdatum: lees_datum(T, r.try_get(4)?)?,
        gemaakt_op: lees_tijd(T, r.try_get(5)?)?,
        einddatum: lees_datum_opt(T, r.try_get(6)?)?,
    })
}

impl PostgresStore {
    fn kennisgevingen(
        &self,
        filter: &str,
        p: &[&(dyn ToSql + Sync)],
    ) -> Resultaat<Vec<Kennisgeving>> {
        self.lees(&format!("{SELECT} {filter}"), p)?
            .iter()
            .map(rij)
            .collect()
    }
}

impl KennisgevingLezer for PostgresStore {
    fn kennisgevingen_van(&self, bsn: Bsn) -> Resultaat<Vec<Kennisgeving>> {
        self.kennisgevingen(
            "WHERE k.bsn = $1 ORDER BY k.gemaakt_op DESC, k.id DESC",
            &[&bsn_getal(bsn)],
        )
    }

    fn kennisgevingen_tussen(
        &self,
        van: DateTime<Utc>,
        tot: DateTime<Utc>,
    ) -> Resultaat<Vec<Kennisgeving>> {
        self.kennisgevingen(
            "WHERE k.gemaakt_op >= $1 AND k.gemaakt_op < $2 ORDER BY k.gemaakt_op, k.id",
            &[&tijd_getal(van), &tijd_getal(tot)],
        )
    }

    fn registraties_zonder_kennisgeving(&self) -> Resultaat<Vec<(i64, Bsn)>> {
        self.lees(
            "SELECT r.registratie_id, r.bsn FROM registratie_versies r WHERE r.versie_id = r.registratie_id AND r.ingetrokken = 0 \
             AND NOT EXISTS (SELECT 1 FROM kennisgevingen k WHERE k.registratie_id = r.registratie_id) \
             ORDER BY r.registratie_id",
            &[],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, lees_bsn("registratie_versies", r.try_get(1)?)?)))
        .collect()
    }
}

impl KennisgevingSchrijver for PostgresTransactie<'_> {
    fn maak_kennisgeving(
        &mut self,
        registratie_id: i64,
        bsn: Bsn,
        tijd: DateTime<Utc>,
    ) -> Resultaat<()> {
        let id = self.nieuw_id("kennisgevingen")?;
        self.kennisgevingen
            .push([id, registratie_id, bsn_getal(bsn), tijd_getal(tijd)]);
        Ok(())
    }
}

/// Writes a transaction's notices (`[id, registratie_id, bsn, gemaakt_op]`) in one statement.
///
/// # Errors
/// [`crate::StoreFout`].
pub(super) fn schrijf_weg(
    tx: &mut postgres::Transaction<'_>,
    kennisgevingen: &[[i64; 4]],
) -> Resultaat<()> {
    if kennisgevingen.is_empty() {
        return Ok(());
    }
    let kolom = |i: usize| kennisgevingen.iter().map(|k| k[i]).collect::<Vec<i64>>();
    tx.execute(
        "INSERT INTO kennisgevingen (id, registratie_id, bsn, gemaakt_op) \
         SELECT * FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::BIGINT[])",
        &[&kolom(0), &kolom(1), &kolom(2), &kolom(3)],
    )?;
    Ok(())
}
