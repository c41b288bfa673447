//! R-42 unit trees and rosters in SQLite ([`crate::organisatie`]).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension as _, params};

use dgr_core::FiscaalNummer;
use dgr_core::eenheden::{Eenheid, Personeelsrij};

use super::transactie::SqliteTransactie;
use super::{SqliteStore, datum_tekst, tijd_getal};
use crate::organisatie::{
    EENHEID_KOLOMMEN, OrganisatieLezer, OrganisatieSchrijver, PERSONEEL_KOLOMMEN, PersoneelWaarden,
    eenheid_uit, personeelsrij_uit,
};
use crate::{Resultaat, Schrijfuitkomst};

/// Known at `?2`: the version's recorded period contains the moment.
const BEKEND: &str = "geregistreerd_op <= ?2 AND (vervallen_op IS NULL OR vervallen_op > ?2)";

fn personeel(
    conn: &rusqlite::Connection,
    filter: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Resultaat<Vec<Personeelsrij>> {
    let sql = format!(
        "SELECT {PERSONEEL_KOLOMMEN} FROM personeel_versies WHERE fiscaal_nummer = ?1 AND {filter} \
         ORDER BY personeelsnummer, geldig_vanaf"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rijen = stmt.query(p)?;
    let mut uit = Vec::new();
    while let Some(r) = rijen.next()? {
        uit.push(personeelsrij_uit((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
        ))?);
    }
    Ok(uit)
}

impl OrganisatieLezer for SqliteStore {
    fn eenheden_op(
        &self,
        organisatie: FiscaalNummer,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Eenheid>> {
        let sql = format!(
            "SELECT {EENHEID_KOLOMMEN} FROM eenheid_versies WHERE fiscaal_nummer = ?1 AND {BEKEND} \
             ORDER BY geldig_vanaf, code"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rijen = stmt.query(params![organisatie.waarde(), tijd_getal(bekend_op)])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            uit.push(eenheid_uit((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))?);
        }
        Ok(uit)
    }

    fn personeel_op(
        &self,
        organisatie: FiscaalNummer,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Personeelsrij>> {
        personeel(
            &self.conn,
            BEKEND,
            &[&organisatie.waarde(), &tijd_getal(bekend_op)],
        )
    }

    fn organisaties(&self) -> Resultaat<Vec<FiscaalNummer>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT fiscaal_nummer FROM eenheid_versies WHERE vervallen_op IS NULL ORDER BY 1",
        )?;
        let mut rijen = stmt.query([])?;
        let mut uit = Vec::new();
        while let Some(r) = rijen.next()? {
            if let Some(f) = crate::model::lees_fiscaal_nummer("eenheid_versies", r.get(0)?)? {
                uit.push(f);
            }
        }
        Ok(uit)
    }
}

impl OrganisatieSchrijver for SqliteTransactie<'_> {
    fn schrijf_eenheid(
        &mut self,
        organisatie: FiscaalNummer,
        e: &Eenheid,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let vanaf = datum_tekst(e.geldig_vanaf);
        let huidig: Option<(i64, String, Option<String>, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT versie_id, naam, bovenliggend, soort FROM eenheid_versies \
                 WHERE fiscaal_nummer = ?1 AND code = ?2 AND geldig_vanaf = ?3 AND vervallen_op IS NULL",
            )?
            .query_row(params![organisatie.waarde(), e.code, vanaf], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        if let Some((versie, naam, boven, soort)) = &huidig {
            if *naam == e.naam && *boven == e.bovenliggend && *soort == e.soort {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            self.tx
                .prepare_cached(
                    "UPDATE eenheid_versies SET vervallen_op = ?2 WHERE versie_id = ?1",
                )?
                .execute(params![versie, tijd_getal(tijd)])?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO eenheid_versies (fiscaal_nummer, code, geldig_vanaf, naam, bovenliggend, soort, \
                 geregistreerd_op, levering_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                organisatie.waarde(),
                e.code,
                vanaf,
                e.naam,
                e.bovenliggend,
                e.soort,
                tijd_getal(tijd),
                levering
            ])?;
        Ok(crate::model::uitkomst(huidig.is_some()))
    }

    fn sluit_eenheden_buiten(
        &mut self,
        organisatie: FiscaalNummer,
        geldig_vanaf: NaiveDate,
        houden: &[String],
        tijd: DateTime<Utc>,
    ) -> Resultaat<u64> {
        let huidig: Vec<(i64, String)> = {
            let mut stmt = self.tx.prepare_cached(
                "SELECT versie_id, code FROM eenheid_versies \
                 WHERE fiscaal_nummer = ?1 AND geldig_vanaf = ?2 AND vervallen_op IS NULL",
            )?;
            let rijen = stmt.query_map(
                params![organisatie.waarde(), datum_tekst(geldig_vanaf)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            rijen.collect::<Result<_, _>>()?
        };
        let mut n = 0;
        for (versie, code) in huidig {
            if !houden.contains(&code) {
                self.tx
                    .prepare_cached(
                        "UPDATE eenheid_versies SET vervallen_op = ?2 WHERE versie_id = ?1",
                    )?
                    .execute(params![versie, tijd_getal(tijd)])?;
                n += 1;
            }
        }
        Ok(n)
    }

    fn schrijf_personeelsrij(
        &mut self,
        organisatie: FiscaalNummer,
        rij: &Personeelsrij,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let vanaf = datum_tekst(rij.geldig_vanaf);
        let huidig: Option<(i64, Personeelsrij)> = {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT versie_id, {PERSONEEL_KOLOMMEN} FROM personeel_versies \
                 WHERE fiscaal_nummer = ?1 AND personeelsnummer = ?2 AND geldig_vanaf = ?3 AND vervallen_op IS NULL"
            ))?;
            let mut rijen =
                stmt.query(params![organisatie.waarde(), rij.personeelsnummer, vanaf])?;
            match rijen.next()? {
                Some(r) => Some((
                    r.get(0)?,
                    personeelsrij_uit((
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                    ))?,
                )),
                None => None,
            }
        };
        if let Some((versie, oud)) = &huidig {
            if oud == rij {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            self.tx
                .prepare_cached(
                    "UPDATE personeel_versies SET vervallen_op = ?2 WHERE versie_id = ?1",
                )?
                .execute(params![versie, tijd_getal(tijd)])?;
        }
        let w = PersoneelWaarden::van(rij);
        self.tx
            .prepare_cached(
                "INSERT INTO personeel_versies (fiscaal_nummer, personeelsnummer, geldig_vanaf, bsn, eenheid, \
                 uit_dienst, uren_per_week, functieschaal, leidinggevend, geslacht, geboortejaar, geregistreerd_op, \
                 levering_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                organisatie.waarde(),
                rij.personeelsnummer,
                vanaf,
                w.bsn,
                w.eenheid,
                w.uit_dienst,
                w.uren_per_week,
                w.functieschaal,
                w.leidinggevend,
                w.geslacht,
                w.geboortejaar,
                tijd_getal(tijd),
                levering
            ])?;
        Ok(crate::model::uitkomst(huidig.is_some()))
    }

    fn huidig_personeel(&mut self, organisatie: FiscaalNummer) -> Resultaat<Vec<Personeelsrij>> {
        personeel(&self.tx, "vervallen_op IS NULL", &[&organisatie.waarde()])
    }
}
