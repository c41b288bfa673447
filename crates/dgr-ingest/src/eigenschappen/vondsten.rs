//! Regressions of what the fuzzers found (fuzz/README.md): each input written out by hand and
//! minimised, each test named after what it protects. A test that waits for its fix in the
//! reader was `#[ignore]`d with the finding's number until its fix landed.

use std::io::{Cursor, Read as _, Write as _};

use dgr_core::LeveringSoort;

use super::lees;
use crate::bestand::Tabel;
use crate::{BestandFout, Container, Grenzen, afwijzing};

/// F1 (fuzz target `csv`, seed `vondst-f1-losse-cr-regels`): a lone CR ends a record for the csv
/// crate but not a line for the line counter, so two records got the same physical line; the
/// valid record was then copied into the rejection file beside the bad one (and applied too).
/// A file with CR line ends is either refused or read with a line of its own for every record.
#[test]
fn losse_cr_geeft_elke_rij_een_eigen_regel_en_geen_geldige_rij_in_de_afwijzing() {
    // line 2: the BSN fails the 11-test (…334); then a lone CR; then a valid row (…333)
    let inhoud = b"bsn;grondslag;mutatie;ingangsdatum\n111222334;WAJONG;OPVOER;2024-03-01\r111222333;WAJONG;OPVOER;2024-03-01\n";
    let Ok(i) = lees(LeveringSoort::Registraties, Grenzen::STANDAARD, inhoud) else {
        return; // refused as a whole: acceptable
    };
    let fout_regels: Vec<u64> = i.fouten.iter().map(|f| f.regel).collect();
    let geldige_regels: Vec<u64> = match &i.rijen {
        crate::Rijen::Registraties(r) => r.iter().map(|x| x.regel).collect(),
        _ => Vec::new(),
    };
    assert_eq!(fout_regels, vec![2]);
    assert_eq!(geldige_regels.len(), 1);
    assert!(
        !geldige_regels.contains(&2),
        "de geldige rij deelt regel 2 met de foute: {geldige_regels:?}"
    );
    let (uit, _) = match afwijzing::schrijf(inhoud, "cr.csv", &i.fouten) {
        Ok(x) => x,
        Err(e) => unreachable!("{e}"),
    };
    let tekst = String::from_utf8_lossy(&uit);
    assert!(
        !tekst.contains("111222333"),
        "de geldige rij staat in het afwijzingsbestand: {tekst}"
    );
}

/// The registraties header and one valid row as an XLSX, with `vervang` applied to the
/// worksheet XML (re-zipped, uncompressed).
fn xlsx_met_blad(vervang: impl Fn(&str) -> String) -> Vec<u8> {
    let mut boek = rust_xlsxwriter::Workbook::new();
    let blad = boek.add_worksheet();
    let rijen = [
        ["bsn", "grondslag", "mutatie", "ingangsdatum"],
        ["111222333", "WAJONG", "OPVOER", "2024-03-01"],
    ];
    for (r, rij) in (0u32..).zip(rijen) {
        for (k, waarde) in (0u16..).zip(rij) {
            if let Err(e) = blad.write_string(r, k, waarde) {
                unreachable!("{e}");
            }
        }
    }
    let bytes = boek.save_to_buffer().unwrap_or_default();
    let mut archief = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => unreachable!("{e}"),
    };
    let mut schrijver = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opties =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for n in 0..archief.len() {
        let Ok(mut deel) = archief.by_index(n) else {
            unreachable!("deel {n}");
        };
        let naam = deel.name().map(|n| n.to_string()).unwrap_or_default();
        let mut inhoud = String::new();
        if deel.read_to_string(&mut inhoud).is_err() {
            unreachable!("{naam} is geen tekst");
        }
        if naam == "xl/worksheets/sheet1.xml" {
            inhoud = vervang(&inhoud);
        }
        if schrijver.start_file(naam, opties).is_err()
            || schrijver.write_all(inhoud.as_bytes()).is_err()
        {
            unreachable!("zip schrijven");
        }
    }
    match schrijver.finish() {
        Ok(c) => c.into_inner(),
        Err(e) => unreachable!("{e}"),
    }
}

/// F2 (fuzz target `xlsx`, seed `vondst-f2-omgekeerde-dimensie`): a worksheet whose
/// `<dimension ref>` names its corners the wrong way round (`D2:A1`) makes calamine 0.38's
/// `get_dimension` subtract with overflow — a panic wherever overflow checks are on (tests,
/// debug builds), a wrapped value in release. The file must be read or refused, never panic.
#[test]
fn omgekeerde_dimensie_in_xlsx_geeft_geen_paniek() {
    let bestand = xlsx_met_blad(|xml| xml.replace("A1:D2", "D2:A1"));
    let uitkomst = lees(LeveringSoort::Registraties, Grenzen::STANDAARD, &bestand);
    match uitkomst {
        Ok(i) => assert_eq!(i.rijen.len(), 1),
        Err(e) => assert!(matches!(e, BestandFout::Xlsx { .. }), "{e}"),
    }
}

