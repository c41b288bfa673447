//! The one implementation of [`DoelLezer`](super::DoelLezer) and
//! [`DoelSchrijver`](super::DoelSchrijver) for both backends: the SQL (written with `?N`
//! placeholders; PostgreSQL gets `$N`) and the decoding of rows, over two small adapters each
//! backend provides ([`Lezen`], [`Schrijven`]). So the two backends store and answer the same by
//! construction; the schema of both is their migration "R-45 goals".

use chrono::{DateTime, NaiveDate, Utc};

use dgr_core::FiscaalNummer;
use dgr_core::doelen::{
    Doelsoort, Evaluatiebesluit, Kwantitatief, Maat, Mijlpaalstatus, Vertrouwen,
};

use super::{
    Bijstelling, Checkin, Doel, Doelinhoud, Evaluatie, Mijlpaal, Mijlpaalwijziging, NieuwDoel,
    NieuweCheckin, NieuweEvaluatie, NieuweMijlpaal, Onderwerp, OnderwerpVraag, Stopzetting, Thema,
};
use crate::sqlite::{datum_tekst, lees_datum, lees_tijd, tijd_getal};
use crate::{Resultaat, StoreFout};

/// A bound parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Param<'a> {
    /// An integer (ids, flags, times in microseconds).
    Getal(Option<i64>),
    /// A text (civil dates as `JJJJ-MM-DD`).
    Tekst(Option<&'a str>),
    /// A floating-point value.
    Kommagetal(Option<f64>),
}

/// One value of a result row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Veld {
    /// NULL.
    Leeg,
    /// An integer.
    Getal(i64),
    /// A floating-point value.
    Kommagetal(f64),
    /// A text.
    Tekst(String),
}

