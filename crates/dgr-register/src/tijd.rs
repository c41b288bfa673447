//! R-04 time: "today" is the date in Europe/Amsterdam; transaction times are UTC instants shown
//! in Europe/Amsterdam. Nothing here depends on the machine's time zone (case C20).
//!
//! Every rule that asks "now" or "today" (default peildatum and `bekend_op`, transaction times,
//! "current" employers, terms and windows, urgency, the daily lookup limit) reads it from one
//! [`Klok`]: the real clock in production, a clock set by the test (or by `DGR_NU`) otherwise, so
//! no answer and no test depends on the day it runs. Technical expiries (sessions, tokens,
//! caches) read the real clock, through [`Klok::echt`]; so do the few record timestamps the
//! store stamps itself (a contact request, a changed preference), which decide nothing.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

/// The environment variable that sets the clock of the command line (`DGR_NU=2026-11-20` or an
/// RFC 3339 instant): the clock starts there and runs on.
pub const OMGEVING_NU: &str = "DGR_NU";

/// The clock "now" and "today" are read from. Cheap to copy; the real clock by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Klok {
    stand: Stand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Stand {
    /// The machine's clock.
    #[default]
    Echt,
    /// The machine's clock plus a fixed shift: set to an instant, it runs on from there.
    Verschoven(Duration),
    /// Always the same instant.
    Stil(DateTime<Utc>),
}

impl Klok {
    /// The machine's clock (production).
    pub fn echt() -> Klok {
        Klok { stand: Stand::Echt }
    }

    /// A clock that shows `t` now and runs on at the real pace from there (tests, `DGR_NU`):
    /// instants it gives later are later, so transaction times keep their order.
    pub fn vanaf(t: DateTime<Utc>) -> Klok {
        Klok {
            stand: Stand::Verschoven(t - Utc::now()),
        }
    }

    /// The real clock shifted by `verschuiving` (negative: in the past).
    pub fn verschoven(verschuiving: Duration) -> Klok {
        Klok {
            stand: Stand::Verschoven(verschuiving),
        }
    }

    /// A clock that stands still at `t` (unit tests of a rule at one instant; not for a
    /// register that records transactions, whose times must move on).
    pub fn stil(t: DateTime<Utc>) -> Klok {
        Klok {
            stand: Stand::Stil(t),
        }
    }

    /// The clock of the command line: from `DGR_NU` when set ([`Klok::vanaf`] that instant),
    /// else the real clock.
    ///
    /// # Errors
    /// A Dutch message when `DGR_NU` is not an instant ([`parse_tijdstip`]).
    pub fn uit_omgeving() -> Result<Klok, String> {
        match std::env::var(OMGEVING_NU) {
            Ok(t) if !t.trim().is_empty() => parse_tijdstip(&t)
                .map(Klok::vanaf)
                .map_err(|e| format!("{OMGEVING_NU}: {e}")),
            _ => Ok(Klok::echt()),
        }
    }

    /// Now, as a UTC instant.
    pub fn nu(&self) -> DateTime<Utc> {
        match self.stand {
            Stand::Echt => Utc::now(),
            Stand::Verschoven(d) => Utc::now() + d,
            Stand::Stil(t) => t,
        }
    }

    /// Today's civil date in Europe/Amsterdam.
    pub fn vandaag(&self) -> NaiveDate {
        datum_van(self.nu())
    }

    /// Whether this is the machine's own clock.
    pub fn is_echt(&self) -> bool {
        self.stand == Stand::Echt
    }
}

/// The civil date in Europe/Amsterdam of an instant (23:30 UTC on 31 December is 1 January).
pub fn datum_van(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Amsterdam).date_naive()
}

/// An instant shown in Europe/Amsterdam as RFC 3339 with offset, e.g. `2024-02-01T00:00:00+01:00`.
pub fn toon(t: DateTime<Utc>) -> String {
    t.with_timezone(&Amsterdam)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Parses an instant: RFC 3339 with offset, or a bare date `JJJJ-MM-DD` meaning the start of
/// that day in Europe/Amsterdam.
///
/// # Errors
/// A Dutch message naming the accepted forms.
pub fn parse_tijdstip(tekst: &str) -> Result<DateTime<Utc>, String> {
    let t = tekst.trim();
    if let Ok(x) = DateTime::parse_from_rfc3339(t) {
        return Ok(x.with_timezone(&Utc));
    }
    let datum = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
        format!(
            "ongeldig tijdstip '{t}'; gebruik RFC 3339 (2024-02-01T09:00:00+01:00) of JJJJ-MM-DD"
        )
    })?;
    let middernacht = datum.and_hms_opt(0, 0, 0).ok_or("ongeldige datum")?;
    Amsterdam
        .from_local_datetime(&middernacht)
        .earliest()
        .map(|x| x.with_timezone(&Utc))
        .ok_or_else(|| format!("tijdstip '{t}' bestaat niet in Europe/Amsterdam"))
}

