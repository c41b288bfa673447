//! R-27 regionale trendrapportage with R-40 disclosure control: per arbeidsmarktregio (by the
//! woongemeente of the person, **project decision**) persons, working persons and jobs, change
//! against the previous quarter and the nulmeting, inflow and outflow; national totals.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use dgr_core::banen::banen;
use dgr_core::onthulling::{primair, secundair};
use dgr_core::{Breuk, Breuksom, Bsn, Gemeentecode, LeveringSoort, Periode, Referentie};
use dgr_store::Store;
use serde::Serialize;

use crate::banenmonitor::een_decimaal;
use crate::omvang::{Stuk, reeksen_op_volgorde, stromen, volgorde};
use crate::telling::{
    Kaartbouwer, Kaartvraag, Registratiekaart, Snel, Telt, Telwijze, Werkdagen, dagen, maand,
    plek_langs, tel_uren_per_plek, telt_per_grondslag,
};
use crate::{Herkomst, RapportFout, constante, herkomst};

/// The row of persons without (known) residence in the Netherlands.
pub const ONBEKEND: &str = "ONBEKEND";

/// A quarter `JJJJ-Kn`, ordered in time (by year, then number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kwartaal {
    /// Year.
    pub jaar: i32,
    /// 1..=4.
    pub nummer: u32,
}

impl Kwartaal {
    /// Parses `2025-K3` (also `2025-Q3`).
    ///
    /// # Errors
    /// A Dutch message.
    pub fn parse(tekst: &str) -> Result<Kwartaal, String> {
        let t = tekst.trim().to_ascii_uppercase();
        let fout = || format!("ongeldig kwartaal '{tekst}'; gebruik JJJJ-Kn, bijv. 2025-K3");
        let (j, k) = t
            .split_once("-K")
            .or_else(|| t.split_once("-Q"))
            .ok_or_else(fout)?;
        let jaar: i32 = j.parse().map_err(|_| fout())?;
        let nummer: u32 = k.parse().map_err(|_| fout())?;
        if !(1..=4).contains(&nummer) || !(2013..=2100).contains(&jaar) {
            return Err(fout());
        }
        Ok(Kwartaal { jaar, nummer })
    }

    /// First day.
    pub fn begin(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.jaar, self.nummer * 3 - 2, 1).unwrap_or_default()
    }

    /// First day after.
    pub fn einde(self) -> NaiveDate {
        self.begin()
            .checked_add_months(Months::new(3))
            .unwrap_or_default()
    }

    /// The peildatum: last day of the quarter.
    pub fn peildatum(self) -> NaiveDate {
        self.einde().pred_opt().unwrap_or_default()
    }

    /// The quarter holding `datum`.
    pub fn van_datum(datum: NaiveDate) -> Kwartaal {
        Kwartaal {
            jaar: datum.year(),
            nummer: datum.month0() / 3 + 1,
        }
    }

    /// The next quarter.
    pub fn volgende(self) -> Kwartaal {
        Kwartaal::van_datum(self.einde())
    }

    /// The previous quarter.
    pub fn vorige(self) -> Kwartaal {
        if self.nummer == 1 {
            Kwartaal {
                jaar: self.jaar - 1,
                nummer: 4,
            }
        } else {
            Kwartaal {
                jaar: self.jaar,
                nummer: self.nummer - 1,
            }
        }
    }

    /// The last month of the quarter (P of R-27).
    pub fn laatste_maand(self) -> (NaiveDate, NaiveDate) {
        maand(self.jaar, self.nummer * 3).unwrap_or_default()
    }
}

impl std::fmt::Display for Kwartaal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-K{}", self.jaar, self.nummer)
    }
}