/// Reads of a backend's store (outside a transaction).
pub(crate) trait Lezen {
    /// The rows of `sql` (with `?N` placeholders), each as its values.
    fn rijen(&self, sql: &str, p: &[Param<'_>]) -> Resultaat<Vec<Vec<Veld>>>;
}

/// Reads and writes inside a backend's transaction.
pub(crate) trait Schrijven {
    /// The rows of `sql`.
    fn rijen_tx(&mut self, sql: &str, p: &[Param<'_>]) -> Resultaat<Vec<Vec<Veld>>>;
    /// Runs `sql`; the rows it changed.
    fn voer_uit_tx(&mut self, sql: &str, p: &[Param<'_>]) -> Resultaat<u64>;
    /// The id of a new row of `tabel`: its highest id plus one, as SQLite gives a row id.
    fn nieuw_id_tx(&mut self, tabel: &'static str) -> Resultaat<i64>;
}

/// `?N` placeholders as PostgreSQL's `$N` (the SQL here has no `?` elsewhere).
pub(crate) fn postgres_sql(sql: &str) -> String {
    sql.replace('?', "$")
}

fn org(o: FiscaalNummer) -> Param<'static> {
    Param::Getal(Some(i64::from(o.waarde())))
}

fn getal(w: i64) -> Param<'static> {
    Param::Getal(Some(w))
}

fn tekst(t: &str) -> Param<'_> {
    Param::Tekst(Some(t))
}

/// The values of one row of `tabel`, typed on reading.
struct Rij<'a> {
    tabel: &'static str,
    velden: &'a [Veld],
}

impl Rij<'_> {
    fn corrupt(&self, i: usize, wat: &str) -> StoreFout {
        StoreFout::Corrupt {
            tabel: self.tabel,
            reden: format!("kolom {i}: {wat}"),
        }
    }

    fn veld(&self, i: usize) -> &Veld {
        self.velden.get(i).unwrap_or(&Veld::Leeg)
    }

    fn getal_opt(&self, i: usize) -> Resultaat<Option<i64>> {
        match self.veld(i) {
            Veld::Leeg => Ok(None),
            Veld::Getal(g) => Ok(Some(*g)),
            _ => Err(self.corrupt(i, "geen geheel getal")),
        }
    }

    fn getal(&self, i: usize) -> Resultaat<i64> {
        self.getal_opt(i)?
            .ok_or_else(|| self.corrupt(i, "ontbreekt"))
    }

    fn kommagetal_opt(&self, i: usize) -> Resultaat<Option<f64>> {
        match self.veld(i) {
            Veld::Leeg => Ok(None),
            Veld::Kommagetal(g) => Ok(Some(*g)),
            // SQLite may hand back a whole REAL as an integer
            Veld::Getal(g) => Ok(Some(*g as f64)),
            Veld::Tekst(_) => Err(self.corrupt(i, "geen getal")),
        }
    }

    fn tekst_opt(&self, i: usize) -> Resultaat<Option<String>> {
        match self.veld(i) {
            Veld::Leeg => Ok(None),
            Veld::Tekst(t) => Ok(Some(t.clone())),
            _ => Err(self.corrupt(i, "geen tekst")),
        }
    }

    fn tekst(&self, i: usize) -> Resultaat<String> {
        self.tekst_opt(i)?
            .ok_or_else(|| self.corrupt(i, "ontbreekt"))
    }

    fn datum(&self, i: usize) -> Resultaat<NaiveDate> {
        lees_datum(self.tabel, &self.tekst(i)?)
    }

    fn tijd(&self, i: usize) -> Resultaat<DateTime<Utc>> {
        lees_tijd(self.tabel, self.getal(i)?)
    }

    fn tijd_opt(&self, i: usize) -> Resultaat<Option<DateTime<Utc>>> {
        self.getal_opt(i)?
            .map(|t| lees_tijd(self.tabel, t))
            .transpose()
    }

    fn code<T>(&self, i: usize, parse: fn(&str) -> Result<T, String>) -> Resultaat<T> {
        parse(&self.tekst(i)?).map_err(|e| self.corrupt(i, &e))
    }
}

fn rijen<T>(
    tabel: &'static str,
    rijen: Vec<Vec<Veld>>,
    lees: fn(&Rij<'_>) -> Resultaat<T>,
) -> Resultaat<Vec<T>> {
    rijen
        .iter()
        .map(|velden| lees(&Rij { tabel, velden }))
        .collect()
}

// ---- reads ----

pub(crate) fn themas(l: &dyn Lezen, o: FiscaalNummer) -> Resultaat<Vec<Thema>> {
    let r = l.rijen(
        "SELECT id, naam, omschrijving FROM doel_themas WHERE organisatie = ?1 ORDER BY naam, id",
        &[org(o)],
    )?;
    rijen("doel_themas", r, |r| {
        Ok(Thema {
            id: r.getal(0)?,
            naam: r.tekst(1)?,
            omschrijving: r.tekst(2)?,
        })
    })
}

pub(crate) fn onderwerpen(l: &dyn Lezen, o: FiscaalNummer) -> Resultaat<Vec<Onderwerp>> {
    let r = l.rijen(
        "SELECT o.id, o.thema_id, o.naam, o.omschrijving, \
         (SELECT COUNT(DISTINCT v.eenheid) FROM doel_onderwerp_vragen v WHERE v.onderwerp_id = o.id) AS n \
         FROM doel_onderwerpen o WHERE o.organisatie = ?1 ORDER BY n DESC, o.naam, o.id",
        &[org(o)],
    )?;
    rijen("doel_onderwerpen", r, |r| {
        Ok(Onderwerp {
            id: r.getal(0)?,
            thema_id: r.getal(1)?,
            naam: r.tekst(2)?,
            omschrijving: r.tekst(3)?,
            vragende_eenheden: u64::try_from(r.getal(4)?).unwrap_or_default(),
        })
    })
}

pub(crate) fn onderwerp_vragen(
    l: &dyn Lezen,
    o: FiscaalNummer,
    onderwerp_id: i64,
) -> Resultaat<Vec<OnderwerpVraag>> {
    let r = l.rijen(
        "SELECT v.id, v.onderwerp_id, v.eenheid, v.datum FROM doel_onderwerp_vragen v \
         JOIN doel_onderwerpen o ON o.id = v.onderwerp_id \
         WHERE o.organisatie = ?1 AND v.onderwerp_id = ?2 ORDER BY v.datum, v.id",
        &[org(o), getal(onderwerp_id)],
    )?;
    rijen("doel_onderwerp_vragen", r, |r| {
        Ok(OnderwerpVraag {
            id: r.getal(0)?,
            onderwerp_id: r.getal(1)?,
            eenheid: r.tekst(2)?,
            datum: r.datum(3)?,
        })
    })
}

const DOEL_KOLOMMEN: &str = "d.id, v.versie, d.eenheid, d.onderwerp_id, v.titel, v.eigenaar, v.startdatum, \
     v.deadline, v.maat, v.categorie, v.basiswaarde, v.streefwaarde, v.definitie_gereed, v.reden, v.door, \
     d.aangemaakt_door, d.aangemaakt_op, v.geregistreerd_op, v.vervallen_op, d.gestopt_op, d.stopreden, d.gestopt_door \
     FROM doelen d JOIN doel_versies v ON v.doel_id = d.id";

fn doel(r: &Rij<'_>) -> Resultaat<Doel> {
    let soort = match r.tekst_opt(8)? {
        Some(code) => {
            let maat =
                Maat::parse(&code, r.tekst_opt(9)?.as_deref()).map_err(|e| r.corrupt(8, &e))?;
            let b = r
                .kommagetal_opt(10)?
                .ok_or_else(|| r.corrupt(10, "ontbreekt"))?;
            let t = r
                .kommagetal_opt(11)?
                .ok_or_else(|| r.corrupt(11, "ontbreekt"))?;
            Doelsoort::Kwantitatief(Kwantitatief::new(maat, b, t).map_err(|e| r.corrupt(11, &e))?)
        }
        None => Doelsoort::Kwalitatief {
            definitie_van_gereed: r.tekst(12)?,
        },
    };
    let gestopt = match r.tekst_opt(19)? {
        Some(d) => Some(Stopzetting {
            datum: lees_datum(r.tabel, &d)?,
            reden: r.tekst(20)?,
            door: r.tekst(21)?,
        }),
        None => None,
    };
    Ok(Doel {
        id: r.getal(0)?,
        versie: r.getal(1)?,
        eenheid: r.tekst(2)?,
        onderwerp_id: r.getal(3)?,
        inhoud: Doelinhoud {
            titel: r.tekst(4)?,
            eigenaar: r.tekst(5)?,
            start: r.datum(6)?,
            deadline: r.datum(7)?,
            soort,
        },
        reden: r.tekst(13)?,
        door: r.tekst(14)?,
        aangemaakt_door: r.tekst(15)?,
        aangemaakt_op: r.tijd(16)?,
        geregistreerd_op: r.tijd(17)?,
        vervallen_op: r.tijd_opt(18)?,
        gestopt,
    })
}

pub(crate) fn doelen(l: &dyn Lezen, o: FiscaalNummer) -> Resultaat<Vec<Doel>> {
    let sql = format!(
        "SELECT {DOEL_KOLOMMEN} WHERE d.organisatie = ?1 AND v.vervallen_op IS NULL ORDER BY d.id"
    );
    rijen("doel_versies", l.rijen(&sql, &[org(o)])?, doel)
}

pub(crate) fn doel_versies(l: &dyn Lezen, o: FiscaalNummer, id: i64) -> Resultaat<Vec<Doel>> {
    let sql =
        format!("SELECT {DOEL_KOLOMMEN} WHERE d.organisatie = ?1 AND d.id = ?2 ORDER BY v.versie");
    rijen("doel_versies", l.rijen(&sql, &[org(o), getal(id)])?, doel)
}

pub(crate) fn checkins(l: &dyn Lezen, o: FiscaalNummer, doel_id: i64) -> Resultaat<Vec<Checkin>> {
    let r = l.rijen(
        "SELECT c.id, c.doel_id, c.datum, c.waarde, c.gereed, c.toelichting, c.vertrouwen, c.door, c.vastgelegd_op \
         FROM doel_checkins c JOIN doelen d ON d.id = c.doel_id \
         WHERE d.organisatie = ?1 AND c.doel_id = ?2 ORDER BY c.datum, c.id",
        &[org(o), getal(doel_id)],
    )?;
    rijen("doel_checkins", r, |r| {
        Ok(Checkin {
            id: r.getal(0)?,
            doel_id: r.getal(1)?,
            datum: r.datum(2)?,
            waarde: r.kommagetal_opt(3)?,
            gereed: r.getal_opt(4)?.map(|g| g != 0),
            toelichting: r.tekst(5)?,
            vertrouwen: r.code(6, Vertrouwen::parse)?,
            door: r.tekst(7)?,
            vastgelegd_op: r.tijd(8)?,
        })
    })
}

pub(crate) fn mijlpalen(l: &dyn Lezen, o: FiscaalNummer) -> Resultaat<Vec<Mijlpaal>> {
    let r = l.rijen(
        "SELECT m.id, m.doel_id, m.naam, m.datum, \
         (SELECT s.status FROM doel_mijlpaal_statussen s WHERE s.mijlpaal_id = m.id ORDER BY s.id DESC LIMIT 1) \
         FROM doel_mijlpalen m WHERE m.organisatie = ?1 ORDER BY m.datum, m.id",
        &[org(o)],
    )?;
    rijen("doel_mijlpalen", r, |r| {
        Ok(Mijlpaal {
            id: r.getal(0)?,
            doel_id: r.getal_opt(1)?,
            naam: r.tekst(2)?,
            datum: r.datum(3)?,
            status: r.code(4, Mijlpaalstatus::parse)?,
        })
    })
}

pub(crate) fn mijlpaal_historie(
    l: &dyn Lezen,
    o: FiscaalNummer,
    mijlpaal_id: i64,
) -> Resultaat<Vec<Mijlpaalwijziging>> {
    let r = l.rijen(
        "SELECT s.status, s.door, s.tijd FROM doel_mijlpaal_statussen s \
         JOIN doel_mijlpalen m ON m.id = s.mijlpaal_id \
         WHERE m.organisatie = ?1 AND s.mijlpaal_id = ?2 ORDER BY s.id",
        &[org(o), getal(mijlpaal_id)],
    )?;
    rijen("doel_mijlpaal_statussen", r, |r| {
        Ok(Mijlpaalwijziging {
            status: r.code(0, Mijlpaalstatus::parse)?,
            door: r.tekst(1)?,
            tijd: r.tijd(2)?,
        })
    })
}

pub(crate) fn evaluaties(
    l: &dyn Lezen,
    o: FiscaalNummer,
    doel_id: i64,
) -> Resultaat<Vec<Evaluatie>> {
    let r = l.rijen(
        "SELECT e.id, e.doel_id, e.doel_versie, e.periode, e.van, e.tot, e.gemeten, e.verwacht, e.geleerd, \
         e.besluit, e.reden, e.door, e.tijd FROM doel_evaluaties e JOIN doelen d ON d.id = e.doel_id \
         WHERE d.organisatie = ?1 AND e.doel_id = ?2 ORDER BY e.id",
        &[org(o), getal(doel_id)],
    )?;
    rijen("doel_evaluaties", r, |r| {
        Ok(Evaluatie {
            id: r.getal(0)?,
            doel_id: r.getal(1)?,
            doel_versie: r.getal(2)?,
            periode: r.tekst(3)?,
            van: r.datum(4)?,
            tot: r.datum(5)?,
            gemeten: r.kommagetal_opt(6)?,
            verwacht: r.kommagetal_opt(7)?,
            geleerd: r.tekst(8)?,
            besluit: r.code(9, Evaluatiebesluit::parse)?,
            reden: r.tekst(10)?,
            door: r.tekst(11)?,
            tijd: r.tijd(12)?,
        })
    })
}

// ---- writes ----

/// Whether row `id` of `tabel` (which has an `organisatie` column) is the organisation's.
fn van_organisatie(
    s: &mut dyn Schrijven,
    tabel: &str,
    id: i64,
    o: FiscaalNummer,
) -> Resultaat<bool> {
    let sql = format!("SELECT id FROM {tabel} WHERE id = ?1 AND organisatie = ?2");
    Ok(!s.rijen_tx(&sql, &[getal(id), org(o)])?.is_empty())
}

pub(crate) fn voeg_thema_toe(
    s: &mut dyn Schrijven,
    o: FiscaalNummer,
    naam: &str,
    omschrijving: &str,
    tijd: DateTime<Utc>,
) -> Resultaat<i64> {
    let id = s.nieuw_id_tx("doel_themas")?;
    s.voer_uit_tx(
        "INSERT INTO doel_themas (id, organisatie, naam, omschrijving, aangemaakt_op) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[getal(id), org(o), tekst(naam), tekst(omschrijving), getal(tijd_getal(tijd))],
    )?;
    Ok(id)
}

pub(crate) fn voeg_onderwerp_toe(
    s: &mut dyn Schrijven,
    o: FiscaalNummer,
    thema_id: i64,
    naam: &str,
    omschrijving: &str,
    tijd: DateTime<Utc>,
) -> Resultaat<Option<i64>> {
    if !van_organisatie(s, "doel_themas", thema_id, o)? {
        return Ok(None);
    }
    let id = s.nieuw_id_tx("doel_onderwerpen")?;
    s.voer_uit_tx(
        "INSERT INTO doel_onderwerpen (id, organisatie, thema_id, naam, omschrijving, aangemaakt_op) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            getal(id),
            org(o),
            getal(thema_id),
            tekst(naam),
            tekst(omschrijving),
            getal(tijd_getal(tijd)),
        ],
    )?;
    Ok(Some(id))
}

pub(crate) fn vraag_onderwerp(
    s: &mut dyn Schrijven,
    o: FiscaalNummer,
    onderwerp_id: i64,
    eenheid: &str,
    datum: NaiveDate,
    tijd: DateTime<Utc>,
) -> Resultaat<Option<i64>> {
    if !van_organisatie(s, "doel_onderwerpen", onderwerp_id, o)? {
        return Ok(None);
    }
    let id = s.nieuw_id_tx("doel_onderwerp_vragen")?;
    let datum = datum_tekst(datum);
    s.voer_uit_tx(
        "INSERT INTO doel_onderwerp_vragen (id, onderwerp_id, eenheid, datum, vastgelegd_op) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            getal(id),
            getal(onderwerp_id),
            tekst(eenheid),
            tekst(&datum),
            getal(tijd_getal(tijd)),
        ],
    )?;
    Ok(Some(id))
}

/// Inserts version `versie` of goal `doel_id`.
fn schrijf_versie(
    s: &mut dyn Schrijven,
    doel_id: i64,
    versie: i64,
    inhoud: &Doelinhoud,
    reden: &str,
    door: &str,
    tijd: DateTime<Utc>,
) -> Resultaat<()> {
    let versie_id = s.nieuw_id_tx("doel_versies")?;
    let (maat, categorie, b, t, definitie) = match &inhoud.soort {
        Doelsoort::Kwantitatief(k) => (
            Some(k.maat.code()),
            k.maat.categorie(),
            Some(k.basiswaarde),
            Some(k.streefwaarde),
            None,
        ),
        Doelsoort::Kwalitatief {
            definitie_van_gereed,
        } => (None, None, None, None, Some(definitie_van_gereed.as_str())),
    };
    let (start, deadline) = (datum_tekst(inhoud.start), datum_tekst(inhoud.deadline));
    s.voer_uit_tx(
        "INSERT INTO doel_versies (versie_id, doel_id, versie, titel, eigenaar, startdatum, deadline, maat, categorie, \
         basiswaarde, streefwaarde, definitie_gereed, reden, door, geregistreerd_op) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        &[
            getal(versie_id),
            getal(doel_id),
            getal(versie),
            tekst(&inhoud.titel),
            tekst(&inhoud.eigenaar),
            tekst(&start),
            tekst(&deadline),
            Param::Tekst(maat),
            Param::Tekst(categorie),
            Param::Kommagetal(b),
            Param::Kommagetal(t),
            Param::Tekst(definitie),
            tekst(reden),
            tekst(door),
            getal(tijd_getal(tijd)),
        ],
    )?;
    Ok(())
}