/// Parses what a form's date-time field sends (`JJJJ-MM-DDTHH:MM`, optionally with seconds,
/// a wall-clock time in Europe/Amsterdam), or anything [`parse_tijdstip`] accepts.
///
/// # Errors
/// A Dutch message naming the accepted forms.
pub fn parse_lokaal_tijdstip(tekst: &str) -> Result<DateTime<Utc>, String> {
    let t = tekst.trim();
    let lokaal = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M"))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S"));
    match lokaal {
        Ok(x) => Amsterdam
            .from_local_datetime(&x)
            .earliest()
            .map(|x| x.with_timezone(&Utc))
            .ok_or_else(|| format!("tijdstip '{t}' bestaat niet in Europe/Amsterdam")),
        Err(_) => parse_tijdstip(t).map_err(|_| {
            format!(
                "ongeldig tijdstip '{t}'; gebruik JJJJ-MM-DD UU:MM, bijvoorbeeld 2026-02-01 09:30"
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulier_tijdstip_is_amsterdamse_wandklok() {
        // 2024-07-01 09:30 CEST (+02:00) = 07:30 UTC; 2024-01-15 09:30 CET (+01:00) = 08:30 UTC
        assert_eq!(
            parse_lokaal_tijdstip("2024-07-01T09:30").map(|t| t.to_rfc3339()),
            Ok("2024-07-01T07:30:00+00:00".to_string())
        );
        assert_eq!(
            parse_lokaal_tijdstip("2024-01-15 09:30:15").map(|t| t.to_rfc3339()),
            Ok("2024-01-15T08:30:15+00:00".to_string())
        );
        // a bare date is still midnight in Amsterdam
        assert_eq!(
            parse_lokaal_tijdstip("2024-02-01").map(|t| t.to_rfc3339()),
            Ok("2024-01-31T23:00:00+00:00".to_string())
        );
        assert!(parse_lokaal_tijdstip("gisteren").is_err());
    }

    #[test]
    fn kale_datum_is_middernacht_in_amsterdam() {
        // 2024-02-01 00:00 CET (+01:00) = 2024-01-31 23:00 UTC
        assert_eq!(
            parse_tijdstip("2024-02-01").map(|t| t.to_rfc3339()),
            Ok("2024-01-31T23:00:00+00:00".into())
        );
        // summer time: 2024-07-01 00:00 CEST (+02:00) = 2024-06-30 22:00 UTC
        assert_eq!(
            parse_tijdstip("2024-07-01").map(|t| t.to_rfc3339()),
            Ok("2024-06-30T22:00:00+00:00".into())
        );
        assert!(parse_tijdstip("gisteren").is_err());
        let t = parse_tijdstip("2024-02-01T09:00:00+01:00").unwrap_or_default();
        assert_eq!(toon(t), "2024-02-01T09:00:00+01:00");
    }

    #[test]
    fn een_gezette_klok_loopt_door_vanaf_zijn_stand() {
        let t = parse_tijdstip("2026-11-20T12:00:00+01:00").unwrap_or_default();
        let k = Klok::vanaf(t);
        let (a, b) = (k.nu(), k.nu());
        // it shows the instant it was set to (plus the moment since), and runs on
        assert!(a >= t && b >= a, "{a} {b}");
        assert_eq!(
            k.vandaag(),
            NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
        );
        // a clock standing still at 23:30 UTC on 31 December says 1 January in Amsterdam
        let stil = Klok::stil(parse_tijdstip("2026-12-31T23:30:00+00:00").unwrap_or_default());
        assert_eq!(
            stil.vandaag(),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default()
        );
        assert_eq!(stil.nu(), stil.nu());
        assert!(Klok::default().is_echt() && !k.is_echt());
    }

    #[test]
    fn datum_van_een_tijdstip_is_de_dag_in_amsterdam() {
        // 23:30 UTC on New Year's Eve is 00:30 CET (+01:00) on 1 January
        let t = parse_tijdstip("2024-12-31T23:30:00+00:00").unwrap_or_default();
        assert_eq!(
            datum_van(t),
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default()
        );
        // 21:59 UTC on 30 June is 23:59 CEST (+02:00), still 30 June
        let t = parse_tijdstip("2024-06-30T21:59:00+00:00").unwrap_or_default();
        assert_eq!(
            datum_van(t),
            NaiveDate::from_ymd_opt(2024, 6, 30).unwrap_or_default()
        );
    }
}
