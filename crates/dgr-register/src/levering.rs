//! Applying a delivery (FORMATS.md "Identity and idempotence", "Atomicity"): identify it by
//! (bron, kenmerk, SHA-256), read it, apply its rows to the current versions in one transaction,
//! and record it — applied or rejected — with its counts and report.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use dgr_core::eenheden::{Personeelsrij, dubbele_dienstverbanden};
use dgr_core::gegevens::Persoon;
use dgr_core::registratie::{Oorzaak, Registratie, Uitkomst, Werkset, persoon_einde};
use dgr_core::tekst::is_stuurteken;
use dgr_core::{Bron, Bsn, FiscaalNummer, Gemeentecode, LeveringSoort, Modus, Referentie};
use dgr_ingest::{Context, Ingelezen, Regel, RijFout, Rijen, afwijzing, lees_levering};
use dgr_store::{LeveringStatus, NieuweLevering, Resultaat, Schrijfuitkomst, Transactie};

use crate::{Register, RegisterFout, tijd};

/// A delivery as handed in: metadata from the command line or upload, and the file.
#[derive(Debug, Clone)]
pub struct Aanlevering<'a> {
    /// Kind.
    pub soort: LeveringSoort,
    /// Source.
    pub bron: Bron,
    /// The source's delivery reference.
    pub kenmerk: String,
    /// Municipality, required when `bron` is GEMEENTE.
    pub gemeentecode: Option<Gemeentecode>,
    /// The employer's fiscaal nummer, required when `bron` is WERKGEVER.
    pub fiscaal_nummer: Option<FiscaalNummer>,
    /// strict (default) or accept-valid.
    pub modus: Modus,
    /// Transaction time for backfilling; default now. Must not precede the last recorded one.
    pub geregistreerd_op: Option<DateTime<Utc>>,
    /// File name for the record (never used as metadata).
    pub bestandsnaam: String,
    /// The file's bytes.
    pub inhoud: &'a [u8],
}

/// Progress callback: (rows done, rows total) while rows are applied.
pub type Voortgang<'a> = &'a mut dyn FnMut(u64, u64);

/// Called once inside an applied delivery's transaction, after its rows are applied and before
/// the commit, with the delivery's id and its data subjects (the BSNs of the rows the import
/// applied, each once, sorted). The server writes the processing log here (API.md: no
/// processing goes unlogged); an error rolls the whole delivery back.
pub type VoorCommit<'a> = &'a mut dyn FnMut(i64, &[Bsn]) -> Result<(), String>;

/// The report of one delivery (also stored as JSON with the delivery).
#[derive(Debug, Clone, Serialize)]
pub struct Leveringsrapport {
    /// Id of the delivery record (of the earlier one for "already applied").
    pub levering_id: i64,
    /// `TOEGEPAST`, `AL_TOEGEPAST` or `AFGEWEZEN`.
    pub status: &'static str,
    /// Source.
    pub bron: String,
    /// Kind.
    pub soort: String,
    /// Delivery reference.
    pub kenmerk: String,
    /// Municipality code, for a gemeente.
    pub gemeentecode: Option<String>,
    /// Fiscaal nummer, for an employer's own delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscaal_nummer: Option<String>,
    /// File name.
    pub bestandsnaam: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Mode.
    pub modus: String,
    /// Transaction time (Europe/Amsterdam, RFC 3339).
    pub geregistreerd_op: String,
    /// Reference-data version used.
    pub referentie_versie: String,
    /// `CSV` or `XLSX`.
    pub container: Option<String>,
    /// Text encoding read.
    pub codering: Option<String>,
    /// Data rows read.
    pub rijen_gelezen: u64,
    /// Valid rows applied.
    pub rijen_toegepast: u64,
    /// Rows rejected.
    pub rijen_afgewezen: u64,
    /// Rows that added something.
    pub nieuw: u64,
    /// Rows that changed something.
    pub gewijzigd: u64,
    /// Rows that repeated what the register held.
    pub ongewijzigd: u64,
    /// Derived changes (AOW or death ends recomputed from person data).
    pub afgeleide_wijzigingen: u64,
    /// Notices made to the persons of the new registrations (Wfsv art. 38d lid 8; issue #14).
    #[serde(default)]
    pub kennisgevingen: u64,
    /// Delivery-level reason for a rejection.
    pub reden: Option<String>,
    /// Warnings.
    pub waarschuwingen: Vec<String>,
    /// Row errors (BSNs masked).
    pub fouten: Vec<RijFout>,
    /// Whether a rejection file was produced.
    pub heeft_afwijzingsbestand: bool,
    /// Time taken in milliseconds.
    pub duur_ms: u64,
}

/// What happened to a delivery.
#[derive(Debug, Clone)]
pub enum ImportUitkomst {
    /// Applied (whole, or its valid rows in accept-valid mode).
    Toegepast(Leveringsrapport, Option<Vec<u8>>),
    /// The same file was applied before under this kenmerk: nothing done.
    AlToegepast(Leveringsrapport),
    /// Rejected as a whole; recorded, nothing of it applied.
    Afgewezen(Leveringsrapport, Option<Vec<u8>>),
}

impl ImportUitkomst {
    /// The report.
    pub fn rapport(&self) -> &Leveringsrapport {
        match self {
            ImportUitkomst::Toegepast(r, _)
            | ImportUitkomst::AlToegepast(r)
            | ImportUitkomst::Afgewezen(r, _) => r,
        }
    }

