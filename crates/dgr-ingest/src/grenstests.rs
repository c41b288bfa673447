//! Tests of issue #9: files that must not break the register (limits, hostile values, line
//! numbers, implausible dates). Each test is named after what it protects; the expected values
//! follow from the file contents written out in the test.

use std::io::Write as _;

use chrono::NaiveDate;
use dgr_core::{Bron, LeveringSoort, Referentie};

use crate::{BestandFout, Context, Grenzen, Ingelezen, afwijzing, lees_levering};

const ONTVANGEN_OP: NaiveDate = match NaiveDate::from_ymd_opt(2026, 6, 30) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

const KOP_REG: &str = "bsn;grondslag;mutatie;ingangsdatum";

fn lees_met(
    grenzen: Grenzen,
    soort: LeveringSoort,
    inhoud: &[u8],
) -> Result<Ingelezen, BestandFout> {
    let r = match Referentie::ingebouwd() {
        Ok(r) => r,
        Err(e) => unreachable!("{e}"),
    };
    let bron = if soort == LeveringSoort::Personen {
        Bron::Brp
    } else {
        Bron::Uwv
    };
    lees_levering(
        inhoud,
        "test",
        Context {
            soort,
            bron,
            referentie: &r,
            ontvangen_op: ONTVANGEN_OP,
            grenzen,
        },
    )
}

fn lees(soort: LeveringSoort, inhoud: &[u8]) -> Result<Ingelezen, BestandFout> {
    lees_met(Grenzen::STANDAARD, soort, inhoud)
}

fn ok(r: Result<Ingelezen, BestandFout>) -> Ingelezen {
    r.unwrap_or_else(|e| unreachable!("{e}"))
}

/// (line, column) of every row error.
fn fouten(i: &Ingelezen) -> Vec<(u64, String)> {
    i.fouten
        .iter()
        .map(|f| (f.regel, f.kolom.clone()))
        .collect()
}

/// An XLSX with the registraties header, one valid row, and one more text cell at `(rij, kol)`
/// (0-based, as rust_xlsxwriter counts).
fn xlsx_met_cel(rij: u32, kol: u16) -> Vec<u8> {
    let mut boek = rust_xlsxwriter::Workbook::new();
    let blad = boek.add_worksheet();
    let mut schrijf = || -> Result<(), rust_xlsxwriter::XlsxError> {
        for (k, naam) in KOP_REG.split(';').enumerate() {
            blad.write_string(0, k as u16, naam)?;
        }
        for (k, w) in ["111222333", "WAJONG", "OPVOER", "2024-03-01"]
            .iter()
            .enumerate()
        {
            blad.write_string(1, k as u16, *w)?;
        }
        blad.write_string(rij, kol, "x")?;
        Ok(())
    };
    if let Err(e) = schrijf() {
        unreachable!("{e}");
    }
    boek.save_to_buffer().unwrap_or_default()
}

/// A ZIP container (what an XLSX is) with the given parts.
fn zip_met(delen: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (naam, inhoud) in delen {
        let _ = z.start_file(*naam, zip::write::SimpleFileOptions::default());
        let _ = z.write_all(inhoud);
    }
    z.finish()
        .map(std::io::Cursor::into_inner)
        .unwrap_or_default()
}

#[test]
fn xlsx_met_een_cel_op_xfd1048576_wordt_geweigerd_zonder_het_bereik_te_vullen() {
    // the file of finding 1: 1.7 KB, one stray cell at the last cell Excel has. Before, the
    // reader allocated the whole declared range (~550 GB) and the process died.
    let bestand = xlsx_met_cel(1_048_575, 16_383);
    assert!(bestand.len() < 10_000, "{}", bestand.len());
    let fout = lees(LeveringSoort::Registraties, &bestand).err();
    match fout {
        Some(BestandFout::Grens { regel, wat, .. }) => {
            assert_eq!(regel, Some(1_048_576));
            assert!(wat.contains("kolom 16384"), "{wat}");
        }
        andere => unreachable!("{andere:?}"),
    }
}

