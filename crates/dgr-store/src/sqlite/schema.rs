//! Migrations of the SQLite schema, applied in order on open (`PRAGMA user_version`).
//!
//! Conventions: BSN as INTEGER, lhn as INTEGER (fiscaal nummer × 100 + subnumber), civil dates
//! as TEXT `JJJJ-MM-DD` (BRP dates may hold `00` parts) but for a polis row's pay period, which
//! is INTEGER days since 1970-01-01, and its kind an INTEGER code (`polisvorm.rs`, issue #13),
//! transaction times as INTEGER
//! microseconds since the Unix epoch (UTC), hours as INTEGER hundredths, measured values (R-45) as REAL. Every versioned table has
//! `geregistreerd_op` / `vervallen_op` (NULL = current) and the delivery that caused the version.

/// The migrations; index + 1 is the schema version it brings.
pub const MIGRATIES: &[&str] = &[
    r"
CREATE TABLE leveringen (
    id                 INTEGER PRIMARY KEY,
    bron               TEXT NOT NULL,
    soort              TEXT NOT NULL,
    kenmerk            TEXT NOT NULL,
    gemeentecode       INTEGER,
    sha256             TEXT NOT NULL,
    bestandsnaam       TEXT NOT NULL,
    modus              TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('TOEGEPAST', 'AFGEWEZEN')),
    geregistreerd_op   INTEGER NOT NULL,
    referentie_versie  TEXT NOT NULL,
    rijen_gelezen      INTEGER NOT NULL,
    rijen_toegepast    INTEGER NOT NULL,
    rijen_afgewezen    INTEGER NOT NULL,
    nieuw              INTEGER NOT NULL,
    gewijzigd          INTEGER NOT NULL,
    ongewijzigd        INTEGER NOT NULL,
    grondslagen        TEXT NOT NULL,
    rapport            TEXT NOT NULL,
    afwijzingsbestand  BLOB
);
-- (bron, kenmerk) identifies an applied delivery; rejected ones do not occupy the kenmerk.
CREATE INDEX leveringen_tijd ON leveringen (geregistreerd_op);
CREATE UNIQUE INDEX leveringen_kenmerk ON leveringen (bron, kenmerk) WHERE status = 'TOEGEPAST';

CREATE TABLE referentie_versies (
    versie            TEXT PRIMARY KEY,
    geladen_op        INTEGER NOT NULL,
    actief            INTEGER NOT NULL,
    bestanden         TEXT NOT NULL
);

CREATE TABLE registratie_versies (
    versie_id          INTEGER PRIMARY KEY,
    registratie_id     INTEGER NOT NULL,
    bsn                INTEGER NOT NULL,
    grondslag          TEXT NOT NULL,
    ingangsdatum       TEXT NOT NULL,
    einddatum          TEXT,
    reden_einde        TEXT,
    bron_einddatum     TEXT,
    bron_reden_einde   TEXT,
    afgeleid_einddatum TEXT,
    afgeleid_reden     TEXT,
    loonwaarde_pct     INTEGER,
    besluitdatum       TEXT,
    bron_kenmerk       TEXT,
    ingetrokken        INTEGER NOT NULL,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    oorzaak            TEXT NOT NULL CHECK (oorzaak IN ('LEVERING', 'REFERENTIE', 'HANDELING')),
    levering_id        INTEGER REFERENCES leveringen (id),
    referentie_versie  TEXT,
    handeling          TEXT
);
CREATE INDEX registratie_versies_bsn ON registratie_versies (bsn);
CREATE INDEX registratie_versies_tijd ON registratie_versies (geregistreerd_op);
CREATE INDEX registratie_versies_registratie ON registratie_versies (registratie_id) WHERE vervallen_op IS NULL;
CREATE INDEX registratie_versies_huidig ON registratie_versies (grondslag, ingangsdatum)
    WHERE vervallen_op IS NULL AND ingetrokken = 0;

CREATE TABLE persoon_versies (
    versie_id          INTEGER PRIMARY KEY,
    bsn                INTEGER NOT NULL,
    geboortedatum      TEXT NOT NULL,
    overlijdensdatum   TEXT,
    woongemeente       INTEGER,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id)
);
CREATE INDEX persoon_versies_bsn ON persoon_versies (bsn);
CREATE UNIQUE INDEX persoon_versies_huidig ON persoon_versies (bsn) WHERE vervallen_op IS NULL;

CREATE TABLE polis_versies (
    versie_id          INTEGER PRIMARY KEY,
    bsn                INTEGER NOT NULL,
    loonheffingennummer INTEGER NOT NULL,
    inlener            INTEGER,
    tijdvak_begin      TEXT NOT NULL,
    tijdvak_einde      TEXT NOT NULL,
    uren               INTEGER NOT NULL,
    soort              TEXT NOT NULL,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id)
);
CREATE UNIQUE INDEX polis_versies_huidig
    ON polis_versies (bsn, loonheffingennummer, tijdvak_begin, tijdvak_einde) WHERE vervallen_op IS NULL;

CREATE INDEX polis_versies_tijdvak ON polis_versies (tijdvak_begin);

CREATE TABLE werkgever_versies (
    versie_id          INTEGER PRIMARY KEY,
    loonheffingennummer INTEGER NOT NULL,
    geldig_vanaf       TEXT NOT NULL,
    naam               TEXT NOT NULL,
    sector             TEXT NOT NULL,
    subsector          TEXT,
    vestigingsgemeente INTEGER,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id)
);
CREATE UNIQUE INDEX werkgever_versies_huidig
    ON werkgever_versies (loonheffingennummer, geldig_vanaf) WHERE vervallen_op IS NULL;

CREATE TABLE werkgeversuren_versies (
    versie_id          INTEGER PRIMARY KEY,
    loonheffingennummer INTEGER NOT NULL,
    jaar               INTEGER NOT NULL,
    uren_totaal        INTEGER NOT NULL,
    aantal_werknemers  INTEGER,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id)
);
CREATE UNIQUE INDEX werkgeversuren_versies_huidig
    ON werkgeversuren_versies (loonheffingennummer, jaar) WHERE vervallen_op IS NULL;

CREATE TABLE kandidaat_versies (
    versie_id          INTEGER PRIMARY KEY,
    bsn                INTEGER NOT NULL,
    opleidingsniveau   TEXT NOT NULL,
    uren_per_week      INTEGER NOT NULL,
    max_reisafstand_km INTEGER NOT NULL,
    beschikbaar_vanaf  TEXT NOT NULL,
    interesses         TEXT NOT NULL,
    woongemeente       INTEGER NOT NULL,
    herkenbaar         INTEGER NOT NULL,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id)
);
CREATE UNIQUE INDEX kandidaat_versies_huidig ON kandidaat_versies (bsn) WHERE vervallen_op IS NULL;
",
    r"
-- Processing log (Logboek Dataverwerkingen, API.md): one record per data subject, no user identity.
CREATE TABLE verwerkingen (
    id                      INTEGER PRIMARY KEY,
    trace_id                TEXT NOT NULL,
    span_id                 TEXT NOT NULL,
    parent_span_id          TEXT,
    naam                    TEXT NOT NULL,
    status_code             TEXT NOT NULL CHECK (status_code IN ('OK', 'ERROR', 'UNSET')),
    start_time              INTEGER NOT NULL,
    end_time                INTEGER NOT NULL,
    processing_activity_id  TEXT NOT NULL,
    data_subject_id         TEXT NOT NULL,
    data_subject_id_type    TEXT NOT NULL
);
CREATE INDEX verwerkingen_subject ON verwerkingen (data_subject_id);
CREATE INDEX verwerkingen_tijd ON verwerkingen (start_time);
-- The user behind a trace (actor, role, organisation, client IP), linked by trace_id.
CREATE TABLE audit (
    id                      INTEGER PRIMARY KEY,
    trace_id                TEXT NOT NULL,
    tijd                    INTEGER NOT NULL,
    sub                     TEXT NOT NULL,
    rol                     TEXT NOT NULL,
    organisatie             TEXT NOT NULL,
    organisatie_naam        TEXT,
    client_ip               TEXT,
    handeling               TEXT NOT NULL,
    bsn_opvragingen         INTEGER NOT NULL,
    buiten_eigen_polis      INTEGER NOT NULL
);
CREATE INDEX audit_trace ON audit (trace_id);
CREATE INDEX audit_organisatie ON audit (organisatie, tijd);
",
    r"