    /// The rejection file, if any.
    pub fn afwijzingsbestand(&self) -> Option<&[u8]> {
        match self {
            ImportUitkomst::Toegepast(_, a) | ImportUitkomst::Afgewezen(_, a) => a.as_deref(),
            ImportUitkomst::AlToegepast(_) => None,
        }
    }
}

/// Counts of applying rows.
#[derive(Debug, Default, Clone, Copy)]
struct Tellers {
    nieuw: u64,
    gewijzigd: u64,
    ongewijzigd: u64,
    afgeleid: u64,
    kennisgevingen: u64,
}

impl Tellers {
    fn tel(&mut self, u: Schrijfuitkomst) {
        match u {
            Schrijfuitkomst::Nieuw => self.nieuw += 1,
            Schrijfuitkomst::Gewijzigd => self.gewijzigd += 1,
            Schrijfuitkomst::Ongewijzigd => self.ongewijzigd += 1,
        }
    }
}

/// A delivery read ahead of its import ([`lees_vooraf`]), for instance on another thread while
/// the register applies the delivery before it (the demo's import of a backlog, issue #13):
/// what reading the file gave, and what it was read with. [`Register::importeer_vooraf`] uses it
/// only for exactly that content (same SHA-256), kind, source, file name, reference version,
/// reading limits and day of receipt, and reads the file itself otherwise.
#[derive(Debug)]
pub struct Vooraf {
    sleutel: Voorafsleutel,
    /// The rows read, or why the file as a whole is rejected.
    ingelezen: Result<Ingelezen, String>,
}

/// What a read-ahead delivery was read with: the content's SHA-256 (hex), kind, source, file
/// name, reference version, reading limits and day of receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Voorafsleutel {
    sha256: String,
    soort: LeveringSoort,
    bron: Bron,
    bestandsnaam: String,
    referentie_versie: String,
    grenzen: dgr_ingest::Grenzen,
    ontvangen_op: chrono::NaiveDate,
}

impl Voorafsleutel {
    fn van(a: &Aanlevering<'_>, sha256: String, ctx: &Context<'_>) -> Voorafsleutel {
        Voorafsleutel {
            sha256,
            soort: a.soort,
            bron: a.bron,
            bestandsnaam: a.bestandsnaam.clone(),
            referentie_versie: ctx.referentie.versie().to_string(),
            grenzen: ctx.grenzen,
            ontvangen_op: ctx.ontvangen_op,
        }
    }
}

/// Reads `a` ahead of its import, without the register: the reading that [`Register::importeer`]
/// does before it opens its transaction. The day of receipt is that of `a.geregistreerd_op`
/// (without one, of `nu`); `referentie` and `grenzen` should be the register's
/// ([`Register::referentie`], [`Register::grenzen`]), or the import reads the file again.
#[must_use]
pub fn lees_vooraf(
    a: &Aanlevering<'_>,
    referentie: &Referentie,
    grenzen: dgr_ingest::Grenzen,
    nu: DateTime<Utc>,
) -> Vooraf {
    let ctx = leescontext(a, referentie, grenzen, a.geregistreerd_op.unwrap_or(nu));
    let sha256 = hex::encode(Sha256::digest(a.inhoud));
    Vooraf {
        sleutel: Voorafsleutel::van(a, sha256, &ctx),
        ingelezen: lees_geordend(a.inhoud, &a.bestandsnaam, ctx).map_err(|e| e.to_string()),
    }
}

/// Reads a delivery's file ([`lees_levering`]) and puts polis rows in the order they are
/// applied in: by first day of the pay period, then BSN, then line, so rows of one key keep
/// their order in the file (R-20; a delivery has no two rows of one key anyway). Sorted in
/// place, without the scratch memory a stable sort takes (the rows come in line order, so the
/// line makes the order the same). The rows
/// themselves are moved, not only the order they are visited in: applying them then walks
/// their memory front to back instead of at random (issue #13: the first read of a row that
/// was not in the processor's cache was a tenth of applying the national demo's polis). When
/// the file is read ahead ([`lees_vooraf`]) the sort runs on the reader's thread.
///
/// # Errors
/// As [`lees_levering`].
fn lees_geordend(
    inhoud: &[u8],
    bestandsnaam: &str,
    ctx: Context<'_>,
) -> Result<Ingelezen, dgr_ingest::BestandFout> {
    let mut ingelezen = lees_levering(inhoud, bestandsnaam, ctx)?;
    if let Rijen::Polis(r) = &mut ingelezen.rijen {
        r.sort_unstable_by_key(|x| (x.rij.tijdvak_begin, x.rij.bsn, x.regel));
    }
    Ok(ingelezen)
}

/// How a delivery's file is read: its kind and source, the register's reference data and
/// reading limits, and the day of receipt of transaction time `tijd` (R-01 checks birth dates
/// against it).
fn leescontext<'r>(
    a: &Aanlevering<'_>,
    referentie: &'r Referentie,
    grenzen: dgr_ingest::Grenzen,
    tijd: DateTime<Utc>,
) -> Context<'r> {
    Context {
        soort: a.soort,
        bron: a.bron,
        referentie,
        ontvangen_op: crate::tijd::datum_van(tijd),
        grenzen,
    }
}

