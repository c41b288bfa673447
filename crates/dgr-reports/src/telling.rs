//! The counting engine shared by the reports: which days a person counts (registrations as
//! known at a moment, by grondslag) and the hours of every polis row inside a period.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use dgr_core::banen::uren_in_periode;
use dgr_core::dienstbetrekking::Dienstbetrekking;
use dgr_core::gegevens::{PolisRij, Sector, Werkgever};
use dgr_core::{Breuk, Bsn, Loonheffingennummer, Periode, Referentie};
use dgr_store::Store;

use crate::RapportFout;

/// Which grondslagen count (R-06: `telt_banenafspraak` or `telt_quotum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Telwijze {
    /// The banenafspraak (R-20 … R-27).
    Banenafspraak,
    /// The quota.
    Quotum,
}

/// A hash map with foldhash's fast hasher (seeded per process): the reports look up hundreds
/// of thousands of BSNs and loonheffingennummers per run, where SipHash cost a tenth of the time.
pub(crate) type Snel<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The counting registration periods per person, as known at a moment. A registration of a
/// grondslag that counts only in a dienstbetrekking holds here only on the days it counts.
///
/// Each person's periods are kept merged (overlapping or adjoining periods joined) and in date
/// order, in one vector for all persons: the same days as the registrations, without one
/// allocation per person.
pub struct Registratiekaart {
    /// The persons in ascending BSN order, each with the range of `perioden` holding its
    /// periods: looked up by binary search, or by [`Kaartlezer`] along a stream in BSN order.
    personen: Vec<(Bsn, u32, u32)>,
    perioden: Vec<Periode>,
}

/// One map asked of [`Registratiekaart::laad_elk`]: the registrations overlapping any of the
/// half-open `vensters`, of the grondslagen that count for `telwijze`.
#[derive(Debug, Clone, Copy)]
pub struct Kaartvraag<'v> {
    /// Half-open date ranges `[van, tot)`.
    pub vensters: &'v [(NaiveDate, NaiveDate)],
    /// How the grondslagen count.
    pub telwijze: Telwijze,
}

/// Collects the registrations of one [`Kaartvraag`] during a pass over the registrations that
/// other maps or a report may share ([`Registratiekaart::laad_elk`], the trend).
pub struct Kaartbouwer<'r, 'v> {
    vraag: Kaartvraag<'v>,
    telt: HashMap<&'r str, Telt>,
    alle: Vec<(Bsn, Periode)>,
    voorwaardelijk: Vec<(Bsn, Periode)>,
}

impl<'r, 'v> Kaartbouwer<'r, 'v> {
    /// An empty collector for `vraag`, with how each grondslag of `referentie` counts.
    pub fn new(referentie: &'r Referentie, vraag: Kaartvraag<'v>) -> Kaartbouwer<'r, 'v> {
        Kaartbouwer {
            vraag,
            telt: telt_per_grondslag(referentie, vraag.telwijze),
            alle: Vec::new(),
            voorwaardelijk: Vec::new(),
        }
    }

    /// Takes `r` when it overlaps one of the windows and its grondslag counts.
    pub fn neem(&mut self, r: &dgr_store::Registratieperiode<'_>) {
        if !self
            .vraag
            .vensters
            .iter()
            .any(|&(v, t)| r.periode.dagen_binnen(v, t) > 0)
        {
            return;
        }
        match self.telt.get(r.grondslag).copied().unwrap_or(Telt::Nee) {
            Telt::Nee => {}
            Telt::Ja => self.alle.push((r.bsn, r.periode)),
            Telt::AlleenInDienstbetrekking => self.voorwaardelijk.push((r.bsn, r.periode)),
        }
    }

    /// The map of what was taken, registrations of an `alleen_in_dienstbetrekking` grondslag
    /// restricted to the days in a dienstbetrekking (R-07, through `werk`).
    ///
    /// # Errors
    /// [`RapportFout`] on storage failure.
    pub fn bouw(mut self, werk: &mut Werkdagen<'_>) -> Result<Registratiekaart, RapportFout> {
        self.beperk(werk)?;
        Ok(self.kaart())
    }

