//! Payroll (polis) deliveries and job-seeker profiles of the synthetic Netherlands.
//!
//! Who works is calibrated so that December jobs follow the nulmeting plus the published
//! results per sector: every person has fixed propensities `u` (work) and `v` (government), and
//! per December the thresholds are chosen by accumulating the weekly hours (÷ 25.5) of eligible
//! persons in order of `u` (and `v`) until the target is reached. Between Decembers thresholds
//! are interpolated. Employment persists: a worker keeps the employer (and pay rhythm) unless
//! the sector flips or a yearly change (12%) happens.

use chrono::{Datelike, Days, NaiveDate};
use dgr_core::gegevens::Sector;
use dgr_core::lhn::Loonheffingennummer;
use dgr_core::{Bron, Bsn, LeveringSoort, Modus, Referentie};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::bestanden::{Bestand, Dialect, cijfers};
use crate::bevolking::{Bevolking, WswVorm};
use crate::kalender::d;
use crate::leveringen::{tijdstip, voeg_toe};
use crate::organisatie::Organisatie;
use crate::werkgevers::{Soort, Werkgevers};
use crate::{DemoFout, EIND, Plan};

/// Share of the nulmeting (end 2012) in the market sector (**demo assumption**: the sources give
/// only the national total).
const NULMETING_AANDEEL_MARKT: f64 = 0.8;
/// Extra jobs per year after the last published result (the 2024 result: "a rise of 4,000").
const GROEI_NA_LAATSTE: (f64, f64) = (3_300.0, 700.0);
/// Yearly chance that a worker changes employer.
const WISSELKANS_PER_JAAR: f64 = 0.12;
/// Anchor of the 4-weekly pay periods (a Monday; case C23 uses the same grid).
const ANKER_VIERWEKEN: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(x) => x,
    None => NaiveDate::MIN,
};

/// A month for which payroll rows are written.
#[derive(Debug, Clone, Copy)]
struct Maand {
    jaar: i32,
    maand: u32,
    /// Only December of this year is delivered: include the 4-week period running into January.
    los: bool,
}

impl Maand {
    fn eerste(self) -> NaiveDate {
        d(self.jaar, self.maand, 1)
    }
    fn laatste(self) -> NaiveDate {
        dgr_core::datum::laatste_dag_van_maand(self.jaar, self.maand).unwrap_or(self.eerste())
    }
}

fn maanden() -> Vec<Maand> {
    let mut uit: Vec<Maand> = std::iter::once(2012)
        .chain(2015..=2024)
        .map(|jaar| Maand {
            jaar,
            maand: 12,
            los: true,
        })
        .collect();
    for jaar in 2025..=EIND.year() {
        for maand in 1..=12 {
            let m = Maand {
                jaar,
                maand,
                los: false,
            };
            if m.laatste() <= EIND {
                uit.push(m);
            }
        }
    }
    uit
}

/// Target December jobs (national, scale 1.0) per sector for `jaar`.
fn doelen(referentie: &Referentie) -> Vec<(i32, f64, f64)> {
    let nulmeting: f64 = referentie
        .constante("nulmeting_banen_landelijk")
        .and_then(|x| x.parse().ok())
        .unwrap_or(0.0);
    let (nm, no) = (
        nulmeting * NULMETING_AANDEEL_MARKT,
        nulmeting * (1.0 - NULMETING_AANDEEL_MARKT),
    );
    let mut gepubliceerd: Vec<(i32, f64, f64)> = Vec::new();
    if let Some(t) = referentie.bestanden().get("banenafspraak_resultaten.csv") {
        let mut lezer = csv::Reader::from_reader(t.as_bytes());
        for rij in lezer.records().flatten() {
            let jaar = rij.get(0).and_then(|x| x.parse::<i32>().ok());
            let markt = rij.get(4).and_then(|x| x.parse::<f64>().ok());
            let overheid = rij.get(5).and_then(|x| x.parse::<f64>().ok());
            if let (Some(j), Some(m), Some(o)) = (jaar, markt, overheid) {
                gepubliceerd.push((j, m, o));
            }
        }
    }
    let mut uit = vec![(2012, nm, no)];
    let eerste = gepubliceerd.first().copied().unwrap_or((2015, 0.0, 0.0));
    for jaar in 2013..eerste.0 {
        let f = f64::from(jaar - 2012) / f64::from(eerste.0 - 2012);
        uit.push((jaar, nm + f * eerste.1, no + f * eerste.2));
    }
    let mut laatste = eerste;
    for (j, m, o) in &gepubliceerd {
        uit.push((*j, nm + m, no + o));
        laatste = (*j, *m, *o);
    }
    for jaar in laatste.0 + 1..=EIND.year() {
        let n = f64::from(jaar - laatste.0);
        uit.push((
            jaar,
            nm + laatste.1 + n * GROEI_NA_LAATSTE.0,
            no + laatste.2 + n * GROEI_NA_LAATSTE.1,
        ));
    }
    uit
}