impl Register {
    /// Applies a delivery whole or not at all.
    ///
    /// # Errors
    /// [`RegisterFout`] for storage failures, invalid metadata or a transaction time before the
    /// last recorded one. A bad file is not an error: it is [`ImportUitkomst::Afgewezen`].
    pub fn importeer(
        &mut self,
        a: &Aanlevering<'_>,
        voortgang: Voortgang<'_>,
    ) -> Result<ImportUitkomst, RegisterFout> {
        self.importeer_met(a, voortgang, &mut |_, _| Ok(()))
    }

    /// Applies a delivery whole or not at all, calling `voor_commit` with its data subjects
    /// inside the transaction, before the commit (see [`VoorCommit`]).
    ///
    /// # Errors
    /// As [`Register::importeer`], and [`RegisterFout::Logboek`] when `voor_commit` fails (then
    /// nothing of the delivery is applied).
    pub fn importeer_met(
        &mut self,
        a: &Aanlevering<'_>,
        voortgang: Voortgang<'_>,
        voor_commit: VoorCommit<'_>,
    ) -> Result<ImportUitkomst, RegisterFout> {
        self.importeer_intern(a, None, voortgang, voor_commit)
    }

    /// Applies a delivery as [`Register::importeer`] does, with the rows `vooraf` read ahead
    /// when it was read from this very content with what this import would read it with
    /// (otherwise the file is read again here).
    ///
    /// # Errors
    /// As [`Register::importeer`].
    pub fn importeer_vooraf(
        &mut self,
        a: &Aanlevering<'_>,
        vooraf: Vooraf,
        voortgang: Voortgang<'_>,
    ) -> Result<ImportUitkomst, RegisterFout> {
        self.importeer_intern(a, Some(vooraf), voortgang, &mut |_, _| Ok(()))
    }

    fn importeer_intern(
        &mut self,
        a: &Aanlevering<'_>,
        vooraf: Option<Vooraf>,
        voortgang: Voortgang<'_>,
        voor_commit: VoorCommit<'_>,
    ) -> Result<ImportUitkomst, RegisterFout> {
        let start = std::time::Instant::now();
        controleer_metadata(a)?;
        let sha256 = hex::encode(Sha256::digest(a.inhoud));
        let eerder = self.store.toegepaste_levering(a.bron, a.kenmerk.trim())?;
        if let Some(e) = eerder.as_ref().filter(|e| e.levering.sha256 == sha256) {
            let mut r = rapport(&e.levering, e.id, "AL_TOEGEPAST", None, start);
            r.reden = Some(format!(
                "al toegepast als levering {} op {}",
                e.id,
                tijd::toon(e.levering.geregistreerd_op)
            ));
            return Ok(ImportUitkomst::AlToegepast(r));
        }
        let tijd = self.transactietijd(a.geregistreerd_op)?;
        let mut record = nieuwe_levering(a, &sha256, tijd, self.referentie.versie());
        if let Some(eerder) = eerder {
            let reden = format!(
                "kenmerk '{}' is al gebruikt voor een ander bestand (levering {})",
                a.kenmerk, eerder.id
            );
            return self.wijs_af(&mut record, reden, None, Vec::new(), start);
        }
        let ctx = leescontext(a, &self.referentie, self.grenzen, tijd);
        let sleutel = Voorafsleutel::van(a, sha256, &ctx);
        let gelezen = match vooraf.filter(|v| v.sleutel == sleutel) {
            Some(v) => v.ingelezen,
            None => lees_geordend(a.inhoud, &a.bestandsnaam, ctx).map_err(|e| e.to_string()),
        };
        let ingelezen = match gelezen {
            Ok(i) => i,
            Err(e) => return self.wijs_af(&mut record, e, None, Vec::new(), start),
        };
        vul_leesgegevens(&mut record, &ingelezen);
        // Strict mode only decides whether anything is applied: the valid rows are applied in
        // any case (and rolled back), so the report lists every row error at once, those of
        // reading and those of fitting the register (issue #9).
        self.pas_toe(a, record, ingelezen, voortgang, voor_commit, start)
    }

    fn transactietijd(
        &self,
        gevraagd: Option<DateTime<Utc>>,
    ) -> Result<DateTime<Utc>, RegisterFout> {
        let laatste = self.store.laatste_transactietijd()?;
        let tijd = gevraagd.unwrap_or_else(|| self.klok.nu());
        match laatste {
            Some(l) if tijd < l => Err(RegisterFout::TijdTerug {
                gevraagd: tijd::toon(tijd),
                laatste: tijd::toon(l),
            }),
            _ => Ok(tijd),
        }
    }

    /// Records a rejected delivery in a transaction of its own and builds its report.
    fn wijs_af(
        &mut self,
        record: &mut NieuweLevering,
        reden: String,
        ingelezen: Option<&Ingelezen>,
        fouten: Vec<RijFout>,
        start: std::time::Instant,
    ) -> Result<ImportUitkomst, RegisterFout> {
        record.status = LeveringStatus::Afgewezen;
        record.rijen_toegepast = 0;
        record.rijen_afgewezen = rijen_met_fout(&fouten);
        let mut r = rapport(record, 0, "AFGEWEZEN", ingelezen, start);
        r.reden = Some(reden);
        r.fouten = fouten;
        record.rapport = serde_json::to_string(&r).unwrap_or_default();
        let mut tx = self.store.transactie()?;
        let id = tx.registreer_levering(record)?;
        tx.commit()?;
        r.levering_id = id;
        tracing::info!(levering_id = id, soort = %record.soort, bron = %record.bron, "levering afgewezen");
        Ok(ImportUitkomst::Afgewezen(r, None))
    }

