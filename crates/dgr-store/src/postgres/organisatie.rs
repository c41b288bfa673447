//! R-42 unit trees and rosters in PostgreSQL ([`crate::organisatie`]).

use chrono::{DateTime, NaiveDate, Utc};
use postgres::Row;

use dgr_core::FiscaalNummer;
use dgr_core::eenheden::{Eenheid, Personeelsrij};

use super::PostgresStore;
use super::transactie::PostgresTransactie;
use crate::organisatie::{
    EENHEID_KOLOMMEN, OrganisatieLezer, OrganisatieSchrijver, PERSONEEL_KOLOMMEN, PersoneelWaarden,
    eenheid_uit, personeelsrij_uit,
};
use crate::sqlite::{datum_tekst, tijd_getal};
use crate::{Resultaat, Schrijfuitkomst};

/// Known at `$2`: the version's recorded period contains the moment.
const BEKEND: &str = "geregistreerd_op <= $2 AND (vervallen_op IS NULL OR vervallen_op > $2)";

fn organisatie_getal(f: FiscaalNummer) -> i64 {
    i64::from(f.waarde())
}

/// A roster row from the columns of [`PERSONEEL_KOLOMMEN`] starting at `i`.
fn personeelsrij(r: &Row, i: usize) -> Resultaat<Personeelsrij> {
    personeelsrij_uit((
        r.try_get(i)?,
        r.try_get(i + 1)?,
        r.try_get(i + 2)?,
        r.try_get(i + 3)?,
        r.try_get(i + 4)?,
        r.try_get(i + 5)?,
        r.try_get(i + 6)?,
        r.try_get(i + 7)?,
        r.try_get(i + 8)?,
        r.try_get(i + 9)?,
    ))
}

