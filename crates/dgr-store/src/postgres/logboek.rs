//! The processing log ([`crate::logboek`]) in PostgreSQL: the tables `verwerkingen` and
//! `audit` in the log schema, written by one writer connection, read through every register
//! connection (whose `search_path` includes the log schema).

use chrono::{DateTime, Utc};

use super::{PostgresStore, lees_aantal, verbind};
use crate::database::PostgresUrl;
use crate::logboek::{
    Audit, EigenVerwerking, LogboekLezer, Logboekonderhoud, Logboekschrijver, Opvraagtelling,
    Verwerking,
};
use crate::sqlite::{lees_tijd, tijd_getal};
use crate::{Resultaat, StoreFout};

/// The writer of the processing log: its own connection, so its commits never wait for a
/// delivery's transaction (PostgreSQL locks rows, not files), with its statements prepared once.
pub struct PostgresLogboekschrijver {
    client: super::Verbinding,
    opdrachten: Schrijfopdrachten,
}

/// The writer's statements, prepared when it connects: a batch costs six round trips however
/// many records it holds (issue #13: preparing them per batch and inserting row by row made the
/// writer's backend the busiest process of a lookup benchmark).
struct Schrijfopdrachten {
    /// Both tables' advisory locks ([`super::Ids`]), always in this order: audit, verwerkingen.
    sloten: postgres::Statement,
    /// Both tables' highest ids, read after the locks.
    hoogste: postgres::Statement,
    /// The batch's audit entries, one array per column.
    audit: postgres::Statement,
    /// The batch's records, one array per column.
    verwerkingen: postgres::Statement,
}

impl Schrijfopdrachten {
    fn bereid(client: &mut postgres::Client) -> Resultaat<Schrijfopdrachten> {
        Ok(Schrijfopdrachten {
            sloten: client.prepare(
                "SELECT pg_advisory_xact_lock(1684500992, 'audit'::regclass::oid::INT), \
                 pg_advisory_xact_lock(1684500992, 'verwerkingen'::regclass::oid::INT)",
            )?,
            hoogste: client.prepare(
                "SELECT (SELECT COALESCE(MAX(id), 0) FROM audit), \
                 (SELECT COALESCE(MAX(id), 0) FROM verwerkingen)",
            )?,
            audit: client.prepare(
                "INSERT INTO audit (id, trace_id, tijd, sub, rol, organisatie, organisatie_naam, client_ip, handeling, \
                 bsn_opvragingen, buiten_eigen_polis, doel) \
                 SELECT * FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], \
                 $7::TEXT[], $8::TEXT[], $9::TEXT[], $10::BIGINT[], $11::BIGINT[], $12::TEXT[])",
            )?,
            verwerkingen: client.prepare(
                "INSERT INTO verwerkingen (id, trace_id, span_id, parent_span_id, naam, status_code, start_time, end_time, \
                 processing_activity_id, data_subject_id, data_subject_id_type, audit_id) \
                 SELECT * FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], \
                 $7::BIGINT[], $8::BIGINT[], $9::TEXT[], $10::TEXT[], $11::TEXT[], $12::BIGINT[])",
            )?,
        })
    }
}

impl PostgresLogboekschrijver {
    /// Connects a writer to the processing log of `url`, creating and migrating both schemas
    /// when needed.
    ///
    /// # Errors
    /// As [`super::open_store`].
    pub fn open(url: &PostgresUrl) -> Resultaat<PostgresLogboekschrijver> {
        drop(PostgresStore::open(url)?);
        let mut client = verbind(url)?;
        let opdrachten = Schrijfopdrachten::bereid(&mut client)?;
        Ok(PostgresLogboekschrijver {
            client: super::Verbinding::new(client),
            opdrachten,
        })
    }
}