    fn pas_toe(
        &mut self,
        a: &Aanlevering<'_>,
        mut record: NieuweLevering,
        ingelezen: Ingelezen,
        voortgang: Voortgang<'_>,
        voor_commit: VoorCommit<'_>,
        start: std::time::Instant,
    ) -> Result<ImportUitkomst, RegisterFout> {
        let tijd = record.geregistreerd_op;
        let mut fouten = ingelezen.fouten.clone();
        let referentie = self.referentie.clone();
        let mut tx = self.store.transactie()?;
        let id = tx.registreer_levering(&record)?;
        let mut waarschuwingen = Vec::new();
        let doel = Doel {
            levering: id,
            tijd,
            organisatie: a.fiscaal_nummer,
        };
        let tellers = pas_rijen_toe(
            tx.as_mut(),
            &ingelezen.rijen,
            &referentie,
            doel,
            (&mut fouten, &mut waarschuwingen),
            voortgang,
        )?;
        fouten.sort_by_key(|f| f.regel);
        if a.modus == Modus::Strict && !fouten.is_empty() {
            drop(tx);
            let reden = format!(
                "{} rij(en) afgekeurd in strict-modus; niets toegepast",
                rijen_met_fout(&fouten)
            );
            return self.wijs_af(&mut record, reden, Some(&ingelezen), fouten, start);
        }
        let afwijzingen = if fouten.is_empty() {
            None
        } else {
            Some(
                afwijzing::schrijf(a.inhoud, &a.bestandsnaam, &fouten)
                    .map(|(b, _)| b)
                    .map_err(|e| RegisterFout::Aanlevering(e.to_string()))?,
            )
        };
        record.rijen_afgewezen = rijen_met_fout(&fouten);
        record.rijen_toegepast = ingelezen
            .rijen_gelezen
            .saturating_sub(record.rijen_afgewezen);
        record.nieuw = tellers.nieuw;
        record.gewijzigd = tellers.gewijzigd;
        record.ongewijzigd = tellers.ongewijzigd;
        record.afwijzingsbestand.clone_from(&afwijzingen);
        let mut r = rapport(&record, id, "TOEGEPAST", Some(&ingelezen), start);
        r.fouten = fouten;
        r.waarschuwingen.extend(waarschuwingen);
        r.afgeleide_wijzigingen = tellers.afgeleid;
        r.kennisgevingen = tellers.kennisgevingen;
        r.heeft_afwijzingsbestand = afwijzingen.is_some();
        record.rapport = serde_json::to_string(&r).unwrap_or_default();
        tx.rond_levering_af(id, &record)?;
        voor_commit(id, &betrokkenen(&ingelezen.rijen)).map_err(RegisterFout::Logboek)?;
        let commit = std::time::Instant::now();
        tx.commit()?;
        // the returned report counts the commit too (the stored one was written before it)
        r.duur_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
        tracing::info!(
            levering_id = id,
            soort = %record.soort,
            bron = %record.bron,
            rijen = record.rijen_gelezen,
            afgewezen = record.rijen_afgewezen,
            duur_ms = r.duur_ms,
            // of which the commit (the store's pages written and made durable), for
            // `bench/demo.sh`'s account of where an import's time goes
            commit_us = u64::try_from(commit.elapsed().as_micros()).unwrap_or(u64::MAX),
            "levering toegepast"
        );
        Ok(ImportUitkomst::Toegepast(r, afwijzingen))
    }
}

/// Longest kenmerk (characters).
pub const MAX_KENMERK: usize = 100;

fn controleer_metadata(a: &Aanlevering<'_>) -> Result<(), RegisterFout> {
    if a.kenmerk.trim().is_empty() {
        return Err(RegisterFout::Aanlevering(
            "een levering heeft een kenmerk nodig (--kenmerk)".into(),
        ));
    }
    if a.kenmerk.chars().count() > MAX_KENMERK || a.kenmerk.chars().any(is_stuurteken) {
        return Err(RegisterFout::Aanlevering(format!(
            "een kenmerk is ten hoogste {MAX_KENMERK} tekens lang, zonder stuurtekens"
        )));
    }
    match (a.bron, a.gemeentecode) {
        (Bron::Gemeente, None) => Err(RegisterFout::Aanlevering(
            "bron GEMEENTE heeft een gemeentecode nodig (--gemeente)".into(),
        )),
        (b, Some(_)) if b != Bron::Gemeente => Err(RegisterFout::Aanlevering(
            "--gemeente hoort alleen bij bron GEMEENTE".into(),
        )),
        _ => match (a.bron, a.fiscaal_nummer) {
            (Bron::Werkgever, None) => Err(RegisterFout::Aanlevering(
                "bron WERKGEVER heeft het fiscaal nummer van de werkgever nodig (--fiscaal-nummer)"
                    .into(),
            )),
            (b, Some(_)) if b != Bron::Werkgever => Err(RegisterFout::Aanlevering(
                "--fiscaal-nummer hoort alleen bij bron WERKGEVER".into(),
            )),
            _ => Ok(()),
        },
    }
}