/// Per December (15th): the work threshold on `u` and the government threshold on `v`.
struct Drempels {
    punten: Vec<(NaiveDate, f64, f64)>,
}

impl Drempels {
    fn op(&self, datum: NaiveDate) -> (f64, f64) {
        let i = self.punten.partition_point(|p| p.0 <= datum);
        match (
            i.checked_sub(1).and_then(|j| self.punten.get(j)),
            self.punten.get(i),
        ) {
            (Some(a), Some(b)) => {
                let f = (datum - a.0).num_days() as f64 / (b.0 - a.0).num_days().max(1) as f64;
                (a.1 + f * (b.1 - a.1), a.2 + f * (b.2 - a.2))
            }
            (Some(a), None) => (a.1, a.2),
            (None, Some(b)) => (b.1, b.2),
            (None, None) => (0.0, 0.0),
        }
    }
}

struct Model<'a> {
    b: &'a Bevolking,
    regs: Vec<Vec<usize>>,
    telt: Vec<bool>,
}

impl Model<'_> {
    fn in_register(&self, p: usize, datum: NaiveDate, alleen_tellend: bool) -> bool {
        self.regs[p].iter().any(|&i| {
            (!alleen_tellend || self.telt[i])
                && self.b.registraties[i].geldt_op(&self.b.personen[p], datum)
        })
    }

    fn beschut_werk_vanaf(&self, p: usize) -> Option<NaiveDate> {
        self.regs[p]
            .iter()
            .filter_map(|&i| {
                self.b.registraties[i]
                    .einde
                    .filter(|e| e.1 == "BESCHUT_WERK")
                    .map(|e| e.0)
            })
            .min()
    }
}

fn drempels(m: &Model<'_>, referentie: &Referentie, schaal: f64) -> Drempels {
    let mut punten = Vec::new();
    for (jaar, markt, overheid) in doelen(referentie) {
        let peil = d(jaar, 12, 15);
        let mut kandidaten: Vec<(f64, f64, f64)> = (0..m.b.personen.len())
            .filter(|&p| m.b.personen[p].wsw != WswVorm::Beschut && m.in_register(p, peil, true))
            .map(|p| {
                (
                    m.b.personen[p].u,
                    m.b.personen[p].v,
                    m.b.personen[p].uren_week as f64 / 100.0 / 25.5,
                )
            })
            .collect();
        kandidaten.sort_by(|a, b| a.0.total_cmp(&b.0));
        let doel = (markt + overheid) * schaal;
        let mut som = 0.0;
        let mut e = 1.0;
        let mut werkend = Vec::new();
        for (u, v, banen) in &kandidaten {
            if som >= doel {
                e = *u;
                break;
            }
            som += banen;
            werkend.push((*v, *banen));
        }
        werkend.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut som_o = 0.0;
        let mut g = 1.0;
        for (v, banen) in &werkend {
            if som_o >= overheid * schaal {
                g = *v;
                break;
            }
            som_o += banen;
        }
        punten.push((peil, e, g));
    }
    Drempels { punten }
}

/// A current employment.
#[derive(Debug, Clone, Copy)]
struct Dienstverband {
    lhn: Loonheffingennummer,
    inlener: Option<Loonheffingennummer>,
    sector: Sector,
    vierwekelijks: bool,
}