/// One region's published figures; suppressed values are `None` and named in `onderdrukt`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Regiocijfers {
    /// `AMxx` or `ONBEKEND`.
    pub code: String,
    /// Name.
    pub naam: String,
    /// Persons in the register on the peildatum.
    pub personen: Option<u64>,
    /// Persons with counted hours in the last month.
    pub werkende_personen: Option<u64>,
    /// Jobs in the last month, full precision.
    pub banen: Option<f64>,
    /// Jobs rounded to one decimal.
    pub banen_afgerond: Option<String>,
    /// Spells of registration (per person, [`crate::omvang::stromen`]) that began in the quarter.
    pub instroom: Option<u64>,
    /// Spells of registration whose first day out of the register fell in the quarter.
    pub uitstroom: Option<u64>,
    /// Persons: change against the previous quarter.
    pub verandering_personen_vorig_kwartaal: Option<i64>,
    /// Jobs: change against the previous quarter.
    pub verandering_banen_vorig_kwartaal: Option<f64>,
    /// Jobs: change against the nulmeting (December 2012, same region).
    pub verandering_banen_nulmeting: Option<f64>,
    /// Names of the suppressed fields.
    pub onderdrukt: Vec<String>,
}

/// National totals (never suppressed: large counts).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Totaal {
    /// Persons.
    pub personen: u64,
    /// Working persons.
    pub werkende_personen: u64,
    /// Jobs.
    pub banen: f64,
    /// Spells of registration that began in the quarter (as [`Regiocijfers::instroom`]).
    pub instroom: u64,
    /// Spells of registration that ended in the quarter (as [`Regiocijfers::uitstroom`]).
    pub uitstroom: u64,
    /// Inflow per grondslag the spell began with.
    pub instroom_per_grondslag: BTreeMap<String, u64>,
    /// Outflow per reason the spell ended for.
    pub uitstroom_per_reden: BTreeMap<String, u64>,
    /// Persons: change against the previous quarter.
    pub verandering_personen_vorig_kwartaal: i64,
    /// Jobs: change against the previous quarter.
    pub verandering_banen_vorig_kwartaal: f64,
    /// Jobs: change against the nulmeting.
    pub verandering_banen_nulmeting: f64,
}

/// The regional trend of one quarter.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trend {
    /// `JJJJ-Kn`.
    pub kwartaal: String,
    /// Last day of the quarter.
    pub peildatum: NaiveDate,
    /// As known at.
    pub bekend_op: String,
    /// Disclosure threshold used.
    pub onthullingsdrempel: u64,
    /// Per region (35 regions and ONBEKEND).
    pub regios: Vec<Regiocijfers>,
    /// National totals.
    pub totaal: Totaal,
    /// Provenance.
    pub herkomst: Herkomst,
}

/// Exact figures per region before disclosure control.
#[derive(Default, Clone)]
struct Ruw {
    personen: u64,
    werkend: u64,
    /// Exact, reduced when read (`Breuksom`).
    uren: Breuksom,
    instroom: u64,
    uitstroom: u64,
}