/// Number of distinct lines with at least one error.
fn rijen_met_fout(fouten: &[RijFout]) -> u64 {
    let mut regels: Vec<u64> = fouten.iter().map(|f| f.regel).collect();
    regels.dedup();
    regels.len() as u64
}

fn nieuwe_levering(
    a: &Aanlevering<'_>,
    sha256: &str,
    tijd: DateTime<Utc>,
    referentie_versie: &str,
) -> NieuweLevering {
    NieuweLevering {
        bron: a.bron,
        soort: a.soort,
        kenmerk: a.kenmerk.trim().to_string(),
        gemeentecode: a.gemeentecode,
        fiscaal_nummer: a.fiscaal_nummer,
        sha256: sha256.to_string(),
        bestandsnaam: dgr_ingest::veilige_bestandsnaam(&a.bestandsnaam),
        modus: a.modus,
        status: LeveringStatus::Toegepast,
        geregistreerd_op: tijd,
        referentie_versie: referentie_versie.to_string(),
        rijen_gelezen: 0,
        rijen_toegepast: 0,
        rijen_afgewezen: 0,
        nieuw: 0,
        gewijzigd: 0,
        ongewijzigd: 0,
        grondslagen: Vec::new(),
        rapport: String::new(),
        afwijzingsbestand: None,
    }
}

fn vul_leesgegevens(record: &mut NieuweLevering, i: &Ingelezen) {
    record.rijen_gelezen = i.rijen_gelezen;
    if let Rijen::Registraties(r) = &i.rijen {
        let mut g: Vec<String> = r.iter().map(|x| x.rij.grondslag.clone()).collect();
        g.sort();
        g.dedup();
        record.grondslagen = g;
    }
}

fn rapport(
    l: &NieuweLevering,
    id: i64,
    status: &'static str,
    i: Option<&Ingelezen>,
    start: std::time::Instant,
) -> Leveringsrapport {
    Leveringsrapport {
        levering_id: id,
        status,
        bron: l.bron.code().into(),
        soort: l.soort.naam().into(),
        kenmerk: l.kenmerk.clone(),
        gemeentecode: l.gemeentecode.map(|g| g.to_string()),
        fiscaal_nummer: l.fiscaal_nummer.map(|f| f.to_string()),
        bestandsnaam: l.bestandsnaam.clone(),
        sha256: l.sha256.clone(),
        modus: l.modus.naam().into(),
        geregistreerd_op: tijd::toon(l.geregistreerd_op),
        referentie_versie: l.referentie_versie.clone(),
        container: i.map(|x| format!("{:?}", x.container).to_uppercase()),
        codering: i.map(|x| codering_naam(x.codering).to_string()),
        rijen_gelezen: l.rijen_gelezen,
        rijen_toegepast: l.rijen_toegepast,
        rijen_afgewezen: l.rijen_afgewezen,
        nieuw: l.nieuw,
        gewijzigd: l.gewijzigd,
        ongewijzigd: l.ongewijzigd,
        afgeleide_wijzigingen: 0,
        kennisgevingen: 0,
        reden: None,
        waarschuwingen: i.map(|x| x.waarschuwingen.clone()).unwrap_or_default(),
        fouten: Vec::new(),
        heeft_afwijzingsbestand: false,
        duur_ms: u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
    }
}

/// Row errors and warnings collected while rows are applied.
type Meldingen<'m> = (&'m mut Vec<RijFout>, &'m mut Vec<String>);

/// Where the rows of a delivery go: its record, its transaction time and, for an employer's own
/// delivery, the organisation.
#[derive(Debug, Clone, Copy)]
struct Doel {
    levering: i64,
    tijd: DateTime<Utc>,
    organisatie: Option<FiscaalNummer>,
}

/// Applies the valid rows of a delivery inside `tx`; rows that do not fit the register are added
/// to the row errors and change nothing; rows applied with a remark add a warning.
fn pas_rijen_toe(
    tx: &mut dyn Transactie,
    rijen: &Rijen,
    referentie: &Referentie,
    doel: Doel,
    meldingen: Meldingen<'_>,
    voortgang: Voortgang<'_>,
) -> Resultaat<Tellers> {
    let Doel { levering, tijd, .. } = doel;
    let totaal = rijen.len() as u64;
    let mut t = Tellers::default();
    let mut stap = |i: usize| {
        if i.is_multiple_of(STAPPEN_PER_MELDING) {
            voortgang(i as u64, totaal);
        }
    };
    match rijen {
        Rijen::Registraties(r) => {
            let mut slagen = Drieslag {
                voortgang: &mut *voortgang,
                rijen: totaal,
            };
            t = registraties(tx, r, referentie, levering, tijd, meldingen, &mut slagen)?;
        }
        Rijen::Personen(r) => t = personen(tx, r, referentie, levering, tijd, &mut stap)?,
        Rijen::Polis(r) => {
            // in order of first day and then BSN, so a store writes a delivery's rows of one pay
            // period one after the other (SQLite: one stretch of version ids per first day;
            // PostgreSQL: each day's entries at the end of its index by delivery and BSN,
            // issue #13); the sort is stable, so rows of one key keep their order in the file
            // and the last one still wins. The rows were put in this order when read
            // (`lees_geordend`), so this only confirms it, in one pass.
            let mut geordend: Vec<_> = r.iter().collect();
            if !geordend.is_sorted_by_key(|x| (x.rij.tijdvak_begin, x.rij.bsn)) {
                geordend.sort_by_key(|x| (x.rij.tijdvak_begin, x.rij.bsn));
            }
            for (i, x) in geordend.into_iter().enumerate() {
                stap(i);
                t.tel(tx.schrijf_polis(&x.rij, tijd, levering)?);
            }
        }
        Rijen::Werkgevers(r) => {
            for (i, x) in r.iter().enumerate() {
                stap(i);
                t.tel(tx.schrijf_werkgever(&x.rij, tijd, levering)?);
            }
        }
        Rijen::Werkgeversuren(r) => {
            for (i, x) in r.iter().enumerate() {
                stap(i);
                t.tel(tx.schrijf_werkgeversuren(&x.rij, tijd, levering)?);
            }
        }
        Rijen::Kandidaten(r) => {
            for (i, x) in r.iter().enumerate() {
                stap(i);
                t.tel(tx.schrijf_kandidaat(&x.rij, tijd, levering)?);
            }
        }
        Rijen::Eenheden(r) => {
            if let Some(org) = doel.organisatie {
                t = eenheden(tx, r, org, doel, &mut stap)?;
            }
        }
        Rijen::Personeel(r) => {
            if let Some(org) = doel.organisatie {
                t = personeel(tx, r, org, doel, meldingen, &mut stap)?;
            }
        }
    }
    voortgang(totaal, totaal);
    Ok(t)
}

