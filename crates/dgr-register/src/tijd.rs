//! R-04 time: "today" is the date in Europe/Amsterdam; transaction times are UTC instants shown
//! in Europe/Amsterdam. Nothing here depends on the machine's time zone (case C20).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

/// Now, as a UTC instant.
pub fn nu() -> DateTime<Utc> {
    Utc::now()
}

/// Today's civil date in Europe/Amsterdam.
pub fn vandaag() -> NaiveDate {
    datum_van(nu())
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

#[cfg(test)]
mod tests {
    use super::*;

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