    /// replaces the registrations of an `alleen_in_dienstbetrekking` grondslag taken so
    /// far by their days in a dienstbetrekking.
    fn beperk(&mut self, werk: &mut Werkdagen<'_>) -> Result<(), RapportFout> {
        werk.lees_vooraf(self.voorwaardelijk.iter().map(|(bsn, _)| *bsn))?;
        for (bsn, periode) in std::mem::take(&mut self.voorwaardelijk) {
            let stukken = werk.beperk(bsn, periode)?;
            self.alle.extend(stukken.into_iter().map(|p| (bsn, p)));
        }
        Ok(())
    }

    /// The map of what was taken (after [`Kaartbouwer::beperk`]).
    fn kaart(self) -> Registratiekaart {
        Registratiekaart::uit_perioden(self.alle)
    }
}

/// How a grondslag counts for one [`Telwijze`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Telt {
    Nee,
    Ja,
    /// only on days within a REGULIER pay period of the person.
    AlleenInDienstbetrekking,
}

impl Registratiekaart {
    /// Loads the registrations overlapping `[van, tot)` whose grondslag counts for `telwijze`,
    /// and restricts those of an `alleen_in_dienstbetrekking` grondslag to the days the person
    /// works in a dienstbetrekking (R-07; their polis is read as known at `bekend_op`).
    ///
    /// # Errors
    /// [`RapportFout`] on storage failure.
    pub fn laad(
        store: &dyn Store,
        referentie: &Referentie,
        van: NaiveDate,
        tot: NaiveDate,
        bekend_op: DateTime<Utc>,
        telwijze: Telwijze,
    ) -> Result<Registratiekaart, RapportFout> {
        Registratiekaart::laad_vensters(store, referentie, &[(van, tot)], bekend_op, telwijze)
    }

    /// As [`Registratiekaart::laad`] for the registrations overlapping any of the half-open
    /// `vensters`, read in one pass (a report of December 2012 and December of a year).
    ///
    /// # Errors
    /// [`RapportFout`] on storage failure.
    pub fn laad_vensters(
        store: &dyn Store,
        referentie: &Referentie,
        vensters: &[(NaiveDate, NaiveDate)],
        bekend_op: DateTime<Utc>,
        telwijze: Telwijze,
    ) -> Result<Registratiekaart, RapportFout> {
        let vraag = Kaartvraag { vensters, telwijze };
        let [kaart] = Registratiekaart::laad_elk(store, referentie, [vraag], bekend_op)?;
        Ok(kaart)
    }

    /// One map per [`Kaartvraag`], each as [`Registratiekaart::laad_vensters`] gives it, from
    /// one reading of the registrations (the quota report counts its year by `telt_quotum`
    /// and the nulmeting by `telt_banenafspraak`: one scan of the registrations instead of
    /// two). Each R-07 person's polis is read once for all maps.
    ///
    /// # Errors
    /// [`RapportFout`] on storage failure.
    pub fn laad_elk<const N: usize>(
        store: &dyn Store,
        referentie: &Referentie,
        vragen: [Kaartvraag<'_>; N],
        bekend_op: DateTime<Utc>,
    ) -> Result<[Registratiekaart; N], RapportFout> {
        let mut bouwers = vragen.map(|v| Kaartbouwer::new(referentie, v));
        let vensters: Vec<(NaiveDate, NaiveDate)> = vragen
            .iter()
            .flat_map(|v| v.vensters.iter().copied())
            .collect();
        store.voor_elke_registratieperiode_in(&vensters, bekend_op, &mut |r| {
            for b in &mut bouwers {
                b.neem(r);
            }
        })?;
        let mut werk = Werkdagen::new(store, bekend_op);
        for b in &mut bouwers {
            b.beperk(&mut werk)?;
        }
        Ok(bouwers.map(Kaartbouwer::kaart))
    }

    /// The map of the counting periods given (already read and restricted, R-07): grouped per
    /// person, merged where they overlap or adjoin, and in date order.
    pub(crate) fn uit_perioden(mut alle: Vec<(Bsn, Periode)>) -> Registratiekaart {
        sorteer_per_persoon(&mut alle);
        let mut personen = Vec::with_capacity(alle.len());
        let mut perioden: Vec<Periode> = Vec::with_capacity(alle.len());
        for persoon in alle.chunk_by(|a, b| a.0 == b.0) {
            let begin = perioden.len();
            for &(_, p) in persoon {
                match perioden[begin..].last_mut() {
                    Some(l) if l.einde.is_none_or(|e| p.begin <= e) => {
                        l.einde = l.einde.zip(p.einde).map(|(a, b)| a.max(b));
                    }
                    _ => perioden.push(p),
                }
            }
            let bereik = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            personen.push((persoon[0].0, bereik(begin), bereik(perioden.len())));
        }
        Registratiekaart { personen, perioden }
    }

    fn perioden_van(&self, plek: usize, bsn: Bsn) -> &[Periode] {
        match self.personen.get(plek) {
            Some(&(b, a, e)) if b == bsn => &self.perioden[a as usize..e as usize],
            _ => &[],
        }
    }

    /// Every person's counting periods (merged, in date order), in BSN order.
    pub fn per_persoon(&self) -> impl Iterator<Item = &[Periode]> {
        self.personen
            .iter()
            .map(|&(_, a, b)| &self.perioden[a as usize..b as usize])
    }

    /// The counting periods of a person: merged, in date order.
    pub fn van(&self, bsn: Bsn) -> &[Periode] {
        self.perioden_van(self.personen.partition_point(|p| p.0 < bsn), bsn)
    }

    /// A reader for looking up the BSNs of a stream in mostly ascending order, such as polis
    /// rows in key order.
    pub fn lezer(&self) -> Kaartlezer<'_> {
        Kaartlezer {
            kaart: self,
            plek: 0,
        }
    }

