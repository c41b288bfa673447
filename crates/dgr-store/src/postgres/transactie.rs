//! Writes of one delivery (or reference change, or staff action) inside one PostgreSQL
//! transaction.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use postgres::types::ToSql;
use postgres::{Row, Transaction};

use dgr_core::Bsn;
use dgr_core::gegevens::{Kandidaat, Persoon, PolisRij, Werkgever, Werkgeversuren};
use dgr_core::registratie::{Oorzaak, Registratie, RegistratieId};

use super::huidig::Bekend;
use super::personen::Personenbuffer;
use super::polis::Polisbuffer;
use super::registraties::Registratiebuffer;
use super::{
    Groei, Ids, Opdrachten, PostgresStore, aantal_getal, bsn_getal, lees_vlag, opdracht,
    persoon_uit_rij, registratie_versie_uit_rij,
};
use crate::sqlite::{PERSOON_KOLOMMEN, REGISTRATIE_KOLOMMEN, datum_tekst, lees_bsn, tijd_getal};
use crate::{NieuweLevering, Resultaat, Schrijfuitkomst, Transactie};

/// An open write transaction on a [`PostgresStore`]. Dropping it without
/// [`Transactie::commit`] rolls back, buffered polis rows included.
pub struct PostgresTransactie<'a> {
    pub(super) tx: Transaction<'a>,
    opdrachten: &'a mut Opdrachten,
    polis: Polisbuffer,
    personenbuffer: Personenbuffer,
    registratiebuffer: Registratiebuffer,
    ids: Ids,
    leveringen_gezien: HashSet<i64>,
    groei: [Groei; 3],
    personen: Bekend<i64, Option<Persoon>>,
    registraties: Bekend<i64, Vec<Registratie>>,
    uren: Bekend<(i64, i64), Option<UrenHuidig>>,
    /// Notices made in this transaction, written at commit (`[id, registratie_id, bsn, tijd]`).
    pub(super) kennisgevingen: Vec<[i64; 4]>,
}

/// The current version of an employer's hours: versie_id, uren_totaal, aantal_werknemers.
type UrenHuidig = (i64, i64, Option<i64>);

/// The tables a transaction adds rows to one by one, in the order of `PostgresTransactie::groei`.
const GROEIENDE_TABELLEN: [&str; 3] = [
    "werkgever_versies",
    "werkgeversuren_versies",
    "kandidaat_versies",
];

impl PostgresStore {
    pub(super) fn begin(&mut self) -> Resultaat<PostgresTransactie<'_>> {
        let tx = self.client.get_mut().client()?.transaction()?;
        Ok(PostgresTransactie {
            tx,
            opdrachten: self.opdrachten.get_mut(),
            polis: Polisbuffer::default(),
            personenbuffer: Personenbuffer::default(),
            registratiebuffer: Registratiebuffer::default(),
            ids: Ids::default(),
            leveringen_gezien: HashSet::new(),
            groei: GROEIENDE_TABELLEN.map(Groei::new),
            personen: Bekend::new("persoon_versies"),
            registraties: Bekend::new("registratie_versies"),
            uren: Bekend::new("werkgeversuren_versies"),
            kennisgevingen: Vec::new(),
        })
    }
}

impl PostgresTransactie<'_> {
    /// The rows of a statement (prepared once per connection).
    pub(super) fn lees(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Resultaat<Vec<Row>> {
        let stmt = opdracht(&mut self.tx, self.opdrachten, sql)?;
        Ok(self.tx.query(&stmt, p)?)
    }

    /// Runs a statement (prepared once per connection); returns the rows it changed.
    pub(super) fn voer_uit(&mut self, sql: &str, p: &[&(dyn ToSql + Sync)]) -> Resultaat<u64> {
        let stmt = opdracht(&mut self.tx, self.opdrachten, sql)?;
        Ok(self.tx.execute(&stmt, p)?)
    }

    /// Counts a row added to table `GROEIENDE_TABELLEN[i]` (see [`Groei`]).
    fn gegroeid(&mut self, i: usize) -> Resultaat<()> {
        match self.groei.get_mut(i) {
            Some(g) => g.tel(&mut self.tx, 1),
            None => Ok(()),
        }
    }

    /// The id of a new row of `tabel` (see [`Ids`]).
    pub(super) fn nieuw_id(&mut self, tabel: &'static str) -> Resultaat<i64> {
        self.ids.neem(&mut self.tx, tabel, 1)
    }
}

