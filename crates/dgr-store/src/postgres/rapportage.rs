//! Report reads: rows as known at a moment (formal history, R-05, R-24), in the order the
//! SQLite store gives them (its query plans read these through an index or the table in id
//! order; here that order is written out).

use chrono::{DateTime, Days, NaiveDate, Utc};
use postgres::Row;

use dgr_core::gegevens::{PolisRij, PolisSoort, Sector, Werkgever, Werkgeversuren};
use dgr_core::{Bsn, Gemeentecode, Honderdsten, Loonheffingennummer, Periode};

use super::{PostgresStore, bsn_getal};
use crate::sqlite::{datum_tekst, lees_bsn, lees_datum, lees_datum_opt, lees_gemeente, tijd_getal};
use crate::{Resultaat, StoreFout};

/// The longest tijdvak (FORMATS.md): rows overlapping a period start at most this long before it.
const MAX_TIJDVAK_DAGEN: u64 = 31;

/// "Known at T": recorded by T and not superseded by T.
const BEKEND: &str = "geregistreerd_op <= $t AND (vervallen_op IS NULL OR vervallen_op > $t)";

/// A stored lhn.
pub(super) fn lhn(tabel: &'static str, waarde: i64) -> Resultaat<Loonheffingennummer> {
    Loonheffingennummer::uit_getal(waarde).map_err(|e| StoreFout::Corrupt {
        tabel,
        reden: e.to_string(),
    })
}

fn polisrij(r: &Row) -> Resultaat<PolisRij> {
    const T: &str = "polis_versies";
    Ok(PolisRij {
        bsn: lees_bsn(T, r.try_get(0)?)?,
        loonheffingennummer: lhn(T, r.try_get(1)?)?,
        inlener: r
            .try_get::<_, Option<i64>>(2)?
            .map(|l| lhn(T, l))
            .transpose()?,
        tijdvak_begin: lees_datum(T, r.try_get(3)?)?,
        tijdvak_einde: lees_datum(T, r.try_get(4)?)?,
        verloonde_uren: Honderdsten(r.try_get(5)?),
        soort: PolisSoort::parse(r.try_get(6)?).unwrap_or(PolisSoort::Regulier),
    })
}

const POLIS_KOLOMMEN: &str =
    "bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren, soort";

/// The order of [`crate::Store::voor_elke_polisrij`]: the polis key, then the version.
const POLIS_VOLGORDE: &str = "tijdvak_begin, bsn, loonheffingennummer, tijdvak_einde, versie_id";

impl PostgresStore {
    pub(super) fn lees_polisrijen(
        &self,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        per_rij: &mut dyn FnMut(&PolisRij),
    ) -> Resultaat<()> {
        let sql = format!(
            "SELECT {POLIS_KOLOMMEN} FROM polis_versies WHERE tijdvak_begin >= $1 AND tijdvak_begin < $2 \
             AND tijdvak_einde >= $3 AND {} ORDER BY {POLIS_VOLGORDE}",
            BEKEND.replace("$t", "$4")
        );
        let vroegst = van
            .checked_sub_days(Days::new(MAX_TIJDVAK_DAGEN))
            .unwrap_or(van);
        self.lees_per_rij(
            &sql,
            &[
                &datum_tekst(vroegst),
                &datum_tekst(tot),
                &datum_tekst(van),
                &tijd_getal(bekend_op),
            ],
            &mut |r| {
                per_rij(&polisrij(r)?);
                Ok(())
            },
        )
    }