    /// The persons of the map in ascending order; a person's index here is its place
    /// ([`Kaartlezer::plek_van`]).
    pub fn bsns(&self) -> impl ExactSizeIterator<Item = Bsn> + '_ {
        self.personen.iter().map(|&(b, _, _)| b)
    }

    /// Whether the person is in the register (counting) on `datum`.
    pub fn ingeschreven_op(&self, bsn: Bsn, datum: NaiveDate) -> bool {
        self.van(bsn).iter().any(|p| p.bevat(datum))
    }

    /// Persons with at least one counting registration on `datum`.
    pub fn personen_op(&self, datum: NaiveDate) -> impl Iterator<Item = Bsn> + '_ {
        self.personen
            .iter()
            .filter(move |&&(_, a, b)| {
                self.perioden[a as usize..b as usize]
                    .iter()
                    .any(|p| p.bevat(datum))
            })
            .map(|&(b, _, _)| b)
    }
}

/// From how many periods [`sorteer_per_persoon`] sorts on two threads: below it a thread
/// costs more than it saves (a national register's map has about 500,000).
const TWEE_DRADEN_VANAF: usize = 1 << 16;

/// Sorts a map's periods by person and first day, the order [`Registratiekaart::uit_perioden`]
/// merges them in. A large list is sorted as two halves at once, on this thread and another,
/// whose two sorted runs the standard library's stable sort then merges in one pass (it finds
/// runs already in order): the sort was 12% of a cold quota report's instructions on the
/// national register, on one core while the other waited (issue #13). Periods with the same
/// person and first day may end up in either order, as with one unstable sort; the merged map
/// does not depend on it. When no thread can be started, the stable sort sorts the whole list
/// here (slower, the same order).
fn sorteer_per_persoon(alle: &mut [(Bsn, Periode)]) {
    let sleutel = |&(b, p): &(Bsn, Periode)| (b, p.begin);
    if alle.len() < TWEE_DRADEN_VANAF {
        alle.sort_unstable_by_key(sleutel);
        return;
    }
    let (links, rechts) = alle.split_at_mut(alle.len() / 2);
    std::thread::scope(|s| {
        // `Scope::spawn` would panic where the system refuses a thread
        let _ = std::thread::Builder::new().spawn_scoped(s, || links.sort_unstable_by_key(sleutel));
        rechts.sort_unstable_by_key(sleutel);
    });
    alle.sort_by_key(sleutel);
}

