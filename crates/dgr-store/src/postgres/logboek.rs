//! The processing log ([`crate::logboek`]) in PostgreSQL: the tables `verwerkingen` and
//! `audit` in the log schema, written by one writer connection, read through every register
//! connection (whose `search_path` includes the log schema).

use chrono::{DateTime, Utc};

use super::{Ids, PostgresStore, lees_aantal, verbind};
use crate::database::PostgresUrl;
use crate::logboek::{
    Audit, EigenVerwerking, LogboekLezer, Logboekonderhoud, Logboekschrijver, Opvraagtelling,
    Verwerking,
};
use crate::sqlite::{lees_tijd, tijd_getal};
use crate::{Resultaat, StoreFout};

/// The writer of the processing log: its own connection, so its commits never wait for a
/// delivery's transaction (PostgreSQL locks rows, not files).
pub struct PostgresLogboekschrijver {
    client: super::Verbinding,
}

impl PostgresLogboekschrijver {
    /// Connects a writer to the processing log of `url`, creating and migrating both schemas
    /// when needed.
    ///
    /// # Errors
    /// As [`super::open_store`].
    pub fn open(url: &PostgresUrl) -> Resultaat<PostgresLogboekschrijver> {
        drop(PostgresStore::open(url)?);
        Ok(PostgresLogboekschrijver {
            client: super::Verbinding::new(verbind(url)?),
        })
    }
}

