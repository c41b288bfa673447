//! Read queries of the PostgreSQL store, and [`Store`] itself.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use postgres::Row;

use dgr_core::gegevens::{Persoon, PolisRij, Werkgever, Werkgeversuren};
use dgr_core::registratie::RegistratieVersie;
use dgr_core::{Bron, Bsn, LeveringSoort, Modus};

use super::{PostgresStore, bsn_getal, lees_aantal, persoon_uit_rij, registratie_versie_uit_rij};
use crate::sqlite::{
    PERSOON_KOLOMMEN, REGISTRATIE_KOLOMMEN, datum_tekst, lees_bsn, lees_gemeente, lees_tijd,
};
use crate::{
    LeveringRecord, LeveringStatus, NieuweLevering, PersoonVersie, Resultaat, Store, StoreFout,
    Tellingen, Transactie, Versheid,
};

const LEVERING_KOLOMMEN: &str = "id, bron, soort, kenmerk, gemeentecode, sha256, bestandsnaam, modus, status, \
     geregistreerd_op, referentie_versie, rijen_gelezen, rijen_toegepast, rijen_afgewezen, nieuw, gewijzigd, ongewijzigd, \
     grondslagen, fiscaal_nummer";

fn corrupt(reden: String) -> StoreFout {
    StoreFout::Corrupt {
        tabel: "leveringen",
        reden,
    }
}

fn levering_uit_rij(r: &Row, volledig: bool) -> Resultaat<LeveringRecord> {
    const T: &str = "leveringen";
    let grondslagen: &str = r.try_get(17)?;
    let aantal = |i: usize| -> Resultaat<u64> { lees_aantal(T, r.try_get(i)?) };
    let levering = NieuweLevering {
        bron: r.try_get::<_, &str>(1)?.parse::<Bron>().map_err(corrupt)?,
        soort: r
            .try_get::<_, &str>(2)?
            .parse::<LeveringSoort>()
            .map_err(corrupt)?,
        kenmerk: r.try_get(3)?,
        gemeentecode: lees_gemeente(T, r.try_get(4)?)?,
        fiscaal_nummer: crate::model::lees_fiscaal_nummer(T, r.try_get(18)?)?,
        sha256: r.try_get(5)?,
        bestandsnaam: r.try_get(6)?,
        modus: r.try_get::<_, &str>(7)?.parse::<Modus>().map_err(corrupt)?,
        status: if r.try_get::<_, &str>(8)? == "TOEGEPAST" {
            LeveringStatus::Toegepast
        } else {
            LeveringStatus::Afgewezen
        },
        geregistreerd_op: lees_tijd(T, r.try_get(9)?)?,
        referentie_versie: r.try_get(10)?,
        rijen_gelezen: aantal(11)?,
        rijen_toegepast: aantal(12)?,
        rijen_afgewezen: aantal(13)?,
        nieuw: aantal(14)?,
        gewijzigd: aantal(15)?,
        ongewijzigd: aantal(16)?,
        grondslagen: grondslagen
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        rapport: if volledig {
            r.try_get(19)?
        } else {
            String::new()
        },
        afwijzingsbestand: if volledig { r.try_get(20)? } else { None },
    };
    Ok(LeveringRecord {
        id: r.try_get(0)?,
        levering,
    })
}

/// A current, not withdrawn registration that holds on `$1` (a date as text).
const GELDIG_OP: &str = "vervallen_op IS NULL AND ingetrokken = 0 AND ingangsdatum <= $1 \
    AND (einddatum IS NULL OR einddatum > $1) AND (einddatum IS NULL OR einddatum > ingangsdatum)";

impl PostgresStore {
    fn lees_registratie_versies(&self, bsn: Bsn) -> Resultaat<Vec<RegistratieVersie>> {
        let sql = format!(
            "SELECT {REGISTRATIE_KOLOMMEN} FROM registratie_versies WHERE bsn = $1 \
             ORDER BY registratie_id, geregistreerd_op, versie_id"
        );
        self.lees(&sql, &[&bsn_getal(bsn)])?
            .iter()
            .map(registratie_versie_uit_rij)
            .collect()
    }