/// The 4-week pay periods (inclusive ends) that end in month `m`, plus for a lone December the
/// period that runs into January.
fn vierweken(m: Maand) -> Vec<(NaiveDate, NaiveDate)> {
    let begin_k = (m.eerste() - ANKER_VIERWEKEN).num_days().div_euclid(28) - 1;
    (begin_k..begin_k + 3)
        .map(|k| {
            let b = ANKER_VIERWEKEN + chrono::Duration::days(28 * k);
            (b, b + Days::new(27))
        })
        .filter(|(b, e)| {
            (m.eerste() <= *e && *e <= m.laatste())
                || (m.los && *b <= m.laatste() && *e > m.laatste())
        })
        .collect()
}

/// Writes every payroll delivery and the job-seeker profiles; the monthly polis files on
/// `schrijvers` threads (at least one), which changes nothing in what is written.
#[expect(
    clippy::too_many_arguments,
    reason = "the generator's parts, passed as they are"
)]
pub fn schrijf_polis(
    plan: &mut Plan,
    b: &Bevolking,
    wg: &Werkgevers,
    org: &Organisatie,
    referentie: &Referentie,
    schaal: f64,
    map: &std::path::Path,
    rng: &mut ChaCha8Rng,
    schrijvers: usize,
) -> Result<(), DemoFout> {
    let mut regs = vec![Vec::new(); b.personen.len()];
    for (i, r) in b.registraties.iter().enumerate() {
        regs[r.persoon].push(i);
    }
    let telt = b
        .registraties
        .iter()
        .map(|r| {
            referentie
                .grondslag(r.grondslag)
                .is_some_and(|g| g.telt_banenafspraak)
        })
        .collect();
    let model = Model { b, regs, telt };
    let drempels = drempels(&model, referentie, schaal);
    let beschut: Vec<Option<NaiveDate>> = (0..b.personen.len())
        .map(|p| model.beschut_werk_vanaf(p))
        .collect();
    let mut dienst: Vec<Option<Dienstverband>> = vec![None; b.personen.len()];
    let mut correcties: Vec<(String, Vec<String>)> = Vec::new();
    let kop = [
        "bsn",
        "loonheffingennummer",
        "inlener_loonheffingennummer",
        "tijdvak_begin",
        "tijdvak_einde",
        "verloonde_uren",
        "soort",
    ];
    // the model draws every row on this thread, in the order of the seed; writer threads write
    // the months' files in their dialects meanwhile (`Maandschrijvers`)
    let mut schrijvers = Maandschrijvers::start(schrijvers)?;
    for m in maanden() {
        let dialect = if m.jaar % 2 == 1 {
            Dialect::NederlandsExcel
        } else {
            Dialect::Standaard
        };
        let naam = format!("{}-{:02}", m.jaar, m.maand);
        let f = Bestand::new(map, &format!("polis_{naam}.csv"), dialect, &kop);
        let mut maand = Maandbestand {
            regels: Vec::new(),
            extra: Vec::new(),
        };
        let peil = m.laatste();
        let (e, g) = drempels.op(peil);
        let wissel = 1.0 - (1.0 - WISSELKANS_PER_JAAR).powf(if m.los { 1.0 } else { 1.0 / 12.0 });
        for (p, persoon) in b.personen.iter().enumerate() {
            let regio = wg
                .regio_van_gemeente
                .get(persoon.gemeente)
                .copied()
                .unwrap_or(0);
            let levend = persoon.natuurlijk_einde.is_none_or(|x| peil < x);
            let mut rijen: Vec<Polisregel> = Vec::new();
            if org.werkt_hier(p, m.eerste(), m.laatste()) {
                // the demo organisation pays them (or hires them in) this month
                dienst[p] = None;
            } else if persoon.wsw == WswVorm::Beschut
                && persoon.u < 0.9
                && model.in_register(p, peil, false)
            {
                let sw = &wg.lijst[wg.sw_bedrijf(regio)];
                let uren = maanduren(persoon.uren_week, m, rng);
                rijen.push(Polisregel {
                    bsn: persoon.bsn,
                    lhn: sw.lhns[0],
                    inlener: None,
                    begin: m.eerste(),
                    einde: m.laatste(),
                    uren,
                    soort: "WSW_BESCHUT",
                });
            } else if let Some(vanaf) =
                beschut[p].filter(|v| *v <= peil && levend && persoon.u < 0.8)
            {
                let gemeente = &wg.lijst[wg.gemeente_als_werkgever[persoon.gemeente]];
                let begin = m.eerste().max(vanaf);
                let uren = uren_over(persoon.uren_week, begin, m.laatste(), rng);
                rijen.push(Polisregel {
                    bsn: persoon.bsn,
                    lhn: gemeente.lhns[0],
                    inlener: None,
                    begin,
                    einde: m.laatste(),
                    uren,
                    soort: "BESCHUT_WERK",
                });
            } else if persoon.u < e && model.in_register(p, peil, false) {
                let sector = if persoon.v < g {
                    Sector::Overheid
                } else {
                    Sector::Markt
                };
                let huidig =
                    dienst[p].filter(|x| x.sector == sector && rng.random::<f64>() >= wissel);
                let dv = huidig
                    .unwrap_or_else(|| nieuw_dienstverband(wg, rng, sector, regio, persoon.wsw));
                dienst[p] = Some(dv);
                if dv.vierwekelijks {
                    for (begin, einde) in vierweken(m) {
                        let uren = (persoon.uren_week as f64 * 4.0 * rng.random_range(0.96..1.04))
                            .round() as i64;
                        rijen.push(Polisregel {
                            bsn: persoon.bsn,
                            lhn: dv.lhn,
                            inlener: dv.inlener,
                            begin,
                            einde,
                            uren,
                            soort: "",
                        });
                    }
                } else {
                    let uren = maanduren(persoon.uren_week, m, rng);
                    rijen.push(Polisregel {
                        bsn: persoon.bsn,
                        lhn: dv.lhn,
                        inlener: dv.inlener,
                        begin: m.eerste(),
                        einde: m.laatste(),
                        uren,
                        soort: "",
                    });
                }
            } else {
                dienst[p] = None;
            }
            for r in rijen {
                if rng.random::<f64>() < 0.003 {
                    correcties.push((naam.clone(), r.als_tekst(&f)));
                }
                maand.regels.push(r);
            }
        }
        let mut modus = Modus::Strict;
        if naam == "2021-12" {
            // deliberately bad rows: three decimals (a thousands separator, case C03) and a BSN
            // that lost two leading zeros (case C07)
            maand.extra.push(
                [
                    "999991176",
                    "123456782L01",
                    "",
                    "01-12-2021",
                    "31-12-2021",
                    "1.326",
                    "",
                ]
                .map(String::from),
            );
            maand.extra.push(
                [
                    "5084039",
                    "123456782L01",
                    "",
                    "01-12-2021",
                    "31-12-2021",
                    "80,5",
                    "",
                ]
                .map(String::from),
            );
            plan.foute_rijen += 2;
            modus = Modus::AcceptValid;
        }
        plan.polisrijen += (maand.regels.len() + maand.extra.len()) as u64;
        let pad = f.pad().to_path_buf();
        if !schrijvers.geef(f, maand) {
            break;
        }
        let levering = if m.los {
            d(m.jaar + 1, 1, 20).max(d(2015, 1, 20))
        } else {
            m.laatste() + Days::new(20)
        };
        voeg_toe(
            plan,
            pad,
            LeveringSoort::Polis,
            Bron::Uwv,
            &format!("UWV-POLIS-{naam}"),
            None,
            modus,
            tijdstip(levering, 8),
        );
    }
    schrijvers.wacht()?;
    schrijf_correcties(plan, correcties, map, rng)?;
    schrijf_kandidaten(plan, b, &model, &drempels, referentie, map, rng)
}