impl PostgresTransactie<'_> {
    /// Refuses a write naming an unknown delivery at once, as the foreign key does at an insert
    /// (the buffered row reaches the table only later).
    fn controleer_levering(&mut self, levering: i64) -> Resultaat<()> {
        if self.leveringen_gezien.contains(&levering) {
            return Ok(());
        }
        if self
            .lees(
                "SELECT 1 FROM leveringen WHERE id = $1 FOR KEY SHARE",
                &[&levering],
            )?
            .is_empty()
        {
            return Err(crate::StoreFout::Database(
                "levering_id: de levering bestaat niet (foreign key, 23503)".into(),
            ));
        }
        self.leveringen_gezien.insert(levering);
        Ok(())
    }

    /// Makes the current registrations of `bsn` known (see [`Bekend`]).
    fn ken_registraties(&mut self, bsn: Bsn) -> Resultaat<()> {
        if !self.registraties.kent(&bsn_getal(bsn)) {
            self.huidige_registraties(bsn)?;
        }
        Ok(())
    }

    /// Loads every current person (see [`Bekend`]).
    fn laad_personen(&mut self) -> Resultaat<()> {
        self.personenbuffer
            .schrijf_weg(&mut self.tx, &mut self.ids)?;
        let sql =
            format!("SELECT {PERSOON_KOLOMMEN} FROM persoon_versies WHERE vervallen_op IS NULL");
        let mut alle = HashMap::new();
        for r in self.lees(&sql, &[])? {
            let p = persoon_uit_rij(&r)?;
            alle.insert(bsn_getal(p.bsn), Some(p));
        }
        self.personen.laad(alle);
        Ok(())
    }

    /// Loads every current, not withdrawn registration (see [`Bekend`]), per person in the
    /// order of [`Transactie::huidige_registraties`].
    fn laad_registraties(&mut self) -> Resultaat<()> {
        self.registratiebuffer.schrijf_weg(&mut self.tx)?;
        let sql = format!(
            "SELECT {REGISTRATIE_KOLOMMEN} FROM registratie_versies \
             WHERE vervallen_op IS NULL AND ingetrokken = 0 ORDER BY bsn, registratie_id, versie_id"
        );
        let mut alle: HashMap<i64, Vec<Registratie>> = HashMap::new();
        for r in self.lees(&sql, &[])? {
            let reg = registratie_versie_uit_rij(&r)?.registratie;
            alle.entry(bsn_getal(reg.bsn)).or_default().push(reg);
        }
        self.registraties.laad(alle);
        Ok(())
    }

    /// Remembers a written registration version as the table now holds it: the version of
    /// registration `id` that `oud` named is closed (in the person's list of `oud` and of
    /// `nieuw`), `nieuw` with its id is current unless withdrawn.
    fn onthoud_registratie(&mut self, oud: Option<&Registratie>, nieuw: &Registratie, id: i64) {
        if let Some(o) = oud.filter(|o| o.id.is_some() && o.bsn != nieuw.bsn)
            && let Some(lijst) = self.registraties.wijzig(bsn_getal(o.bsn))
        {
            lijst.retain(|r| r.id != o.id);
        }
        if let Some(lijst) = self.registraties.wijzig(bsn_getal(nieuw.bsn)) {
            lijst.retain(|r| r.id != Some(id));
            if !nieuw.ingetrokken {
                let mut opgeslagen = nieuw.clone();
                opgeslagen.id = Some(id);
                lijst.push(opgeslagen);
                lijst.sort_by_key(|r| r.id);
            }
        }
    }

    /// The current hours of (lhn, jaar) (see [`Bekend`]).
    fn huidige_uren(&mut self, sleutel: (i64, i64)) -> Resultaat<Option<UrenHuidig>> {
        if let Some(u) = self.uren.waarde(&sleutel) {
            return Ok(u);
        }
        if self.uren.tel_opvraging(&mut self.tx)? {
            let mut alle = HashMap::new();
            for r in self.lees(
                "SELECT loonheffingennummer, jaar, versie_id, uren_totaal, aantal_werknemers \
                 FROM werkgeversuren_versies WHERE vervallen_op IS NULL",
                &[],
            )? {
                alle.insert(
                    (r.try_get(0)?, r.try_get(1)?),
                    Some((r.try_get(2)?, r.try_get(3)?, r.try_get(4)?)),
                );
            }
            self.uren.laad(alle);
            return Ok(self.uren.waarde(&sleutel).flatten());
        }
        let u = self
            .lees(
                "SELECT versie_id, uren_totaal, aantal_werknemers FROM werkgeversuren_versies \
                 WHERE loonheffingennummer = $1 AND jaar = $2 AND vervallen_op IS NULL",
                &[&sleutel.0, &sleutel.1],
            )?
            .first()
            .map(|r| -> Resultaat<UrenHuidig> { Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)) })
            .transpose()?;
        self.uren.zet(sleutel, u);
        Ok(u)
    }
}