/// Makes the regional trend of `kwartaal` as known at `bekend_op`.
///
/// # Errors
/// [`RapportFout`] on storage failure or missing constants.
pub fn maak(
    store: &dyn Store,
    referentie: &Referentie,
    kwartaal: Kwartaal,
    bekend_op: DateTime<Utc>,
) -> Result<Trend, RapportFout> {
    let drempel = constante(referentie, "onthullingsdrempel_personen")?.afgerond(0) as u64;
    let per_week = constante(referentie, "uren_per_baan_per_week")?;
    let regiokaart = Regiokaart::lees(store, referentie, bekend_op)?;

    // one reading of the registrations for both quarters and the nulmeting's map,
    // each window filtered in the store
    let (nul_van, nul_tot) = crate::banenmonitor::nulmeting_maand();
    let nul_venster = [(nul_van, nul_tot)];
    let mut nul = Kaartbouwer::new(
        referentie,
        Kaartvraag {
            vensters: &nul_venster,
            telwijze: Telwijze::Banenafspraak,
        },
    );
    let telt = telt_per_grondslag(referentie, Telwijze::Banenafspraak);
    let mut kwartalen = [
        Kwartaalstukken::new(kwartaal),
        Kwartaalstukken::new(kwartaal.vorige()),
    ];
    let vensters = [kwartalen[0].ruim, kwartalen[1].ruim, nul_venster[0]];
    store.voor_elke_registratieperiode_in(&vensters, bekend_op, &mut |r| {
        nul.neem(r);
        let hoe = telt.get(r.grondslag).copied().unwrap_or(Telt::Nee);
        for k in &mut kwartalen {
            k.neem(r, hoe);
        }
    })?;
    let mut werk = Werkdagen::new(store, bekend_op);
    let [nu, vorig] = kwartalen;
    let nu = nu.uitkomst(store, &mut werk, bekend_op, &regiokaart)?;
    let vorig = vorig.uitkomst(store, &mut werk, bekend_op, &regiokaart)?;
    let nul_kaart = nul.bouw(&mut werk)?;
    let nul_regio = regiokaart.langs(nul_kaart.bsns());
    let mut nul_som = vec![Breuksom::default(); regiokaart.codes.len()];
    tel_uren_per_plek(
        store,
        &nul_kaart,
        nul_van,
        nul_tot,
        bekend_op,
        &mut |plek, _, uren| nul_som[nul_regio[plek]] += uren,
    )?;
    let nul_uren: Vec<Breuk> = nul_som.into_iter().map(|u| u.waarde()).collect();

    let (p_van, p_tot) = kwartaal.laatste_maand();
    let (v_van, v_tot) = kwartaal.vorige().laatste_maand();
    let als_banen = |u: Breuk, van: NaiveDate, tot: NaiveDate| banen(u, dagen(van, tot), per_week);

    let mut codes: Vec<(String, String)> = referentie
        .arbeidsmarktregios()
        .iter()
        .map(|r| (r.code.clone(), r.naam.clone()))
        .collect();
    codes.push((ONBEKEND.into(), "onbekend of buiten Nederland".into()));
    // each published row's figures are those of its code's number
    let nummers: Vec<Regionummer> = codes.iter().map(|(c, _)| regiokaart.nummer(c)).collect();
    let waarden: Vec<Vec<u64>> = nummers
        .iter()
        .map(|&n| {
            let r = &nu.regios[n];
            vec![r.personen, r.werkend, r.instroom, r.uitstroom]
        })
        .collect();
    let masker = onderdruk(
        &waarden,
        &nummers
            .iter()
            .map(|&n| nu.regios[n].uren.waarde().als_f64())
            .collect::<Vec<_>>(),
        drempel,
    );

    let mut regios = Vec::new();
    for (i, (code, naam)) in codes.iter().enumerate() {
        let n = nummers[i];
        let (r, v) = (&nu.regios[n], &vorig.regios[n]);
        let [m_pers, m_werk, m_banen, m_in, m_uit] = masker[i];
        let banen_nu = als_banen(r.uren.waarde(), p_van, p_tot);
        let banen_vorig = als_banen(v.uren.waarde(), v_van, v_tot);
        let banen_nul = als_banen(nul_uren[n], nul_van, nul_tot);
        let vorig_klein = v.personen < drempel || v.werkend < drempel;
        let mut onderdrukt = Vec::new();
        for (m, naam) in [
            (m_pers, "personen"),
            (m_werk, "werkende_personen"),
            (m_banen, "banen"),
            (m_in, "instroom"),
            (m_uit, "uitstroom"),
        ] {
            if m {
                onderdrukt.push(naam.to_string());
            }
        }
        let verandering_personen =
            (!m_pers && v.personen >= drempel).then(|| r.personen as i64 - v.personen as i64);
        let verandering_banen =
            (!m_banen && !vorig_klein).then(|| (banen_nu - banen_vorig).als_f64());
        if verandering_personen.is_none() {
            onderdrukt.push("verandering_personen_vorig_kwartaal".into());
        }
        if verandering_banen.is_none() {
            onderdrukt.push("verandering_banen_vorig_kwartaal".into());
        }
        regios.push(Regiocijfers {
            code: code.clone(),
            naam: naam.clone(),
            personen: (!m_pers).then_some(r.personen),
            werkende_personen: (!m_werk).then_some(r.werkend),
            banen: (!m_banen).then(|| banen_nu.als_f64()),
            banen_afgerond: (!m_banen).then(|| een_decimaal(banen_nu)),
            instroom: (!m_in).then_some(r.instroom),
            uitstroom: (!m_uit).then_some(r.uitstroom),
            verandering_personen_vorig_kwartaal: verandering_personen,
            verandering_banen_vorig_kwartaal: verandering_banen,
            verandering_banen_nulmeting: (!m_banen).then(|| (banen_nu - banen_nul).als_f64()),
            onderdrukt,
        });
    }
    let som = |f: fn(&Ruw) -> u64, x: &Uitkomst| x.regios.iter().map(f).sum::<u64>();
    let uren_totaal = |x: &Uitkomst| x.regios.iter().map(|r| r.uren.waarde()).sum::<Breuk>();
    let banen_totaal = als_banen(uren_totaal(&nu), p_van, p_tot);
    let nul_totaal = als_banen(nul_uren.iter().copied().sum(), nul_van, nul_tot);
    let totaal = Totaal {
        personen: som(|r| r.personen, &nu),
        werkende_personen: som(|r| r.werkend, &nu),
        banen: banen_totaal.als_f64(),
        instroom: som(|r| r.instroom, &nu),
        uitstroom: som(|r| r.uitstroom, &nu),
        instroom_per_grondslag: nu.instroom_per_grondslag.clone(),
        uitstroom_per_reden: nu.uitstroom_per_reden.clone(),
        verandering_personen_vorig_kwartaal: som(|r| r.personen, &nu) as i64
            - som(|r| r.personen, &vorig) as i64,
        verandering_banen_vorig_kwartaal: (banen_totaal
            - als_banen(uren_totaal(&vorig), v_van, v_tot))
        .als_f64(),
        verandering_banen_nulmeting: (banen_totaal - nul_totaal).als_f64(),
    };
    let herkomst = herkomst(
        store,
        referentie,
        "trend",
        vec![("kwartaal".into(), kwartaal.to_string())],
        bekend_op,
        &[
            LeveringSoort::Registraties,
            LeveringSoort::Personen,
            LeveringSoort::Polis,
        ],
    )?;
    Ok(Trend {
        kwartaal: kwartaal.to_string(),
        peildatum: kwartaal.peildatum(),
        bekend_op: herkomst.bekend_op.clone(),
        onthullingsdrempel: drempel,
        regios,
        totaal,
        herkomst,
    })
}