impl Logboekschrijver for PostgresLogboekschrijver {
    /// Each record names its audit entry's id. One transaction: durable at commit
    /// (`synchronous_commit` as the server has it, by default on).
    fn schrijf(&mut self, verzoeken: &[(&Audit, &[Verwerking])]) -> Resultaat<()> {
        let mut tx = self.client.client()?.transaction()?;
        let a = tx.prepare(
            "INSERT INTO audit (id, trace_id, tijd, sub, rol, organisatie, organisatie_naam, client_ip, handeling, \
             bsn_opvragingen, buiten_eigen_polis, doel) VALUES ($11, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12)",
        )?;
        let v = tx.prepare(
            "INSERT INTO verwerkingen (id, trace_id, span_id, parent_span_id, naam, status_code, start_time, end_time, \
             processing_activity_id, data_subject_id, data_subject_id_type, audit_id) \
             VALUES ($12, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )?;
        let mut ids = Ids::default();
        for &(audit, verwerkingen) in verzoeken {
            let audit_id = ids.neem(&mut tx, "audit", 1)?;
            tx.execute(
                &a,
                &[
                    &audit.trace_id,
                    &tijd_getal(audit.tijd),
                    &audit.sub,
                    &audit.rol,
                    &audit.organisatie,
                    &audit.organisatie_naam,
                    &audit.client_ip,
                    &audit.handeling,
                    &i64::from(audit.bsn_opvragingen),
                    &i64::from(audit.buiten_eigen_polis),
                    &audit_id,
                    &audit.doel,
                ],
            )?;
            for r in verwerkingen {
                let id = ids.neem(&mut tx, "verwerkingen", 1)?;
                tx.execute(
                    &v,
                    &[
                        &r.trace_id,
                        &r.span_id,
                        &r.parent_span_id,
                        &r.naam,
                        &r.status_code,
                        &tijd_getal(r.start_time),
                        &tijd_getal(r.end_time),
                        &r.processing_activity_id,
                        &r.data_subject_id,
                        &r.data_subject_id_type,
                        &audit_id,
                        &id,
                    ],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn verwijder_portie(
        &mut self,
        activiteit: &str,
        grens: DateTime<Utc>,
        portie: usize,
    ) -> Resultaat<usize> {
        let grootte = i64::try_from(portie).unwrap_or(i64::MAX);
        let n = self.client.client()?.execute(
            VERWIJDER_PORTIE,
            &[&activiteit, &tijd_getal(grens), &grootte],
        )?;
        usize::try_from(n).map_err(|_| StoreFout::Database(format!("{n} records verwijderd")))
    }

    /// None: PostgreSQL's own autovacuum keeps the log's tables up.
    fn onderhoud(&self) -> Resultaat<Option<Box<dyn Logboekonderhoud>>> {
        Ok(None)
    }
}

/// One portion of the retention purge (the SQLite log's `VERWIJDER_PORTIE`): at most `$3`
/// records of activity `$1` that ended before `$2`, found through
/// `verwerkingen_activiteit_tijd`.
pub(crate) const VERWIJDER_PORTIE: &str = "\
    DELETE FROM verwerkingen WHERE id IN (SELECT id FROM verwerkingen \
    WHERE processing_activity_id = $1 AND start_time < $2 AND end_time < $2 LIMIT $3)";

/// A data subject's records: one probe of `verwerkingen_segment_subject` per segment of the log
/// (`id >> 17`), on the first 16 hex digits of the pseudonym, the whole one compared on the row
/// (the SQLite log's `VERWERKINGEN_VAN_BETROKKENE`).
pub(crate) const VERWERKINGEN_VAN_BETROKKENE: &str = "\
    SELECT v.start_time, v.naam, v.processing_activity_id, a.rol, a.organisatie_naam FROM verwerkingen v \
    LEFT JOIN audit a ON a.id = v.audit_id \
    WHERE (v.id >> 17) = ANY (ARRAY(SELECT generate_series( \
        (SELECT min(id) FROM verwerkingen) >> 17, (SELECT max(id) FROM verwerkingen) >> 17))) \
    AND substr(v.data_subject_id, 1, 16) = substr($1, 1, 16) AND v.data_subject_id = $1 \
    ORDER BY v.start_time DESC, v.id DESC";

/// An organisation's lookups since `$2`: one probe of `audit_dag_organisatie` per UTC day from
/// `$2`'s to the last in the log.
pub(crate) const OPVRAGINGEN_SINDS: &str = "\
    SELECT COALESCE(SUM(bsn_opvragingen), 0)::BIGINT FROM audit \
    WHERE (tijd / 86400000000) = ANY (ARRAY(SELECT generate_series( \
        $2 / 86400000000, (SELECT max(tijd / 86400000000) FROM audit)))) \
    AND organisatie = $1 AND tijd >= $2";

impl LogboekLezer for PostgresStore {
    fn verwerkingen_van_betrokkene(
        &self,
        data_subject_id: &str,
    ) -> Resultaat<Vec<EigenVerwerking>> {
        self.lees(VERWERKINGEN_VAN_BETROKKENE, &[&data_subject_id])?
            .iter()
            .map(|r| {
                Ok(EigenVerwerking {
                    tijd: lees_tijd("verwerkingen", r.try_get(0)?)?,
                    naam: r.try_get(1)?,
                    processing_activity_id: r.try_get(2)?,
                    rol: r.try_get(3)?,
                    organisatie: r.try_get(4)?,
                })
            })
            .collect()
    }

    fn opvragingen_sinds(&self, organisatie: &str, vanaf: DateTime<Utc>) -> Resultaat<u64> {
        lees_aantal(
            "audit",
            self.lees_een(OPVRAGINGEN_SINDS, &[&organisatie, &tijd_getal(vanaf)])?
                .try_get(0)?,
        )
    }

    fn opvragingen_per_organisatie(&self, vanaf: DateTime<Utc>) -> Resultaat<Vec<Opvraagtelling>> {
        self.lees(
            "SELECT organisatie, MAX(organisatie_naam), MAX(rol), SUM(bsn_opvragingen)::BIGINT, \
             SUM(buiten_eigen_polis)::BIGINT, \
             SUM(CASE WHEN doel = 'sollicitant' THEN buiten_eigen_polis ELSE 0 END)::BIGINT FROM audit \
             WHERE (tijd / 86400000000) >= ($1 / 86400000000) AND tijd >= $1 AND bsn_opvragingen > 0 \
             GROUP BY organisatie ORDER BY organisatie",
            &[&tijd_getal(vanaf)],
        )?
        .iter()
        .map(|r| {
            Ok(Opvraagtelling {
                organisatie: r.try_get(0)?,
                organisatie_naam: r.try_get(1)?,
                rol: r.try_get(2)?,
                opvragingen: lees_aantal("audit", r.try_get(3)?)?,
                buiten_eigen_polis: lees_aantal("audit", r.try_get(4)?)?,
                sollicitant_buiten_eigen_polis: lees_aantal("audit", r.try_get(5)?)?,
            })
        })
        .collect()
    }

    fn aantal_verwerkingen(&self) -> Resultaat<u64> {
        lees_aantal(
            "verwerkingen",
            self.lees_een("SELECT COUNT(*) FROM verwerkingen", &[])?
                .try_get(0)?,
        )
    }
}
