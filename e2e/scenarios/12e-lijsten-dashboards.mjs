// Issue #12 findings 8–11: long lists (paging, filters, a checked search), the citizen's page,
// dashboards and inkijk. Data from `vul_lijsten` (crates/dgr-server/tests/verhalen/lijsten.rs):
// 64 deliveries, 30 candidates in Maastricht, citizen 310000002 (born 1961-01-01, AOW
// 2028-04-01), employer 111222333L01 whose registered employees all work in WSW-beschut.
import { basis, eis, toegankelijk, afdruk, bekijk, login } from "../hulp.mjs";

const AOW_BURGER = "310000002";
const ONBEKEND_BSN = "320000011";

async function tekst(pagina, selector = "main") {
  return (await pagina.textContent(selector)) ?? "";
}

export default async function (browser) {
  // --- finding 8: deliveries in pages of 50, filtered, htmx update and plain links ---------
  {
    const { context, pagina } = await login(browser, { rol: "uwv", organisatie: "UWV E2E" });
    await bekijk(pagina, "/leveringen", "i12-leveringen-pagina-1");
    const rijen = await pagina.locator("#leveringen-lijst tbody tr").count();
    eis(rijen === 50, `leveringen-bladeren: ${rijen} rijen op de eerste pagina in plaats van 50`);
    const volgende = pagina.locator("#leveringen-lijst a[rel=next]");
    eis((await volgende.getAttribute("href"))?.includes("pagina=2"), "leveringen-bladeren: geen gewone link naar pagina 2 (zonder JavaScript)");
    await pagina.evaluate(() => { window.dgrMerk = 1; });
    await volgende.click();
    await pagina.waitForURL(/pagina=2/);
    await pagina.waitForSelector("#leveringen-lijst a[rel=prev]");
    eis((await pagina.evaluate(() => window.dgrMerk)) === 1, "leveringen-bladeren: hele pagina herladen in plaats van htmx-update");
    eis((await pagina.locator("#leveringen-lijst tbody tr").count()) < 50, "leveringen-bladeren: pagina 2 niet de rest");
    await toegankelijk(pagina, "i12-leveringen-pagina-2");
    await pagina.selectOption("#f-soort", "polis");
    await pagina.selectOption("#f-volgorde", "oud");
    await pagina.click("#leveringen-lijst button[type=submit]");
    await pagina.waitForURL(/soort=polis/);
    await pagina.waitForFunction(() => document.querySelectorAll("#leveringen-lijst tbody tr").length <= 5);
    const soorten = await pagina.locator("#leveringen-lijst tbody tr td:nth-child(4)").allTextContents();
    eis(soorten.length > 0 && soorten.every((s) => s === "polis"), `leveringen-filter: andere soorten dan polis (${soorten})`);
    eis(!pagina.url().includes("pagina="), "leveringen-filter: een nieuw filter begint niet op pagina 1");
    await toegankelijk(pagina, "i12-leveringen-filter");
    await afdruk(pagina, "i12-leveringen-filter");
    // a delivery changes the register: the quota series must be computed again below
    await pagina.goto(basis + "/leveringen");
    await pagina.selectOption("#soort", "registraties");
    await pagina.fill("#kenmerk", "E2E-12E");
    await pagina.setInputFiles("#bestand", {
      name: "e2e.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("bsn;grondslag;mutatie;ingangsdatum\n100000009;WAJONG;OPVOER;2018-01-01\n"),
    });
    await pagina.click("button[type=submit]:has-text('Aanbieden')");
    await pagina.waitForSelector("[data-uitslag]");
    // --- finding 11: inkijk for an unknown BSN, and both time axes ---------------------------
    await bekijk(pagina, "/inkijk", "i12-inkijk-formulier");
    eis((await pagina.inputValue("#peildatum")) !== "", "inkijk-tijdassen: peildatum niet voorgevuld");
    eis((await pagina.inputValue("#bekend_op")) !== "", "inkijk-tijdassen: bekend op niet voorgevuld");
    await pagina.fill("#bsn", ONBEKEND_BSN);
    await pagina.click("button[type=submit]:has-text('Opzoeken')");
    await pagina.waitForLoadState();
    const onbekend = await tekst(pagina);
    eis(onbekend.includes("Dit BSN is niet bekend in het doelgroepregister"), "inkijk-onbekend-bsn: geen melding 'niet bekend'");
    eis(!onbekend.includes("woont niet in uw gemeente"), "inkijk-onbekend-bsn: nog de melding over de woongemeente");
    await toegankelijk(pagina, "i12-inkijk-onbekend");
    await afdruk(pagina, "i12-inkijk-onbekend");
    await pagina.fill("#bsn", "111222333");
    await pagina.fill("#peildatum", "2015-06-01");
    await pagina.click("button[type=submit]:has-text('Opzoeken')");
    await pagina.waitForLoadState();
    const vroeg = await tekst(pagina);
    eis(/zoals bekend op \d\d-\d\d-\d{4} \d\d:\d\d\s*:\s*nee/.test(vroeg), "inkijk-tijdassen: op peildatum 2015-06-01 (vóór WAJONG 2016) niet 'nee'");
    eis((await pagina.inputValue("#peildatum")) === "2015-06-01", "inkijk-tijdassen: peildatum niet bewaard");
    eis((await pagina.inputValue("#bsn")) === "111222333", "inkijk-tijdassen: BSN niet bewaard");
    eis(!pagina.url().includes("111222333"), "inkijk-tijdassen: BSN in het adres");
    await toegankelijk(pagina, "i12-inkijk-tijdassen");
    await afdruk(pagina, "i12-inkijk-tijdassen");
    await context.close();
  }

  // --- finding 8: the Kandidatenverkenner checks the question and pages the answer ------------
  {
    const { context, pagina } = await login(browser, {
      rol: "werkgever",
      organisatie: "Bakkerij Lijsten",
      loonheffingennummer: "999990019L01",
    });
    await bekijk(pagina, "/werkgever/kandidaten", "i12-kandidaten-leeg");
    await pagina.click("form button[type=submit]:has-text('Zoeken')");
    await pagina.waitForSelector("#zoek-leeg");
    eis((await tekst(pagina, "#zoek-leeg")).includes("Vul ten minste één zoekvraag in"), "kandidaten-lege-vraag: lege zoekvraag zegt niets");
    await pagina.fill("#vanuit", "9999");
    await pagina.click("form button[type=submit]:has-text('Zoeken')");
    await pagina.waitForSelector("#vanuit-fout");
    eis((await pagina.getAttribute("#vanuit", "aria-invalid")) === "true", "kandidaten-vestiging-onbekend: veld niet als ongeldig gemarkeerd");
    eis((await pagina.locator("tbody tr form").count()) === 0, "kandidaten-vestiging-onbekend: toch resultaten bij een onbekende gemeente");
    await toegankelijk(pagina, "i12-kandidaten-fout");
    await afdruk(pagina, "i12-kandidaten-fout");
    await pagina.fill("#vanuit", "Maastricht");
    await pagina.fill("#uren_min", "-5");
    await pagina.click("form button[type=submit]:has-text('Zoeken')");
    await pagina.waitForSelector("#uren_min-fout");
    eis((await tekst(pagina, "#uren_min-fout")).includes("tussen 1 en 40"), "kandidaten-uren: -5 uur geaccepteerd");
    eis((await pagina.getAttribute("#uren_min", "max")) === "40", "kandidaten-uren: geen max op het veld");
    await pagina.fill("#uren_min", "20");
    await pagina.fill("#uren_max", "32");
    await pagina.click("form button[type=submit]:has-text('Zoeken')");
    await pagina.waitForSelector("[data-aantal]");
    eis((await tekst(pagina, "[data-aantal]")).includes("30 kandidaten passen"), `kandidaten-maastricht: ${await tekst(pagina, "[data-aantal]")}`);
    eis((await pagina.locator("details.contact").count()) === 25, "kandidaten-bladeren: niet 25 profielen op de eerste pagina");
    eis(new URL(pagina.url()).searchParams.get("vanuit") === "Maastricht", "kandidaten-bladeren: zoekvraag niet in het adres");
    await toegankelijk(pagina, "i12-kandidaten-resultaat");
    await afdruk(pagina, "i12-kandidaten-resultaat");
    await pagina.click("a[rel=next]");
    await pagina.waitForURL(/pagina=2/);
    await pagina.waitForFunction(() => document.querySelectorAll("details.contact").length === 5);
    // a contact request with a message; the employer then sees which profile was asked for
    await pagina.locator("details.contact summary").first().click();
    await pagina.locator("details.contact textarea").first().fill("Vacature bakker, 24 uur");
    await toegankelijk(pagina, "i12-kandidaten-contactformulier");
    await pagina.locator("details.contact button[type=submit]").first().click();
    await pagina.waitForLoadState();
    eis((await tekst(pagina)).includes("Contactverzoek verstuurd"), "kandidaten-contact-bericht: verzoek niet verstuurd");
    await bekijk(pagina, "/werkgever/kandidaten", "i12-kandidaten-mijn-verzoeken");
    const verzoeken = await tekst(pagina);
    eis(verzoeken.includes("mbo niveau 2 tot en met 4 · 21-24 uur per week"), "kandidaten-contact-profiel: gevraagd profiel niet (in woorden) zichtbaar");
    eis(verzoeken.includes("Vacature bakker, 24 uur"), "kandidaten-contact-bericht: bericht niet zichtbaar");
    await context.close();
  }

  // --- finding 9: the citizen's own looks apart, "U" in the header, a future end -------------
  {
    const { context, pagina } = await login(browser, { rol: "burger", bsn: AOW_BURGER });
    await pagina.goto(basis + "/mijn");
    await bekijk(pagina, "/mijn", "i12-burger-mijn");
    const mijn = await tekst(pagina);
    eis(mijn.includes("U heeft uw gegevens zelf"), "burger-eigen-inzage: eigen inzage niet apart genoemd");
    eis((await pagina.locator("table:has(caption:has-text('Raadplegingen'))").count()) === 0, "burger-eigen-inzage: eigen inzage als raadpleging door een ander");
    eis((await tekst(pagina, ".wie")).trim() === "U bent ingelogd", `burger-kop: kop zegt '${await tekst(pagina, ".wie")}' in plaats van 'U bent ingelogd'`);
    eis(mijn.includes("dan bereikt u de AOW-leeftijd"), "burger-toekomstig-einde: einde in 2028 niet in de toekomende tijd");
    eis(!mijn.includes("AOW-leeftijd bereikt)"), "burger-toekomstig-einde: 'AOW-leeftijd bereikt' voor een datum in de toekomst");
    await context.close();
  }

  // --- finding 10: dashboards refuse the future and say what they compare ------------------
  {
    const { context, pagina } = await login(browser, { rol: "analist", organisatie: "SZW E2E" });
    const toekomst = await pagina.goto(basis + "/dashboard/trend?kwartaal=2030-K1");
    eis(toekomst?.status() === 400, `trend-toekomst: 2030-K1 gaf status ${toekomst?.status()}`);
    eis((await tekst(pagina)).includes("Over 2030-K1 zijn nog geen cijfers"), "trend-toekomst: geen uitleg bij een kwartaal in de toekomst");
    await toegankelijk(pagina, "i12-trend-toekomst");
    await afdruk(pagina, "i12-trend-toekomst");
    await bekijk(pagina, "/dashboard", "i12-banenmonitor-landelijk");
    eis((await tekst(pagina, "[data-landelijk]")).includes("landelijke aantallen"), "banenmonitor-schaal: niet gezegd dat de doelen landelijk zijn");
    await context.close();
  }

  // --- finding 10: the quota page refreshes itself and explains WSW-beschut ----------------
  {
    const { context, pagina } = await login(browser, { rol: "werkgever", organisatie: "SW-bedrijf E2E", loonheffingennummer: "111222333L01" });
    await pagina.goto(basis + "/werkgever/quotum");
    const berekenen = pagina.locator("[data-berekenen]");
    eis((await berekenen.count()) === 1, "quotum-vernieuwt: na een levering niet 'wordt berekend'");
    eis(((await pagina.getAttribute("#quotumreeks", "hx-trigger")) ?? "").includes("every"), "quotum-vernieuwt: geen automatische verversing");
    eis((await pagina.locator("[data-berekenen] a").getAttribute("href"))?.startsWith("/werkgever/quotum"), "quotum-vernieuwt: geen link 'Vernieuwen' zonder JavaScript");
    await pagina.evaluate(() => { window.dgrMerk = 1; });
    await pagina.waitForSelector("[data-berekenen]", { state: "detached", timeout: 30000 }).catch(() => {});
    eis((await berekenen.count()) === 0, "quotum-vernieuwt: 'wordt berekend' blijft staan zonder te verversen");
    eis((await pagina.evaluate(() => window.dgrMerk)) === 1, "quotum-vernieuwt: hele pagina herladen");
    eis((await pagina.getAttribute("#quotumreeks", "hx-trigger")) === null, "quotum-vernieuwt: blijft verversen als alles berekend is");
    const beschut = (await pagina.locator("[data-beschut]").count()) === 1 ? await tekst(pagina, "[data-beschut]") : "";
    eis(beschut.includes("Daarom 0") && beschut.includes("beschut werk"), `quotum-beschut: geen uitleg bij 0 getelde uren (${beschut})`);
    await toegankelijk(pagina, "i12-quotum-beschut");
    await afdruk(pagina, "i12-quotum-beschut");
    await context.close();
  }
}