    fn lees_persoon_versies(&self, bsn: Bsn) -> Resultaat<Vec<PersoonVersie>> {
        const T: &str = "persoon_versies";
        let sql = format!(
            "SELECT {PERSOON_KOLOMMEN}, geregistreerd_op, vervallen_op, levering_id \
             FROM persoon_versies WHERE bsn = $1 ORDER BY geregistreerd_op, versie_id"
        );
        self.lees(&sql, &[&bsn_getal(bsn)])?
            .iter()
            .map(|r| {
                Ok(PersoonVersie {
                    persoon: persoon_uit_rij(r)?,
                    geregistreerd_op: lees_tijd(T, r.try_get(4)?)?,
                    vervallen_op: r
                        .try_get::<_, Option<i64>>(5)?
                        .map(|m| lees_tijd(T, m))
                        .transpose()?,
                    levering: r.try_get(6)?,
                })
            })
            .collect()
    }

    pub(super) fn lees_leveringen(
        &self,
        id: Option<i64>,
        volledig: bool,
    ) -> Resultaat<Vec<LeveringRecord>> {
        let extra = if volledig {
            ", rapport, afwijzingsbestand"
        } else {
            ""
        };
        let rijen = match id {
            Some(id) => self.lees(
                &format!("SELECT {LEVERING_KOLOMMEN}{extra} FROM leveringen WHERE id = $1"),
                &[&id],
            )?,
            None => self.lees(
                &format!("SELECT {LEVERING_KOLOMMEN}{extra} FROM leveringen ORDER BY id"),
                &[],
            )?,
        };
        rijen
            .iter()
            .map(|r| levering_uit_rij(r, volledig))
            .collect()
    }

    fn lees_toegepaste_levering(
        &self,
        bron: Bron,
        kenmerk: &str,
    ) -> Resultaat<Option<LeveringRecord>> {
        let sql = format!(
            "SELECT {LEVERING_KOLOMMEN}, rapport, afwijzingsbestand FROM leveringen \
             WHERE bron = $1 AND kenmerk = $2 AND status = 'TOEGEPAST' ORDER BY id LIMIT 1"
        );
        self.lees(&sql, &[&bron.code(), &kenmerk])?
            .first()
            .map(|r| levering_uit_rij(r, true))
            .transpose()
    }

    fn lees_laatste_transactietijd(&self) -> Resultaat<Option<DateTime<Utc>>> {
        let micros: Option<i64> = self
            .lees_een(
                "SELECT MAX(t) FROM (SELECT MAX(geregistreerd_op) AS t FROM leveringen \
                 UNION ALL SELECT MAX(geregistreerd_op) FROM registratie_versies) AS tijden",
                &[],
            )?
            .try_get(0)?;
        micros.map(|m| lees_tijd("leveringen", m)).transpose()
    }

    fn lees_actieve_referentie(&self) -> Resultaat<Option<(String, BTreeMap<String, String>)>> {
        let rijen = self.lees(
            "SELECT versie, bestanden FROM referentie_versies WHERE actief = 1 ORDER BY versie LIMIT 1",
            &[],
        )?;
        let Some(r) = rijen.first() else {
            return Ok(None);
        };
        let versie: String = r.try_get(0)?;
        let json: &str = r.try_get(1)?;
        serde_json::from_str(json)
            .map(|b| Some((versie, b)))
            .map_err(|e| StoreFout::Corrupt {
                tabel: "referentie_versies",
                reden: e.to_string(),
            })
    }

    fn lees_huidige_personen(&self, per_persoon: &mut dyn FnMut(&Persoon)) -> Resultaat<()> {
        let sql = format!(
            "SELECT {PERSOON_KOLOMMEN} FROM persoon_versies WHERE vervallen_op IS NULL ORDER BY bsn"
        );
        self.lees_per_rij(&sql, &[], &mut |r| {
            per_persoon(&persoon_uit_rij(r)?);
            Ok(())
        })
    }

    fn lees_registraties_zonder_persoon(&self) -> Resultaat<Vec<Bsn>> {
        self.lees(
            "SELECT DISTINCT r.bsn FROM registratie_versies r \
             WHERE r.vervallen_op IS NULL AND r.ingetrokken = 0 \
             AND NOT EXISTS (SELECT 1 FROM persoon_versies p WHERE p.bsn = r.bsn AND p.vervallen_op IS NULL) \
             ORDER BY r.bsn",
            &[],
        )?
        .iter()
        .map(|r| lees_bsn("registratie_versies", r.try_get(0)?))
        .collect()
    }

