//! Reading tests: the cases of group A (C01–C08, C10) and the parse half of C26, with expected
//! values worked out from FORMATS.md by hand.

use chrono::NaiveDate;
use dgr_core::gegevens::PolisRij;
use dgr_core::registratie::MutatieSoort;
use dgr_core::{Bron, LeveringSoort, Referentie};

use crate::{BestandFout, Codering, Context, Grenzen, Ingelezen, Rijen, lees_levering};

/// The day the test deliveries arrive (fixed, so no test depends on the calendar).
const ONTVANGEN_OP: NaiveDate = match NaiveDate::from_ymd_opt(2026, 6, 30) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

fn referentie() -> Referentie {
    match Referentie::ingebouwd() {
        Ok(r) => r,
        Err(e) => unreachable!("{e}"),
    }
}

fn lees(soort: LeveringSoort, bron: Bron, inhoud: &[u8]) -> Result<Ingelezen, BestandFout> {
    let r = referentie();
    lees_levering(
        inhoud,
        "test.csv",
        Context {
            soort,
            bron,
            referentie: &r,
            ontvangen_op: ONTVANGEN_OP,
            grenzen: Grenzen::STANDAARD,
        },
    )
}

fn lees_ok(soort: LeveringSoort, bron: Bron, inhoud: &[u8]) -> Ingelezen {
    match lees(soort, bron, inhoud) {
        Ok(i) => i,
        Err(e) => unreachable!("{e}"),
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn polis(i: &Ingelezen) -> Vec<PolisRij> {
    match &i.rijen {
        Rijen::Polis(r) => r.iter().map(|x| x.rij.clone()).collect(),
        _ => Vec::new(),
    }
}

fn registraties(i: &Ingelezen) -> Vec<(String, String, NaiveDate)> {
    match &i.rijen {
        Rijen::Registraties(r) => r
            .iter()
            .map(|x| {
                (
                    x.rij.bsn.cijfers(),
                    x.rij.grondslag.clone(),
                    x.rij.ingangsdatum,
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn case_c01_bom_en_quotes_geven_hetzelfde_record() {
    let kaal = b"bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01\n".to_vec();
    let quotes =
        b"\"bsn\";\"grondslag\";\"mutatie\";\"ingangsdatum\"\n111222333;WAJONG;OPVOER;2024-03-01\n"
            .to_vec();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&quotes);
    let verwacht = vec![(
        "111222333".to_string(),
        "WAJONG".to_string(),
        d("2024-03-01"),
    )];
    for inhoud in [kaal, quotes, bom.clone()] {
        let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, &inhoud);
        assert_eq!(registraties(&i), verwacht);
        assert!(
            i.fouten.is_empty() && i.waarschuwingen.is_empty(),
            "{:?} {:?}",
            i.fouten,
            i.waarschuwingen
        );
    }
    assert_eq!(
        lees_ok(LeveringSoort::Registraties, Bron::Uwv, &bom).codering,
        Codering::Utf8MetBom
    );
}

const POLIS_KOP: &str = "bsn,loonheffingennummer,tijdvak_begin,tijdvak_einde,verloonde_uren";

#[test]
fn case_c02_komma_bestand_en_sep_regel() {
    let komma = format!("{POLIS_KOP}\n111222333,123456782L01,2024-01-01,2024-01-31,\"25,5\"\n");
    let i = lees_ok(LeveringSoort::Polis, Bron::Uwv, komma.as_bytes());
    assert_eq!(polis(&i).first().map(|p| p.verloonde_uren.0), Some(2550));
    let sep = "sep=;\nbsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n111222333;123456782L01;2024-01-01;2024-01-31;25,5\n";
    let i = lees_ok(LeveringSoort::Polis, Bron::Uwv, sep.as_bytes());
    assert_eq!(polis(&i).first().map(|p| p.verloonde_uren.0), Some(2550));
    // unquoted 25,5 in a comma file: one field too many -> a row error on physical line 2
    let fout = format!("{POLIS_KOP}\n111222333,123456782L01,2024-01-01,2024-01-31,25,5\n");
    let i = lees_ok(LeveringSoort::Polis, Bron::Uwv, fout.as_bytes());
    assert!(polis(&i).is_empty());
    assert_eq!(i.fouten.first().map(|f| f.regel), Some(2));
    // with the sep= line, errors still name the physical line (3)
    let sep_fout = "sep=;\nbsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n111222333;123456782L01;2024-01-01;2024-01-31;1.326\n";
    let i = lees_ok(LeveringSoort::Polis, Bron::Uwv, sep_fout.as_bytes());
    assert_eq!(
        i.fouten.first().map(|f| (f.regel, f.kolom.as_str())),
        Some((3, "verloonde_uren"))
    );
}

#[test]
fn case_c03_geen_duizendtalscheiding() {
    let t = "bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren\n\
             111222333;123456782L01;2024-01-01;2024-01-31;110,5\n\
             123456782;123456782L01;2024-01-01;2024-01-31;12,75\n\
             012345672;123456782L01;2024-01-01;2024-01-31;1.326\n";
    let i = lees_ok(LeveringSoort::Polis, Bron::Uwv, t.as_bytes());
    let uren: Vec<i64> = polis(&i).iter().map(|p| p.verloonde_uren.0).collect();
    assert_eq!(uren, vec![11050, 1275]);
    assert_eq!(i.fouten.len(), 1);
    assert_eq!(i.fouten[0].regel, 4);
    assert!(
        i.fouten[0].reden.contains("twee decimalen"),
        "{}",
        i.fouten[0].reden
    );
}

#[test]
fn case_c04_windows_1252() {
    let mut inhoud = b"loonheffingennummer;naam;sector\n123456782L01;".to_vec();
    inhoud.extend_from_slice(&[
        0x53, 0xFA, 0x64, 0x77, 0x65, 0x73, 0x74, 0x2D, 0x46, 0x72, 0x79, 0x73, 0x6C, 0xE2, 0x6E,
    ]);
    inhoud.extend_from_slice(b";OVERHEID\n");
    let i = lees_ok(LeveringSoort::Werkgevers, Bron::Belastingdienst, &inhoud);
    let naam = match &i.rijen {
        Rijen::Werkgevers(w) => w.first().map(|x| x.rij.naam.clone()),
        _ => None,
    };
    assert_eq!(naam.as_deref(), Some("Súdwest-Fryslân"));
    assert!(!naam.unwrap_or_default().contains('\u{FFFD}'));
    assert_eq!(i.codering, Codering::Windows1252);
    assert!(i.waarschuwingen.iter().any(|w| w.contains("Windows-1252")));
}

#[test]
fn case_c06_lege_velden_achteraan() {
    let t = "bsn;grondslag;mutatie;ingangsdatum\n\
             111222333;WAJONG;OPVOER;2024-03-01;\n\
             123456782;WAJONG;OPVOER;2024-03-01;;\n\
             012345672;WAJONG;OPVOER;2024-03-01;X\n";
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, t.as_bytes());
    assert_eq!(registraties(&i).len(), 2);
    assert_eq!(
        i.fouten.iter().map(|f| f.regel).collect::<Vec<_>>(),
        vec![4]
    );
}

#[test]
fn case_c07_voorloopnullen_in_een_levering() {
    let t = "bsn;geboortedatum;woongemeente\n12345672;1961-01-01;0363\n5084039;1961-01-01;0363\n111222333;1961-01-01;363\n123456782;1961-01-01;GM0363\n";
    let i = lees_ok(LeveringSoort::Personen, Bron::Brp, t.as_bytes());
    let bsns: Vec<String> = match &i.rijen {
        Rijen::Personen(p) => p.iter().map(|x| x.rij.bsn.cijfers()).collect(),
        _ => Vec::new(),
    };
    assert_eq!(bsns, vec!["012345672".to_string(), "123456782".to_string()]);
    let fouten: Vec<(u64, &str)> = i
        .fouten
        .iter()
        .map(|f| (f.regel, f.kolom.as_str()))
        .collect();
    assert_eq!(fouten, vec![(3, "bsn"), (4, "woongemeente")]);
    assert!(i.fouten[0].reden.contains("voorloopnullen"));
    // the BSN in the error is masked
    assert_eq!(i.fouten[0].waarde.as_deref(), Some("***4039"));
}

/// An XLSX with a BSN as number, date cells and (optionally) the 1904 date system.
fn xlsx(datum1904: bool) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut boek = Workbook::new();
    let datum = Format::new().set_num_format("yyyy-mm-dd");
    let blad = boek.add_worksheet();
    let kop = [
        "bsn",
        "grondslag",
        "mutatie",
        "ingangsdatum",
        "besluitdatum",
    ];
    let mut schrijf = || -> Result<(), rust_xlsxwriter::XlsxError> {
        for (k, naam) in kop.iter().enumerate() {
            blad.write_string(0, k as u16, *naam)?;
        }
        blad.write_number(1, 0, 12_345_672.0)?;
        blad.write_string(1, 1, "WAJONG")?;
        blad.write_string(1, 2, "OPVOER")?;
        blad.write_number_with_format(1, 3, 45383.0, &datum)?;
        blad.write_number_with_format(1, 4, 22282.0, &datum)?;
        Ok(())
    };
    if let Err(e) = schrijf() {
        unreachable!("{e}");
    }
    let bytes = boek.save_to_buffer().unwrap_or_default();
    if datum1904 { zet_1904(&bytes) } else { bytes }
}

/// Rewrites `xl/workbook.xml` to use the 1904 date system (what a Mac Excel workbook says).
fn zet_1904(bytes: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut lezer = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => unreachable!("{e}"),
    };
    let mut schrijver = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..lezer.len() {
        let Ok(mut bestand) = lezer.by_index(i) else {
            continue;
        };
        let naam = bestand.name().map(|n| n.to_string()).unwrap_or_default();
        let mut inhoud = Vec::new();
        let _ = bestand.read_to_end(&mut inhoud);
        if naam == "xl/workbook.xml" {
            inhoud = String::from_utf8_lossy(&inhoud)
                .replace("<workbookPr ", "<workbookPr date1904=\"1\" ")
                .into_bytes();
        }
        let _ = schrijver.start_file(naam, zip::write::SimpleFileOptions::default());
        let _ = schrijver.write_all(&inhoud);
    }
    schrijver
        .finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}

#[test]
fn case_c07_en_c08_xlsx_getallen_en_datums() {
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, &xlsx(false));
    assert!(i.fouten.is_empty(), "{:?}", i.fouten);
    // BSN numeric cell 12345672.0 -> 012345672; serial 45383 -> 2024-04-01; 22282 -> 1961-01-01
    assert_eq!(
        registraties(&i),
        vec![(
            "012345672".to_string(),
            "WAJONG".to_string(),
            d("2024-04-01")
        )]
    );
    let besluit = match &i.rijen {
        Rijen::Registraties(r) => r.first().and_then(|x| x.rij.besluitdatum),
        _ => None,
    };
    assert_eq!(besluit, Some(d("1961-01-01")));
    // 1904 system: the same stored serial is 1,462 days later: 2024-04-01 + 1462 = 2028-04-02
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, &xlsx(true));
    assert_eq!(
        registraties(&i).first().map(|r| r.2),
        Some(d("2024-04-01") + chrono::Days::new(1462))
    );
    assert_eq!(d("2024-04-01") + chrono::Days::new(1462), d("2028-04-02"));
}