/// Looks up persons in a [`Registratiekaart`] along a stream of BSNs with [`plek_langs`]: a
/// stream in ascending order (polis rows in key order, R-20) reads the map front to back, and
/// a BSN in the same gap between two persons as the last one (most polis rows are of persons
/// outside the register) takes no search at all. Gives what [`Registratiekaart::van`] gives.
pub struct Kaartlezer<'k> {
    kaart: &'k Registratiekaart,
    plek: usize,
}

impl<'k> Kaartlezer<'k> {
    /// The counting periods of a person: merged, in date order.
    pub fn van(&mut self, bsn: Bsn) -> &'k [Periode] {
        self.plek_van(bsn).1
    }

    /// As [`Kaartlezer::van`], with the person's place in the map (its index in
    /// [`Registratiekaart::bsns`]). Only a non-empty list of periods names a person: with an
    /// empty one the place is where the BSN would be inserted, which may be another person's.
    pub fn plek_van(&mut self, bsn: Bsn) -> (usize, &'k [Periode]) {
        self.plek = plek_langs(&self.kaart.personen, |x| x.0, self.plek, bsn);
        (self.plek, self.kaart.perioden_van(self.plek, bsn))
    }
}

/// The place of `bsn` in `lijst` (ascending by BSN, as `bsn_van` gives it): the first entry
/// whose BSN is not below it, searched from `vanaf`, the place the previous BSN of a stream
/// got. Forward it searches in steps of 1, 2, 4 …, so a stream in ascending order reads the
/// list front to back instead of at random; a BSN in the same gap as the previous one takes no
/// search at all; a smaller BSN starts a new binary search. [`Kaartlezer`] and the trend's
/// regions follow their streams with it.
pub(crate) fn plek_langs<T>(
    lijst: &[T],
    bsn_van: impl Fn(&T) -> Bsn,
    vanaf: usize,
    bsn: Bsn,
) -> usize {
    if lijst.get(vanaf).is_some_and(|x| bsn_van(x) <= bsn) {
        // lijst[laag] <= bsn; the first entry >= bsn lies in [laag, hoog)
        let (mut laag, mut stap) = (vanaf, 1);
        while lijst.get(laag + stap).is_some_and(|x| bsn_van(x) <= bsn) {
            laag += stap;
            stap *= 2;
        }
        let hoog = (laag + stap).min(lijst.len());
        laag + lijst[laag..hoog].partition_point(|x| bsn_van(x) < bsn)
    } else if vanaf
        .checked_sub(1)
        .and_then(|i| lijst.get(i))
        .is_none_or(|x| bsn_van(x) < bsn)
    {
        // lijst[vanaf - 1] < bsn < lijst[vanaf] (or past an end): the place it would have
        vanaf
    } else {
        lijst.partition_point(|x| bsn_van(x) < bsn)
    }
}

/// How each grondslag counts for `telwijze` (R-06: `telt_banenafspraak` or `telt_quotum`; R-07:
/// `alleen_in_dienstbetrekking`), looked up once per report rather than per registration.
pub(crate) fn telt_per_grondslag(
    referentie: &Referentie,
    telwijze: Telwijze,
) -> HashMap<&str, Telt> {
    referentie
        .grondslagen()
        .iter()
        .map(|g| {
            let ja = match telwijze {
                Telwijze::Banenafspraak => g.telt_banenafspraak,
                Telwijze::Quotum => g.telt_quotum,
            };
            let hoe = match (ja, g.alleen_in_dienstbetrekking) {
                (false, _) => Telt::Nee,
                (true, false) => Telt::Ja,
                (true, true) => Telt::AlleenInDienstbetrekking,
            };
            (g.code.as_str(), hoe)
        })
        .collect()
}

/// R-07 for the reports: restricts a registration of an `alleen_in_dienstbetrekking` grondslag
/// to the days its person works in a dienstbetrekking, reading each person's polis (as known at
/// `bekend_op`) once. Only such registrations come here, so the extra reads are few.
pub struct Werkdagen<'a> {
    store: &'a dyn Store,
    bekend_op: DateTime<Utc>,
    per_persoon: HashMap<Bsn, Dienstbetrekking>,
}