/// R-40 over the columns personen, werkende_personen, banen, instroom, uitstroom (all with a
/// published national total). Returns per region the mask of the five fields.
fn onderdruk(waarden: &[Vec<u64>], uren: &[f64], drempel: u64) -> Vec<[bool; 5]> {
    let mut masker = primair(waarden, drempel);
    // a region whose persons are suppressed has its working persons and jobs suppressed too
    for rij in &mut masker {
        if rij[0] {
            rij[1] = true;
        }
    }
    let kolom = |k: usize| -> (Vec<Vec<f64>>, Vec<Vec<bool>>) {
        (
            waarden.iter().map(|r| vec![r[k] as f64]).collect(),
            masker.iter().map(|m| vec![m[k]]).collect(),
        )
    };
    let mut kolommen: Vec<Vec<bool>> = Vec::new();
    for k in 0..4 {
        let (w, m) = kolom(k);
        kolommen.push(
            secundair(&w, m, false, true)
                .into_iter()
                .map(|x| x[0])
                .collect(),
        );
    }
    // jobs: suppressed with working persons, then their own secondary suppression
    let banen_masker: Vec<Vec<bool>> = kolommen[1].iter().map(|m| vec![*m]).collect();
    let banen_waarden: Vec<Vec<f64>> = uren.iter().map(|u| vec![*u]).collect();
    let banen: Vec<bool> = secundair(&banen_waarden, banen_masker, false, true)
        .into_iter()
        .map(|x| x[0])
        .collect();
    (0..waarden.len())
        .map(|i| {
            [
                kolommen[0][i],
                kolommen[1][i],
                banen[i],
                kolommen[2][i],
                kolommen[3][i],
            ]
        })
        .collect()
}

