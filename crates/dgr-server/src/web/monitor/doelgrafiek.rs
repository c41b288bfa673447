//! The measure chart of a quantitative goal (R-45) as server-rendered SVG: baseline B and target
//! T as horizontal lines, the expected line from (S, B) to (E, T), the check-ins as dots and the
//! register's measurement as a square, on a time axis. The goal page shows the same data as
//! tables.

use std::fmt::Write as _;

use chrono::NaiveDate;

/// What the chart draws.
pub(super) struct Doelgrafiek<'a> {
    /// The accessible title.
    pub titel: &'a str,
    /// Start S.
    pub start: NaiveDate,
    /// Deadline E.
    pub deadline: NaiveDate,
    /// Baseline B.
    pub basis: f64,
    /// Target T.
    pub streef: f64,
    /// Check-ins with a value: (date, value).
    pub checkins: Vec<(NaiveDate, f64)>,
    /// The register's measurement: (date, value).
    pub gemeten: Option<(NaiveDate, f64)>,
    /// Today (a vertical marker).
    pub vandaag: NaiveDate,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Doelgrafiek<'_> {
    /// The SVG (760 × 320).
    pub fn svg(&self) -> String {
        let (breedte, hoogte) = (760.0, 320.0);
        // the top holds the legend: one row at desktop width, two larger rows on a phone
        let (links, rechts, boven, onder) = (60.0, 20.0, 76.0, 40.0);
        let mut van = self.start;
        let mut tot = self.deadline;
        for d in self
            .checkins
            .iter()
            .map(|c| c.0)
            .chain(self.gemeten.map(|g| g.0))
            .chain([self.vandaag])
        {
            van = van.min(d);
            tot = tot.max(d);
        }
        let dagen = (tot - van).num_days().max(1) as f64;
        let waarden = [self.basis, self.streef]
            .into_iter()
            .chain(self.checkins.iter().map(|c| c.1))
            .chain(self.gemeten.map(|g| g.1));
        let (mut lo, mut hi) = waarden.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let marge = ((hi - lo) * 0.1).max(0.5);
        // a measure that is never negative gets no negative axis (no "-1 werkplekken")
        lo = if lo >= 0.0 {
            (lo - marge).max(0.0)
        } else {
            lo - marge
        };
        hi += marge;
        let x =
            |d: NaiveDate| links + (breedte - links - rechts) * (d - van).num_days() as f64 / dagen;
        let y = |v: f64| boven + (hoogte - boven - onder) * (1.0 - (v - lo) / (hi - lo));
        let mut s = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" role="img" aria-labelledby="doel-grafiek-titel" class="grafiek"><title id="doel-grafiek-titel">{}</title>"#,
            escape(self.titel)
        );
        for stap in 0..=4 {
            let v = lo + (hi - lo) * f64::from(stap) / 4.0;
            let _ = write!(
                s,
                r##"<line x1="{links}" x2="{}" y1="{yv:.1}" y2="{yv:.1}" stroke="#e3e8ef"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" class="as">{}</text>"##,
                breedte - rechts,
                links - 6.0,
                y(v) + 4.0,
                super::gemeen::getal(v, 1),
                yv = y(v)
            );
        }
        for (d, anker) in [(van, "start"), (tot, "end")] {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{}" font-size="11" text-anchor="{anker}" class="as">{}</text>"#,
                x(d),
                hoogte - onder + 16.0,
                d.format("%d-%m-%Y")
            );
        }
        let lijn = |s: &mut String,
                    x1: f64,
                    y1: f64,
                    x2: f64,
                    y2: f64,
                    kleur: &str,
                    streep: &str| {
            let _ = write!(
                s,
                r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{kleur}" stroke-width="2" stroke-dasharray="{streep}"/>"#
            );
        };
        let (xs, xe) = (x(self.start), x(self.deadline));
        lijn(
            &mut s,
            links,
            y(self.basis),
            breedte - rechts,
            y(self.basis),
            "#5a5a5a",
            "4 4",
        );
        lijn(
            &mut s,
            links,
            y(self.streef),
            breedte - rechts,
            y(self.streef),
            "#2f7d32",
            "8 4",
        );
        lijn(
            &mut s,
            xs,
            y(self.basis),
            xe,
            y(self.streef),
            "#154273",
            "0",
        );
        lijn(
            &mut s,
            x(self.vandaag),
            boven,
            x(self.vandaag),
            hoogte - onder,
            "#e17000",
            "2 3",
        );
        for (d, v) in &self.checkins {
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="5" fill="#8e24aa"><title>check-in {}: {}</title></circle>"##,
                x(*d),
                y(*v),
                d.format("%d-%m-%Y"),
                super::gemeen::getal(*v, 1)
            );
        }
        if let Some((d, v)) = self.gemeten {
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="#b00020"><title>gemeten {}: {}</title></rect>"##,
                x(d) - 5.0,
                y(v) - 5.0,
                d.format("%d-%m-%Y"),
                super::gemeen::getal(v, 1)
            );
        }
        let legenda = [
            ("#5a5a5a", "basiswaarde"),
            ("#2f7d32", "streefwaarde"),
            ("#154273", "verwacht"),
            ("#8e24aa", "check-ins"),
            ("#b00020", "gemeten"),
            ("#e17000", "vandaag"),
        ];
        for (i, (kleur, tekst)) in legenda.iter().enumerate() {
            let lx = links + 115.0 * i as f64;
            // on a phone (CSS shows one of the two): three a row, in the phone's text size
            let (kx, ky) = (10.0 + 250.0 * (i % 3) as f64, 6.0 + 32.0 * (i / 3) as f64);
            let _ = write!(
                s,
                r#"<g class="legenda-lang"><rect x="{lx}" y="8" width="12" height="12" fill="{kleur}"/><text x="{}" y="18" font-size="12">{tekst}</text></g><g class="legenda-kort"><rect x="{kx}" y="{ky}" width="20" height="20" fill="{kleur}"/><text x="{}" y="{}" font-size="24">{tekst}</text></g>"#,
                lx + 16.0,
                kx + 26.0,
                ky + 18.0
            );
        }
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn lijnen_punten_en_titel() {
        let g = Doelgrafiek {
            titel: "Banen <RB>",
            start: d("2024-01-01"),
            deadline: d("2026-01-01"),
            basis: 12.0,
            streef: 20.0,
            checkins: vec![(d("2025-01-01"), 15.5)],
            gemeten: None,
            vandaag: d("2025-01-01"),
        };
        let svg = g.svg();
        assert!(svg.contains("<title id=\"doel-grafiek-titel\">Banen &lt;RB&gt;</title>"));
        // basis, streef, verwacht, vandaag
        assert_eq!(svg.matches("<line").count(), 5 + 4);
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(svg.contains("check-in 01-01-2025: 15,5"), "{svg}");
    }
}