impl Logboekschrijver for PostgresLogboekschrijver {
    /// Each record names its audit entry's id. One transaction: durable at commit
    /// (`synchronous_commit` as the server has it, by default on). Ids are the tables' highest
    /// plus one, in the order of `verzoeken`, as the SQLite log gives them ([`super::Ids`]).
    fn schrijf(&mut self, verzoeken: &[(&Audit, &[Verwerking])]) -> Resultaat<()> {
        if verzoeken.is_empty() {
            return Ok(());
        }
        let o = &self.opdrachten;
        let mut tx = self.client.client()?.transaction()?;
        tx.execute(&o.sloten, &[])?;
        let hoogste = tx.query_one(&o.hoogste, &[])?;
        let (audit_id, verwerking_id): (i64, i64) = (hoogste.try_get(0)?, hoogste.try_get(1)?);
        let audit = Auditkolommen::van(verzoeken, audit_id);
        let records = Verwerkingkolommen::van(verzoeken, audit_id, verwerking_id);
        tx.execute(
            &o.audit,
            &[
                &audit.id,
                &audit.trace_id,
                &audit.tijd,
                &audit.sub,
                &audit.rol,
                &audit.organisatie,
                &audit.organisatie_naam,
                &audit.client_ip,
                &audit.handeling,
                &audit.bsn_opvragingen,
                &audit.buiten_eigen_polis,
                &audit.doel,
            ],
        )?;
        if !records.id.is_empty() {
            tx.execute(
                &o.verwerkingen,
                &[
                    &records.id,
                    &records.trace_id,
                    &records.span_id,
                    &records.parent_span_id,
                    &records.naam,
                    &records.status_code,
                    &records.start_time,
                    &records.end_time,
                    &records.processing_activity_id,
                    &records.data_subject_id,
                    &records.data_subject_id_type,
                    &records.audit_id,
                ],
            )?;
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

/// A batch's audit entries as columns (one array parameter each), ids from `na + 1` on.
#[derive(Default)]
struct Auditkolommen<'a> {
    id: Vec<i64>,
    trace_id: Vec<&'a str>,
    tijd: Vec<i64>,
    sub: Vec<&'a str>,
    rol: Vec<&'a str>,
    organisatie: Vec<&'a str>,
    organisatie_naam: Vec<Option<&'a str>>,
    client_ip: Vec<Option<&'a str>>,
    handeling: Vec<&'a str>,
    bsn_opvragingen: Vec<i64>,
    buiten_eigen_polis: Vec<i64>,
    doel: Vec<Option<&'a str>>,
}

impl<'a> Auditkolommen<'a> {
    fn van(verzoeken: &[(&'a Audit, &'a [Verwerking])], na: i64) -> Auditkolommen<'a> {
        let mut k = Auditkolommen::default();
        for (id, &(a, _)) in (na + 1..).zip(verzoeken) {
            k.id.push(id);
            k.trace_id.push(&a.trace_id);
            k.tijd.push(tijd_getal(a.tijd));
            k.sub.push(&a.sub);
            k.rol.push(&a.rol);
            k.organisatie.push(&a.organisatie);
            k.organisatie_naam.push(a.organisatie_naam.as_deref());
            k.client_ip.push(a.client_ip.as_deref());
            k.handeling.push(&a.handeling);
            k.bsn_opvragingen.push(i64::from(a.bsn_opvragingen));
            k.buiten_eigen_polis.push(i64::from(a.buiten_eigen_polis));
            k.doel.push(a.doel.as_deref());
        }
        k
    }
}

/// A batch's records as columns, ids from `na + 1` on; each names its request's audit id
/// (`audit_na + 1` for the first request).
#[derive(Default)]
struct Verwerkingkolommen<'a> {
    id: Vec<i64>,
    trace_id: Vec<&'a str>,
    span_id: Vec<&'a str>,
    parent_span_id: Vec<Option<&'a str>>,
    naam: Vec<&'a str>,
    status_code: Vec<&'a str>,
    start_time: Vec<i64>,
    end_time: Vec<i64>,
    processing_activity_id: Vec<&'a str>,
    data_subject_id: Vec<&'a str>,
    data_subject_id_type: Vec<&'a str>,
    audit_id: Vec<i64>,
}

impl<'a> Verwerkingkolommen<'a> {
    fn van(
        verzoeken: &[(&'a Audit, &'a [Verwerking])],
        audit_na: i64,
        na: i64,
    ) -> Verwerkingkolommen<'a> {
        let mut k = Verwerkingkolommen::default();
        let records = (audit_na + 1..)
            .zip(verzoeken)
            .flat_map(|(audit_id, &(_, rs))| rs.iter().map(move |r| (audit_id, r)));
        for (id, (audit_id, r)) in (na + 1..).zip(records) {
            k.id.push(id);
            k.trace_id.push(&r.trace_id);
            k.span_id.push(&r.span_id);
            k.parent_span_id.push(r.parent_span_id.as_deref());
            k.naam.push(&r.naam);
            k.status_code.push(&r.status_code);
            k.start_time.push(tijd_getal(r.start_time));
            k.end_time.push(tijd_getal(r.end_time));
            k.processing_activity_id.push(&r.processing_activity_id);
            k.data_subject_id.push(&r.data_subject_id);
            k.data_subject_id_type.push(&r.data_subject_id_type);
            k.audit_id.push(audit_id);
        }
        k
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