#[test]
fn case_c08_serienummer_in_csv_is_een_fout() {
    let t = "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;45383\n";
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, t.as_bytes());
    assert_eq!(
        i.fouten
            .iter()
            .map(|f| (f.regel, f.kolom.as_str()))
            .collect::<Vec<_>>(),
        vec![(2, "ingangsdatum")]
    );
}

#[test]
fn case_c10_tweecijferig_geboortejaar() {
    let t = "bsn;geboortedatum\n111222333;01-01-61\n";
    let i = lees_ok(LeveringSoort::Personen, Bron::Brp, t.as_bytes());
    assert_eq!(i.fouten.len(), 1);
    assert_eq!(i.fouten[0].kolom, "geboortedatum");
    assert!(i.fouten[0].reden.contains("twee cijfers"));
}

#[test]
fn case_c18_onvolledige_datums_stoppen_de_levering_niet() {
    let t = "bsn;geboortedatum\n111222333;19610100\n123456782;19610000\n012345672;00000000\n";
    let i = lees_ok(LeveringSoort::Personen, Bron::Brp, t.as_bytes());
    assert!(i.fouten.is_empty());
    assert_eq!(i.rijen.len(), 3);
}

#[test]
fn case_c26_fouten_noemen_regel_en_kolom_en_maskeren_het_bsn() {
    let t = "bsn;grondslag;mutatie;ingangsdatum\n\
             111222333;WAJONG;OPVOER;2024-03-01\n\
             123456789;WAJONG;OPVOER;2024-03-01\n\
             123456782;WAJONG;OPVOER;31-02-2024\n";
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, t.as_bytes());
    assert_eq!(registraties(&i).len(), 1);
    let fouten: Vec<(u64, &str)> = i
        .fouten
        .iter()
        .map(|f| (f.regel, f.kolom.as_str()))
        .collect();
    assert_eq!(fouten, vec![(3, "bsn"), (4, "ingangsdatum")]);
    assert_eq!(i.fouten[0].waarde.as_deref(), Some("*****6789"));
    let tekst = i
        .fouten
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!tekst.contains("123456789"), "{tekst}");
}