    fn lees_versheid(&self) -> Resultaat<Vec<Versheid>> {
        let mut laatste: BTreeMap<(Bron, LeveringSoort, Option<String>), DateTime<Utc>> =
            BTreeMap::new();
        for r in self.lees(
            "SELECT bron, soort, grondslagen, geregistreerd_op FROM leveringen WHERE status = 'TOEGEPAST' ORDER BY id",
            &[],
        )? {
            let bron = r.try_get::<_, &str>(0)?.parse::<Bron>().map_err(corrupt)?;
            let soort = r
                .try_get::<_, &str>(1)?
                .parse::<LeveringSoort>()
                .map_err(corrupt)?;
            let tijd = lees_tijd("leveringen", r.try_get(3)?)?;
            let grondslagen: &str = r.try_get(2)?;
            let sleutels: Vec<Option<String>> = if grondslagen.is_empty() {
                vec![None]
            } else {
                grondslagen
                    .split(',')
                    .map(|g| Some(g.to_string()))
                    .collect()
            };
            for g in sleutels {
                let e = laatste.entry((bron, soort, g)).or_insert(tijd);
                *e = (*e).max(tijd);
            }
        }
        Ok(laatste
            .into_iter()
            .map(|((bron, soort, grondslag), laatste)| Versheid {
                bron,
                soort,
                grondslag,
                laatste,
            })
            .collect())
    }

    fn tel(&self, sql: &str) -> Resultaat<u64> {
        lees_aantal("tellingen", self.lees_een(sql, &[])?.try_get(0)?)
    }

    fn lees_personen_in_register(&self, peildatum: NaiveDate) -> Resultaat<u64> {
        lees_aantal(
            "registratie_versies",
            self.lees_een(
                &format!("SELECT COUNT(DISTINCT bsn) FROM registratie_versies WHERE {GELDIG_OP}"),
                &[&datum_tekst(peildatum)],
            )?
            .try_get(0)?,
        )
    }

    fn lees_tellingen(&self, peildatum: NaiveDate) -> Resultaat<Tellingen> {
        let d = datum_tekst(peildatum);
        let personen_in_register = self.lees_personen_in_register(peildatum)?;
        let per_grondslag = self
            .lees(
                &format!(
                    "SELECT grondslag, COUNT(*) FROM registratie_versies WHERE {GELDIG_OP} \
                     GROUP BY grondslag ORDER BY grondslag"
                ),
                &[&d],
            )?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<_, String>(0)?,
                    lees_aantal("registratie_versies", r.try_get(1)?)?,
                ))
            })
            .collect::<Resultaat<Vec<_>>>()?;
        Ok(Tellingen {
            personen: self.tel("SELECT COUNT(*) FROM persoon_versies WHERE vervallen_op IS NULL")?,
            personen_in_register,
            registraties_per_grondslag: per_grondslag,
            polisrijen: self.tel("SELECT COUNT(*) FROM polis_versies WHERE vervallen_op IS NULL")?,
            werkgevers: self.tel(
                "SELECT COUNT(DISTINCT loonheffingennummer) FROM werkgever_versies WHERE vervallen_op IS NULL",
            )?,
            kandidaten: self
                .tel("SELECT COUNT(*) FROM kandidaat_versies WHERE vervallen_op IS NULL")?,
            leveringen_toegepast: self
                .tel("SELECT COUNT(*) FROM leveringen WHERE status = 'TOEGEPAST'")?,
            leveringen_afgewezen: self
                .tel("SELECT COUNT(*) FROM leveringen WHERE status = 'AFGEWEZEN'")?,
            peildatum: Some(peildatum),
        })
    }
}

impl Store for PostgresStore {
    fn gezond(&self) -> Resultaat<()> {
        self.lees_een("SELECT 1", &[])?;
        Ok(())
    }