/// One month's polis file as the model drew it: its rows, and the rows written after them as
/// they are (the deliberately bad ones).
struct Maandbestand {
    regels: Vec<Polisregel>,
    extra: Vec<[String; 7]>,
}

/// The threads that write the months' polis files while [`schrijf_polis`] draws the rows
/// (issue #13: formatting the files was most of the time of generating, on one core of the
/// machine). Each month goes whole to one writer, in turn, so the files do not depend on how
/// many there are.
struct Maandschrijvers {
    zenders: Vec<std::sync::mpsc::SyncSender<(Bestand, Maandbestand)>>,
    draden: Vec<std::thread::JoinHandle<std::io::Result<()>>>,
    /// The writer the next month goes to.
    volgende: usize,
}

impl Maandschrijvers {
    /// Starts `aantal` writers (at least one), each with room for one month waiting.
    ///
    /// # Errors
    /// When a thread cannot be started.
    fn start(aantal: usize) -> std::io::Result<Maandschrijvers> {
        let mut schrijvers = Maandschrijvers {
            zenders: Vec::new(),
            draden: Vec::new(),
            volgende: 0,
        };
        for _ in 0..aantal.max(1) {
            let (zender, ontvanger) = std::sync::mpsc::sync_channel(1);
            let draad = std::thread::Builder::new()
                .name("polisbestanden".into())
                .spawn(move || schrijf_maanden(ontvanger))?;
            schrijvers.zenders.push(zender);
            schrijvers.draden.push(draad);
        }
        Ok(schrijvers)
    }