-- a person's polis rows in any recorded period (employer signals, R-36 prior employment)
CREATE INDEX polis_versies_bsn ON polis_versies (bsn);
",
    r"
-- Kandidatenverkenner (R-41): an employer's request to contact a candidate, handled by the WSP
-- of the candidate's region.
CREATE TABLE contactverzoeken (
    id                  INTEGER PRIMARY KEY,
    tijd                INTEGER NOT NULL,
    bsn                 INTEGER NOT NULL,
    arbeidsmarktregio   TEXT NOT NULL,
    werkgever           TEXT NOT NULL,
    werkgever_naam      TEXT,
    toelichting         TEXT,
    status              TEXT NOT NULL CHECK (status IN ('OPEN', 'AKKOORD', 'AFGEWEZEN')),
    behandeld_op        INTEGER,
    behandelaar         TEXT
);
CREATE INDEX contactverzoeken_regio ON contactverzoeken (arbeidsmarktregio, status);
CREATE INDEX contactverzoeken_werkgever ON contactverzoeken (werkgever);
",
    r"
-- R-15: a citizen's request to be removed from the register, UWV's handling of it.
CREATE TABLE uitschrijvingen (
    id                  INTEGER PRIMARY KEY,
    bsn                 INTEGER NOT NULL,
    aangevraagd_op      TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('OPEN', 'WERKGEVERS_GEINFORMEERD', 'TOEGEWEZEN', 'AFGEWEZEN')),
    werkgevers          TEXT,
    bezwaar_tot         TEXT,
    bezwaar_werkgever   TEXT,
    besluit_op          TEXT,
    reden               TEXT,
    behandelaar         TEXT
);
CREATE INDEX uitschrijvingen_bsn ON uitschrijvingen (bsn);
CREATE INDEX uitschrijvingen_status ON uitschrijvingen (status);
-- The citizen's own werk.nl-style setting: whether the Kandidatenverkenner may show the profile.
CREATE TABLE kandidaat_voorkeuren (
    bsn                 INTEGER PRIMARY KEY,
    herkenbaar          INTEGER NOT NULL,
    gewijzigd_op        INTEGER NOT NULL
);
",
    r"
-- R-16: objections against a beoordeling arbeidsvermogen and their outcome.
CREATE TABLE bezwaren (
    id                  INTEGER PRIMARY KEY,
    bsn                 INTEGER NOT NULL,
    besluitdatum        TEXT NOT NULL,
    ingediend_op        TEXT NOT NULL,
    toelichting         TEXT NOT NULL,
    ontvangen_door      TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('OPEN', 'GEGROND', 'ONGEGROND', 'NIET_ONTVANKELIJK')),
    gevolg              TEXT CHECK (gevolg IN ('OPVOER', 'INTREKKING')),
    ingangsdatum        TEXT,
    beslist_op          TEXT,
    behandelaar         TEXT
);
CREATE INDEX bezwaren_bsn ON bezwaren (bsn);
CREATE INDEX bezwaren_status ON bezwaren (status);
",
    r"
-- The processing log lives in its own file (attached as `logboek`, see LOGBOEK_MIGRATIES): its
-- commits, one per group of lookups, no longer invalidate the page cache of the register's
-- readers. The records were copied there just before this (SqliteStore::verhuis_logboek, a
-- transaction of the log file alone, checked complete); this drops the old tables.
DROP TABLE main.verwerkingen;
DROP TABLE main.audit;
",
    r"
-- R-42: an organisation's unit trees and roster (werkgeversmonitor), delivered by the employer
-- (bron WERKGEVER) under its fiscaal nummer, which the delivery record now keeps too.
ALTER TABLE leveringen ADD COLUMN fiscaal_nummer INTEGER;

CREATE TABLE eenheid_versies (
    versie_id          INTEGER PRIMARY KEY,
    fiscaal_nummer     INTEGER NOT NULL,
    code               TEXT NOT NULL,
    geldig_vanaf       TEXT NOT NULL,
    naam               TEXT NOT NULL,
    bovenliggend       TEXT,
    soort              TEXT,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id)
);
CREATE UNIQUE INDEX eenheid_versies_huidig
    ON eenheid_versies (fiscaal_nummer, code, geldig_vanaf) WHERE vervallen_op IS NULL;
CREATE INDEX eenheid_versies_organisatie ON eenheid_versies (fiscaal_nummer, geldig_vanaf);

CREATE TABLE personeel_versies (
    versie_id          INTEGER PRIMARY KEY,
    fiscaal_nummer     INTEGER NOT NULL,
    personeelsnummer   TEXT NOT NULL,
    geldig_vanaf       TEXT NOT NULL,
    bsn                INTEGER NOT NULL,
    eenheid            TEXT NOT NULL,
    uit_dienst         TEXT,
    uren_per_week      INTEGER,
    functieschaal      INTEGER,
    leidinggevend      INTEGER,
    geslacht           TEXT,
    geboortejaar       INTEGER,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id)
);
CREATE UNIQUE INDEX personeel_versies_huidig
    ON personeel_versies (fiscaal_nummer, personeelsnummer, geldig_vanaf) WHERE vervallen_op IS NULL;
CREATE INDEX personeel_versies_organisatie ON personeel_versies (fiscaal_nummer);
CREATE INDEX personeel_versies_bsn ON personeel_versies (bsn);
",
    r"