#[test]
fn xlsx_met_een_verre_rij_wordt_rij_voor_rij_gelezen() {
    // a stray cell at row 2000, column B: within the limits, so the file is read; the stray
    // row is a row error on its own physical line (Excel row 2000), nothing is padded
    let i = ok(lees(LeveringSoort::Registraties, &xlsx_met_cel(1_999, 1)));
    assert_eq!(i.rijen.len(), 1);
    assert_eq!(i.rijen_gelezen, 2);
    assert!(i.fouten.iter().all(|f| f.regel == 2000), "{:?}", i.fouten);
}

#[test]
fn xlsx_zipbom_wordt_geweigerd_voordat_hij_is_uitgepakt() {
    // 5 MB of sheet XML that compresses to a few KB, against a part limit of 1 MB
    let rij = "<row><c t=\"inlineStr\"><is><t>111222333</t></is></c></row>";
    let xml = rij.repeat(5 * 1024 * 1024 / rij.len());
    let bom = zip_met(&[("xl/worksheets/sheet1.xml", xml.as_bytes())]);
    assert!(bom.len() < 200_000, "{}", bom.len());
    let grenzen = Grenzen {
        xlsx_max_deel_bytes: 1024 * 1024,
        ..Grenzen::STANDAARD
    };
    match lees_met(grenzen, LeveringSoort::Registraties, &bom).err() {
        Some(BestandFout::Grens {
            regel: None, wat, ..
        }) => {
            assert!(wat.contains("groter dan 1048576 bytes"), "{wat}");
        }
        andere => unreachable!("{andere:?}"),
    }
    // the sum of the parts counts too: two parts of 600 KB against a total of 1 MB
    let half = rij.repeat(600 * 1024 / rij.len());
    let twee = zip_met(&[("a.xml", half.as_bytes()), ("b.xml", half.as_bytes())]);
    let grenzen = Grenzen {
        xlsx_max_uitgepakt_bytes: 1024 * 1024,
        ..Grenzen::STANDAARD
    };
    assert!(matches!(
        lees_met(grenzen, LeveringSoort::Registraties, &twee),
        Err(BestandFout::Grens { .. })
    ));
}

#[test]
fn xlsx_tekstentabel_met_een_vijandig_aantal_wordt_geweigerd() {
    // calamine reserves `uniqueCount` entries at once: 10^13 would abort the process
    let sst = br#"<?xml version="1.0"?><sst xmlns="x" count="1" uniqueCount="10000000000000"><si><t>a</t></si></sst>"#;
    let bestand = zip_met(&[("xl/sharedStrings.xml", sst)]);
    match lees(LeveringSoort::Registraties, &bestand).err() {
        Some(BestandFout::Grens { wat, .. }) => {
            assert!(wat.contains("10000000000000 teksten"), "{wat}");
        }
        andere => unreachable!("{andere:?}"),
    }
}

#[test]
fn csv_kopregel_van_honderdduizend_kolommen_is_een_bestandsfout() {
    let mut kop = KOP_REG.to_string();
    for k in 0..100_000 {
        kop.push_str(&format!(";k{k}"));
    }
    kop.push('\n');
    match lees(LeveringSoort::Registraties, kop.as_bytes()).err() {
        Some(BestandFout::Grens { regel, wat, .. }) => {
            // 4 known + 100,000 extra columns on line 1
            assert_eq!(regel, Some(1));
            assert!(wat.starts_with("100004 kolommen"), "{wat}");
        }
        andere => unreachable!("{andere:?}"),
    }
}

#[test]
fn brede_kopregel_wordt_geindexeerd_en_een_late_dubbele_kolom_gevonden() {
    // with the column limit raised, a 100,000-column header is indexed; every extra column gets
    // its warning, and a duplicate at the very end is still found. (That the index is linear is
    // by construction, a HashSet instead of the quadratic look-back; no test asserts time.)
    let grenzen = Grenzen {
        max_kolommen: 200_000,
        ..Grenzen::STANDAARD
    };
    let mut kop = KOP_REG.to_string();
    for k in 0..100_000 {
        kop.push_str(&format!(";k{k}"));
    }
    let i = ok(lees_met(
        grenzen,
        LeveringSoort::Registraties,
        format!("{kop}\n111222333;WAJONG;OPVOER;2024-03-01\n").as_bytes(),
    ));
    assert_eq!(i.waarschuwingen.len(), 100_000);
    assert_eq!(i.rijen.len(), 1);
    let dubbel = format!("{kop};k0\n");
    assert!(matches!(
        lees_met(grenzen, LeveringSoort::Registraties, dubbel.as_bytes()),
        Err(BestandFout::DubbeleKolom { kolom, .. }) if kolom == "k0"
    ));
}