    /// Hands a month to the next writer; `false` when that writer has stopped on an error,
    /// which [`Maandschrijvers::wacht`] returns.
    fn geef(&mut self, f: Bestand, maand: Maandbestand) -> bool {
        let i = self.volgende;
        self.volgende = (i + 1) % self.zenders.len();
        self.zenders[i].send((f, maand)).is_ok()
    }

    /// Waits until every writer has written its months, and returns the first error of any
    /// (every writer is joined first, so a panic of one comes through even when another
    /// failed before it).
    fn wacht(self) -> std::io::Result<()> {
        drop(self.zenders);
        let uitkomsten: Vec<std::io::Result<()>> = self
            .draden
            .into_iter()
            .map(|d| d.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect();
        uitkomsten.into_iter().collect()
    }
}

/// Writes the months' files in the order they come (on a thread of [`Maandschrijvers`]): each
/// row in its file's dialect, then the extra rows.
fn schrijf_maanden(
    ontvanger: std::sync::mpsc::Receiver<(Bestand, Maandbestand)>,
) -> std::io::Result<()> {
    let (mut rij, mut veld) = (csv::ByteRecord::new(), Vec::new());
    for (mut f, maand) in ontvanger {
        for r in &maand.regels {
            r.schrijf_in(&f, &mut rij, &mut veld);
            f.rij_bytes(&rij);
        }
        for r in maand.extra {
            f.rij(r);
        }
        f.sluit()?;
    }
    Ok(())
}

/// One polis row as the model draws it, before it is written in its file's dialect: hours in
/// hundredths, the pay period as its inclusive first and last day, `soort` as in FORMATS.md
/// (empty for a plain employment).
#[derive(Debug, Clone, Copy)]
struct Polisregel {
    bsn: Bsn,
    lhn: Loonheffingennummer,
    inlener: Option<Loonheffingennummer>,
    begin: NaiveDate,
    einde: NaiveDate,
    uren: i64,
    soort: &'static str,
}

impl Polisregel {
    /// The row's seven columns as `f`'s dialect writes them ([`Self::schrijf_in`] as text).
    fn als_tekst(&self, f: &Bestand) -> Vec<String> {
        let (mut rij, mut veld) = (csv::ByteRecord::new(), Vec::new());
        self.schrijf_in(f, &mut rij, &mut veld);
        rij.iter()
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .collect()
    }

