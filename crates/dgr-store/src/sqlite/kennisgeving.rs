//! Notices of new registrations in SQLite ([`crate::kennisgevingen`]).

use chrono::{DateTime, Utc};
use rusqlite::params;

use dgr_core::Bsn;

use super::transactie::SqliteTransactie;
use super::{SqliteStore, lees_bsn, lees_datum, lees_datum_opt, lees_tijd, tijd_getal};
use crate::Resultaat;
use crate::kennisgevingen::{Kennisgeving, KennisgevingLezer, KennisgevingSchrijver};

/// The notice with the grondslag and ingangsdatum of its registration's first version (whose
/// `versie_id` is the registration id).
const SELECT: &str = "SELECT k.id, k.registratie_id, k.bsn, r.grondslag, r.ingangsdatum, k.gemaakt_op, r.einddatum \
     FROM kennisgevingen k JOIN registratie_versies r ON r.versie_id = k.registratie_id";

/// [`SELECT`] for the notices of one person (`?1`), found through the person's registration
/// versions (`registratie_versies_bsn`) and each first version's notice (`UNIQUE
/// registratie_id`): no index of notices by BSN, whose random entries every new registration
/// changed while a delivery was applied (issue #13). A notice names the BSN of its registration,
/// whose versions all have that BSN; `k.bsn` is still tested. `CROSS JOIN` keeps the person's
/// versions as the outer loop.
pub(super) const VAN_PERSOON: &str = "SELECT k.id, k.registratie_id, k.bsn, r.grondslag, r.ingangsdatum, k.gemaakt_op, r.einddatum \
     FROM registratie_versies r CROSS JOIN kennisgevingen k ON k.registratie_id = r.versie_id \
     WHERE r.bsn = ?1 AND k.bsn = ?1";

/// The notices `select` (a query with the columns of [`SELECT`]) followed by `filter` finds.
fn lijst(
    store: &SqliteStore,
    (select, filter): (&str, &str),
    p: &[&dyn rusqlite::ToSql],
) -> Resultaat<Vec<Kennisgeving>> {
    const T: &str = "kennisgevingen";
    let mut stmt = store.conn.prepare_cached(&format!("{select} {filter}"))?;
    let mut rijen = stmt.query(p)?;
    let mut uit = Vec::new();
    while let Some(r) = rijen.next()? {
        uit.push(Kennisgeving {
            id: r.get(0)?,
            registratie_id: r.get(1)?,
            bsn: lees_bsn(T, r.get(2)?)?,
            grondslag: r.get(3)?,
            ingangsdatum: lees_datum(T, &r.get::<_, String>(4)?)?,
            gemaakt_op: lees_tijd(T, r.get(5)?)?,
            einddatum: lees_datum_opt(T, r.get(6)?)?,
        });
    }
    Ok(uit)
}

impl KennisgevingLezer for SqliteStore {
    fn kennisgevingen_van(&self, bsn: Bsn) -> Resultaat<Vec<Kennisgeving>> {
        lijst(
            self,
            (VAN_PERSOON, "ORDER BY k.gemaakt_op DESC, k.id DESC"),
            &[&bsn.waarde()],
        )
    }

    fn kennisgevingen_tussen(
        &self,
        van: DateTime<Utc>,
        tot: DateTime<Utc>,
    ) -> Resultaat<Vec<Kennisgeving>> {
        lijst(
            self,
            (
                SELECT,
                "WHERE k.gemaakt_op >= ?1 AND k.gemaakt_op < ?2 ORDER BY k.gemaakt_op, k.id",
            ),
            &[&tijd_getal(van), &tijd_getal(tot)],
        )
    }

    fn registraties_zonder_kennisgeving(&self) -> Resultaat<Vec<(i64, Bsn)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.registratie_id, r.bsn FROM registratie_versies r WHERE r.versie_id = r.registratie_id AND r.ingetrokken = 0 \
             AND NOT EXISTS (SELECT 1 FROM kennisgevingen k WHERE k.registratie_id = r.registratie_id) \
             ORDER BY r.registratie_id",
        )?;
        let mut rijen = stmt.query([])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push((r.get(0)?, lees_bsn("registratie_versies", r.get(1)?)?));
        }
        Ok(uit)
    }
}

impl KennisgevingSchrijver for SqliteTransactie<'_> {
    fn maak_kennisgeving(
        &mut self,
        registratie_id: i64,
        bsn: Bsn,
        tijd: DateTime<Utc>,
    ) -> Resultaat<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO kennisgevingen (registratie_id, bsn, gemaakt_op) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![registratie_id, bsn.waarde(), tijd_getal(tijd)])?;
        Ok(())
    }
}