/// The data subjects of a delivery's applied rows: each BSN once, sorted (kinds without
/// persons have none).
fn betrokkenen(rijen: &Rijen) -> Vec<Bsn> {
    let mut bsns: Vec<Bsn> = match rijen {
        Rijen::Registraties(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Personen(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Polis(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Kandidaten(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Personeel(r) => r.iter().map(|x| x.rij.bsn).collect(),
        Rijen::Werkgevers(_) | Rijen::Werkgeversuren(_) | Rijen::Eenheden(_) => Vec::new(),
    };
    bsns.sort_unstable();
    bsns.dedup();
    bsns
}

/// Loads the work set of a person: current registrations and the end derived from person data.
pub(crate) fn laad_werkset(
    tx: &mut dyn Transactie,
    bsn: Bsn,
    referentie: &Referentie,
) -> Resultaat<Werkset> {
    let persoon = tx.huidige_persoon(bsn)?;
    Ok(werkset_van(
        bsn,
        persoon.as_ref(),
        tx.huidige_registraties(bsn)?,
        referentie,
    ))
}

/// How many steps (rows, persons) of applying a delivery lie between two progress reports.
const STAPPEN_PER_MELDING: usize = 4096;

/// How many persons' work sets a delivery of registrations reads at once
/// ([`Transactie::huidige_werksets`]): the steps between two progress reports, so that each
/// read is reported.
const WERKSETS_PER_LEZING: usize = STAPPEN_PER_MELDING;

/// The work set of person `bsn` from its current person data and registrations: the
/// registrations, and the end person data derives.
fn werkset_van(
    bsn: Bsn,
    persoon: Option<&Persoon>,
    huidig: Vec<Registratie>,
    referentie: &Referentie,
) -> Werkset {
    let einde =
        persoon.and_then(|p| persoon_einde(Some(p.geboortedatum), p.overlijdensdatum, referentie));
    Werkset::new(bsn, einde, huidig)
}

/// What [`schrijf_werkset`] wrote.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Geschreven {
    /// Registration versions.
    pub versies: u64,
    /// Notices of new registrations (Wfsv art. 38d lid 8).
    pub kennisgevingen: u64,
}

/// Writes the changed registrations of a work set as new versions, and the notice to the
/// person of every new registration among them in the same transaction (Wfsv art. 38d lid 8,
/// issue #14): this is the register's one write path for registrations, so none is recorded
/// without its notice.
pub(crate) fn schrijf_werkset(
    tx: &mut dyn Transactie,
    w: &Werkset,
    tijd: DateTime<Utc>,
    oorzaak: &Oorzaak,
) -> Resultaat<Geschreven> {
    let mut g = Geschreven::default();
    for (oud, nieuw) in w.wijzigingen() {
        let id = tx.schrijf_registratie(oud, nieuw, tijd, oorzaak)?;
        g.versies += 1;
        // a registration withdrawn in the very transaction that adds it never existed:
        // nothing to announce
        if oud.is_none() && !nieuw.ingetrokken {
            tx.maak_kennisgeving(id, nieuw.bsn, tijd)?;
            g.kennisgevingen += 1;
        }
    }
    Ok(g)
}

/// Progress over a delivery of registrations, which takes three passes: reading the persons'
/// work sets, applying the rows, writing the changed registrations. Each pass counts as a third
/// of the rows, so the bar moves through all three (it stood still through the first and the
/// last, a second or more for a national delivery).
struct Drieslag<'a> {
    voortgang: Voortgang<'a>,
    /// The delivery's rows: the total reported.
    rijen: u64,
}

impl Drieslag<'_> {
    /// Reports step `k` of the `van` steps of pass `slag` (0, 1 or 2), every 4,096 steps: as
    /// `(slag · rijen + k · rijen / van) / 3` done of `rijen`.
    fn stap(&mut self, slag: u64, k: usize, van: usize) {
        if k.is_multiple_of(STAPPEN_PER_MELDING) {
            // in 128 bits: k · rijen may pass 2^64 only for deliveries no memory holds, yet
            // then it must not wrap
            let binnen = u128::from(self.rijen) * k as u128 / van.max(1) as u128;
            let gedaan = (u128::from(slag) * u128::from(self.rijen) + binnen) / 3;
            (self.voortgang)(u64::try_from(gedaan).unwrap_or(self.rijen), self.rijen);
        }
    }
}

fn registraties(
    tx: &mut dyn Transactie,
    rijen: &[Regel<dgr_core::registratie::RegistratieMutatie>],
    referentie: &Referentie,
    levering: i64,
    tijd: DateTime<Utc>,
    (fouten, waarschuwingen): Meldingen<'_>,
    slagen: &mut Drieslag<'_>,
) -> Resultaat<Tellers> {
    let mut t = Tellers::default();
    // every person's work set loaded first, in BSN order, so a store reads its BSN-keyed
    // indexes front to back whatever the order of the file (issue #13)
    let mut bsns: Vec<Bsn> = rijen.iter().map(|r| r.rij.bsn).collect();
    bsns.sort_unstable();
    bsns.dedup();
    let mut werksets: HashMap<Bsn, Werkset> = HashMap::with_capacity(bsns.len());
    let personen = bsns.len();
    for (k, deel) in bsns.chunks(WERKSETS_PER_LEZING).enumerate() {
        slagen.stap(0, k * WERKSETS_PER_LEZING, personen);
        for (&bsn, (persoon, huidig)) in deel.iter().zip(tx.huidige_werksets(deel)?) {
            werksets.insert(bsn, werkset_van(bsn, persoon.as_ref(), huidig, referentie));
        }
    }
    for (i, r) in rijen.iter().enumerate() {
        slagen.stap(1, i, rijen.len());
        let Some(w) = werksets.get_mut(&r.rij.bsn) else {
            continue;
        };
        match w.pas_toe(&r.rij, referentie) {
            Ok(Uitkomst::Nieuw) => t.nieuw += 1,
            Ok(Uitkomst::NieuwMetOverlap(andere)) => {
                t.nieuw += 1;
                waarschuwingen.push(format!(
                    "regel {}: de registratie {} vanaf {} overlapt met de registratie {} vanaf {}; als eigen registratie opgenomen",
                    r.regel, r.rij.grondslag, r.rij.ingangsdatum, r.rij.grondslag, andere
                ));
            }
            Ok(Uitkomst::Gewijzigd(_)) => t.gewijzigd += 1,
            Ok(Uitkomst::Ongewijzigd) => t.ongewijzigd += 1,
            Err(e) => fouten.push(RijFout {
                regel: r.regel,
                kolom: e.kolom.to_string(),
                reden: e.reden,
                waarde: None,
            }),
        }
    }
    let oorzaak = Oorzaak::Levering(levering);
    // written in BSN order, so a store writes the entries of its BSN-keyed indexes front to
    // back (issue #13); each person's own versions keep their order
    let mut op_bsn: Vec<(Bsn, Werkset)> = werksets.into_iter().collect();
    op_bsn.sort_unstable_by_key(|(bsn, _)| *bsn);
    for (k, (_, w)) in op_bsn.iter().enumerate() {
        slagen.stap(2, k, op_bsn.len());
        t.kennisgevingen += schrijf_werkset(tx, w, tijd, &oorzaak)?.kennisgevingen;
    }
    Ok(t)
}

/// Person data: upsert, then recompute the derived ends of that person's
/// registrations.
fn personen(
    tx: &mut dyn Transactie,
    rijen: &[Regel<Persoon>],
    referentie: &Referentie,
    levering: i64,
    tijd: DateTime<Utc>,
    stap: &mut dyn FnMut(usize),
) -> Resultaat<Tellers> {
    let mut t = Tellers::default();
    let oorzaak = Oorzaak::Levering(levering);
    // in BSN order: a store reads and writes the pages of its BSN-keyed indexes
    // front to back (issue #13). A BSN comes at most once in a delivery (two rows with the same
    // key are both errors, FORMATS.md), so the order changes only which version gets which id
    let mut op_bsn: Vec<_> = rijen.iter().collect();
    op_bsn.sort_by_key(|r| r.rij.bsn);
    for (i, r) in op_bsn.into_iter().enumerate() {
        stap(i);
        let p = &r.rij;
        let uitkomst = tx.schrijf_persoon(p, tijd, levering)?;
        t.tel(uitkomst);
        if uitkomst == Schrijfuitkomst::Ongewijzigd {
            continue;
        }
        let registraties = tx.huidige_registraties(p.bsn)?;
        if registraties.is_empty() {
            continue;
        }
        let mut w = Werkset::new(p.bsn, None, registraties);
        w.herbereken(persoon_einde(
            Some(p.geboortedatum),
            p.overlijdensdatum,
            referentie,
        ));
        let g = schrijf_werkset(tx, &w, tijd, &oorzaak)?;
        t.afgeleid += g.versies;
        t.kennisgevingen += g.kennisgevingen;
    }
    Ok(t)
}

/// R-42 `eenheden`: every tree of the delivery replaces the tree of its `geldig_vanaf` whole: its
/// units are upserted and the units of that tree it no longer names are closed.
fn eenheden(
    tx: &mut dyn Transactie,
    rijen: &[Regel<dgr_core::eenheden::Eenheid>],
    organisatie: FiscaalNummer,
    doel: Doel,
    stap: &mut dyn FnMut(usize),
) -> Resultaat<Tellers> {
    let mut t = Tellers::default();
    let mut per_datum: std::collections::BTreeMap<chrono::NaiveDate, Vec<String>> =
        std::collections::BTreeMap::new();
    for (i, r) in rijen.iter().enumerate() {
        stap(i);
        t.tel(tx.schrijf_eenheid(organisatie, &r.rij, doel.tijd, doel.levering)?);
        per_datum
            .entry(r.rij.geldig_vanaf)
            .or_default()
            .push(r.rij.code.clone());
    }
    for (datum, codes) in per_datum {
        t.gewijzigd += tx.sluit_eenheden_buiten(organisatie, datum, &codes, doel.tijd)?;
    }
    Ok(t)
}

/// R-42 `personeel`: upserts each row by (personeelsnummer, geldig_vanaf). A row that would make
/// one BSN apply under two personeelsnummers on the same date — with the organisation's other
/// rows as they will be after this delivery — is a row error and changes nothing.
fn personeel(
    tx: &mut dyn Transactie,
    rijen: &[Regel<Personeelsrij>],
    organisatie: FiscaalNummer,
    doel: Doel,
    (fouten, _): Meldingen<'_>,
    stap: &mut dyn FnMut(usize),
) -> Resultaat<Tellers> {
    let mut t = Tellers::default();
    let mut na: Vec<Personeelsrij> = tx.huidig_personeel(organisatie)?;
    let nieuw: std::collections::HashSet<(&str, chrono::NaiveDate)> = rijen
        .iter()
        .map(|r| (r.rij.personeelsnummer.as_str(), r.rij.geldig_vanaf))
        .collect();
    na.retain(|p| !nieuw.contains(&(p.personeelsnummer.as_str(), p.geldig_vanaf)));
    let bestaand = na.len();
    na.extend(rijen.iter().map(|r| r.rij.clone()));
    let verwijzingen: Vec<&Personeelsrij> = na.iter().collect();
    let mut fout: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for (a, b) in dubbele_dienstverbanden(&verwijzingen) {
        for (i, ander) in [(a, b), (b, a)] {
            if let Some(k) = i.checked_sub(bestaand) {
                fout.insert(k);
                let andere = &na[ander];
                fouten.push(RijFout {
                    regel: rijen[k].regel,
                    kolom: "bsn".into(),
                    reden: format!(
                        "dezelfde persoon staat op dezelfde datum ook onder personeelsnummer {} (geldig vanaf {})",
                        andere.personeelsnummer, andere.geldig_vanaf
                    ),
                    waarde: None,
                });
            }
        }
    }
    for (i, r) in rijen.iter().enumerate() {
        stap(i);
        if !fout.contains(&i) {
            t.tel(tx.schrijf_personeelsrij(organisatie, &r.rij, doel.tijd, doel.levering)?);
        }
    }
    Ok(t)
}

fn codering_naam(c: dgr_ingest::Codering) -> &'static str {
    match c {
        dgr_ingest::Codering::Utf8 => "UTF-8",
        dgr_ingest::Codering::Utf8MetBom => "UTF-8 met BOM",
        dgr_ingest::Codering::Windows1252 => "Windows-1252",
        dgr_ingest::Codering::Geen => "n.v.t.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polis rows are handed on in the order they are applied in, by first day and then BSN,
    /// and rows of one first day and BSN (two employers) keep their order in the file. The file
    /// has, in this order: (line 2) 123456782 from 2025-02-01, (3) 111222333 from 2025-02-01
    /// with employer L02, (4) 111222333 from 2025-01-04, (5) 111222333 from 2025-02-01 with
    /// employer L01. Sorted: line 4 (the earlier day), then of 2025-02-01 BSN 111222333 with
    /// lines 3 and 5 in file order, then line 2.
    #[test]
    fn polisrijen_geordend_gelezen() {
        let referentie = Referentie::ingebouwd().unwrap_or_else(|e| unreachable!("{e}"));
        let inhoud = "bsn;loonheffingennummer;inlener_loonheffingennummer;tijdvak_begin;\
                      tijdvak_einde;verloonde_uren;soort\n\
                      123456782;123456782L01;;01-02-2025;28-02-2025;10,00;\n\
                      111222333;123456782L02;;01-02-2025;28-02-2025;10,00;\n\
                      111222333;123456782L01;;04-01-2025;31-01-2025;10,00;\n\
                      111222333;123456782L01;;01-02-2025;28-02-2025;10,00;\n";
        let ctx = Context {
            soort: LeveringSoort::Polis,
            bron: Bron::Uwv,
            referentie: &referentie,
            ontvangen_op: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default(),
            grenzen: dgr_ingest::Grenzen::STANDAARD,
        };
        let ingelezen = lees_geordend(inhoud.as_bytes(), "polis.csv", ctx)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let regels: Vec<u64> = match &ingelezen.rijen {
            Rijen::Polis(r) => r.iter().map(|x| x.regel).collect(),
            _ => Vec::new(),
        };
        assert_eq!(regels, [4, 3, 5, 2]);
    }
}
