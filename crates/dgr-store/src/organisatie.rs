//! an organisation's unit trees (`eenheden`) and roster (`personeel`), delivered by the
//! employer itself for the werkgeversmonitor. The organisation is named by its fiscaal nummer;
//! units by their own code. Like every register table these are versions with a recorded period
//! `[geregistreerd_op, vervallen_op)`, so the monitor can be computed as known at any moment.

use chrono::{DateTime, NaiveDate, Utc};

use dgr_core::FiscaalNummer;
use dgr_core::eenheden::{Eenheid, Personeelsrij};

use crate::{Resultaat, Schrijfuitkomst};

/// Reads of the organisation data.
pub trait OrganisatieLezer {
    /// Every unit version of the organisation's trees (all `geldig_vanaf`) as known at
    /// `bekend_op`, by (geldig_vanaf, code).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn eenheden_op(
        &self,
        organisatie: FiscaalNummer,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Eenheid>>;

    /// Every roster row of the organisation as known at `bekend_op`, by (personeelsnummer,
    /// geldig_vanaf).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn personeel_op(
        &self,
        organisatie: FiscaalNummer,
        bekend_op: DateTime<Utc>,
    ) -> Resultaat<Vec<Personeelsrij>>;

    /// The organisations that delivered a unit tree (current data), ascending.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn organisaties(&self) -> Resultaat<Vec<FiscaalNummer>>;
}

/// Writes of the organisation data, inside a [`crate::Transactie`].
pub trait OrganisatieSchrijver {
    /// Upserts one unit of the tree of (`organisatie`, `e.geldig_vanaf`); the key is (code,
    /// geldig_vanaf).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn schrijf_eenheid(
        &mut self,
        organisatie: FiscaalNummer,
        e: &Eenheid,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst>;

    /// R-42 "each delivery is the whole tree from its geldig_vanaf on": closes the current
    /// units of the tree of `geldig_vanaf` whose code is not in `houden`. Returns how many.
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn sluit_eenheden_buiten(
        &mut self,
        organisatie: FiscaalNummer,
        geldig_vanaf: NaiveDate,
        houden: &[String],
        tijd: DateTime<Utc>,
    ) -> Resultaat<u64>;

    /// Upserts one roster row; the key is (personeelsnummer, geldig_vanaf).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn schrijf_personeelsrij(
        &mut self,
        organisatie: FiscaalNummer,
        rij: &Personeelsrij,
        tijd: DateTime<Utc>,
        levering: i64,
    ) -> Resultaat<Schrijfuitkomst>;

    /// The current roster rows of the organisation (inside the transaction).
    ///
    /// # Errors
    /// [`crate::StoreFout`].
    fn huidig_personeel(&mut self, organisatie: FiscaalNummer) -> Resultaat<Vec<Personeelsrij>>;
}

/// The stored columns of a unit version, as both backends read them (code, geldig_vanaf, naam,
/// bovenliggend, soort).
pub(crate) type EenheidKolommen = (String, String, String, Option<String>, Option<String>);

/// The column list matching [`EenheidKolommen`].
pub(crate) const EENHEID_KOLOMMEN: &str = "code, geldig_vanaf, naam, bovenliggend, soort";

/// A unit from its stored columns.
pub(crate) fn eenheid_uit(k: EenheidKolommen) -> Resultaat<Eenheid> {
    let (code, vanaf, naam, bovenliggend, soort) = k;
    Ok(Eenheid {
        code,
        naam,
        bovenliggend,
        soort,
        geldig_vanaf: crate::sqlite::lees_datum("eenheid_versies", &vanaf)?,
    })
}

/// The stored columns of a roster row (personeelsnummer, geldig_vanaf, bsn, eenheid, uit_dienst,
/// uren_per_week in hundredths, functieschaal, leidinggevend 0/1, geslacht, geboortejaar).
pub(crate) type PersoneelKolommen = (
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

/// The column list matching [`PersoneelKolommen`].
pub(crate) const PERSONEEL_KOLOMMEN: &str = "personeelsnummer, geldig_vanaf, bsn, eenheid, uit_dienst, \
     uren_per_week, functieschaal, leidinggevend, geslacht, geboortejaar";

/// A roster row from its stored columns.
pub(crate) fn personeelsrij_uit(k: PersoneelKolommen) -> Resultaat<Personeelsrij> {
    const T: &str = "personeel_versies";
    let (nummer, vanaf, bsn, eenheid, uit, uren, schaal, leiding, geslacht, jaar) = k;
    let corrupt = |reden: String| crate::StoreFout::Corrupt { tabel: T, reden };
    Ok(Personeelsrij {
        personeelsnummer: nummer,
        bsn: crate::sqlite::lees_bsn(T, bsn)?,
        eenheid,
        geldig_vanaf: crate::sqlite::lees_datum(T, &vanaf)?,
        uit_dienst: crate::sqlite::lees_datum_opt(T, uit)?,
        uren_per_week: uren.map(dgr_core::Honderdsten),
        functieschaal: schaal
            .map(|s| u8::try_from(s).map_err(|_| corrupt(format!("functieschaal {s}"))))
            .transpose()?,
        leidinggevend: leiding.map(|l| l != 0),
        geslacht: geslacht
            .map(|g| {
                dgr_core::eenheden::Geslacht::parse(&g)
                    .ok_or_else(|| corrupt(format!("geslacht {g}")))
            })
            .transpose()?,
        geboortejaar: jaar
            .map(|j| i32::try_from(j).map_err(|_| corrupt(format!("geboortejaar {j}"))))
            .transpose()?,
    })
}

/// The values a roster row is stored as (the write side of [`PersoneelKolommen`], without
/// personeelsnummer and geldig_vanaf, which are the key).
pub(crate) struct PersoneelWaarden {
    pub bsn: i64,
    pub eenheid: String,
    pub uit_dienst: Option<String>,
    pub uren_per_week: Option<i64>,
    pub functieschaal: Option<i64>,
    pub leidinggevend: Option<i64>,
    pub geslacht: Option<String>,
    pub geboortejaar: Option<i64>,
}

impl PersoneelWaarden {
    /// The stored values of a row.
    pub(crate) fn van(r: &Personeelsrij) -> PersoneelWaarden {
        PersoneelWaarden {
            bsn: i64::from(r.bsn.waarde()),
            eenheid: r.eenheid.clone(),
            uit_dienst: r.uit_dienst.map(crate::sqlite::datum_tekst),
            uren_per_week: r.uren_per_week.map(|u| u.0),
            functieschaal: r.functieschaal.map(i64::from),
            leidinggevend: r.leidinggevend.map(i64::from),
            geslacht: r.geslacht.map(|g| g.code().to_string()),
            geboortejaar: r.geboortejaar.map(i64::from),
        }
    }
}