pub(crate) fn stel_doel_vast(s: &mut dyn Schrijven, d: &NieuwDoel<'_>) -> Resultaat<i64> {
    let id = s.nieuw_id_tx("doelen")?;
    s.voer_uit_tx(
        "INSERT INTO doelen (id, organisatie, eenheid, onderwerp_id, aangemaakt_door, aangemaakt_op) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            getal(id),
            org(d.organisatie),
            tekst(d.eenheid),
            getal(d.onderwerp_id),
            tekst(d.door),
            getal(tijd_getal(d.tijd)),
        ],
    )?;
    schrijf_versie(s, id, 1, d.inhoud, "", d.door, d.tijd)?;
    Ok(id)
}

pub(crate) fn stel_doel_bij(s: &mut dyn Schrijven, b: &Bijstelling<'_>) -> Resultaat<Option<i64>> {
    let huidig = s.rijen_tx(
        "SELECT v.versie_id FROM doelen d JOIN doel_versies v ON v.doel_id = d.id \
         WHERE d.id = ?1 AND d.organisatie = ?2 AND d.gestopt_op IS NULL AND v.vervallen_op IS NULL AND v.versie = ?3",
        &[getal(b.doel_id), org(b.organisatie), getal(b.huidige_versie)],
    )?;
    let Some(versie_id) = huidig.first().and_then(|r| match r.first() {
        Some(Veld::Getal(g)) => Some(*g),
        _ => None,
    }) else {
        return Ok(None);
    };
    // a concurrent adjustment that closed it first leaves nothing to close here
    if s.voer_uit_tx(
        "UPDATE doel_versies SET vervallen_op = ?2 WHERE versie_id = ?1 AND vervallen_op IS NULL",
        &[getal(versie_id), getal(tijd_getal(b.tijd))],
    )? != 1
    {
        return Ok(None);
    }
    let nieuw = b.huidige_versie + 1;
    schrijf_versie(s, b.doel_id, nieuw, b.inhoud, b.reden, b.door, b.tijd)?;
    Ok(Some(nieuw))
}

