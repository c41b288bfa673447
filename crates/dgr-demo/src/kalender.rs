//! Small date helpers for the generator (civil dates only).

use chrono::{Datelike, Days, NaiveDate};
use rand::Rng;

/// A date from parts that are known to be valid in the generator's own tables.
pub fn d(jaar: i32, maand: u32, dag: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(jaar, maand, dag).unwrap_or(NaiveDate::MIN)
}

/// A uniformly random day in `[van, tot]` (inclusive); `van` when the range is empty.
pub fn willekeurige_dag(rng: &mut impl Rng, van: NaiveDate, tot: NaiveDate) -> NaiveDate {
    let dagen = (tot - van).num_days();
    if dagen <= 0 {
        return van;
    }
    van + Days::new(rng.random_range(0..=dagen) as u64)
}

/// The first event of a yearly hazard between `van` and `tot` (inclusive): each calendar year
/// the event happens with probability `kans(jaar)` scaled to the part of the year covered, on a
/// uniformly random day of that part.
pub fn eerste_gebeurtenis(
    rng: &mut impl Rng,
    van: NaiveDate,
    tot: NaiveDate,
    kans: impl Fn(i32) -> f64,
) -> Option<NaiveDate> {
    for jaar in van.year()..=tot.year() {
        let begin = van.max(d(jaar, 1, 1));
        let einde = tot.min(d(jaar, 12, 31));
        if einde < begin {
            continue;
        }
        let deel = ((einde - begin).num_days() + 1) as f64 / 365.25;
        if rng.random::<f64>() < kans(jaar) * deel {
            return Some(willekeurige_dag(rng, begin, einde));
        }
    }
    None
}

/// The quarter index of a date: `jaar * 4 + (kwartaal - 1)`.
pub fn kwartaal(datum: NaiveDate) -> i32 {
    datum.year() * 4 + (datum.month0() / 3) as i32
}

/// First day after quarter `k` (as from [`kwartaal`]).
pub fn na_kwartaal(k: i32) -> NaiveDate {
    let volgend = k + 1;
    d(
        volgend.div_euclid(4),
        (volgend.rem_euclid(4) * 3 + 1) as u32,
        1,
    )
}