#[test]
fn csv_veld_en_regel_boven_de_grens_zijn_bestandsfouten() {
    let grenzen = Grenzen {
        max_veld_bytes: 100,
        max_regel_bytes: 1000,
        ..Grenzen::STANDAARD
    };
    let lang_veld = format!(
        "{KOP_REG}\n111222333;{};OPVOER;2024-03-01\n",
        "W".repeat(101)
    );
    match lees_met(grenzen, LeveringSoort::Registraties, lang_veld.as_bytes()).err() {
        Some(BestandFout::Grens { regel, wat, .. }) => {
            assert_eq!(regel, Some(2));
            assert_eq!(wat, "veld 2 is langer dan 100 bytes");
        }
        andere => unreachable!("{andere:?}"),
    }
    // 11 fields of 100 bytes: each within the field limit, 1,100 bytes together
    let velden = vec!["W".repeat(100); 11].join(";");
    let lange_regel = format!("{KOP_REG}\n{velden}\n");
    match lees_met(grenzen, LeveringSoort::Registraties, lange_regel.as_bytes()).err() {
        Some(BestandFout::Grens { regel, wat, .. }) => {
            assert_eq!(regel, Some(2));
            assert_eq!(wat, "de regel is langer dan 1000 bytes");
        }
        andere => unreachable!("{andere:?}"),
    }
}

#[test]
fn crlf_bestanden_krijgen_fysieke_regelnummers() {
    // line 1 header, line 2 valid, line 3 bad BSN (123456789 fails R-01)
    let crlf = format!(
        "{KOP_REG}\r\n111222333;WAJONG;OPVOER;2024-03-01\r\n123456789;WAJONG;OPVOER;2024-03-01\r\n"
    );
    let lf = crlf.replace("\r\n", "\n");
    for t in [&crlf, &lf] {
        let i = ok(lees(LeveringSoort::Registraties, t.as_bytes()));
        assert_eq!(fouten(&i), vec![(3, "bsn".to_string())], "{t:?}");
    }
    // blank lines and a quoted field running over two lines: the bad row starts on line 6
    // (1 header, 2 blank, 3 valid, 4-5 the quoted row, 6 bad)
    let t = format!(
        "{KOP_REG};bron_kenmerk\r\n\r\n111222333;WAJONG;OPVOER;2024-03-01;a\r\n\
         123456782;WAJONG;OPVOER;2024-03-01;\"twee\r\nregels\"\r\n\
         123456789;WAJONG;OPVOER;2024-03-01;b\r\n"
    );
    let i = ok(lees(LeveringSoort::Registraties, t.as_bytes()));
    assert_eq!(fouten(&i), vec![(6, "bsn".to_string())]);
    // after a `sep=` line everything moves one down
    let sep = format!("sep=;\r\n{crlf}");
    let i = ok(lees(LeveringSoort::Registraties, sep.as_bytes()));
    assert_eq!(fouten(&i), vec![(4, "bsn".to_string())]);
    // the rejection file names the same physical line
    let i = ok(lees(LeveringSoort::Registraties, crlf.as_bytes()));
    let (bestand, _) = afwijzing::schrijf(crlf.as_bytes(), "test.csv", &i.fouten)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let tekst = String::from_utf8_lossy(&bestand);
    assert!(
        tekst.contains("123456789;WAJONG;OPVOER;2024-03-01;3;bsn:"),
        "{tekst}"
    );
}

#[test]
fn een_afbeelding_is_geen_csv() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00";
    match lees(LeveringSoort::Registraties, png).err() {
        Some(e @ BestandFout::GeenTabel { .. }) => {
            assert_eq!(
                e.to_string(),
                "test: dit is geen CSV- of XLSX-bestand maar een PNG-afbeelding"
            );
        }
        andere => unreachable!("{andere:?}"),
    }
    let binair = b"bsn;grondslag\x00\x01\x02";
    assert!(matches!(
        lees(LeveringSoort::Registraties, binair),
        Err(BestandFout::GeenTabel { .. })
    ));
    // a Windows-1252 text with bytes above 0x7F stays a CSV (case C04)
    assert!(
        lees(
            LeveringSoort::Registraties,
            b"bsn;grondslag;mutatie;ingangsdatum\n111222333;WAJONG;OPVOER;2024-03-01 \xe9\n"
        )
        .is_ok()
    );
}