-- R-45: the werkgeversmonitor's goals, per organisation (fiscaal nummer, BIGINT). Units are
-- named by their code only (no key to the eenheden tables). Nothing is overwritten: goals have
-- versions, check-ins and milestone statuses are only added, a stopped goal is marked.
CREATE TABLE doel_themas (
    id                  INTEGER PRIMARY KEY,
    organisatie         INTEGER NOT NULL,
    naam                TEXT NOT NULL,
    omschrijving        TEXT NOT NULL,
    aangemaakt_op       INTEGER NOT NULL
);
CREATE INDEX doel_themas_organisatie ON doel_themas (organisatie);
CREATE TABLE doel_onderwerpen (
    id                  INTEGER PRIMARY KEY,
    organisatie         INTEGER NOT NULL,
    thema_id            INTEGER NOT NULL REFERENCES doel_themas (id),
    naam                TEXT NOT NULL,
    omschrijving        TEXT NOT NULL,
    aangemaakt_op       INTEGER NOT NULL
);
CREATE INDEX doel_onderwerpen_organisatie ON doel_onderwerpen (organisatie);
CREATE TABLE doel_onderwerp_vragen (
    id                  INTEGER PRIMARY KEY,
    onderwerp_id        INTEGER NOT NULL REFERENCES doel_onderwerpen (id),
    eenheid             TEXT NOT NULL,
    datum               TEXT NOT NULL,
    vastgelegd_op       INTEGER NOT NULL
);
CREATE INDEX doel_onderwerp_vragen_onderwerp ON doel_onderwerp_vragen (onderwerp_id);
CREATE TABLE doelen (
    id                  INTEGER PRIMARY KEY,
    organisatie         INTEGER NOT NULL,
    eenheid             TEXT NOT NULL,
    onderwerp_id        INTEGER NOT NULL REFERENCES doel_onderwerpen (id),
    aangemaakt_door     TEXT NOT NULL,
    aangemaakt_op       INTEGER NOT NULL,
    gestopt_op          TEXT,
    stopreden           TEXT,
    gestopt_door        TEXT
);
CREATE INDEX doelen_organisatie ON doelen (organisatie);
-- one row per version of a goal: a quantitative goal has maat, basiswaarde and streefwaarde,
-- a qualitative one definitie_gereed
CREATE TABLE doel_versies (
    versie_id           INTEGER PRIMARY KEY,
    doel_id             INTEGER NOT NULL REFERENCES doelen (id),
    versie              INTEGER NOT NULL,
    titel               TEXT NOT NULL,
    eigenaar            TEXT NOT NULL,
    startdatum          TEXT NOT NULL,
    deadline            TEXT NOT NULL,
    maat                TEXT CHECK (maat IN ('DOELGROEP', 'BANEN', 'AANDEEL', 'HANDMATIG')),
    categorie           TEXT,
    basiswaarde         REAL,
    streefwaarde        REAL,
    definitie_gereed    TEXT,
    reden               TEXT NOT NULL,
    door                TEXT NOT NULL,
    geregistreerd_op    INTEGER NOT NULL,
    vervallen_op        INTEGER,
    CHECK ((maat IS NULL) = (definitie_gereed IS NOT NULL))
);
CREATE UNIQUE INDEX doel_versies_versie ON doel_versies (doel_id, versie);
CREATE UNIQUE INDEX doel_versies_huidig ON doel_versies (doel_id) WHERE vervallen_op IS NULL;
CREATE TABLE doel_checkins (
    id                  INTEGER PRIMARY KEY,
    doel_id             INTEGER NOT NULL REFERENCES doelen (id),
    datum               TEXT NOT NULL,
    waarde              REAL,
    gereed              INTEGER,
    toelichting         TEXT NOT NULL,
    vertrouwen          TEXT NOT NULL CHECK (vertrouwen IN ('LAAG', 'MIDDEN', 'HOOG')),
    door                TEXT NOT NULL,
    vastgelegd_op       INTEGER NOT NULL
);
CREATE INDEX doel_checkins_doel ON doel_checkins (doel_id);
CREATE TABLE doel_mijlpalen (
    id                  INTEGER PRIMARY KEY,
    organisatie         INTEGER NOT NULL,
    doel_id             INTEGER REFERENCES doelen (id),
    naam                TEXT NOT NULL,
    datum               TEXT NOT NULL,
    door                TEXT NOT NULL,
    aangemaakt_op       INTEGER NOT NULL
);
CREATE INDEX doel_mijlpalen_organisatie ON doel_mijlpalen (organisatie);
CREATE TABLE doel_mijlpaal_statussen (
    id                  INTEGER PRIMARY KEY,
    mijlpaal_id         INTEGER NOT NULL REFERENCES doel_mijlpalen (id),
    status              TEXT NOT NULL CHECK (status IN ('GEPLAND', 'GEREED', 'VERVALLEN')),
    door                TEXT NOT NULL,
    tijd                INTEGER NOT NULL
);
CREATE INDEX doel_mijlpaal_statussen_mijlpaal ON doel_mijlpaal_statussen (mijlpaal_id);
CREATE TABLE doel_evaluaties (
    id                  INTEGER PRIMARY KEY,
    doel_id             INTEGER NOT NULL REFERENCES doelen (id),
    doel_versie         INTEGER NOT NULL,
    periode             TEXT NOT NULL,
    van                 TEXT NOT NULL,
    tot                 TEXT NOT NULL,
    gemeten             REAL,
    verwacht            REAL,
    geleerd             TEXT NOT NULL,
    besluit             TEXT NOT NULL CHECK (besluit IN ('BEHOUDEN', 'BIJSTELLEN', 'STOPPEN')),
    reden               TEXT NOT NULL,
    door                TEXT NOT NULL,
    tijd                INTEGER NOT NULL
);
CREATE INDEX doel_evaluaties_doel ON doel_evaluaties (doel_id);
",
    r"
-- Issue #12: the anonymous profile summary an employer asked about, kept with the request so
-- that 'Mijn contactverzoeken' can show it (the message to the WSP is `toelichting`).
ALTER TABLE contactverzoeken ADD COLUMN profiel TEXT;
",
    r"
-- Issue #12: the reasons of final decisions that refuse (a bezwaar ongegrond, a contact request
-- the candidate declined), and indexes for the history lists (newest decision first).
ALTER TABLE bezwaren ADD COLUMN motivering TEXT;
ALTER TABLE contactverzoeken ADD COLUMN reden TEXT;
CREATE INDEX uitschrijvingen_besluit ON uitschrijvingen (besluit_op);
CREATE INDEX bezwaren_beslist ON bezwaren (beslist_op);
",
    r"
-- Issue #13: the lookup's 'outside the employer's own polis data' check (API.md, fishing signal)
-- answered from the index alone: a range seek on (bsn, loonheffingennummer) and a scan of the
-- person's few index entries for the inlener, without a table lookup per polis row. The index
-- on bsn alone is a prefix of this one.
CREATE INDEX polis_versies_bsn_werkgever ON polis_versies (bsn, loonheffingennummer, inlener);
DROP INDEX polis_versies_bsn;
",
    r"
-- Issue #14: the notice to the person of every new registration (Wfsv art. 38d lid 8), made in
-- the transaction that records the registration.
CREATE TABLE kennisgevingen (
    id              INTEGER PRIMARY KEY,
    registratie_id  INTEGER NOT NULL UNIQUE,
    bsn             INTEGER NOT NULL,
    gemaakt_op      INTEGER NOT NULL
);
CREATE INDEX kennisgevingen_bsn ON kennisgevingen (bsn);
CREATE INDEX kennisgevingen_tijd ON kennisgevingen (gemaakt_op);
",
    r"
-- Issue #14: requests to enter the register (beoordeling arbeidsvermogen, VSO/PrO).
CREATE TABLE aanvragen (
    id              INTEGER PRIMARY KEY,
    soort           TEXT NOT NULL CHECK (soort IN ('BEOORDELING_ARBEIDSVERMOGEN', 'VSO_PRO')),
    bsn             INTEGER NOT NULL,
    ingediend_op    TEXT NOT NULL,
    ingediend_door  TEXT NOT NULL,
    toelichting     TEXT,
    school          TEXT,
    schooljaren     TEXT,
    status          TEXT NOT NULL CHECK (status IN ('OPEN', 'POSITIEF', 'NEGATIEF', 'DUURZAAM_GEEN_ARBEIDSVERMOGEN', 'BEVESTIGD', 'AFGEWEZEN')),
    besluit_op      TEXT,
    kenmerk         TEXT,
    reden           TEXT,
    behandelaar     TEXT
);
CREATE INDEX aanvragen_bsn ON aanvragen (bsn);
CREATE INDEX aanvragen_status ON aanvragen (status);
",
    r"
-- One open request of a kind per person, also when two arrive at once.
CREATE UNIQUE INDEX aanvragen_open ON aanvragen (bsn, soort) WHERE status = 'OPEN';
",
    r"
-- Issue #13: the index of current polis rows keyed by pay period first. Keyed by BSN first, each
-- monthly delivery put one entry on nearly every page of it (a delivery's persons are spread
-- over the whole BSN range), so every delivery rewrote the whole index to the WAL and again to
-- the file. Keyed by period first, a delivery's entries fall in one new, contiguous part. The
-- upsert's conflict target names the same four columns (the order of a conflict target does not
-- matter); a person's rows are read through another index (next migration).
DROP INDEX polis_versies_huidig;
CREATE UNIQUE INDEX polis_versies_huidig
    ON polis_versies (tijdvak_begin, tijdvak_einde, bsn, loonheffingennummer) WHERE vervallen_op IS NULL;
",
    r"
-- Issue #13: no index on polis rows by BSN alone any more. Such an index gets an entry on nearly
-- every one of its pages from every monthly delivery, so each delivery rewrote all of it.
-- The lookup's 'outside the employer's own polis data' check (API.md, fishing signal) reads
-- instead every fiscaal nummer that ever had the person in its polis data, as employer
-- (loonheffingennummer) or as hirer (inlener): one entry per pair, written only for a pair not
-- seen before, so a monthly delivery of the same employments writes nearly nothing there.
CREATE TABLE polis_werkgevers (
    bsn            INTEGER NOT NULL,
    fiscaal_nummer INTEGER NOT NULL,
    PRIMARY KEY (bsn, fiscaal_nummer)
) WITHOUT ROWID;
INSERT OR IGNORE INTO polis_werkgevers (bsn, fiscaal_nummer)
    SELECT bsn, loonheffingennummer / 100 FROM polis_versies;