impl<'a> Werkdagen<'a> {
    /// Reads polis from `store` as known at `bekend_op`.
    pub fn new(store: &'a dyn Store, bekend_op: DateTime<Utc>) -> Werkdagen<'a> {
        Werkdagen {
            store,
            bekend_op,
            per_persoon: HashMap::new(),
        }
    }

    /// Reads the polis of those of `bsns` not read yet, all in one go
    /// ([`Store::polis_van_elk`]), so that [`Werkdagen::beperk`] finds them.
    ///
    /// # Errors
    /// [`RapportFout`] on storage failure.
    pub fn lees_vooraf(&mut self, bsns: impl IntoIterator<Item = Bsn>) -> Result<(), RapportFout> {
        let mut nieuw: Vec<Bsn> = bsns
            .into_iter()
            .filter(|b| !self.per_persoon.contains_key(b))
            .collect();
        nieuw.sort_unstable();
        nieuw.dedup();
        if nieuw.is_empty() {
            return Ok(());
        }
        for (bsn, rijen) in self.store.polis_van_elk(&nieuw, self.bekend_op)? {
            self.per_persoon
                .insert(bsn, Dienstbetrekking::uit_polis(&rijen));
        }
        Ok(())
    }

    /// The parts of `periode` on which `bsn` works in a dienstbetrekking, in date order.
    ///
    /// # Errors
    /// [`RapportFout`] on storage failure.
    pub fn beperk(&mut self, bsn: Bsn, periode: Periode) -> Result<Vec<Periode>, RapportFout> {
        let werk = match self.per_persoon.entry(bsn) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(Dienstbetrekking::uit_polis(
                &self.store.polis_van(bsn, self.bekend_op)?,
            )),
        };
        Ok(werk.beperk(periode))
    }
}

/// Streams every polis row overlapping `[van, tot)` as known at `bekend_op` and calls
/// `per_rij(rij, uren)` with its counted hours inside the period when they are > 0.
/// Returns the number of rows read.
///
/// # Errors
/// [`RapportFout`] on storage failure.
pub fn tel_uren(
    store: &dyn Store,
    kaart: &Registratiekaart,
    van: NaiveDate,
    tot: NaiveDate,
    bekend_op: DateTime<Utc>,
    per_rij: &mut dyn FnMut(&PolisRij, Breuk),
) -> Result<u64, RapportFout> {
    tel_uren_per_plek(store, kaart, van, tot, bekend_op, &mut |_, rij, uren| {
        per_rij(rij, uren)
    })
}

/// As [`tel_uren`], handing on with each row its person's place in `kaart`
/// ([`Registratiekaart::bsns`]), so that a caller can keep what it counts per person in a list
/// beside the map instead of looking the BSN up again.
///
/// # Errors
/// [`RapportFout`] on storage failure.
pub fn tel_uren_per_plek(
    store: &dyn Store,
    kaart: &Registratiekaart,
    van: NaiveDate,
    tot: NaiveDate,
    bekend_op: DateTime<Utc>,
    per_rij: &mut dyn FnMut(usize, &PolisRij, Breuk),
) -> Result<u64, RapportFout> {
    let mut gelezen = 0;
    let mut lezer = kaart.lezer();
    store.voor_elke_polisrij(van, tot, bekend_op, &mut |rij| {
        gelezen += 1;
        let (plek, perioden) = lezer.plek_van(rij.bsn);
        if perioden.is_empty() {
            return;
        }
        let uren = uren_in_periode(rij, van, tot, perioden);
        if uren.is_positief() {
            per_rij(plek, rij, uren);
        }
    })?;
    Ok(gelezen)
}

/// The sector of each employer on 1 January of a year.
pub struct Sectoren {
    per_lhn: Snel<Loonheffingennummer, Vec<(Option<NaiveDate>, Sector)>>,
}

impl Sectoren {
    /// From the employer data as known at a moment.
    pub fn new(werkgevers: Vec<Werkgever>) -> Sectoren {
        let mut per_lhn: Snel<Loonheffingennummer, Vec<(Option<NaiveDate>, Sector)>> =
            Snel::default();
        for w in werkgevers {
            per_lhn
                .entry(w.loonheffingennummer)
                .or_default()
                .push((w.geldig_vanaf, w.sector));
        }
        for v in per_lhn.values_mut() {
            v.sort();
        }
        Sectoren { per_lhn }
    }