use crate::model::uitkomst;

impl Transactie for PostgresTransactie<'_> {
    fn huidige_registraties(&mut self, bsn: Bsn) -> Resultaat<Vec<Registratie>> {
        let b = bsn_getal(bsn);
        if let Some(r) = self.registraties.waarde(&b) {
            return Ok(r);
        }
        if self.registraties.tel_opvraging(&mut self.tx)? {
            self.laad_registraties()?;
            return Ok(self.registraties.waarde(&b).unwrap_or_default());
        }
        let sql = format!(
            "SELECT {REGISTRATIE_KOLOMMEN} FROM registratie_versies \
             WHERE bsn = $1 AND vervallen_op IS NULL AND ingetrokken = 0 ORDER BY registratie_id, versie_id"
        );
        let mut r = self
            .lees(&sql, &[&b])?
            .iter()
            .map(|r| Ok(registratie_versie_uit_rij(r)?.registratie))
            .collect::<Resultaat<Vec<_>>>()?;
        // a write of this transaction may have ended one (named by an `oud` of another person)
        r.retain(|x| !self.registratiebuffer.sluit_in_tabel(x.id));
        self.registraties.zet(b, r.clone());
        Ok(r)
    }

    fn huidige_persoon(&mut self, bsn: Bsn) -> Resultaat<Option<Persoon>> {
        let b = bsn_getal(bsn);
        if let Some(p) = self.personen.waarde(&b) {
            return Ok(p);
        }
        if self.personen.tel_opvraging(&mut self.tx)? {
            self.laad_personen()?;
            return Ok(self.personen.waarde(&b).flatten());
        }
        let sql = format!(
            "SELECT {PERSOON_KOLOMMEN} FROM persoon_versies WHERE bsn = $1 AND vervallen_op IS NULL"
        );
        let p = self
            .lees(&sql, &[&b])?
            .first()
            .map(persoon_uit_rij)
            .transpose()?;
        self.personen.zet(b, p.clone());
        Ok(p)
    }

    fn schrijf_registratie(
        &mut self,
        oud: Option<&Registratie>,
        nieuw: &Registratie,
        tijd: DateTime<Utc>,
        oorzaak: &Oorzaak,
    ) -> Resultaat<RegistratieId> {
        let oud_id = oud.and_then(|o| o.id);
        // Every person whose registrations this write changes is kept in memory: a later
        // lookup of them is answered there, since the table does not have the buffered rows.
        if let Some(o) = oud.filter(|o| o.id.is_some()) {
            self.ken_registraties(o.bsn)?;
        }
        self.ken_registraties(nieuw.bsn)?;
        if let Oorzaak::Levering(l) = oorzaak {
            self.controleer_levering(*l)?;
        }
        let id = self.registratiebuffer.schrijf(
            &mut self.tx,
            &mut self.ids,
            oud_id,
            nieuw,
            tijd_getal(tijd),
            oorzaak,
        )?;
        self.onthoud_registratie(oud, nieuw, id);
        Ok(id)
    }

    fn schrijf_persoon(
        &mut self,
        p: &Persoon,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let huidig = self.huidige_persoon(p.bsn)?;
        if huidig.as_ref() == Some(p) {
            return Ok(Schrijfuitkomst::Ongewijzigd);
        }
        self.controleer_levering(levering)?;
        self.personenbuffer.schrijf(
            &mut self.tx,
            &mut self.ids,
            p,
            huidig.is_some(),
            tijd_getal(tijd),
            levering,
        )?;
        self.personen.zet(bsn_getal(p.bsn), Some(p.clone()));
        Ok(uitkomst(huidig.is_some()))
    }

    fn schrijf_polis(
        &mut self,
        rij: &PolisRij,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        self.polis.schrijf(
            &mut self.tx,
            self.opdrachten,
            &mut self.ids,
            rij,
            tijd_getal(tijd),
            levering,
        )
    }

    fn schrijf_werkgever(
        &mut self,
        w: &Werkgever,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let vanaf = w.geldig_vanaf.map(datum_tekst).unwrap_or_default();
        let lhn = w.loonheffingennummer.als_getal();
        let huidig = self.lees(
            "SELECT versie_id, naam, sector, subsector, vestigingsgemeente FROM werkgever_versies \
             WHERE loonheffingennummer = $1 AND geldig_vanaf = $2 AND vervallen_op IS NULL",
            &[&lhn, &vanaf],
        )?;
        let gemeente = w.vestigingsgemeente.map(|g| i64::from(g.waarde()));
        let t = tijd_getal(tijd);
        if let Some(r) = huidig.first() {
            if r.try_get::<_, &str>(1)? == w.naam
                && r.try_get::<_, &str>(2)? == w.sector.code()
                && r.try_get::<_, Option<String>>(3)? == w.subsector
                && r.try_get::<_, Option<i64>>(4)? == gemeente
            {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            let versie: i64 = r.try_get(0)?;
            self.voer_uit(
                "UPDATE werkgever_versies SET vervallen_op = $2 WHERE versie_id = $1",
                &[&versie, &t],
            )?;
        }
        let versie = self.nieuw_id("werkgever_versies")?;
        self.voer_uit(
            "INSERT INTO werkgever_versies (versie_id, loonheffingennummer, geldig_vanaf, naam, sector, subsector, \
             vestigingsgemeente, geregistreerd_op, levering_id) VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &lhn,
                &vanaf,
                &w.naam,
                &w.sector.code(),
                &w.subsector,
                &gemeente,
                &t,
                &levering,
                &versie,
            ],
        )?;
        self.gegroeid(0)?;
        Ok(uitkomst(!huidig.is_empty()))
    }

    fn schrijf_werkgeversuren(
        &mut self,
        w: &Werkgeversuren,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let sleutel = (w.loonheffingennummer.als_getal(), i64::from(w.jaar));
        let huidig = self.huidige_uren(sleutel)?;
        let aantal = w.aantal_werknemers.map(i64::from);
        let t = tijd_getal(tijd);
        if let Some((versie, uren, a)) = huidig {
            if uren == w.verloonde_uren_totaal.0 && a == aantal {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            self.voer_uit(
                "UPDATE werkgeversuren_versies SET vervallen_op = $2 WHERE versie_id = $1",
                &[&versie, &t],
            )?;
        }
        let versie = self.nieuw_id("werkgeversuren_versies")?;
        self.voer_uit(
            "INSERT INTO werkgeversuren_versies (versie_id, loonheffingennummer, jaar, uren_totaal, aantal_werknemers, \
             geregistreerd_op, levering_id) VALUES ($7, $1, $2, $3, $4, $5, $6)",
            &[&sleutel.0, &sleutel.1, &w.verloonde_uren_totaal.0, &aantal, &t, &levering, &versie],
        )?;
        self.gegroeid(1)?;
        self.uren
            .zet(sleutel, Some((versie, w.verloonde_uren_totaal.0, aantal)));
        Ok(uitkomst(huidig.is_some()))
    }

    fn schrijf_kandidaat(
        &mut self,
        k: &Kandidaat,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst> {
        let bsn = bsn_getal(k.bsn);
        let huidig = self.lees(
            "SELECT versie_id, opleidingsniveau, uren_per_week, max_reisafstand_km, beschikbaar_vanaf, interesses, \
             woongemeente, herkenbaar FROM kandidaat_versies WHERE bsn = $1 AND vervallen_op IS NULL",
            &[&bsn],
        )?;
        let nieuw = (
            k.opleidingsniveau.clone(),
            i64::from(k.uren_per_week),
            i64::from(k.max_reisafstand_km),
            datum_tekst(k.beschikbaar_vanaf),
            k.interesses.join("|"),
            i64::from(k.woongemeente.waarde()),
            k.herkenbaar,
        );
        let t = tijd_getal(tijd);
        if let Some(r) = huidig.first() {
            let gehouden = (
                r.try_get::<_, String>(1)?,
                r.try_get::<_, i64>(2)?,
                r.try_get::<_, i64>(3)?,
                r.try_get::<_, String>(4)?,
                r.try_get::<_, String>(5)?,
                r.try_get::<_, i64>(6)?,
                lees_vlag(r, 7)?,
            );
            if gehouden == nieuw {
                return Ok(Schrijfuitkomst::Ongewijzigd);
            }
            let versie: i64 = r.try_get(0)?;
            self.voer_uit(
                "UPDATE kandidaat_versies SET vervallen_op = $2 WHERE versie_id = $1",
                &[&versie, &t],
            )?;
        }
        let versie = self.nieuw_id("kandidaat_versies")?;
        self.voer_uit(
            "INSERT INTO kandidaat_versies (versie_id, bsn, opleidingsniveau, uren_per_week, max_reisafstand_km, \
             beschikbaar_vanaf, interesses, woongemeente, herkenbaar, geregistreerd_op, levering_id) \
             VALUES ($11, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &bsn,
                &nieuw.0,
                &nieuw.1,
                &nieuw.2,
                &nieuw.3,
                &nieuw.4,
                &nieuw.5,
                &i64::from(nieuw.6),
                &t,
                &levering,
                &versie,
            ],
        )?;
        self.gegroeid(2)?;
        Ok(uitkomst(!huidig.is_empty()))
    }

    /// The id is the highest so far plus one, as SQLite gives a rowid, not the next value of
    /// the identity sequence: a rolled-back delivery consumes a sequence value, and a
    /// delivery's id is part of every report's provenance, so both backends must number
    /// the same deliveries alike (see `nieuw_id`: the highest id plus one, under a per-table lock).
    fn registreer_levering(&mut self, l: &NieuweLevering) -> Resultaat<i64> {
        let id = self.nieuw_id("leveringen")?;
        self.voer_uit(
            "INSERT INTO leveringen (id, bron, soort, kenmerk, gemeentecode, sha256, bestandsnaam, modus, status, \
             geregistreerd_op, referentie_versie, rijen_gelezen, rijen_toegepast, rijen_afgewezen, nieuw, gewijzigd, \
             ongewijzigd, grondslagen, rapport, afwijzingsbestand, fiscaal_nummer) \
             VALUES ($20, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $21)",
            &[
                &l.bron.code(),
                &l.soort.naam(),
                &l.kenmerk,
                &l.gemeentecode.map(|g| i64::from(g.waarde())),
                &l.sha256,
                &l.bestandsnaam,
                &l.modus.naam(),
                &l.status.code(),
                &tijd_getal(l.geregistreerd_op),
                &l.referentie_versie,
                &aantal_getal(l.rijen_gelezen)?,
                &aantal_getal(l.rijen_toegepast)?,
                &aantal_getal(l.rijen_afgewezen)?,
                &aantal_getal(l.nieuw)?,
                &aantal_getal(l.gewijzigd)?,
                &aantal_getal(l.ongewijzigd)?,
                &l.grondslagen.join(","),
                &l.rapport,
                &l.afwijzingsbestand,
                &id,
                &l.fiscaal_nummer.map(|f| i64::from(f.waarde())),
            ],
        )?;
        Ok(id)
    }

    fn rond_levering_af(&mut self, id: i64, l: &NieuweLevering) -> Resultaat<()> {
        self.voer_uit(
            "UPDATE leveringen SET status = $2, rijen_gelezen = $3, rijen_toegepast = $4, rijen_afgewezen = $5, \
             nieuw = $6, gewijzigd = $7, ongewijzigd = $8, grondslagen = $9, rapport = $10, afwijzingsbestand = $11 \
             WHERE id = $1",
            &[
                &id,
                &l.status.code(),
                &aantal_getal(l.rijen_gelezen)?,
                &aantal_getal(l.rijen_toegepast)?,
                &aantal_getal(l.rijen_afgewezen)?,
                &aantal_getal(l.nieuw)?,
                &aantal_getal(l.gewijzigd)?,
                &aantal_getal(l.ongewijzigd)?,
                &l.grondslagen.join(","),
                &l.rapport,
                &l.afwijzingsbestand,
            ],
        )?;
        Ok(())
    }

    fn bsns_met_registraties(&mut self) -> Resultaat<Vec<Bsn>> {
        self.registratiebuffer.schrijf_weg(&mut self.tx)?;
        self.lees(
            "SELECT DISTINCT bsn FROM registratie_versies WHERE vervallen_op IS NULL AND ingetrokken = 0 ORDER BY bsn",
            &[],
        )?
        .iter()
        .map(|r| lees_bsn("registratie_versies", r.try_get(0)?))
        .collect()
    }

    fn activeer_referentie(
        &mut self,
        versie: &str,
        bestanden: &BTreeMap<String, String>,
        tijd: DateTime<Utc>,
    ) -> Resultaat<()> {
        let json = serde_json::to_string(bestanden).unwrap_or_default();
        self.voer_uit("UPDATE referentie_versies SET actief = 0", &[])?;
        self.voer_uit(
            "INSERT INTO referentie_versies (versie, geladen_op, actief, bestanden) VALUES ($1, $2, 1, $3) \
             ON CONFLICT (versie) DO UPDATE SET actief = 1",
            &[&versie, &tijd_getal(tijd), &json],
        )?;
        Ok(())
    }

    fn leg_besluit_vast(&mut self, besluit: &crate::Besluit<'_>) -> Resultaat<bool> {
        match besluit {
            crate::Besluit::Bezwaar(b) => self.beslis_bezwaar(b),
            crate::Besluit::UitschrijvingToegewezen { id, op, wie } => {
                self.wijs_uitschrijving_toe(*id, *op, wie)
            }
            crate::Besluit::Aanvraag(b) => self.beslis_aanvraag(b),
        }
    }

    fn commit(self: Box<Self>) -> Resultaat<()> {
        let PostgresTransactie {
            mut tx,
            mut polis,
            mut personenbuffer,
            mut registratiebuffer,
            mut ids,
            kennisgevingen,
            ..
        } = *self;
        registratiebuffer.schrijf_weg(&mut tx)?;
        super::kennisgeving::schrijf_weg(&mut tx, &kennisgevingen)?;
        personenbuffer.schrijf_weg(&mut tx, &mut ids)?;
        polis.schrijf_weg(&mut tx, &mut ids)?;
        tx.commit()?;
        Ok(())
    }
}