INSERT OR IGNORE INTO polis_werkgevers (bsn, fiscaal_nummer)
    SELECT bsn, inlener / 100 FROM polis_versies WHERE inlener IS NOT NULL;
DROP INDEX polis_versies_bsn_werkgever;
-- This migration also built an index of a person's polis rows by segment of 2^20 version ids,
-- polis_versies_segment_bsn ((versie_id >> 20), bsn). It is no longer built here: the next
-- migration rebuilds the table without it, and a register that has not come this far would
-- build it only to drop it at once. Registers that ran this migration earlier keep it until the
-- next one.
",
    r"
-- Issue #13: polis rows stored in the order of their key, pay period first, instead of by version
-- id with three indexes beside them (current rows by key, rows by period, a person's rows by
-- segment of version ids). A delivery's rows (written sorted by BSN) then go to the end of their
-- pay periods' part of this one B-tree; the reports read a period's rows as one stretch of the
-- file; and the key's current version is found by a probe of the table itself. The national
-- demo's 69 polis deliveries, inserted in the sqlite3 shell (each in its own transaction), took
-- 15 s this way (with the index by delivery below) against 33 s, in 790 against 950 MB. There is
-- no unique index of current rows any more (it cost another 6 s there): the writer
-- (`schrijf_polis`) finds the current version of a key before it writes one, under the write
-- lock, as the upsert did.
CREATE TABLE polis_versies_geordend (
    versie_id          INTEGER NOT NULL,
    bsn                INTEGER NOT NULL,
    loonheffingennummer INTEGER NOT NULL,
    inlener            INTEGER,
    tijdvak_begin      TEXT NOT NULL,
    tijdvak_einde      TEXT NOT NULL,
    uren               INTEGER NOT NULL,
    soort              TEXT NOT NULL,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id),
    PRIMARY KEY (tijdvak_begin, bsn, loonheffingennummer, tijdvak_einde, versie_id)
) WITHOUT ROWID;
INSERT INTO polis_versies_geordend (versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin,
        tijdvak_einde, uren, soort, geregistreerd_op, vervallen_op, levering_id)
    SELECT versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren, soort,
        geregistreerd_op, vervallen_op, levering_id
    FROM polis_versies ORDER BY tijdvak_begin, bsn, loonheffingennummer, tijdvak_einde, versie_id;
DROP TABLE polis_versies;
ALTER TABLE polis_versies_geordend RENAME TO polis_versies;
-- A person's polis rows (Inkijk, R-07, R-36): one probe per polis delivery, each straight to the
-- BSN. A delivery's entries all fall in its own part of this index, in BSN order.
CREATE INDEX polis_versies_levering_bsn ON polis_versies (levering_id, bsn);
-- The deliveries that wrote polis rows, each once, for those probes (the next one found in the
-- index itself cost a seek per delivery as well): kept by the writer just before each commit.
CREATE TABLE polis_leveringen (levering_id INTEGER PRIMARY KEY);
INSERT INTO polis_leveringen (levering_id) SELECT DISTINCT levering_id FROM polis_versies;
-- The next polis version id (ids are no longer the table's row ids): read by a transaction's
-- first polis write and stored again before its commit. Exactly one row (id 1).
CREATE TABLE polis_volgnummer (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    volgende INTEGER NOT NULL
);
INSERT INTO polis_volgnummer (id, volgende)
    SELECT 1, coalesce(max(versie_id), 0) + 1 FROM polis_versies;
",
    r"
-- Issue #13: copies of what the reports scan, in a compact binary form (`kopie`), each with the
-- stand of its table it was made at (for registratie_versies and persoon_versies the highest
-- version id plus one, for polis_versies polis_volgnummer); one that is not at the table's stand
-- is not used, and made again by the next report. Derived data of the SQLite store: `dgr
-- migreer` does not copy it.
CREATE TABLE rapportkopieen (
    naam     TEXT PRIMARY KEY,
    stand    INTEGER NOT NULL,
    gegevens BLOB NOT NULL
);
-- The writers only ever add versions (with a higher id) and close the version a new one
-- replaces (vervallen_op from NULL to a time), which raises the stand. Any other change of a
-- copied table (a repair by hand, a later migration) drops its copies, so that none is read in a
-- state it was not made in. These fire on no write of the writers.
CREATE TRIGGER rapportkopie_registraties_bijgewerkt
    AFTER UPDATE OF versie_id, bsn, grondslag, ingangsdatum, einddatum, reden_einde, ingetrokken,
        geregistreerd_op ON registratie_versies
BEGIN DELETE FROM rapportkopieen WHERE naam = 'registratie_versies'; END;
CREATE TRIGGER rapportkopie_registraties_heropend
    AFTER UPDATE OF vervallen_op ON registratie_versies WHEN OLD.vervallen_op IS NOT NULL
BEGIN DELETE FROM rapportkopieen WHERE naam = 'registratie_versies'; END;
CREATE TRIGGER rapportkopie_registraties_verwijderd AFTER DELETE ON registratie_versies
BEGIN DELETE FROM rapportkopieen WHERE naam = 'registratie_versies'; END;
CREATE TRIGGER rapportkopie_personen_bijgewerkt
    AFTER UPDATE OF versie_id, bsn, woongemeente, geregistreerd_op ON persoon_versies
BEGIN DELETE FROM rapportkopieen WHERE naam = 'persoon_versies'; END;
CREATE TRIGGER rapportkopie_personen_heropend
    AFTER UPDATE OF vervallen_op ON persoon_versies WHEN OLD.vervallen_op IS NOT NULL
BEGIN DELETE FROM rapportkopieen WHERE naam = 'persoon_versies'; END;
CREATE TRIGGER rapportkopie_personen_verwijderd AFTER DELETE ON persoon_versies
BEGIN DELETE FROM rapportkopieen WHERE naam = 'persoon_versies'; END;
CREATE TRIGGER rapportkopie_polis_bijgewerkt
    AFTER UPDATE OF versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde,
        uren, soort, geregistreerd_op ON polis_versies
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
CREATE TRIGGER rapportkopie_polis_heropend
    AFTER UPDATE OF vervallen_op ON polis_versies WHEN OLD.vervallen_op IS NOT NULL
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
CREATE TRIGGER rapportkopie_polis_verwijderd AFTER DELETE ON polis_versies
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
",
    r"
-- Issue #13: no index of current registrations by (grondslag, ingangsdatum). It served only the
-- count per grondslag of `tellingen` (the demo's summary, `dgr migreer`'s check), which a scan
-- of the table answers faster (0.45 against 0.21 s on the national register; the count of
-- persons in the register, read through the partial index by registration id, scans the table
-- as well now: 0.46 against 0.29 s); and every new registration version, and every version a
-- later one closes, changed an entry at a random place in it while a delivery was applied.
DROP INDEX IF EXISTS registratie_versies_huidig;
",
    r"
-- Issue #13: polis rows in a table keyed by version id again, each delivery's rows appended at
-- its end, and found by pay period through `polis_stukken` instead of by the order of the
-- table. Keyed by (tijdvak_begin, bsn, …) a row of a delivery is a cell in the middle of a
-- B-tree of 6 million rows: each one is a descent from the root with text comparisons, and
-- every filled page is split by redistributing it over its neighbours. A row at the end of a
-- rowid table is neither. Measured in Python's sqlite3 on the national demo's 69 polis
-- deliveries, each in its own transaction: 10.9 s (784 MB) with the ordered table and its
-- index by delivery, 7.2 to 7.8 s (523 MB) with this table and the same index.
--
-- A writer gives a delivery's rows their ids in the order of (tijdvak_begin, bsn) (the register
-- sorts a polis delivery so), so the rows of one pay period in one delivery have consecutive
-- ids: one stretch, which `polis_stukken` records. The ids of the existing rows are given out
-- again in that order, each delivery's rows among the ids they had (the ids stay the same set,
-- and a key's later version keeps a higher id than its earlier one: an earlier delivery's rows
-- have lower ids, and within a delivery the old id decides).
CREATE TABLE polis_versies_op_id (
    versie_id          INTEGER PRIMARY KEY,
    bsn                INTEGER NOT NULL,
    loonheffingennummer INTEGER NOT NULL,
    inlener            INTEGER,
    tijdvak_begin      TEXT NOT NULL,
    tijdvak_einde      TEXT NOT NULL,
    uren               INTEGER NOT NULL,
    soort              TEXT NOT NULL,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL REFERENCES leveringen (id)
);
INSERT INTO polis_versies_op_id (versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin,
        tijdvak_einde, uren, soort, geregistreerd_op, vervallen_op, levering_id)
    WITH ids AS (SELECT row_number() OVER (ORDER BY versie_id) AS n, versie_id FROM polis_versies),
    rijen AS (SELECT row_number() OVER (ORDER BY levering_id, tijdvak_begin, bsn, versie_id) AS n, *
        FROM polis_versies)
    SELECT ids.versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren,
        soort, geregistreerd_op, vervallen_op, levering_id
    FROM rijen JOIN ids USING (n) ORDER BY ids.versie_id;