#[test]
fn leveringsbrede_fouten() {
    // a missing required column rejects the delivery with one message
    let t = "bsn;grondslag;ingangsdatum\n111222333;WAJONG;2024-03-01\n";
    let fout = lees(LeveringSoort::Registraties, Bron::Uwv, t.as_bytes())
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        fout.as_deref(),
        Some("test.csv: verplichte kolom(men) ontbreken: mutatie")
    );
    // a gemeente may not deliver WAJONG (grondslagen.csv: UWV only)
    let t = "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01\n";
    assert!(matches!(
        lees(LeveringSoort::Registraties, Bron::Gemeente, t.as_bytes()),
        Err(BestandFout::BronNietBevoegd { .. })
    ));
    // BRP may not deliver polis
    assert!(matches!(
        lees(LeveringSoort::Polis, Bron::Brp, b"x\n"),
        Err(BestandFout::BronNietBevoegd { .. })
    ));
    assert!(matches!(
        lees(LeveringSoort::Polis, Bron::Uwv, b""),
        Err(BestandFout::Leeg { .. })
    ));
    // an unknown column is a warning, a blank line is skipped
    let t =
        "bsn;grondslag;mutatie;ingangsdatum;opmerking\n\n111222333;WAJONG;OPVOER;2024-03-01;x\n";
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, t.as_bytes());
    assert_eq!(i.rijen.len(), 1);
    assert_eq!(
        i.waarschuwingen,
        vec!["onbekende kolom 'opmerking' wordt genegeerd".to_string()]
    );
}