impl OrganisatieLezer for PostgresStore {
    fn eenheden_op(
        &self,
        organisatie: FiscaalNummer,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Eenheid>> {
        let sql = format!(
            "SELECT {EENHEID_KOLOMMEN} FROM eenheid_versies WHERE fiscaal_nummer = $1 AND {BEKEND} \
             ORDER BY geldig_vanaf, code"
        );
        self.lees(
            &sql,
            &[&organisatie_getal(organisatie), &tijd_getal(bekend_op)],
        )?
        .iter()
        .map(|r| {
            eenheid_uit((
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
            ))
        })
        .collect()
    }

    fn personeel_op(
        &self,
        organisatie: FiscaalNummer,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Personeelsrij>> {
        let sql = format!(
            "SELECT {PERSONEEL_KOLOMMEN} FROM personeel_versies WHERE fiscaal_nummer = $1 AND {BEKEND} \
             ORDER BY personeelsnummer, geldig_vanaf"
        );
        self.lees(
            &sql,
            &[&organisatie_getal(organisatie), &tijd_getal(bekend_op)],
        )?
        .iter()
        .map(|r| personeelsrij(r, 0))
        .collect()
    }

    fn organisaties(&self) -> Resultaat<Vec<FiscaalNummer>> {
        let mut uit = Vec::new();
        for r in self.lees(
            "SELECT DISTINCT fiscaal_nummer FROM eenheid_versies WHERE vervallen_op IS NULL ORDER BY 1",
            &[],
        )? {
            if let Some(f) = crate::model::lees_fiscaal_nummer("eenheid_versies", r.try_get(0)?)? {
                uit.push(f);
            }
        }
        Ok(uit)
    }
}

impl OrganisatieSchrijver for PostgresTransactie<'_> {
    fn schrijf_eenheid(
        &mut self,
        organisatie: FiscaalNummer,
        e: &Eenheid,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let org = organisatie_getal(organisatie);
        let vanaf = datum_tekst(e.geldig_vanaf);
        let t = tijd_getal(tijd);
        let huidig = self.lees(
            "SELECT versie_id, naam, bovenliggend, soort FROM eenheid_versies \
             WHERE fiscaal_nummer = $1 AND code = $2 AND geldig_vanaf = $3 AND vervallen_op IS NULL",
            &[&org, &e.code, &vanaf],
        )?;
        if let Some(r) = huidig.first() {
            if r.try_get::<_, &str>(1)? == e.naam
                && r.try_get::<_, Option<String>>(2)? == e.bovenliggend
                && r.try_get::<_, Option<String>>(3)? == e.soort
            {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            let versie: i64 = r.try_get(0)?;
            self.voer_uit(
                "UPDATE eenheid_versies SET vervallen_op = $2 WHERE versie_id = $1",
                &[&versie, &t],
            )?;
        }
        let versie = self.nieuw_id("eenheid_versies")?;
        self.voer_uit(
            "INSERT INTO eenheid_versies (versie_id, fiscaal_nummer, code, geldig_vanaf, naam, bovenliggend, soort, \
             geregistreerd_op, levering_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &versie,
                &org,
                &e.code,
                &vanaf,
                &e.naam,
                &e.bovenliggend,
                &e.soort,
                &t,
                &levering,
            ],
        )?;
        Ok(crate::model::uitkomst(!huidig.is_empty()))
    }

    fn sluit_eenheden_buiten(
        &mut self,
        organisatie: FiscaalNummer,
        geldig_vanaf: NaiveDate,
        houden: &[String],
        tijd: DateTime<Utc>,
    ) -> Resultaat<u64> {
        let houden: Vec<&str> = houden.iter().map(String::as_str).collect();
        self.voer_uit(
            "UPDATE eenheid_versies SET vervallen_op = $4 WHERE fiscaal_nummer = $1 AND geldig_vanaf = $2 \
             AND vervallen_op IS NULL AND NOT (code = ANY($3))",
            &[
                &organisatie_getal(organisatie),
                &datum_tekst(geldig_vanaf),
                &houden,
                &tijd_getal(tijd),
            ],
        )
    }

    fn schrijf_personeelsrij(
        &mut self,
        organisatie: FiscaalNummer,
        rij: &Personeelsrij,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let org = organisatie_getal(organisatie);
        let vanaf = datum_tekst(rij.geldig_vanaf);
        let t = tijd_getal(tijd);
        let huidig = self.lees(
            &format!(
                "SELECT versie_id, {PERSONEEL_KOLOMMEN} FROM personeel_versies \
                 WHERE fiscaal_nummer = $1 AND personeelsnummer = $2 AND geldig_vanaf = $3 AND vervallen_op IS NULL"
            ),
            &[&org, &rij.personeelsnummer, &vanaf],
        )?;
        if let Some(r) = huidig.first() {
            if personeelsrij(r, 1)? == *rij {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            let versie: i64 = r.try_get(0)?;
            self.voer_uit(
                "UPDATE personeel_versies SET vervallen_op = $2 WHERE versie_id = $1",
                &[&versie, &t],
            )?;
        }
        let w = PersoneelWaarden::van(rij);
        let versie = self.nieuw_id("personeel_versies")?;
        self.voer_uit(
            "INSERT INTO personeel_versies (versie_id, fiscaal_nummer, personeelsnummer, geldig_vanaf, bsn, eenheid, \
             uit_dienst, uren_per_week, functieschaal, leidinggevend, geslacht, geboortejaar, geregistreerd_op, \
             levering_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            &[
                &versie,
                &org,
                &rij.personeelsnummer,
                &vanaf,
                &w.bsn,
                &w.eenheid,
                &w.uit_dienst,
                &w.uren_per_week,
                &w.functieschaal,
                &w.leidinggevend,
                &w.geslacht,
                &w.geboortejaar,
                &t,
                &levering,
            ],
        )?;
        Ok(crate::model::uitkomst(!huidig.is_empty()))
    }

    fn huidig_personeel(&mut self, organisatie: FiscaalNummer) -> Resultaat<Vec<Personeelsrij>> {
        let sql = format!(
            "SELECT {PERSONEEL_KOLOMMEN} FROM personeel_versies WHERE fiscaal_nummer = $1 AND vervallen_op IS NULL \
             ORDER BY personeelsnummer, geldig_vanaf"
        );
        self.lees(&sql, &[&organisatie_getal(organisatie)])?
            .iter()
            .map(|r| personeelsrij(r, 0))
            .collect()
    }
}