DROP TABLE polis_versies;
ALTER TABLE polis_versies_op_id RENAME TO polis_versies;
-- A person's polis rows: one probe per polis delivery (`polis_leveringen`), as before; and a
-- key's current version: one probe per delivery with rows beginning on its first day. A
-- delivery's entries are added in BSN order per first day.
CREATE INDEX polis_versies_levering_bsn ON polis_versies (levering_id, bsn);
-- The stretches of consecutive version ids whose rows all begin on one day (tijdvak_begin,
-- here `dag`) and came with one delivery; every version lies in exactly one. A scan of the pay
-- periods beginning in a range of days reads the stretches of those days; the current version
-- of a key is looked for in the deliveries of its first day only; and a day without a stretch
-- has no rows (a monthly delivery's new days need no probe at all). Kept by the writer before
-- every read of the table in its transaction and before its commit.
CREATE TABLE polis_stukken (
    dag          TEXT NOT NULL,
    eerste       INTEGER NOT NULL,
    laatste      INTEGER NOT NULL,
    levering_id  INTEGER NOT NULL,
    PRIMARY KEY (dag, eerste)
) WITHOUT ROWID;
INSERT INTO polis_stukken (dag, eerste, laatste, levering_id)
    SELECT tijdvak_begin, min(versie_id), max(versie_id), levering_id FROM polis_versies
    GROUP BY levering_id, tijdvak_begin;
-- the report copies' triggers went with the old table; the copies of the polis hold no version
-- ids and are still right, but a changed table drops them (the `kopie` contract)
DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\';
CREATE TRIGGER rapportkopie_polis_bijgewerkt
    AFTER UPDATE OF versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde,
        uren, soort, geregistreerd_op ON polis_versies
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
CREATE TRIGGER rapportkopie_polis_heropend
    AFTER UPDATE OF vervallen_op ON polis_versies WHEN OLD.vervallen_op IS NOT NULL
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
CREATE TRIGGER rapportkopie_polis_verwijderd AFTER DELETE ON polis_versies
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
",
    r"
-- Issue #13: three indexes fewer that the monthly deliveries of registrations and of persons
-- changed at random places. At its commit SQLite writes every changed page whole to the WAL, so
-- an entry at a random place costs a page (4 KiB) for one row. Measured in the `sqlite3` shell
-- on a copy of the national demo register:
-- - a delivery of 1,500 registrations (1,050 new with their notices, 450 changed) wrote 1,925
--   pages with the first two indexes below and 1,229 without. A registration's current version
--   is now closed through the person's versions (`registratie_versies_bsn`), and a person's
--   notices are found through the person's registrations and the notices' unique registration
--   id;
-- - a delivery of 6,000 persons (4,500 new, 1,500 changed) wrote 3,529 pages with an index by
--   BSN and a unique one of current versions by BSN, and 2,372 with the one index below, which
--   serves both: by BSN it finds every version of a person, and it holds at most one current
--   version per person (key (bsn, 0)), as the unique index did; a closed version's key holds
--   its own version id.
DROP INDEX IF EXISTS registratie_versies_registratie;
DROP INDEX IF EXISTS kennisgevingen_bsn;
DROP INDEX IF EXISTS persoon_versies_huidig;
DROP INDEX IF EXISTS persoon_versies_bsn;
CREATE UNIQUE INDEX IF NOT EXISTS persoon_versies_bsn_huidig
    ON persoon_versies (bsn, (CASE WHEN vervallen_op IS NULL THEN 0 ELSE versie_id END));
",
    r"
-- Issue #13: polis rows without a foreign key to their delivery, as in the PostgreSQL schema.
-- SQLite checked it for every row inserted: a cursor opened on `leveringen`, a probe of its key
-- and the cursor closed again, 8% of applying the national demo's polis. The writer checks the
-- delivery instead once per delivery and transaction (`SqliteTransactie::controleer_levering`),
-- which holds the write lock, and no delivery is ever deleted. SQLite cannot drop a constraint,
-- so the table is copied (ids, contents and order unchanged; the report copies of the polis
-- stay right and are kept), with its index and triggers.
CREATE TABLE polis_versies_zonder_fk (
    versie_id          INTEGER PRIMARY KEY,
    bsn                INTEGER NOT NULL,
    loonheffingennummer INTEGER NOT NULL,
    inlener            INTEGER,
    tijdvak_begin      TEXT NOT NULL,
    tijdvak_einde      TEXT NOT NULL,
    uren               INTEGER NOT NULL,
    soort              TEXT NOT NULL,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL
);
INSERT INTO polis_versies_zonder_fk (versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin,
        tijdvak_einde, uren, soort, geregistreerd_op, vervallen_op, levering_id)
    SELECT versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde, uren,
        soort, geregistreerd_op, vervallen_op, levering_id
    FROM polis_versies ORDER BY versie_id;
DROP TABLE polis_versies;
ALTER TABLE polis_versies_zonder_fk RENAME TO polis_versies;
CREATE INDEX polis_versies_levering_bsn ON polis_versies (levering_id, bsn);
CREATE TRIGGER rapportkopie_polis_bijgewerkt
    AFTER UPDATE OF versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde,
        uren, soort, geregistreerd_op ON polis_versies
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
CREATE TRIGGER rapportkopie_polis_heropend
    AFTER UPDATE OF vervallen_op ON polis_versies WHEN OLD.vervallen_op IS NOT NULL
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
CREATE TRIGGER rapportkopie_polis_verwijderd AFTER DELETE ON polis_versies
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
",
    r"
-- Issue #13: the check of a registration version's cause as three comparisons instead of
-- `oorzaak IN ('LEVERING', 'REFERENTIE', 'HANDELING')`. SQLite evaluates an IN list of three or
-- more values by building a temporary index of the list, anew for every row inserted: a
-- temporary database opened, with its page cache, and closed again, 28% of writing a
-- registration version while a delivery of registrations was applied. The two accept and refuse
-- the same values. SQLite cannot change a check, so the table is copied (ids, contents and
-- order unchanged; its report copy stays right and is kept), with its indexes and triggers.
CREATE TABLE registratie_versies_nieuw (
    versie_id          INTEGER PRIMARY KEY,
    registratie_id     INTEGER NOT NULL,
    bsn                INTEGER NOT NULL,
    grondslag          TEXT NOT NULL,
    ingangsdatum       TEXT NOT NULL,
    einddatum          TEXT,
    reden_einde        TEXT,
    bron_einddatum     TEXT,
    bron_reden_einde   TEXT,
    afgeleid_einddatum TEXT,
    afgeleid_reden     TEXT,
    loonwaarde_pct     INTEGER,
    besluitdatum       TEXT,
    bron_kenmerk       TEXT,
    ingetrokken        INTEGER NOT NULL,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    oorzaak            TEXT NOT NULL
        CHECK (oorzaak = 'LEVERING' OR oorzaak = 'REFERENTIE' OR oorzaak = 'HANDELING'),
    levering_id        INTEGER REFERENCES leveringen (id),
    referentie_versie  TEXT,
    handeling          TEXT
);
INSERT INTO registratie_versies_nieuw (versie_id, registratie_id, bsn, grondslag, ingangsdatum, einddatum, reden_einde,
        bron_einddatum, bron_reden_einde, afgeleid_einddatum, afgeleid_reden, loonwaarde_pct,
        besluitdatum, bron_kenmerk, ingetrokken, geregistreerd_op, vervallen_op, oorzaak,
        levering_id, referentie_versie, handeling)
    SELECT versie_id, registratie_id, bsn, grondslag, ingangsdatum, einddatum, reden_einde,
        bron_einddatum, bron_reden_einde, afgeleid_einddatum, afgeleid_reden, loonwaarde_pct,
        besluitdatum, bron_kenmerk, ingetrokken, geregistreerd_op, vervallen_op, oorzaak,
        levering_id, referentie_versie, handeling
    FROM registratie_versies ORDER BY versie_id;
DROP TABLE registratie_versies;
ALTER TABLE registratie_versies_nieuw RENAME TO registratie_versies;
CREATE INDEX registratie_versies_bsn ON registratie_versies (bsn);
CREATE INDEX registratie_versies_tijd ON registratie_versies (geregistreerd_op);
CREATE TRIGGER rapportkopie_registraties_bijgewerkt
    AFTER UPDATE OF versie_id, bsn, grondslag, ingangsdatum, einddatum, reden_einde, ingetrokken,
        geregistreerd_op ON registratie_versies
BEGIN DELETE FROM rapportkopieen WHERE naam = 'registratie_versies'; END;
CREATE TRIGGER rapportkopie_registraties_heropend
    AFTER UPDATE OF vervallen_op ON registratie_versies WHEN OLD.vervallen_op IS NOT NULL
BEGIN DELETE FROM rapportkopieen WHERE naam = 'registratie_versies'; END;
CREATE TRIGGER rapportkopie_registraties_verwijderd AFTER DELETE ON registratie_versies
BEGIN DELETE FROM rapportkopieen WHERE naam = 'registratie_versies'; END;
",
    r"
-- Issue #13: the person index of the polis rows in blocks (`bsnblokken.rs`) instead of the
-- index polis_versies_levering_bsn (levering_id, bsn). A delivery's rows are written in the
-- order of (first day, BSN), so each row's entry in that index fell at a random place within
-- the delivery's part of it: a descent and, on a full page, a split over its neighbours, for
-- every row. The writer now sorts a delivery's pairs (BSN, version id) and appends them at its
-- commit, about 48 pairs to a row, 12 bytes a pair (BSN as 4 bytes, version id as 8, both
-- big-endian). Here every delivery's pairs are packed alike: in BSN and id order, each BSN's
-- pairs in the block of the position of its first pair (48 positions to a block), so a BSN's
-- pairs of one delivery are never split over two blocks and the blocks of one delivery never
-- overlap, which is all a reader relies on (unlike the writer, which gives a BSN of 48 pairs
-- or more a block of its own, this packing leaves it with the BSNs before it in its 48
-- positions: a larger block, as valid). No table row changes. The blocks are derived from
-- polis_versies alone, so a test that goes back to an earlier migration builds them anew.
DROP TABLE IF EXISTS polis_bsn_blokken;
CREATE TABLE polis_bsn_blokken (
    levering_id  INTEGER NOT NULL,
    eerste_bsn   INTEGER NOT NULL,
    laatste_bsn  INTEGER NOT NULL,
    paren        BLOB NOT NULL,
    PRIMARY KEY (levering_id, eerste_bsn)
) WITHOUT ROWID;
INSERT INTO polis_bsn_blokken (levering_id, eerste_bsn, laatste_bsn, paren)
    SELECT levering_id, min(bsn), max(bsn),
        unhex(group_concat(printf('%08x%016x', bsn, versie_id), '' ORDER BY bsn, versie_id))
    FROM (SELECT levering_id, bsn, versie_id,
            (min(plek) OVER (PARTITION BY levering_id, bsn) - 1) / 48 AS blok
        FROM (SELECT levering_id, bsn, versie_id,
                row_number() OVER (PARTITION BY levering_id ORDER BY bsn, versie_id) AS plek
            FROM polis_versies))
    GROUP BY levering_id, blok;
DROP INDEX IF EXISTS polis_versies_levering_bsn;
",
    r"
-- Issue #13: new pairs of polis_werkgevers go first to a small table of their own; once it
-- would hold 20,000, they go with the transaction's new ones into polis_werkgevers in one
-- ordered pass and the small table is emptied (`rond_polis_af`). A monthly
-- delivery brings a few thousand new pairs; inserted straight into polis_werkgevers (540,000
-- pairs on 2,061 pages in the national demo) they changed 1,621 of its pages at random, every
-- one written whole at the commit, as many pages as the delivery's own rows. A lookup probes
-- both tables.
CREATE TABLE IF NOT EXISTS polis_werkgevers_nieuw (
    bsn            INTEGER NOT NULL,
    fiscaal_nummer INTEGER NOT NULL,
    PRIMARY KEY (bsn, fiscaal_nummer)
) WITHOUT ROWID;
",
    r"
-- Issue #13: a polis row's pay period and kind as numbers (`polisvorm.rs`): the first and last
-- day as whole days since 1970-01-01 (2 bytes each for these years, against 10 as text), the
-- kind as a code (0 REGULIER and 1 WSW_BESCHUT in no bytes at all, 2 BESCHUT_WERK in one,
-- against 8 to 12 as text), and the day of a stretch of polis_stukken likewise. A typical row
-- goes from 63 to 39 bytes: measured with `bench/poliscompact.py` on the national demo's 69
-- polis deliveries, 68,638 pages against 94,364, the commits 23% shorter. Day numbers order as
-- the dates do. Only text in exactly the stored form of a real date is converted (`date(x) =
-- x`: not '2024-02-30', 'now' or a number, which SQLite's date functions would also take);
-- anything else, which the register never wrote, is kept as it was and read as corrupt, as
-- before. A kind is named as `PolisSoort::parse` reads it (any case, spaces trimmed); any
-- other is kept and read as no known kind, as before. The table is copied with its ids and in
-- their order; the report copies of the polis hold the same rows as before, with the same
-- stand, and are kept; the triggers go with the old table and are made again.
CREATE TABLE polis_versies_compact (
    versie_id          INTEGER PRIMARY KEY,
    bsn                INTEGER NOT NULL,
    loonheffingennummer INTEGER NOT NULL,
    inlener            INTEGER,
    tijdvak_begin      INTEGER NOT NULL,
    tijdvak_einde      INTEGER NOT NULL,
    uren               INTEGER NOT NULL,
    soort              INTEGER NOT NULL,
    geregistreerd_op   INTEGER NOT NULL,
    vervallen_op       INTEGER,
    levering_id        INTEGER NOT NULL
);
INSERT INTO polis_versies_compact (versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin,
        tijdvak_einde, uren, soort, geregistreerd_op, vervallen_op, levering_id)
    SELECT versie_id, bsn, loonheffingennummer, inlener,
        CASE WHEN typeof(tijdvak_begin) = 'text' AND date(tijdvak_begin) = tijdvak_begin
            THEN unixepoch(tijdvak_begin) / 86400 ELSE tijdvak_begin END,
        CASE WHEN typeof(tijdvak_einde) = 'text' AND date(tijdvak_einde) = tijdvak_einde
            THEN unixepoch(tijdvak_einde) / 86400 ELSE tijdvak_einde END,
        uren,
        CASE WHEN typeof(soort) != 'text' THEN soort
            WHEN upper(trim(soort)) = 'REGULIER' THEN 0
            WHEN upper(trim(soort)) = 'WSW_BESCHUT' THEN 1
            WHEN upper(trim(soort)) = 'BESCHUT_WERK' THEN 2 ELSE soort END,
        geregistreerd_op, vervallen_op, levering_id
    FROM polis_versies ORDER BY versie_id;
DROP TABLE polis_versies;
ALTER TABLE polis_versies_compact RENAME TO polis_versies;
CREATE TABLE polis_stukken_compact (
    dag          INTEGER NOT NULL,
    eerste       INTEGER NOT NULL,
    laatste      INTEGER NOT NULL,
    levering_id  INTEGER NOT NULL,
    PRIMARY KEY (dag, eerste)
) WITHOUT ROWID;
INSERT INTO polis_stukken_compact (dag, eerste, laatste, levering_id)
    SELECT CASE WHEN typeof(dag) = 'text' AND date(dag) = dag THEN unixepoch(dag) / 86400
            ELSE dag END, eerste, laatste, levering_id
    FROM polis_stukken;
DROP TABLE polis_stukken;
ALTER TABLE polis_stukken_compact RENAME TO polis_stukken;
CREATE TRIGGER rapportkopie_polis_bijgewerkt
    AFTER UPDATE OF versie_id, bsn, loonheffingennummer, inlener, tijdvak_begin, tijdvak_einde,
        uren, soort, geregistreerd_op ON polis_versies
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
CREATE TRIGGER rapportkopie_polis_heropend
    AFTER UPDATE OF vervallen_op ON polis_versies WHEN OLD.vervallen_op IS NOT NULL
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
CREATE TRIGGER rapportkopie_polis_verwijderd AFTER DELETE ON polis_versies
BEGIN DELETE FROM rapportkopieen WHERE naam LIKE 'polis\_versies:%' ESCAPE '\'; END;
",
    r"
-- Issue #13: the employers' hours of one year by loonheffingennummer. The quota report read a
-- year's rows (16,002 on the national demo register) by scanning all years' (176,022) and
-- sorting them: 6% of a cold `dgr rapport quotum`'s instructions. A delivery of hours is
-- usually one year's, so its entries fall together at the end of that year's part.
CREATE INDEX IF NOT EXISTS werkgeversuren_versies_jaar
    ON werkgeversuren_versies (jaar, loonheffingennummer);
",
];

/// The index in [`MIGRATIES`] of the migration that drops the processing log from the register
/// file; the records are copied to the log file in a transaction of their own just before it.
pub const LOGBOEK_VERHUISD: usize = 6;

/// The records of the register file's processing log, copied to the log file with their ids
/// (`INSERT OR IGNORE`, so a copy interrupted by a crash is simply repeated). A record's audit
/// entry is the one of its trace written at the same instant (`leg_vast` stamps both), else the
/// trace's first.
pub const LOGBOEK_KOPIE: &str = r"
INSERT OR IGNORE INTO logboek.audit (id, trace_id, tijd, sub, rol, organisatie, organisatie_naam,
    client_ip, handeling, bsn_opvragingen, buiten_eigen_polis)
SELECT id, trace_id, tijd, sub, rol, organisatie, organisatie_naam, client_ip, handeling,
    bsn_opvragingen, buiten_eigen_polis FROM main.audit;
INSERT OR IGNORE INTO logboek.verwerkingen
SELECT v.*, coalesce(
    (SELECT min(a.id) FROM main.audit a WHERE a.trace_id = v.trace_id AND a.tijd = v.end_time),
    (SELECT min(a.id) FROM main.audit a WHERE a.trace_id = v.trace_id))
FROM main.verwerkingen v;
";

/// The schema of the processing-log file, attached to every register connection as `logboek`
/// (versioned by `PRAGMA logboek.user_version`). The columns are those of the tables migration 4
/// created in the register file, in the same order, plus `audit_id`: a record names its audit
/// entry by row id, so no index on the random trace ids has to be kept up at every lookup.
pub const LOGBOEK_MIGRATIES: &[&str] = &[
    r"
-- Processing log (Logboek Dataverwerkingen, API.md): one record per data subject, no user identity.
CREATE TABLE logboek.verwerkingen (
    id                      INTEGER PRIMARY KEY,
    trace_id                TEXT NOT NULL,
    span_id                 TEXT NOT NULL,
    parent_span_id          TEXT,
    naam                    TEXT NOT NULL,
    status_code             TEXT NOT NULL CHECK (status_code IN ('OK', 'ERROR', 'UNSET')),
    start_time              INTEGER NOT NULL,
    end_time                INTEGER NOT NULL,
    processing_activity_id  TEXT NOT NULL,
    data_subject_id         TEXT NOT NULL,
    data_subject_id_type    TEXT NOT NULL,
    audit_id                INTEGER
);
CREATE INDEX logboek.verwerkingen_subject ON verwerkingen (data_subject_id);
CREATE INDEX logboek.verwerkingen_tijd ON verwerkingen (start_time);
-- The user behind a trace (actor, role, organisation, client IP), named by the audit_id of its records.
CREATE TABLE logboek.audit (
    id                      INTEGER PRIMARY KEY,
    trace_id                TEXT NOT NULL,
    tijd                    INTEGER NOT NULL,
    sub                     TEXT NOT NULL,
    rol                     TEXT NOT NULL,
    organisatie             TEXT NOT NULL,
    organisatie_naam        TEXT,
    client_ip               TEXT,
    handeling               TEXT NOT NULL,
    bsn_opvragingen         INTEGER NOT NULL,
    buiten_eigen_polis      INTEGER NOT NULL
);
CREATE INDEX logboek.audit_organisatie ON audit (organisatie, tijd);
",
    r"
-- Issue #14: the purpose of an employer's lookup (Wfsv art. 38d lid 7), for the fishing signal.
ALTER TABLE logboek.audit ADD COLUMN doel TEXT CHECK (doel IN ('werknemer', 'sollicitant', 'inlener'));
",
    r"
-- Issue #13: the log's indexes partitioned by place in the log, so an insert touches only the
-- newest part of each index however long the log grows. A data subject's records: per segment
-- of 2^17 = 131,072 consecutive record ids (id >> 17), by the first 16 hex digits (64 bits) of
-- the pseudonym (the query compares the whole one on the row). New records all fall in the last
-- segment, so the part of the index that inserts change holds at most 2^17 entries (~4 MiB,
-- within the writer's page cache) whether the log holds a thousand records or a billion, and a
-- subject's records are read with one probe per segment. SQLite uses an index on an expression only for that very
-- expression: the queries in sqlite/logboek.rs repeat `id >> 17`, `substr(data_subject_id, 1,
-- 16)` and `tijd / 86400000000` (checked by logboek_indexen_worden_gebruikt).
DROP INDEX IF EXISTS logboek.verwerkingen_subject;
CREATE INDEX IF NOT EXISTS logboek.verwerkingen_segment_subject ON verwerkingen ((id >> 17), substr(data_subject_id, 1, 16));
-- An organisation's lookups: per UTC day (86,400,000,000 µs), by organisation; an insert
-- touches today's part only; the daily limit reads the organisation's entries of the day or two
-- since local midnight, one probe per UTC day.
DROP INDEX IF EXISTS logboek.audit_organisatie;
CREATE INDEX IF NOT EXISTS logboek.audit_dag_organisatie ON audit ((tijd / 86400000000), organisatie, tijd);
-- The retention purge: an activity's records in order of start (the index on start_time alone
-- made every portion of a short-lived activity read the records of all longer-kept ones).
DROP INDEX IF EXISTS logboek.verwerkingen_tijd;
CREATE INDEX IF NOT EXISTS logboek.verwerkingen_activiteit_tijd ON verwerkingen (processing_activity_id, start_time);
",
    r"
-- Issue #13: the checks of a record's status and of a lookup's purpose as three comparisons
-- instead of `IN (…)`. SQLite evaluates an IN list of three or more values by building a
-- temporary index of the list (a temporary database opened, filled and closed again) anew for
-- every row inserted, and every lookup inserts an audit entry and a record: the log's writer
-- spent 34-38 µs of CPU per lookup in `bench/http.sh` with the IN lists and 29-30 µs without.
-- The two forms accept and refuse the same values (a NULL purpose passes both). Only the
-- definitions change, not a byte of the tables, so they are rewritten in place by the procedure
-- SQLite gives for removing a CHECK constraint (https://sqlite.org/lang_altertable.html, 'Making
-- Other Kinds Of Table Schema Changes'), valid here because the new checks admit exactly the
-- same rows. It took 0.03 s on a log of 625,000 records, where a copy of the tables took 5.6 s
-- (by estimate some 90 s and twice the disk for 10 million). The runner
-- (LOGBOEK_DEFINITIES_HERSCHREVEN) refuses the migration unless both were rewritten, raises
-- `schema_version` in the same transaction, so that every open connection reads the new
-- definitions, and then turns `writable_schema` off.
PRAGMA writable_schema = ON;
UPDATE logboek.sqlite_schema
    SET sql = replace(sql, 'CHECK (status_code IN (''OK'', ''ERROR'', ''UNSET''))',
        'CHECK (status_code = ''OK'' OR status_code = ''ERROR'' OR status_code = ''UNSET'')')
    WHERE type = 'table' AND name = 'verwerkingen';
UPDATE logboek.sqlite_schema
    SET sql = replace(sql, 'CHECK (doel IN (''werknemer'', ''sollicitant'', ''inlener''))',
        'CHECK (doel = ''werknemer'' OR doel = ''sollicitant'' OR doel = ''inlener'')')
    WHERE type = 'table' AND name = 'audit';
",
    r"
-- Issue #13: a data subject's records found through a table the log's writer fills in bulk,
-- instead of an index every record changed at a random place. Each commit of a group of
-- lookups wrote its records' entries of `verwerkingen_segment_subject` to as many random pages
-- of the newest segment (a lookup benchmark wrote 16 pages of 4 KiB per commit of 11 records,
-- 11 of them that index's), and SQLite writes every changed page whole to the WAL. Now the
-- writer adds the entries of the newest records (those past `verwerkingen_geindexeerd.tot`)
-- once they number 2,048 (`sqlite/logboek.rs`, STAART_MAX), sorted, in its commit, a few
-- entries to every page of the newest segment; a subject's newer records are read from the log
-- itself, fewer than that many rows past `tot`. Segments of 2^14 = 16,384 record ids (id >> 14)
-- keep that part small (at most ~160 pages), at one probe per segment for a subject's records
-- (610 for 10 million records). The entries are made from the records (a scan and a sort);
-- records are only ever inserted past `tot` (the writer, the move out of the register file).
CREATE TABLE logboek.verwerkingen_betrokkenen (
    segment  INTEGER NOT NULL,
    prefix   TEXT NOT NULL,
    id       INTEGER NOT NULL,
    PRIMARY KEY (segment, prefix, id)
) WITHOUT ROWID;
-- Every record with an id up to `tot` has its entry; one row.
CREATE TABLE logboek.verwerkingen_geindexeerd (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    tot  INTEGER NOT NULL
);
INSERT INTO logboek.verwerkingen_betrokkenen (segment, prefix, id)
    SELECT id >> 14, substr(data_subject_id, 1, 16), id FROM logboek.verwerkingen ORDER BY 1, 2, 3;
INSERT INTO logboek.verwerkingen_geindexeerd (id, tot)
    SELECT 1, coalesce(max(id), 0) FROM logboek.verwerkingen;
DROP INDEX IF EXISTS logboek.verwerkingen_segment_subject;
-- A record the retention purge deletes takes its entry along; and should the newest records
-- go, `tot` comes down to the last id left, so the ids SQLite gives again past it are read as
-- records without an entry.
CREATE TRIGGER logboek.verwerkingen_verwijderd AFTER DELETE ON verwerkingen BEGIN
    DELETE FROM verwerkingen_betrokkenen WHERE segment = OLD.id >> 14
        AND prefix = substr(OLD.data_subject_id, 1, 16) AND id = OLD.id;
    UPDATE verwerkingen_geindexeerd SET tot = coalesce((SELECT max(id) FROM verwerkingen), 0)
        WHERE tot > coalesce((SELECT max(id) FROM verwerkingen), 0);
END;
",
    r"
-- Issue #13: the entries of older records merged into groups of 64 segments (2^20 = 1,048,576
-- record ids, `id >> 20`), so that a subject's records take one probe per million records of
-- the log's older part instead of one per 16,384 (the citizen's page probed 1,144 segments on a
-- log of 18.7 million records). The log's writer builds the group of segments `grens` to
-- `grens + 63` once every record in it has its entry (`tot >> 14` at least `grens + 64`), in
-- 4,096 portions by pseudonym prefix, each appending about 256 entries in key order; the last
-- portion moves `grens` on by 64, and then the group's entries are deleted from its segments,
-- 512 per step (sqlite/logboek.rs, voeg_samen). A reader probes the groups up to
-- `grens >> 6` and the segments from `grens` on, and reads each record id once (an entry may be
-- in both while its group is being built). A log of any length starts unmerged (`grens` 0) and
-- is merged by its writer in the background.
CREATE TABLE logboek.verwerkingen_groepen (
    groep   INTEGER NOT NULL,
    prefix  TEXT NOT NULL,
    id      INTEGER NOT NULL,
    PRIMARY KEY (groep, prefix, id)
) WITHOUT ROWID;
CREATE TABLE logboek.verwerkingen_samengevoegd (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    -- the first segment not yet merged: a multiple of 64
    grens   INTEGER NOT NULL CHECK (grens >= 0 AND grens % 64 = 0),
    -- the next portion of the group from `grens` on (0 to 4,095)
    portie  INTEGER NOT NULL CHECK (portie >= 0 AND portie < 4096)
);
INSERT INTO logboek.verwerkingen_samengevoegd (id, grens, portie) VALUES (1, 0, 0);
-- A deleted record takes its entries along from its segment and its group. Should the newest
-- records go, `tot` comes down (the ids past it are given again) and the merge starts over at
-- the group holding the first of those ids, so that their entries are merged into it too.
DROP TRIGGER logboek.verwerkingen_verwijderd;
CREATE TRIGGER logboek.verwerkingen_verwijderd AFTER DELETE ON verwerkingen BEGIN
    DELETE FROM verwerkingen_betrokkenen WHERE segment = OLD.id >> 14
        AND prefix = substr(OLD.data_subject_id, 1, 16) AND id = OLD.id;
    DELETE FROM verwerkingen_groepen WHERE groep = OLD.id >> 20
        AND prefix = substr(OLD.data_subject_id, 1, 16) AND id = OLD.id;
    UPDATE verwerkingen_geindexeerd SET tot = coalesce((SELECT max(id) FROM verwerkingen), 0)
        WHERE tot > coalesce((SELECT max(id) FROM verwerkingen), 0);
    UPDATE verwerkingen_samengevoegd
        SET grens = min(grens, (((SELECT tot FROM verwerkingen_geindexeerd) + 1) >> 20) << 6),
            portie = 0
        WHERE OLD.id > (SELECT tot FROM verwerkingen_geindexeerd);
END;
",
];

/// The index in [`LOGBOEK_MIGRATIES`] of the migration that rewrites the definitions of
/// `verwerkingen` and `audit` in `sqlite_schema` (their checks without `IN`, `writable_schema`
/// left on): the runner checks that both were rewritten, raises the log's `schema_version` and
/// turns `writable_schema` off in the same transaction, and reads its own connection's schema
/// again after the commit.
pub const LOGBOEK_DEFINITIES_HERSCHREVEN: usize = 3;