    /// the sector of every employer on 1 January of `jaar` (one lookup per polis row
    /// after this, where [`Sectoren::op_1_januari`] searches the versions each time).
    pub(crate) fn op_1_januari_alle(&self, jaar: i32) -> Snel<Loonheffingennummer, Sector> {
        self.per_lhn
            .keys()
            .filter_map(|&lhn| Some((lhn, self.op_1_januari(lhn, jaar)?)))
            .collect()
    }

    /// the sector registered for `lhn` valid on 1 January of `jaar`, if known.
    pub fn op_1_januari(&self, lhn: Loonheffingennummer, jaar: i32) -> Option<Sector> {
        let peil = NaiveDate::from_ymd_opt(jaar, 1, 1)?;
        let versies = self.per_lhn.get(&lhn)?;
        versies
            .iter()
            .rev()
            .find(|(vanaf, _)| vanaf.is_none_or(|v| v <= peil))
            .or(versies.first())
            .map(|(_, s)| *s)
    }
}

/// The calendar month `[first day, first day of next month)` of a year and month.
pub fn maand(jaar: i32, maand: u32) -> Option<(NaiveDate, NaiveDate)> {
    let van = NaiveDate::from_ymd_opt(jaar, maand, 1)?;
    let tot = if maand == 12 {
        NaiveDate::from_ymd_opt(jaar + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(jaar, maand + 1, 1)?
    };
    Some((van, tot))
}

/// Number of days of `[van, tot)`.
pub fn dagen(van: NaiveDate, tot: NaiveDate) -> i64 {
    (tot - van).num_days()
}

/// The year of a date (for the sector rule).
pub fn jaar_van(d: NaiveDate) -> i32 {
    d.year()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn datum(j: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, d).unwrap_or_default()
    }

    fn periode(begin: NaiveDate, einde: Option<NaiveDate>) -> Periode {
        Periode::new(begin, einde).unwrap_or_else(|| unreachable!())
    }

    /// The valid BSNs (11-test, R-01) from `vanaf` on, ascending (also the trend's tests).
    pub(crate) fn bsns(vanaf: u32, aantal: usize) -> Vec<Bsn> {
        (vanaf..)
            .filter_map(|w| Bsn::from_u32(w).ok())
            .take(aantal)
            .collect()
    }

    /// By hand: A's periods [2020-01-01, 2020-06-01) and [2020-05-01, 2020-09-01) overlap and
    /// merge to [2020-01-01, 2020-09-01); B has none; C's one is open. The reader, along A, A,
    /// C, B, then back to A and on to C, gives what the map gives.
    #[test]
    fn lezer_volgt_de_kaart() {
        let [a, b, c] = bsns(100_000_000, 3)[..] else {
            unreachable!()
        };
        let kaart = Registratiekaart::uit_perioden(vec![
            (c, periode(datum(2019, 3, 1), None)),
            (a, periode(datum(2020, 5, 1), Some(datum(2020, 9, 1)))),
            (a, periode(datum(2020, 1, 1), Some(datum(2020, 6, 1)))),
        ]);
        let van_a = [periode(datum(2020, 1, 1), Some(datum(2020, 9, 1)))];
        let van_c = [periode(datum(2019, 3, 1), None)];
        assert_eq!(kaart.van(a), van_a);
        assert_eq!(kaart.van(b), []);
        assert_eq!(kaart.van(c), van_c);
        let mut lezer = kaart.lezer();
        for (bsn, verwacht) in [
            (a, &van_a[..]),
            (a, &van_a[..]),
            (c, &van_c[..]),
            (b, &[][..]),
            (a, &van_a[..]),
            (c, &van_c[..]),
            (c, &van_c[..]),
        ] {
            assert_eq!(lezer.van(bsn), verwacht);
        }
        // the places: A is the map's first person, C its second (B has none)
        assert_eq!(kaart.bsns().collect::<Vec<_>>(), [a, c]);
        let mut lezer = kaart.lezer();
        assert_eq!(lezer.plek_van(c), (1, &van_c[..]));
        assert_eq!(lezer.plek_van(a), (0, &van_a[..]));
        assert_eq!(lezer.plek_van(b).1, []);
    }

    /// 100,000 periods (above [`TWEE_DRADEN_VANAF`], so sorted on two threads) of 7,919 BSNs,
    /// each BSN's spread over the whole list (and so over both halves): period `i` belongs to
    /// BSN number `i mod 7,919`; with `j = i × 7,919 mod 100,003` (a prime, so a scrambled
    /// order) it begins `j mod 9,973` days after 2000-01-01 and ends `1 + j mod 400` days later,
    /// or is open when 5 divides `j`. The sorted list holds the same periods and is in (BSN,
    /// first day) order. The map holds each person on exactly the days one of its periods
    /// holds (checked on every first day, the day before, every end and the day before it), in
    /// periods that are in order and neither overlap nor adjoin.
    #[test]
    fn grote_kaart_gesorteerd_op_twee_draden() {
        let personen = bsns(300_000_000, 7_919);
        let invoer: Vec<(Bsn, Periode)> = (0..100_000u64)
            .map(|i| {
                let j = (i * 7_919) % 100_003;
                let begin = datum(2000, 1, 1) + chrono::Days::new(j % 9_973);
                let einde = (j % 5 != 0).then(|| begin + chrono::Days::new(1 + j % 400));
                (personen[(i % 7_919) as usize], periode(begin, einde))
            })
            .collect();
        assert!(invoer.len() >= TWEE_DRADEN_VANAF);
        let mut gesorteerd = invoer.clone();
        sorteer_per_persoon(&mut gesorteerd);
        assert!(gesorteerd.is_sorted_by_key(|&(b, p)| (b, p.begin)));
        let volledig = |v: &[(Bsn, Periode)]| {
            let mut v: Vec<_> = v.iter().map(|&(b, p)| (b, p.begin, p.einde)).collect();
            v.sort_unstable();
            v
        };
        assert_eq!(volledig(&gesorteerd), volledig(&invoer));
        let mut per_persoon: HashMap<Bsn, Vec<Periode>> = HashMap::new();
        for &(b, p) in &invoer {
            per_persoon.entry(b).or_default().push(p);
        }
        let kaart = Registratiekaart::uit_perioden(invoer);
        assert_eq!(kaart.bsns().count(), per_persoon.len());
        for (b, eigen) in &per_persoon {
            let dagen = eigen.iter().flat_map(|p| {
                let mut d = vec![p.begin, p.begin - chrono::Days::new(1)];
                d.extend(
                    p.einde
                        .into_iter()
                        .flat_map(|e| [e, e - chrono::Days::new(1)]),
                );
                d
            });
            for dag in dagen {
                let verwacht = eigen.iter().any(|p| p.bevat(dag));
                assert_eq!(kaart.ingeschreven_op(*b, dag), verwacht, "{dag}");
            }
            for paar in kaart.van(*b).windows(2) {
                assert!(paar[0].einde.is_some_and(|e| e < paar[1].begin));
            }
        }
    }

    /// Every third of 3,000 BSNs holds one period of its own (its index in days from
    /// 2000-01-01, to tell them apart). Ascending runs with repeats, restarts and gaps of every
    /// size read the same as a hash map built from the same input.
    #[test]
    fn lezer_langs_stromen() {
        let alle = bsns(200_000_000, 3_000);
        let mut verwacht = HashMap::new();
        let mut invoer = Vec::new();
        for (i, &bsn) in alle.iter().enumerate().step_by(3) {
            let p = periode(datum(2000, 1, 1) + chrono::Days::new(i as u64), None);
            verwacht.insert(bsn, vec![p]);
            invoer.push((bsn, p));
        }
        let kaart = Registratiekaart::uit_perioden(invoer);
        let mut lezer = kaart.lezer();
        for sprong in [1, 2, 5, 17, 400, 2_999] {
            for begin in [0, 1, 1_000] {
                for bsn in alle[begin..].iter().step_by(sprong) {
                    for _ in 0..2 {
                        let gezien = lezer.van(*bsn);
                        assert_eq!(gezien, verwacht.get(bsn).map_or(&[][..], |v| &v[..]));
                    }
                }
            }
        }
    }
}