/// One quarter's exact figures, per region by its [`Regionummer`].
struct Uitkomst {
    regios: Vec<Ruw>,
    instroom_per_grondslag: BTreeMap<String, u64>,
    uitstroom_per_reden: BTreeMap<String, u64>,
}

/// One quarter's registrations, collected during the trend's reading of the registrations: who
/// is in the register on the peildatum, every counting period of each person for the flows,
/// and the registration map of the quarter's last month (jobs, R-20).
struct Kwartaalstukken {
    kwartaal: Kwartaal,
    /// The registrations to read: the flows are those of the register's size per quarter
    /// (spells of a person, `omvang::stromen`), so one day either side of the quarter is read
    /// and a spell running into it from outside is seen whole. With the peildatum and the last
    /// month worked out once: each row is offered to both quarters.
    ruim: (NaiveDate, NaiveDate),
    peil: NaiveDate,
    laatste_maand: (NaiveDate, NaiveDate),
    /// Every person's periods, in the order read (grouped per person in [`Self::uitkomst`]: one
    /// list, not a list per person in a map, which cost a fifth of the trend in fresh memory).
    /// The persons in the register on the peildatum are those with a period holding it.
    stukken: Vec<(Bsn, Stuk)>,
    /// registrations of a grondslag that counts only in a dienstbetrekking.
    voorwaardelijk: Vec<(Bsn, Stuk)>,
    maandkaart: Vec<(Bsn, Periode)>,
    /// The few codes (grondslagen, reasons of an end) of the many periods, each allocated once
    /// and then shared (both quarters' periods are held at once).
    codes: Vec<Arc<str>>,
}

impl Kwartaalstukken {
    fn new(kwartaal: Kwartaal) -> Kwartaalstukken {
        let (begin, einde) = (kwartaal.begin(), kwartaal.einde());
        Kwartaalstukken {
            kwartaal,
            ruim: (
                begin.pred_opt().unwrap_or(begin),
                einde.succ_opt().unwrap_or(einde),
            ),
            peil: kwartaal.peildatum(),
            laatste_maand: kwartaal.laatste_maand(),
            stukken: Vec::new(),
            voorwaardelijk: Vec::new(),
            maandkaart: Vec::new(),
            codes: Vec::new(),
        }
    }

    /// Takes `r` when it overlaps `ruim` and its grondslag counts (`hoe`).
    /// from R-20 on only grondslagen with telt_banenafspraak = J count (WMV counts for
    /// the quota only), for persons and flows alike (issue #9).
    fn neem(&mut self, r: &dgr_store::Registratieperiode<'_>, hoe: Telt) {
        let (ruim_van, ruim_tot) = self.ruim;
        if hoe == Telt::Nee || r.periode.dagen_binnen(ruim_van, ruim_tot) == 0 {
            return;
        }
        let stuk = Stuk {
            periode: r.periode,
            grondslag: self.code(r.grondslag),
            reden_einde: r.reden_einde.map(|c| self.code(c)),
        };
        if hoe == Telt::AlleenInDienstbetrekking {
            self.voorwaardelijk.push((r.bsn, stuk));
            return;
        }
        // the last month lies inside the quarter: its map comes from the same rows
        let (p_van, p_tot) = self.laatste_maand;
        if r.periode.dagen_binnen(p_van, p_tot) > 0 {
            self.maandkaart.push((r.bsn, r.periode));
        }
        self.stukken.push((r.bsn, stuk));
    }

    /// `code` shared with the periods that have it already.
    fn code(&mut self, code: &str) -> Arc<str> {
        if let Some(c) = self.codes.iter().find(|c| ***c == *code) {
            return c.clone();
        }
        let c: Arc<str> = Arc::from(code);
        self.codes.push(c.clone());
        c
    }