    fn transactie(&mut self) -> Resultaat<Box<dyn Transactie + '_>> {
        Ok(Box::new(self.begin()?))
    }

    fn registratie_versies(&self, bsn: Bsn) -> Resultaat<Vec<RegistratieVersie>> {
        self.lees_registratie_versies(bsn)
    }

    fn persoon_versies(&self, bsn: Bsn) -> Resultaat<Vec<PersoonVersie>> {
        self.lees_persoon_versies(bsn)
    }

    fn leveringen(&self) -> Resultaat<Vec<LeveringRecord>> {
        self.lees_leveringen(None, false)
    }

    fn levering(&self, id: i64) -> Resultaat<Option<LeveringRecord>> {
        Ok(self.lees_leveringen(Some(id), true)?.pop())
    }

    fn toegepaste_levering(&self, bron: Bron, kenmerk: &str) -> Resultaat<Option<LeveringRecord>> {
        self.lees_toegepaste_levering(bron, kenmerk)
    }

    fn laatste_transactietijd(&self) -> Resultaat<Option<DateTime<Utc>>> {
        self.lees_laatste_transactietijd()
    }

    fn actieve_referentie(&self) -> Resultaat<Option<(String, BTreeMap<String, String>)>> {
        self.lees_actieve_referentie()
    }

    fn voor_elke_huidige_persoon(&self, per_persoon: &mut dyn FnMut(&Persoon)) -> Resultaat<()> {
        self.lees_huidige_personen(per_persoon)
    }

    fn registraties_zonder_persoon(&self) -> Resultaat<Vec<Bsn>> {
        self.lees_registraties_zonder_persoon()
    }

    fn versheid(&self) -> Resultaat<Vec<Versheid>> {
        self.lees_versheid()
    }

    fn voor_elke_polisrij(
        &self,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        per_rij: &mut dyn FnMut(&PolisRij),
    ) -> Resultaat<()> {
        self.lees_polisrijen(van, tot, bekend_op, per_rij)
    }

    fn heeft_polis_bij(
        &self,
        bsn: Bsn,
        fiscaal_nummer: dgr_core::FiscaalNummer,
    ) -> Resultaat<bool> {
        Ok(self
            .lees_een(
                // a loonheffingennummer is its fiscaal nummer × 100 + the subnumber: a range per
                // fiscaal nummer, sought in the index (bsn, loonheffingennummer, inlener)
                "SELECT EXISTS (SELECT 1 FROM polis_versies WHERE bsn = $1 \
                 AND loonheffingennummer BETWEEN $2::BIGINT * 100 AND $2::BIGINT * 100 + 99) \
                 OR EXISTS (SELECT 1 FROM polis_versies WHERE bsn = $1 \
                 AND inlener BETWEEN $2::BIGINT * 100 AND $2::BIGINT * 100 + 99)",
                &[&bsn_getal(bsn), &i64::from(fiscaal_nummer.waarde())],
            )?
            .try_get(0)?)
    }

    fn polis_van(&self, bsn: Bsn, bekend_op: DateTime<Utc>) -> Resultaat<Vec<PolisRij>> {
        self.lees_polis_van(bsn, bekend_op)
    }

    fn voor_elke_registratieperiode(
        &self,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        self.lees_registratieperiodes(van, tot, bekend_op, per_periode)
    }

    fn werkgevers_op(&self, bekend_op: DateTime<Utc>) -> Resultaat<Vec<Werkgever>> {
        self.lees_werkgevers(bekend_op)
    }

    fn werkgeversuren_op(
        &self,
        jaar: i32,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Werkgeversuren>> {
        self.lees_werkgeversuren(jaar, bekend_op)
    }

    fn voor_elke_woongemeente(
        &self,
        bekend_op: DateTime<Utc>,
        per_persoon: &mut dyn FnMut(Bsn, Option<dgr_core::Gemeentecode>),
    ) -> Resultaat<()> {
        self.lees_woongemeenten(bekend_op, per_persoon)
    }

    fn leveringen_op(&self, bekend_op: DateTime<Utc>) -> Resultaat<Vec<LeveringRecord>> {
        Ok(self
            .lees_leveringen(None, false)?
            .into_iter()
            .filter(|l| {
                l.levering.status == LeveringStatus::Toegepast
                    && l.levering.geregistreerd_op <= bekend_op
            })
            .collect())
    }

    fn tellingen(&self, peildatum: NaiveDate) -> Resultaat<Tellingen> {
        self.lees_tellingen(peildatum)
    }

    fn personen_in_register(&self, peildatum: NaiveDate) -> Resultaat<u64> {
        self.lees_personen_in_register(peildatum)
    }
}