pub(crate) fn stop_doel(
    s: &mut dyn Schrijven,
    o: FiscaalNummer,
    doel_id: i64,
    stop: &Stopzetting,
) -> Resultaat<bool> {
    let datum = datum_tekst(stop.datum);
    Ok(s.voer_uit_tx(
        "UPDATE doelen SET gestopt_op = ?3, stopreden = ?4, gestopt_door = ?5 \
         WHERE id = ?1 AND organisatie = ?2 AND gestopt_op IS NULL",
        &[
            getal(doel_id),
            org(o),
            tekst(&datum),
            tekst(&stop.reden),
            tekst(&stop.door),
        ],
    )? == 1)
}

pub(crate) fn leg_checkin_vast(
    s: &mut dyn Schrijven,
    c: &NieuweCheckin<'_>,
) -> Resultaat<Option<i64>> {
    if !van_organisatie(s, "doelen", c.doel_id, c.organisatie)? {
        return Ok(None);
    }
    let id = s.nieuw_id_tx("doel_checkins")?;
    let datum = datum_tekst(c.datum);
    s.voer_uit_tx(
        "INSERT INTO doel_checkins (id, doel_id, datum, waarde, gereed, toelichting, vertrouwen, door, vastgelegd_op) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &[
            getal(id),
            getal(c.doel_id),
            tekst(&datum),
            Param::Kommagetal(c.waarde),
            Param::Getal(c.gereed.map(i64::from)),
            tekst(c.toelichting),
            tekst(c.vertrouwen.code()),
            tekst(c.door),
            getal(tijd_getal(c.tijd)),
        ],
    )?;
    Ok(Some(id))
}