    /// R-07 through `werk`: an `alleen_in_dienstbetrekking` registration counts on the days in
    /// a dienstbetrekking, and a stretch that ends because the work ends leaves for the reason
    /// GEEN_DIENSTBETREKKING.
    fn beperk(&mut self, werk: &mut Werkdagen<'_>) -> Result<(), RapportFout> {
        let (p_van, p_tot) = self.laatste_maand;
        werk.lees_vooraf(self.voorwaardelijk.iter().map(|(bsn, _)| *bsn))?;
        for (bsn, stuk) in std::mem::take(&mut self.voorwaardelijk) {
            for periode in werk.beperk(bsn, stuk.periode)? {
                if periode.dagen_binnen(p_van, p_tot) > 0 {
                    self.maandkaart.push((bsn, periode));
                }
                let reden_einde = if periode.einde == stuk.periode.einde {
                    stuk.reden_einde.clone()
                } else {
                    Some(self.code(REDEN_GEEN_DIENSTBETREKKING))
                };
                self.stukken.push((
                    bsn,
                    Stuk {
                        periode,
                        grondslag: stuk.grondslag.clone(),
                        reden_einde,
                    },
                ));
            }
        }
        Ok(())
    }

    /// The figures per region: persons, the flows, and the hours of the last month's polis
    /// rows.
    fn uitkomst(
        mut self,
        store: &dyn Store,
        werk: &mut Werkdagen<'_>,
        bekend_op: DateTime<Utc>,
        regios: &Regiokaart<'_>,
    ) -> Result<Uitkomst, RapportFout> {
        self.beperk(werk)?;
        let mut uit = Uitkomst {
            regios: vec![Ruw::default(); regios.codes.len()],
            instroom_per_grondslag: BTreeMap::new(),
            uitstroom_per_reden: BTreeMap::new(),
        };
        let (begin, einde) = (self.kwartaal.begin(), self.kwartaal.einde());
        // per person in the order `reeksen` merges in (stable: equal periods keep the order read)
        self.stukken
            .sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| volgorde(x, y)));
        let personen: Vec<&[(Bsn, Stuk)]> =
            self.stukken.chunk_by(|(a, _), (b, _)| a == b).collect();
        let regio_van = regios.langs(personen.iter().map(|p| p[0].0));
        for (persoon, &regio) in personen.iter().zip(&regio_van) {
            let r = &mut uit.regios[regio];
            if persoon.iter().any(|(_, s)| s.periode.bevat(self.peil)) {
                r.personen += 1;
            }
            let reeksen = reeksen_op_volgorde(persoon.iter().map(|(_, s)| s));
            let (instroom, uitstroom) = stromen(reeksen, begin, einde);
            r.instroom += instroom.len() as u64;
            r.uitstroom += uitstroom.len() as u64;
            for g in instroom {
                *uit.instroom_per_grondslag.entry(g).or_default() += 1;
            }
            for reden in uitstroom {
                *uit.uitstroom_per_reden.entry(reden).or_default() += 1;
            }
        }
        let (p_van, p_tot) = self.laatste_maand;
        let kaart = Registratiekaart::uit_perioden(self.maandkaart);
        let regio_van = regios.langs(kaart.bsns());
        let mut werkend = vec![false; regio_van.len()];
        tel_uren_per_plek(
            store,
            &kaart,
            p_van,
            p_tot,
            bekend_op,
            &mut |plek, _, uren| {
                let r = &mut uit.regios[regio_van[plek]];
                r.uren += uren;
                if !std::mem::replace(&mut werkend[plek], true) {
                    r.werkend += 1;
                }
            },
        )?;
        Ok(uit)
    }
}

/// The uitstroom reason of a stretch of an `alleen_in_dienstbetrekking` registration that ends
/// because the person's work ends while the registration goes on.
pub const REDEN_GEEN_DIENSTBETREKKING: &str = "GEEN_DIENSTBETREKKING";

/// The number of an arbeidsmarktregio: its place in [`Regiokaart::codes`].
type Regionummer = usize;