/// F4 (found by the `xlsx` target's invariant "a read delivery's rejection file is written",
/// reasoned out and confirmed here): a rejected XLSX row with a text of more than 32,767
/// characters (Excel's cell limit, which rust_xlsxwriter enforces) but within
/// `max_veld_bytes` (64 KiB) makes the rejection file fail, so an `accept-valid` delivery
/// cannot return its rejected rows.
#[test]
fn afwijzing_van_xlsx_met_een_lange_cel_wordt_geschreven() {
    let lang = "x".repeat(40_000);
    let bestand = xlsx_met_blad(|xml| {
        // a fifth column `opmerking` (unknown: a warning) holds the long text; the BSN is bad
        xml.replace(
            "<c r=\"D1\" t=\"s\"><v>3</v></c></row>",
            "<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"inlineStr\"><is><t>opmerking</t></is></c></row>",
        )
        .replace(
            "<c r=\"A2\" t=\"s\"><v>4</v></c>",
            "<c r=\"A2\" t=\"inlineStr\"><is><t>111222334</t></is></c>",
        )
        .replace(
            "</row></sheetData>",
            &format!("<c r=\"E2\" t=\"inlineStr\"><is><t>{lang}</t></is></c></row></sheetData>"),
        )
    });
    let i = match lees(LeveringSoort::Registraties, Grenzen::STANDAARD, &bestand) {
        Ok(i) => i,
        Err(e) => unreachable!("{e}"),
    };
    assert_eq!(i.container, Container::Xlsx);
    assert_eq!(
        i.fouten
            .iter()
            .map(|f| (f.regel, f.kolom.as_str()))
            .collect::<Vec<_>>(),
        vec![(2, "bsn")]
    );
    let uitkomst = afwijzing::schrijf(&bestand, "lang.xlsx", &i.fouten);
    let (uit, container) = match uitkomst {
        Ok(x) => x,
        Err(e) => unreachable!("afwijzingsbestand niet geschreven: {e}"),
    };
    assert_eq!(container, Container::Xlsx);
    let tabel = match Tabel::open(&uit, "afwijzing.xlsx", Grenzen::STANDAARD) {
        Ok(t) => t,
        Err(e) => unreachable!("{e}"),
    };
    let mut rijen = 0;
    let _ = tabel.voor_elke_rij("afwijzing.xlsx", |_, _| {
        rijen += 1;
        Ok(())
    });
    assert_eq!(rijen, 2, "kopregel en de ene afgewezen rij");
}

/// F5 (fuzz target `xlsx`, seeds `vondst-f5-lange-kolomletters` and `vondst-f5-lange-rijcijfers`):
/// a cell reference with many column letters (`ZZZZZZZZB2`) or row digits (`B99999999999`)
/// overflows calamine 0.38's accumulators (`get_row_and_optional_column`, `col * 26`,
/// `row * 10`): a panic wherever overflow checks are on, and in release a wrapped position that
/// may land on a real cell of the delivery. Such a cell lies outside Excel's grid: the file is
/// refused, or the cell does not change what is read.
#[test]
fn celverwijzing_buiten_het_raster_geeft_geen_paniek_en_geen_verschoven_cel() {
    for verwijzing in ["ZZZZZZZZB2", "B99999999999"] {
        let bestand = xlsx_met_blad(|xml| {
            xml.replace(
                "<c r=\"D2\" t=\"s\"><v>7</v></c>",
                &format!(
                    "<c r=\"D2\" t=\"s\"><v>7</v></c><c r=\"{verwijzing}\" t=\"inlineStr\"><is><t>PW_IBA</t></is></c>"
                ),
            )
        });
        match lees(LeveringSoort::Registraties, Grenzen::STANDAARD, &bestand) {
            Ok(i) => {
                assert_eq!(i.fouten, Vec::new(), "{verwijzing}");
                let grondslagen: Vec<String> = match &i.rijen {
                    crate::Rijen::Registraties(r) => {
                        r.iter().map(|x| x.rij.grondslag.clone()).collect()
                    }
                    _ => Vec::new(),
                };
                assert_eq!(grondslagen, vec!["WAJONG".to_string()], "{verwijzing}");
            }
            Err(e) => assert!(
                matches!(e, BestandFout::Xlsx { .. } | BestandFout::Grens { .. }),
                "{verwijzing}: {e}"
            ),
        }
    }
}