#[test]
fn dubbele_sleutels_zijn_allebei_fout() {
    let t = "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01\n111222333;WAJONG;OPVOER;01-03-2024\n123456782;WAJONG;OPVOER;2024-03-01\n";
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, t.as_bytes());
    assert_eq!(registraties(&i).len(), 1);
    assert_eq!(
        i.fouten.iter().map(|f| f.regel).collect::<Vec<_>>(),
        vec![2, 3]
    );
}

#[test]
fn mutaties_en_correctie_met_lege_nieuwe_einddatum() {
    let t = "bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde;nieuwe_einddatum\n\
             111222333;WAJONG;EINDE;2024-03-01;2024-06-01;EINDE_GRONDSLAG;\n\
             111222333;WAJONG;CORRECTIE;2024-03-01;;;\n\
             123456782;WAJONG;EINDE;2024-03-01;;;\n";
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, t.as_bytes());
    let soorten: Vec<MutatieSoort> = match &i.rijen {
        Rijen::Registraties(r) => r.iter().map(|x| x.rij.soort.clone()).collect(),
        _ => Vec::new(),
    };
    assert!(matches!(soorten[0], MutatieSoort::Einde(_)));
    // the column is present and empty: "open"
    assert!(matches!(
        soorten[1],
        MutatieSoort::Correctie {
            nieuwe_einddatum: Some(None),
            ..
        }
    ));
    // EINDE without einddatum and reason: two entries on line 4
    assert_eq!(
        i.fouten
            .iter()
            .map(|f| (f.regel, f.kolom.as_str()))
            .collect::<Vec<_>>(),
        vec![(4, "einddatum"), (4, "reden_einde")]
    );
}

#[test]
fn afwijzingsbestand_in_hetzelfde_formaat() {
    let t = "bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01\n123456789;WAJONG;OPVOER;2024-03-01\n";
    let i = lees_ok(LeveringSoort::Registraties, Bron::Uwv, t.as_bytes());
    let (bytes, _) = match crate::afwijzing::schrijf(t.as_bytes(), "t.csv", &i.fouten) {
        Ok(x) => x,
        Err(e) => unreachable!("{e}"),
    };
    let tekst = String::from_utf8_lossy(&bytes);
    let regels: Vec<&str> = tekst.lines().collect();
    assert_eq!(
        regels[0],
        "bsn;grondslag;mutatie;ingangsdatum;afwijzing_regel;afwijzing_reden"
    );
    assert!(
        regels[1].starts_with("123456789;WAJONG;OPVOER;2024-03-01;3;bsn: "),
        "{}",
        regels[1]
    );
    assert_eq!(regels.len(), 2);
}

#[test]
fn polis_tijdvakcontroles() {
    let t = "bsn;loonheffingennummer;tijdvak_begin;tijdvak_einde;verloonde_uren;soort\n\
             111222333;123456782L01;2024-01-01;2024-01-28;102;\n\
             111222333;123456782L01;2024-02-01;2024-01-28;10;\n\
             111222333;123456782L01;2024-03-01;2024-04-30;10;\n\
             111222333;123456782L01;2024-05-01;2024-05-01;24,01;\n\
             111222333;123456782L01;2024-06-01;2024-06-30;10;WSW_BESCHUT\n";
    let i = lees_ok(LeveringSoort::Polis, Bron::Uwv, t.as_bytes());
    assert_eq!(polis(&i).len(), 2);
    assert_eq!(
        i.fouten.iter().map(|f| f.regel).collect::<Vec<_>>(),
        vec![3, 4, 5]
    );
}