/// The arbeidsmarktregio of every person by woongemeente, as known at `bekend_op`, as numbers
/// into `codes` (the reference's regions in order, then [`ONBEKEND`], then any other region a
/// municipality names): persons in ascending BSN order, so that the report's persons, kept in
/// BSN order too, find theirs in one pass (a hash map of every person cost a tenth of the
/// trend in building and lookups). A code that occurs twice always gets its first number, so
/// the figures are per code, as they were when kept in a map by code.
struct Regiokaart<'r> {
    codes: Vec<&'r str>,
    personen: Vec<(Bsn, Regionummer)>,
}

/// The region numbers of [`Regiokaart`]: `regios` in order, then [`ONBEKEND`], then each other
/// region a municipality names, in the order met; and per municipality the number of its
/// region's code (its first place). A municipality given twice keeps the last, as
/// `Referentie::gemeente` does.
fn nummering<'r>(
    regios: impl Iterator<Item = &'r str>,
    gemeenten: impl Iterator<Item = (Gemeentecode, &'r str)>,
) -> (Vec<&'r str>, Snel<Gemeentecode, Regionummer>) {
    let mut codes: Vec<&'r str> = regios.collect();
    codes.push(ONBEKEND);
    let mut per_gemeente = Snel::default();
    for (gemeente, code) in gemeenten {
        let nummer = codes.iter().position(|c| *c == code).unwrap_or_else(|| {
            codes.push(code);
            codes.len() - 1
        });
        per_gemeente.insert(gemeente, nummer);
    }
    (codes, per_gemeente)
}

/// `personen` in ascending BSN order, each once: a person given twice keeps the last (as a
/// map would; the stores give each once). Relies on the sort being stable.
fn op_bsn(mut personen: Vec<(Bsn, Regionummer)>) -> Vec<(Bsn, Regionummer)> {
    personen.sort_by_key(|&(b, _)| b);
    personen.dedup_by(|later, eerder| {
        let dubbel = later.0 == eerder.0;
        if dubbel {
            eerder.1 = later.1;
        }
        dubbel
    });
    personen
}

impl<'r> Regiokaart<'r> {
    /// Reads the woongemeenten; a person without one, or with one the reference does not know,
    /// is left out and counts as [`ONBEKEND`].
    fn lees(
        store: &dyn Store,
        referentie: &'r Referentie,
        bekend_op: DateTime<Utc>,
    ) -> Result<Regiokaart<'r>, RapportFout> {
        let (codes, per_gemeente) = nummering(
            referentie
                .arbeidsmarktregios()
                .iter()
                .map(|r| r.code.as_str()),
            referentie
                .gemeenten()
                .iter()
                .map(|g| (g.code, g.arbeidsmarktregio.as_str())),
        );
        let mut personen = Vec::new();
        store.voor_elke_woongemeente(bekend_op, &mut |bsn, gemeente: Option<Gemeentecode>| {
            if let Some(&r) = gemeente.and_then(|g| per_gemeente.get(&g)) {
                personen.push((bsn, r));
            }
        })?;
        Ok(Regiokaart {
            codes,
            personen: op_bsn(personen),
        })
    }

    /// The number of `code`: its first place in [`Regiokaart::codes`], else [`ONBEKEND`]'s.
    fn nummer(&self, code: &str) -> Regionummer {
        self.codes
            .iter()
            .position(|c| *c == code)
            .unwrap_or_else(|| self.onbekend())
    }

    /// The number persons without a known region count under.
    fn onbekend(&self) -> Regionummer {
        self.codes.iter().position(|c| *c == ONBEKEND).unwrap_or(0)
    }

    /// The region of each of `bsns`, in order; fastest for BSNs in ascending order (one pass
    /// along the persons), right for any order.
    fn langs(&self, bsns: impl Iterator<Item = Bsn>) -> Vec<Regionummer> {
        let onbekend = self.onbekend();
        let mut plek = 0;
        bsns.map(|bsn| {
            plek = plek_langs(&self.personen, |p| p.0, plek, bsn);
            match self.personen.get(plek) {
                Some(&(b, r)) if b == bsn => r,
                _ => onbekend,
            }
        })
        .collect()
    }
}