fn schrijf_mijlpaalstatus(
    s: &mut dyn Schrijven,
    mijlpaal_id: i64,
    status: Mijlpaalstatus,
    door: &str,
    tijd: DateTime<Utc>,
) -> Resultaat<()> {
    let id = s.nieuw_id_tx("doel_mijlpaal_statussen")?;
    s.voer_uit_tx(
        "INSERT INTO doel_mijlpaal_statussen (id, mijlpaal_id, status, door, tijd) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            getal(id),
            getal(mijlpaal_id),
            tekst(status.code()),
            tekst(door),
            getal(tijd_getal(tijd)),
        ],
    )?;
    Ok(())
}

pub(crate) fn voeg_mijlpaal_toe(
    s: &mut dyn Schrijven,
    m: &NieuweMijlpaal<'_>,
) -> Resultaat<Option<i64>> {
    if let Some(doel_id) = m.doel_id
        && !van_organisatie(s, "doelen", doel_id, m.organisatie)?
    {
        return Ok(None);
    }
    let id = s.nieuw_id_tx("doel_mijlpalen")?;
    let datum = datum_tekst(m.datum);
    s.voer_uit_tx(
        "INSERT INTO doel_mijlpalen (id, organisatie, doel_id, naam, datum, door, aangemaakt_op) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            getal(id),
            org(m.organisatie),
            Param::Getal(m.doel_id),
            tekst(m.naam),
            tekst(&datum),
            tekst(m.door),
            getal(tijd_getal(m.tijd)),
        ],
    )?;
    schrijf_mijlpaalstatus(s, id, Mijlpaalstatus::Gepland, m.door, m.tijd)?;
    Ok(Some(id))
}