    /// Puts the row's seven columns in `rij` as `f`'s dialect writes them (BSN with nine digits,
    /// loonheffingennummers as `{fiscaal:09}L{sub:02}`, dates and hours as [`Bestand::datum`]
    /// and [`Bestand::uren`]), built in `veld` without a `String` per column (issue #13: seven
    /// allocations and formats per row were most of writing the national demo's 6 million
    /// polis rows).
    fn schrijf_in(&self, f: &Bestand, rij: &mut csv::ByteRecord, veld: &mut Vec<u8>) {
        rij.clear();
        veld.clear();
        cijfers(veld, self.bsn.waarde(), 9);
        rij.push_field(veld);
        lhn_in(self.lhn, veld);
        rij.push_field(veld);
        veld.clear();
        if let Some(inlener) = self.inlener {
            lhn_in(inlener, veld);
        }
        rij.push_field(veld);
        f.datum_in(self.begin, veld);
        rij.push_field(veld);
        f.datum_in(self.einde, veld);
        rij.push_field(veld);
        f.uren_in(self.uren, veld);
        rij.push_field(veld);
        rij.push_field(self.soort.as_bytes());
    }
}

/// Writes `lhn` as its `Display` does (`{fiscaal:09}L{sub:02}`) into `uit` (cleared first).
fn lhn_in(lhn: Loonheffingennummer, uit: &mut Vec<u8>) {
    uit.clear();
    cijfers(uit, lhn.fiscaal_nummer().waarde(), 9);
    uit.push(b'L');
    let sub = lhn.subnummer();
    if sub < 100 {
        cijfers(uit, u32::from(sub), 2);
    } else {
        uit.extend_from_slice(itoa::Buffer::new().format(sub).as_bytes());
    }
}

fn maanduren(uren_week: i64, m: Maand, rng: &mut ChaCha8Rng) -> i64 {
    uren_over(uren_week, m.eerste(), m.laatste(), rng)
}

/// Hours (hundredths) paid over the inclusive days `[begin, einde]` at `uren_week` a week, ±4%.
fn uren_over(uren_week: i64, begin: NaiveDate, einde: NaiveDate, rng: &mut ChaCha8Rng) -> i64 {
    let dagen = (einde - begin).num_days() + 1;
    (uren_week as f64 * dagen as f64 / 7.0 * rng.random_range(0.96..1.04)).round() as i64
}

fn nieuw_dienstverband(
    wg: &Werkgevers,
    rng: &mut ChaCha8Rng,
    sector: Sector,
    regio: usize,
    wsw: WswVorm,
) -> Dienstverband {
    let kies_lhn = |rng: &mut ChaCha8Rng, w: usize| {
        let l = &wg.lijst[w].lhns;
        l[rng.random_range(0..l.len())]
    };
    let (betaler, inlener) = if wsw == WswVorm::Gedetacheerd {
        (wg.sw_bedrijf(regio), Some(wg.kies(rng, sector, regio)))
    } else if rng.random::<f64>() < if sector == Sector::Markt { 0.12 } else { 0.05 } {
        (wg.uitzendbureau(rng), Some(wg.kies(rng, sector, regio)))
    } else {
        (wg.kies(rng, sector, regio), None)
    };
    let w = &wg.lijst[betaler];
    Dienstverband {
        lhn: kies_lhn(rng, betaler),
        inlener: inlener.map(|i| kies_lhn(rng, i)),
        sector,
        vierwekelijks: w.vierwekelijks && w.soort != Soort::SwBedrijf,
    }
}

/// Payroll corrections: a later delivery of the same (bsn, lhn, tijdvak) with other hours
/// replaces the earlier row. One correction delivery per year.
fn schrijf_correcties(
    plan: &mut Plan,
    correcties: Vec<(String, Vec<String>)>,
    map: &std::path::Path,
    rng: &mut ChaCha8Rng,
) -> Result<(), DemoFout> {
    let kop = [
        "bsn",
        "loonheffingennummer",
        "inlener_loonheffingennummer",
        "tijdvak_begin",
        "tijdvak_einde",
        "verloonde_uren",
        "soort",
    ];
    let mut per_jaar: std::collections::BTreeMap<String, Vec<Vec<String>>> =
        std::collections::BTreeMap::new();
    for (naam, rij) in correcties {
        per_jaar.entry(naam[..4].to_string()).or_default().push(rij);
    }
    for (jaar, rijen) in per_jaar {
        let j: i32 = jaar.parse().unwrap_or(2015);
        let dialect = if j % 2 == 1 {
            Dialect::NederlandsExcel
        } else {
            Dialect::Standaard
        };
        let mut f = Bestand::new(map, &format!("polis_{jaar}_correcties.csv"), dialect, &kop);
        for mut r in rijen {
            // hours as written in the original dialect; a correction changes them by -10%..+10%
            let h = dgr_core::Honderdsten::parse(&r[5])
                .map(|x| x.0)
                .unwrap_or(0);
            r[5] = f.uren((h as f64 * rng.random_range(0.9..1.1)).round() as i64);
            f.rij(r);
        }
        let levering = if j == 2012 {
            d(2015, 2, 15)
        } else if j >= 2025 {
            d(j.min(EIND.year()), 12, 31).min(EIND + Days::new(25))
        } else {
            d(j + 1, 2, 15)
        };
        let levering = if j == 2025 { d(2026, 2, 15) } else { levering };
        plan.polisrijen += f.rijen;
        voeg_toe(
            plan,
            f.sluit()?,
            LeveringSoort::Polis,
            Bron::Uwv,
            &format!("UWV-POLIS-{jaar}-CORRECTIES"),
            None,
            Modus::Strict,
            tijdstip(levering, 9),
        );
    }
    Ok(())
}

/// Job-seeker profiles of registered persons who do not work (werk.nl), one delivery.
fn schrijf_kandidaten(
    plan: &mut Plan,
    b: &Bevolking,
    m: &Model<'_>,
    drempels: &Drempels,
    referentie: &Referentie,
    map: &std::path::Path,
    rng: &mut ChaCha8Rng,
) -> Result<(), DemoFout> {
    const NIVEAUS: [(&str, f64); 8] = [
        ("GEEN", 0.08),
        ("BASIS", 0.15),
        ("VMBO", 0.25),
        ("MBO1", 0.15),
        ("MBO2_4", 0.25),
        ("HAVO_VWO", 0.05),
        ("HBO", 0.05),
        ("WO", 0.02),
    ];
    const INTERESSES: [&str; 12] = [
        "zorg",
        "groen",
        "logistiek",
        "schoonmaak",
        "horeca",
        "techniek",
        "administratie",
        "ICT",
        "retail",
        "bouw",
        "productie",
        "dieren",
    ];
    let kop = [
        "bsn",
        "opleidingsniveau",
        "uren_per_week",
        "max_reisafstand_km",
        "beschikbaar_vanaf",
        "interesses",
        "woongemeente",
        "herkenbaar",
    ];
    let mut f = Bestand::new(map, "kandidaten_2026.csv", Dialect::Standaard, &kop);
    let (e, _) = drempels.op(EIND);
    let niveaus = crate::Gewogen::new(NIVEAUS.iter().map(|n| n.1).collect());
    for (p, persoon) in b.personen.iter().enumerate() {
        if persoon.u < e
            || persoon.wsw == WswVorm::Beschut
            || !m.in_register(p, EIND, false)
            || rng.random::<f64>() >= 0.3
        {
            continue;
        }
        let gemeente = persoon
            .verhuizing
            .filter(|v| v.0 <= EIND)
            .map_or(persoon.gemeente, |v| v.1);
        let code = referentie
            .gemeenten()
            .get(gemeente)
            .map(|g| g.code.to_string())
            .unwrap_or_default();
        let n = rng.random_range(0..=3);
        let interesses: Vec<&str> = (0..n)
            .map(|_| INTERESSES[rng.random_range(0..INTERESSES.len())])
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        f.rij([
            persoon.bsn.cijfers(),
            NIVEAUS[niveaus.kies(rng)].0.to_string(),
            (rng.random_range(2..=10) * 4).to_string(),
            (rng.random_range(1..=8) * 5).to_string(),
            f.datum(d(2026, rng.random_range(10..=12), 1)),
            interesses.join("|"),
            code,
            if rng.random::<f64>() < 0.85 { "J" } else { "N" }.to_string(),
        ]);
    }
    voeg_toe(
        plan,
        f.sluit()?,
        LeveringSoort::Kandidaten,
        Bron::Uwv,
        "UWV-KANDIDATEN-2026-10",
        None,
        Modus::Strict,
        tijdstip(d(2026, 10, 15), 8),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;
    use dgr_core::Bsn;
    use dgr_core::lhn::Loonheffingennummer;

    use super::Polisregel;
    use crate::bestanden::{Bestand, Dialect};
    use crate::{Instellingen, genereer_met};

    /// A polis row's columns written as bytes (issue #13) are exactly what `format!`, the
    /// loonheffingennummer's `Display` and chrono write (the `String` formatting the files were
    /// written with before), worked out here per column: in every dialect, for BSNs and
    /// loonheffingennummers with leading zeros, with and without an inlener, for hours from 0
    /// to 999.99 and a thousand-hour row, and for pay periods in 1900, 2012 (a leap day) and
    /// 2099 (every day of 1900-2100 is compared with chrono in
    /// `bestanden::tests::datums_zoals_het_formaat`).
    #[test]
    fn polisregel_zoals_format_en_chrono() {
        let map = Path::new("/nonexistent");
        let lhn = |t: &str| Loonheffingennummer::parse(t).unwrap_or_else(|e| unreachable!("{e}"));
        let bsns = ["000000012", "012345672", "123456782", "999999990"];
        let lhns = [
            lhn("000000012L01"),
            lhn("123456782L99"),
            lhn("999999990L00"),
        ];
        let datum = |j, m, d| NaiveDate::from_ymd_opt(j, m, d).unwrap_or_default();
        let dagen = [
            (datum(1900, 1, 1), datum(1900, 1, 28)),
            (datum(2012, 2, 29), datum(2012, 3, 27)),
            (datum(2099, 12, 1), datum(2099, 12, 31)),
        ];
        for (dialect, datumformaat, komma) in [
            (Dialect::Standaard, "%Y-%m-%d", '.'),
            (Dialect::NederlandsExcel, "%d-%m-%Y", ','),
            (Dialect::Utf8BomSep, "%Y-%m-%d", ','),
        ] {
            let f = Bestand::new(map, "p.csv", dialect, &["a"]);
            for (i, uren) in (0..100_000).step_by(7).chain([100_000]).enumerate() {
                let r = Polisregel {
                    bsn: Bsn::parse(bsns[i % bsns.len()]).unwrap_or_else(|e| unreachable!("{e}")),
                    lhn: lhns[i % lhns.len()],
                    inlener: (i % 2 == 0).then(|| lhns[(i + 1) % lhns.len()]),
                    begin: dagen[i % dagen.len()].0,
                    einde: dagen[i % dagen.len()].1,
                    uren,
                    soort: ["", "WSW_BESCHUT", "BESCHUT_WERK"][i % 3],
                };
                let verwacht = [
                    format!("{:09}", r.bsn.waarde()),
                    r.lhn.to_string(),
                    r.inlener.map(|l| l.to_string()).unwrap_or_default(),
                    r.begin.format(datumformaat).to_string(),
                    r.einde.format(datumformaat).to_string(),
                    format!("{}{komma}{:02}", uren / 100, uren % 100),
                    r.soort.to_string(),
                ];
                assert_eq!(r.als_tekst(&f), verwacht, "{dialect:?} {r:?}");
            }
        }
    }

    /// The files of a small demo, by name, with their bytes.
    fn bestanden(map: &Path) -> Vec<(String, Vec<u8>)> {
        let mut uit: Vec<(String, Vec<u8>)> = std::fs::read_dir(map)
            .unwrap_or_else(|e| unreachable!("{e}"))
            .map(|e| {
                let pad = e.unwrap_or_else(|e| unreachable!("{e}")).path();
                let naam = pad.file_name().map(|n| n.to_string_lossy().into_owned());
                let inhoud = std::fs::read(&pad).unwrap_or_else(|e| unreachable!("{e}"));
                (naam.unwrap_or_default(), inhoud)
            })
            .collect();
        uit.sort();
        uit
    }

    /// The polis files are written by several threads (issue #13), each month's file whole by
    /// one of them: one writer and three write the very same bytes, and the polis files hold
    /// exactly the rows the plan counted. That count is taken independently here, as the lines
    /// of every `polis_*.csv` (CRLF-terminated, one header line, no quoted line breaks) minus
    /// its header.
    #[test]
    fn polisbestanden_herhaalbaar_en_volledig() {
        let referentie =
            dgr_core::referentie::Referentie::ingebouwd().unwrap_or_else(|e| unreachable!("{e}"));
        let mut runs = Vec::new();
        for schrijvers in [1, 3] {
            let map = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
            let instellingen = Instellingen {
                schaal: 0.01,
                seed: 2015,
                map: map.path().to_path_buf(),
            };
            let plan = genereer_met(&instellingen, &referentie, schrijvers)
                .unwrap_or_else(|e| unreachable!("{e}"));
            runs.push((plan.polisrijen, bestanden(map.path())));
        }
        let (polisrijen, eerste) = &runs[0];
        assert_eq!(eerste, &runs[1].1, "one writer or three, the same bytes");
        let regels: u64 = eerste
            .iter()
            .filter(|(naam, _)| naam.starts_with("polis_"))
            .map(|(_, inhoud)| inhoud.windows(2).filter(|w| w == b"\r\n").count() as u64 - 1)
            .sum();
        assert!(
            regels > 10_000,
            "{regels} rows: a month of a hundredth of the Netherlands"
        );
        assert_eq!(regels, *polisrijen);
    }
}