/// A one-line breakdown of persons (instroom per grondslag, uitstroom per reden) under R-40,
/// for publication beside its total: counts below `drempel` are withheld, and when that leaves
/// exactly one withheld cell the smallest other one is withheld too, so the total cannot give
/// it away. Returns the categories in order with `None` for a withheld count.
pub fn uitsplitsing(per: &BTreeMap<String, u64>, drempel: u64) -> Vec<(String, Option<u64>)> {
    let waarden: Vec<u64> = per.values().copied().collect();
    let masker = primair(std::slice::from_ref(&waarden), drempel);
    let als_f64 = [waarden.iter().map(|&n| n as f64).collect::<Vec<_>>()];
    let masker = secundair(&als_f64, masker, true, false);
    per.iter()
        .zip(masker.into_iter().next().unwrap_or_default())
        .map(|((naam, &n), weg)| (naam.clone(), (!weg).then_some(n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telling::tests::bsns;

    /// Persons a..f; the map knows a (region 0), c (region 2) and e (region 1); b, d and f
    /// have no (known) woongemeente and count as ONBEKEND (number 3 of the four codes). Asked
    /// in ascending order, with a repeat, and then out of order, each gets its own region.
    #[test]
    fn regio_langs_personen_in_elke_volgorde() {
        let [a, b, c, d, e, f] = bsns(300_000_000, 6)[..] else {
            unreachable!()
        };
        let kaart = Regiokaart {
            codes: vec!["AM01", "AM02", "AM03", ONBEKEND],
            personen: vec![(a, 0), (c, 2), (e, 1)],
        };
        assert_eq!(kaart.onbekend(), 3);
        assert_eq!(
            kaart.langs([a, b, c, c, d, e, f].into_iter()),
            [0, 3, 2, 2, 3, 1, 3]
        );
        assert_eq!(
            kaart.langs([f, e, a, d, c, b, a].into_iter()),
            [3, 1, 0, 3, 2, 3, 0]
        );
        assert!(kaart.langs(std::iter::empty()).is_empty());
    }

    /// A reference listing AM01 twice; municipalities 1 (in AM02, then given again in AM01),
    /// 2 (in AM09, a region not listed) and 3 (in a region coded ONBEKEND). By hand: the codes
    /// are AM01, AM02, AM01, ONBEKEND, then AM09 as met; municipality 1 keeps its last entry,
    /// AM01's first number 0; 2 gets AM09's 4; 3 gets ONBEKEND's 3. Both AM01 rows take number
    /// 0, so each shows AM01's figures, as when the figures were kept per code.
    #[test]
    fn regionummers_per_code() {
        let g = |n| Gemeentecode::uit_getal(n).unwrap_or_else(|| unreachable!());
        let (codes, per_gemeente) = nummering(
            ["AM01", "AM02", "AM01"].into_iter(),
            [
                (g(1), "AM02"),
                (g(2), "AM09"),
                (g(3), ONBEKEND),
                (g(1), "AM01"),
            ]
            .into_iter(),
        );
        assert_eq!(codes, ["AM01", "AM02", "AM01", ONBEKEND, "AM09"]);
        assert_eq!(per_gemeente.get(&g(1)), Some(&0));
        assert_eq!(per_gemeente.get(&g(2)), Some(&4));
        assert_eq!(per_gemeente.get(&g(3)), Some(&3));
        let kaart = Regiokaart {
            codes,
            personen: Vec::new(),
        };
        assert_eq!(kaart.nummer("AM01"), 0);
        assert_eq!(kaart.nummer("AM09"), 4);
        assert_eq!(kaart.nummer("AM77"), 3);
        assert_eq!(kaart.onbekend(), 3);
    }

    /// c, a, c, b with regions 1, 2, 3, 0: in BSN order a (2), b (0), c (3, its last).
    #[test]
    fn personen_op_bsn_met_de_laatste() {
        let [a, b, c] = bsns(400_000_000, 3)[..] else {
            unreachable!()
        };
        assert_eq!(
            op_bsn(vec![(c, 1), (a, 2), (c, 3), (b, 0)]),
            [(a, 2), (b, 0), (c, 3)]
        );
    }
}