pub(crate) fn wijzig_mijlpaal(
    s: &mut dyn Schrijven,
    o: FiscaalNummer,
    mijlpaal_id: i64,
    status: Mijlpaalstatus,
    door: &str,
    tijd: DateTime<Utc>,
) -> Resultaat<bool> {
    if !van_organisatie(s, "doel_mijlpalen", mijlpaal_id, o)? {
        return Ok(false);
    }
    schrijf_mijlpaalstatus(s, mijlpaal_id, status, door, tijd)?;
    Ok(true)
}

pub(crate) fn leg_evaluatie_vast(
    s: &mut dyn Schrijven,
    e: &NieuweEvaluatie<'_>,
) -> Resultaat<Option<i64>> {
    if !van_organisatie(s, "doelen", e.doel_id, e.organisatie)? {
        return Ok(None);
    }
    let id = s.nieuw_id_tx("doel_evaluaties")?;
    let (van, tot) = (datum_tekst(e.van), datum_tekst(e.tot));
    s.voer_uit_tx(
        "INSERT INTO doel_evaluaties (id, doel_id, doel_versie, periode, van, tot, gemeten, verwacht, geleerd, besluit, \
         reden, door, tijd) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        &[
            getal(id),
            getal(e.doel_id),
            getal(e.doel_versie),
            tekst(e.periode),
            tekst(&van),
            tekst(&tot),
            Param::Kommagetal(e.gemeten),
            Param::Kommagetal(e.verwacht),
            tekst(e.geleerd),
            tekst(e.besluit.code()),
            tekst(e.reden),
            tekst(e.door),
            getal(tijd_getal(e.tijd)),
        ],
    )?;
    Ok(Some(id))
}