#[test]
fn onwaarschijnlijke_datums_en_omgekeerde_perioden_zijn_rijfouten() {
    // ONTVANGEN_OP = 2026-06-30
    let t = "bsn;geboortedatum;overlijdensdatum\n\
             111222333;0001-01-01;\n\
             123456782;9999-12-31;\n\
             012345672;2026-07-01;\n\
             999990019;1961-01-01;1960-12-31\n\
             999991176;2026-06-30;\n";
    let i = ok(lees(LeveringSoort::Personen, t.as_bytes()));
    assert_eq!(
        fouten(&i),
        vec![
            (2, "geboortedatum".to_string()),
            (3, "geboortedatum".to_string()),
            (4, "geboortedatum".to_string()),
            (5, "overlijdensdatum".to_string()),
        ]
    );
    assert!(i.fouten[2].reden.contains("na de dag van ontvangst"));
    // born on the day of receipt: plausible
    assert_eq!(i.rijen.len(), 1);
    let t = "bsn;grondslag;mutatie;ingangsdatum;einddatum;reden_einde;nieuwe_ingangsdatum;nieuwe_einddatum\n\
             111222333;WAJONG;OPVOER;2024-03-01;2024-02-01;EINDE_GRONDSLAG;;\n\
             123456782;WAJONG;EINDE;2024-03-01;2024-03-01;EINDE_GRONDSLAG;;\n\
             012345672;WAJONG;CORRECTIE;2024-03-01;;;2024-05-01;2024-04-30\n\
             999990019;WAJONG;OPVOER;1899-12-31;;;;\n";
    let i = ok(lees(LeveringSoort::Registraties, t.as_bytes()));
    assert_eq!(
        fouten(&i),
        vec![
            (2, "einddatum".to_string()),
            (3, "einddatum".to_string()),
            (4, "nieuwe_einddatum".to_string()),
            (5, "ingangsdatum".to_string()),
        ]
    );
    assert!(i.rijen.is_empty());
}

#[test]
fn waarden_in_fouten_zijn_begrensd_en_zonder_stuurtekens() {
    let groot = "X".repeat(60_000);
    let t = format!(
        "{KOP_REG};\u{1b}[2Jkolom\n111222333;{groot};OPVOER;2024-03-01;\n123456782;\u{1b}[31mrood\u{7};OPVOER;2024-03-01;\n"
    );
    let i = ok(lees(LeveringSoort::Registraties, t.as_bytes()));
    let w0 = i.fouten[0].waarde.clone().unwrap_or_default();
    // 40 characters of the value and the ellipsis, never the 60,000
    assert_eq!(w0, format!("{}…", "X".repeat(40)));
    let w1 = i.fouten[1].waarde.clone().unwrap_or_default();
    assert_eq!(w1, "\\u{1b}[31MROOD\\u{7}");
    assert!(
        i.waarschuwingen
            .iter()
            .any(|w| w == "onbekende kolom '\\u{1b}[2jkolom' wordt genegeerd"),
        "{:?}",
        i.waarschuwingen
    );
    let alles = format!("{:?}{:?}", i.fouten, i.waarschuwingen);
    assert!(!alles.contains('\u{1b}'));
}

#[test]
fn afwijzingsbestand_laat_excel_geen_formules_uitvoeren() {
    // an unknown grondslag that is a formula, and a valid row
    let t = format!(
        "{KOP_REG}\n111222333;=HYPERLINK(\"http://x\";\"klik\");OPVOER;2024-03-01\n123456782;@SUM(A1);OPVOER;2024-03-01\n"
    );
    let i = ok(lees(LeveringSoort::Registraties, t.as_bytes()));
    let (bestand, _) = afwijzing::schrijf(t.as_bytes(), "test.csv", &i.fouten)
        .unwrap_or_else(|e| unreachable!("{e}"));
    let tekst = String::from_utf8_lossy(&bestand);
    assert!(tekst.contains("'=HYPERLINK"), "{tekst}");
    assert!(tekst.contains(";'@SUM(A1);"), "{tekst}");
    assert!(!tekst.contains(";=HYPERLINK"), "{tekst}");
}