    pub(super) fn lees_polis_van(
        &self,
        bsn: Bsn,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<PolisRij>> {
        let sql = format!(
            "SELECT {POLIS_KOLOMMEN} FROM polis_versies WHERE bsn = $1 AND {} \
             ORDER BY tijdvak_begin, versie_id",
            BEKEND.replace("$t", "$2")
        );
        self.lees(&sql, &[&bsn_getal(bsn), &tijd_getal(bekend_op)])?
            .iter()
            .map(polisrij)
            .collect()
    }

    pub(super) fn lees_registratieperiodes(
        &self,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        per_periode: &mut dyn FnMut(&crate::Registratieperiode<'_>),
    ) -> Resultaat<()> {
        const T: &str = "registratie_versies";
        let sql = format!(
            "SELECT bsn, grondslag, ingangsdatum, einddatum, reden_einde FROM registratie_versies \
             WHERE ingetrokken = 0 AND ingangsdatum < $1 AND (einddatum IS NULL OR einddatum > $2) \
             AND (einddatum IS NULL OR einddatum > ingangsdatum) AND {} ORDER BY geregistreerd_op, versie_id",
            BEKEND.replace("$t", "$3")
        );
        self.lees_per_rij(
            &sql,
            &[&datum_tekst(tot), &datum_tekst(van), &tijd_getal(bekend_op)],
            &mut |r| {
                let bsn = lees_bsn(T, r.try_get(0)?)?;
                let grondslag: &str = r.try_get(1)?;
                let begin = lees_datum(T, r.try_get(2)?)?;
                let einde = lees_datum_opt(T, r.try_get(3)?)?;
                let reden: Option<&str> = r.try_get(4)?;
                if let Some(p) = Periode::new(begin, einde) {
                    per_periode(&crate::Registratieperiode {
                        bsn,
                        grondslag,
                        periode: p,
                        reden_einde: reden,
                    });
                }
                Ok(())
            },
        )
    }

    pub(super) fn lees_werkgevers(&self, bekend_op: DateTime<Utc>) -> Resultaat<Vec<Werkgever>> {
        const T: &str = "werkgever_versies";
        let sql = format!(
            "SELECT loonheffingennummer, naam, sector, subsector, vestigingsgemeente, geldig_vanaf FROM werkgever_versies \
             WHERE {} ORDER BY loonheffingennummer, geldig_vanaf, versie_id",
            BEKEND.replace("$t", "$1")
        );
        self.lees(&sql, &[&tijd_getal(bekend_op)])?
            .iter()
            .map(|r| {
                let sector: &str = r.try_get(2)?;
                let vanaf: &str = r.try_get(5)?;
                Ok(Werkgever {
                    loonheffingennummer: lhn(T, r.try_get(0)?)?,
                    naam: r.try_get(1)?,
                    sector: Sector::parse(sector).ok_or_else(|| StoreFout::Corrupt {
                        tabel: T,
                        reden: format!("sector {sector}"),
                    })?,
                    subsector: r.try_get(3)?,
                    vestigingsgemeente: lees_gemeente(T, r.try_get(4)?)?,
                    geldig_vanaf: if vanaf.is_empty() {
                        None
                    } else {
                        Some(lees_datum(T, vanaf)?)
                    },
                })
            })
            .collect()
    }

    pub(super) fn lees_werkgeversuren(
        &self,
        jaar: i32,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Werkgeversuren>> {
        const T: &str = "werkgeversuren_versies";
        let sql = format!(
            "SELECT loonheffingennummer, uren_totaal, aantal_werknemers FROM werkgeversuren_versies \
             WHERE jaar = $1 AND {} ORDER BY loonheffingennummer, versie_id",
            BEKEND.replace("$t", "$2")
        );
        self.lees(&sql, &[&i64::from(jaar), &tijd_getal(bekend_op)])?
            .iter()
            .map(|r| {
                Ok(Werkgeversuren {
                    loonheffingennummer: lhn(T, r.try_get(0)?)?,
                    jaar,
                    verloonde_uren_totaal: Honderdsten(r.try_get(1)?),
                    aantal_werknemers: r
                        .try_get::<_, Option<i64>>(2)?
                        .map(|a| {
                            u32::try_from(a).map_err(|_| StoreFout::Corrupt {
                                tabel: T,
                                reden: format!("aantal werknemers {a}"),
                            })
                        })
                        .transpose()?,
                })
            })
            .collect()
    }

    pub(super) fn lees_woongemeenten(
        &self,
        bekend_op: DateTime<Utc>,
        per_persoon: &mut dyn FnMut(Bsn, Option<Gemeentecode>),
    ) -> Resultaat<()> {
        const T: &str = "persoon_versies";
        let sql = format!(
            "SELECT bsn, woongemeente FROM persoon_versies WHERE {} ORDER BY versie_id",
            BEKEND.replace("$t", "$1")
        );
        self.lees_per_rij(&sql, &[&tijd_getal(bekend_op)], &mut |r| {
            per_persoon(
                lees_bsn(T, r.try_get(0)?)?,
                lees_gemeente(T, r.try_get(1)?)?,
            );
            Ok(())
        })
    }
}