/// The forwarding impls of [`super::DoelLezer`] and [`super::DoelSchrijver`] for a backend's
/// store and transaction types that implement [`Lezen`] and [`Schrijven`].
macro_rules! doelen_voor {
    ($store:ty, $tx:ty) => {
        impl $crate::doelen::DoelLezer for $store {
            fn themas(
                &self,
                o: dgr_core::FiscaalNummer,
            ) -> $crate::Resultaat<Vec<$crate::doelen::Thema>> {
                $crate::doelen::opslag::themas(self, o)
            }
            fn onderwerpen(
                &self,
                o: dgr_core::FiscaalNummer,
            ) -> $crate::Resultaat<Vec<$crate::doelen::Onderwerp>> {
                $crate::doelen::opslag::onderwerpen(self, o)
            }
            fn onderwerp_vragen(
                &self,
                o: dgr_core::FiscaalNummer,
                onderwerp_id: i64,
            ) -> $crate::Resultaat<Vec<$crate::doelen::OnderwerpVraag>> {
                $crate::doelen::opslag::onderwerp_vragen(self, o, onderwerp_id)
            }
            fn doelen(
                &self,
                o: dgr_core::FiscaalNummer,
            ) -> $crate::Resultaat<Vec<$crate::doelen::Doel>> {
                $crate::doelen::opslag::doelen(self, o)
            }
            fn doel(
                &self,
                o: dgr_core::FiscaalNummer,
                id: i64,
            ) -> $crate::Resultaat<Option<$crate::doelen::Doel>> {
                Ok($crate::doelen::opslag::doel_versies(self, o, id)?
                    .into_iter()
                    .find(|d| d.vervallen_op.is_none()))
            }
            fn doel_versies(
                &self,
                o: dgr_core::FiscaalNummer,
                id: i64,
            ) -> $crate::Resultaat<Vec<$crate::doelen::Doel>> {
                $crate::doelen::opslag::doel_versies(self, o, id)
            }
            fn checkins(
                &self,
                o: dgr_core::FiscaalNummer,
                doel_id: i64,
            ) -> $crate::Resultaat<Vec<$crate::doelen::Checkin>> {
                $crate::doelen::opslag::checkins(self, o, doel_id)
            }
            fn mijlpalen(
                &self,
                o: dgr_core::FiscaalNummer,
            ) -> $crate::Resultaat<Vec<$crate::doelen::Mijlpaal>> {
                $crate::doelen::opslag::mijlpalen(self, o)
            }
            fn mijlpaal_historie(
                &self,
                o: dgr_core::FiscaalNummer,
                mijlpaal_id: i64,
            ) -> $crate::Resultaat<Vec<$crate::doelen::Mijlpaalwijziging>> {
                $crate::doelen::opslag::mijlpaal_historie(self, o, mijlpaal_id)
            }
            fn evaluaties(
                &self,
                o: dgr_core::FiscaalNummer,
                doel_id: i64,
            ) -> $crate::Resultaat<Vec<$crate::doelen::Evaluatie>> {
                $crate::doelen::opslag::evaluaties(self, o, doel_id)
            }
        }

        impl $crate::doelen::DoelSchrijver for $tx {
            fn voeg_thema_toe(
                &mut self,
                o: dgr_core::FiscaalNummer,
                naam: &str,
                omschrijving: &str,
                tijd: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Resultaat<i64> {
                $crate::doelen::opslag::voeg_thema_toe(self, o, naam, omschrijving, tijd)
            }
            fn voeg_onderwerp_toe(
                &mut self,
                o: dgr_core::FiscaalNummer,
                thema_id: i64,
                naam: &str,
                omschrijving: &str,
                tijd: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Resultaat<Option<i64>> {
                $crate::doelen::opslag::voeg_onderwerp_toe(
                    self,
                    o,
                    thema_id,
                    naam,
                    omschrijving,
                    tijd,
                )
            }
            fn vraag_onderwerp(
                &mut self,
                o: dgr_core::FiscaalNummer,
                onderwerp_id: i64,
                eenheid: &str,
                datum: chrono::NaiveDate,
                tijd: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Resultaat<Option<i64>> {
                $crate::doelen::opslag::vraag_onderwerp(self, o, onderwerp_id, eenheid, datum, tijd)
            }
            fn stel_doel_vast(
                &mut self,
                d: &$crate::doelen::NieuwDoel<'_>,
            ) -> $crate::Resultaat<i64> {
                $crate::doelen::opslag::stel_doel_vast(self, d)
            }
            fn stel_doel_bij(
                &mut self,
                b: &$crate::doelen::Bijstelling<'_>,
            ) -> $crate::Resultaat<Option<i64>> {
                $crate::doelen::opslag::stel_doel_bij(self, b)
            }
            fn stop_doel(
                &mut self,
                o: dgr_core::FiscaalNummer,
                doel_id: i64,
                stop: &$crate::doelen::Stopzetting,
            ) -> $crate::Resultaat<bool> {
                $crate::doelen::opslag::stop_doel(self, o, doel_id, stop)
            }
            fn leg_checkin_vast(
                &mut self,
                c: &$crate::doelen::NieuweCheckin<'_>,
            ) -> $crate::Resultaat<Option<i64>> {
                $crate::doelen::opslag::leg_checkin_vast(self, c)
            }
            fn voeg_mijlpaal_toe(
                &mut self,
                m: &$crate::doelen::NieuweMijlpaal<'_>,
            ) -> $crate::Resultaat<Option<i64>> {
                $crate::doelen::opslag::voeg_mijlpaal_toe(self, m)
            }
            fn wijzig_mijlpaal(
                &mut self,
                o: dgr_core::FiscaalNummer,
                mijlpaal_id: i64,
                status: dgr_core::doelen::Mijlpaalstatus,
                door: &str,
                tijd: chrono::DateTime<chrono::Utc>,
            ) -> $crate::Resultaat<bool> {
                $crate::doelen::opslag::wijzig_mijlpaal(self, o, mijlpaal_id, status, door, tijd)
            }
            fn leg_evaluatie_vast(
                &mut self,
                e: &$crate::doelen::NieuweEvaluatie<'_>,
            ) -> $crate::Resultaat<Option<i64>> {
                $crate::doelen::opslag::leg_evaluatie_vast(self, e)
            }
        }
    };
}

pub(crate) use doelen_voor;
