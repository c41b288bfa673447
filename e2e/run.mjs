// End-to-end test of the dgr web pages in a real browser: the system Chromium, driven headless by
// playwright-core, with axe-core checking every page for accessibility violations.
//
// Usage: node e2e/run.mjs <base-url> [screenshot-dir]
//
// The server at <base-url> must run with the development login enabled and hold the small fixture
// the Rust test `e2e_in_chromium` loads (BSN 111222333 registered, employed by 999990019L01).
// Exits 0 when every step passed; otherwise prints each failure and exits 1.

import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const hier = dirname(fileURLToPath(import.meta.url));
const basis = process.argv[2];
const schermen = process.argv[3] ?? join(hier, "screenshots");
if (!basis) {
  console.error("gebruik: node e2e/run.mjs <basis-url> [map-voor-schermafdrukken]");
  process.exit(2);
}
const axeBron = readFileSync(join(hier, "node_modules/axe-core/axe.min.js"), "utf8");
const browserPad = process.env.DGR_CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
mkdirSync(schermen, { recursive: true });

const fouten = [];
function eis(voorwaarde, wat) {
  if (!voorwaarde) fouten.push(wat);
}

/** Runs axe on the current page; serious and critical violations fail the run. */
async function toegankelijk(pagina, naam) {
  // evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses
  // an injected inline script tag
  await pagina.evaluate(axeBron);
  const uitslag = await pagina.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length, doel: v.nodes[0]?.target }));
  });
  for (const v of uitslag) {
    if (v.impact === "serious" || v.impact === "critical") {
      fouten.push(`${naam}: axe ${v.impact} ${v.id} (${v.n}×, bv. ${JSON.stringify(v.doel)})`);
    }
  }
}

/** Screenshots of the current page at desktop and mobile width. */
async function afdruk(pagina, naam) {
  for (const [soort, breedte, hoogte] of [["desktop", 1280, 900], ["mobiel", 390, 844]]) {
    await pagina.setViewportSize({ width: breedte, height: hoogte });
    // caret "initial": hiding it would inject a style element, which the CSP rightly refuses
    await pagina.screenshot({ path: join(schermen, `${naam}-${soort}.png`), fullPage: true, caret: "initial" });
    if (soort === "mobiel") {
      // nothing may stick out sideways on a phone
      const breder = await pagina.evaluate(() => {
        if (document.documentElement.scrollWidth <= window.innerWidth + 1) return null;
        // name the innermost element that sticks out, to say what to fix
        const geknipt = (e) => {
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== "visible") return true;
          }
          return false;
        };
        const uit = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !geknipt(e));
        const e = uit.find((x) => ![...x.children].some((k) => uit.includes(k))) ?? uit[0];
        return e ? `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""}: ${e.textContent.trim().slice(0, 60)}` : "?";
      });
      eis(!breder, `${naam}: pagina is breder dan een telefoonscherm (${breder})`);
    }
  }
  await pagina.setViewportSize({ width: 1280, height: 900 });
}

/** Console errors (a blocked script or style under the CSP shows up here) fail the run. */
function bewaak(pagina, naam) {
  pagina.on("console", (m) => {
    // a refusal (403) or a rejected form (400) is logged by the browser as a failed load: expected
    const verwacht = /Failed to load resource: the server responded with a status of 4\d\d/.test(m.text());
    if (m.type() === "error" && !verwacht) fouten.push(`${naam}: console-fout: ${m.text()}`);
  });
  pagina.on("pageerror", (e) => fouten.push(`${naam}: scriptfout: ${e.message}`));
}

async function bekijk(pagina, pad, naam) {
  const antwoord = await pagina.goto(basis + pad);
  eis(antwoord?.status() === 200, `${naam}: ${pad} gaf status ${antwoord?.status()}`);
  await toegankelijk(pagina, naam);
  await afdruk(pagina, naam);
}

async function login(browser, velden) {
  const context = await browser.newContext({ locale: "nl-NL" });
  const pagina = await context.newPage();
  bewaak(pagina, velden.rol);
  await pagina.goto(basis + "/login");
  await pagina.selectOption("#rol", velden.rol);
  for (const [veld, waarde] of Object.entries(velden)) {
    if (veld !== "rol") await pagina.fill(`#${veld}`, waarde);
  }
  await pagina.click("button[type=submit]");
  await pagina.waitForLoadState();
  eis(!pagina.url().endsWith("/login"), `login als ${velden.rol} mislukt (${pagina.url()})`);
  return { context, pagina };
}

const browser = await chromium.launch({
  executablePath: browserPad,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // not logged in: the login page, itself accessible
  {
    const context = await browser.newContext({ locale: "nl-NL" });
    const pagina = await context.newPage();
    await pagina.goto(basis + "/");
    eis(pagina.url().endsWith("/login"), "niet ingelogd: geen doorverwijzing naar /login");
    await toegankelijk(pagina, "login");
    await afdruk(pagina, "login");
    await context.close();
  }

  // werkgever: check a BSN (yes, without a grondslag), a wrong BSN, own employees, own quotum
  {
    const { context, pagina } = await login(browser, {
      rol: "werkgever",
      organisatie: "Bakkerij E2E",
      loonheffingennummer: "999990019L01",
    });
    await bekijk(pagina, "/werkgever/check", "werkgever-check");
    // keyboard only: the first Tab reaches the skip link, Enter on it moves to the content,
    // Tabs reach the BSN field, Enter submits the form
    await pagina.keyboard.press("Tab");
    eis((await pagina.evaluate(() => document.activeElement?.textContent)) === "Naar de inhoud", "toetsenbord: eerste Tab niet op 'Naar de inhoud'");
    await pagina.keyboard.press("Enter");
    for (let i = 0; i < 10 && (await pagina.evaluate(() => document.activeElement?.id)) !== "bsn"; i++) {
      await pagina.keyboard.press("Tab");
    }
    eis((await pagina.evaluate(() => document.activeElement?.id)) === "bsn", "toetsenbord: BSN-veld niet bereikbaar met Tab");
    await pagina.keyboard.type("111222333");
    await pagina.evaluate(() => { window.dgrMerk = 1; });
    await pagina.keyboard.press("Enter");
    // htmx swaps the content in place (no page load); without JavaScript it is a plain post
    await pagina.waitForSelector(".antwoord[role=status]");
    eis(new URL(pagina.url()).pathname === "/werkgever/check", "werkgever-check: adres veranderd bij gedeeltelijke update");
    eis((await pagina.evaluate(() => window.dgrMerk)) === 1, "werkgever-check: hele pagina herladen in plaats van htmx-update");
    const tekst = await pagina.textContent("main");
    eis(/staat deze persoon\s+wel/.test(tekst), "werkgever-check: antwoord 'wel' ontbreekt");
    eis(!tekst.includes("WAJONG"), "werkgever-check: grondslag zichtbaar voor werkgever");
    await toegankelijk(pagina, "werkgever-check-antwoord");
    await afdruk(pagina, "werkgever-check-antwoord");
    await pagina.fill("#bsn", "111222334");
    await pagina.click("button[type=submit]:has-text('Controleren')");
    await pagina.waitForSelector(".fout[role=alert]");
    eis((await pagina.locator(".fout[role=alert]").count()) === 1, "werkgever-check: ongeldig BSN zonder foutmelding");
    eis((await pagina.getAttribute("#bsn", "aria-invalid")) === "true", "werkgever-check: veld niet als ongeldig gemarkeerd");
    await toegankelijk(pagina, "werkgever-check-fout");
    await bekijk(pagina, "/werkgever/werknemers", "werkgever-werknemers");
    await bekijk(pagina, "/werkgever/quotum", "werkgever-quotum");
    await bekijk(pagina, "/werkgever/kandidaten", "werkgever-kandidaten");
    // refusal: an employer may not open the staff pages
    const nee = await pagina.goto(basis + "/inkijk");
    eis(nee?.status() === 403, `werkgever op /inkijk: status ${nee?.status()} in plaats van 403`);
    await toegankelijk(pagina, "werkgever-geweigerd");
    await context.close();
  }

  // burger: own registrations and who looked
  {
    const { context, pagina } = await login(browser, { rol: "burger", bsn: "111222333" });
    await bekijk(pagina, "/mijn", "burger-mijn");
    const tekst = await pagina.textContent("main");
    eis(tekst.includes("WAJONG") || tekst.toLowerCase().includes("wajong"), "burger-mijn: eigen grondslag ontbreekt");
    eis(tekst.includes("Bakkerij E2E"), "burger-mijn: de check van de werkgever staat niet in het overzicht");
    const nee = await pagina.goto(basis + "/dashboard");
    eis(nee?.status() === 403, `burger op /dashboard: status ${nee?.status()} in plaats van 403`);
    await context.close();
  }

  // uwv staff: inkijk on a person, the uitschrijvingen queue, deliveries
  {
    const { context, pagina } = await login(browser, { rol: "uwv", organisatie: "UWV E2E" });
    await bekijk(pagina, "/inkijk", "uwv-inkijk");
    await pagina.fill("#bsn", "111222333");
    await pagina.click("button[type=submit]:has-text('Opzoeken')");
    await pagina.waitForLoadState();
    eis((await pagina.textContent("main")).includes("WAJONG"), "uwv-inkijk: grondslag ontbreekt");
    await toegankelijk(pagina, "uwv-inkijk-persoon");
    await afdruk(pagina, "uwv-inkijk-persoon");
    await bekijk(pagina, "/inkijk/uitschrijvingen", "uwv-uitschrijvingen");
    await bekijk(pagina, "/inkijk/bezwaren", "uwv-bezwaren");
    await pagina.fill("#bsn", "123456782");
    await pagina.fill("#besluitdatum", "2026-01-05");
    await pagina.fill("#ingediend_op", "2026-02-17");
    await pagina.click("button[type=submit]:has-text('Vastleggen')");
    await pagina.waitForLoadState();
    eis((await pagina.textContent("main")).includes("na de termijn"), "uwv-bezwaren: te laat bezwaar niet gemarkeerd");
    await toegankelijk(pagina, "uwv-bezwaren-open");
    await afdruk(pagina, "uwv-bezwaren-open");
    await bekijk(pagina, "/leveringen", "uwv-leveringen");
    // the progress bar belongs to an upload in flight: hidden while the form is idle
    eis(!(await pagina.isVisible("[data-voortgang]")), "uwv-leveringen: voortgangsbalk zichtbaar zonder upload");
    // an upload through the page's own script (static/levering.js): sent with XMLHttpRequest,
    // the report replaces the main content without a page load; the empty gemeentecode of a
    // non-gemeente delivery counts as absent (issue #9)
    await pagina.selectOption("#soort", "registraties");
    await pagina.fill("#kenmerk", "E2E-UPLOAD");
    await pagina.setInputFiles("#bestand", {
      name: "e2e.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("bsn;grondslag;mutatie;ingangsdatum\n100000009;WAJONG;OPVOER;2018-01-01\n"),
    });
    const geladen = [];
    pagina.on("load", () => geladen.push(pagina.url()));
    await pagina.click("button[type=submit]:has-text('Aanbieden')");
    await pagina.waitForSelector("[data-uitslag]");
    eis((await pagina.textContent("[data-uitslag]")).includes("TOEGEPAST"), "uwv-levering: niet toegepast");
    eis(geladen.length === 0, `uwv-levering: de pagina werd opnieuw geladen (${geladen}) in plaats van bijgewerkt`);
    eis((await pagina.inputValue("#kenmerk")) === "", "uwv-levering: formulier na succes niet leeg");
    await toegankelijk(pagina, "uwv-levering-verslag");
    await context.close();
  }

  // analist: the banenmonitor dashboard with its chart
  {
    const { context, pagina } = await login(browser, { rol: "analist", organisatie: "SZW E2E" });
    await bekijk(pagina, "/dashboard", "analist-dashboard");
    eis((await pagina.locator("svg").count()) >= 1, "analist-dashboard: geen grafiek");
    await bekijk(pagina, "/dashboard/trend?kwartaal=2026-K3", "analist-trend");
    eis((await pagina.locator("svg.kaart g").count()) === 35, "analist-trend: geen tegel per arbeidsmarktregio");
    await context.close();
  }

  // werkgeversmonitor (issue #11): the organisation's D&I team sets up a topic, sets a goal (an
  // error first), adds a check-in and sees the status change, prints the steering group's report;
  // a unit contact person sees only their own unit, adds a check-in, and is refused another unit
  {
    const { context, pagina } = await login(browser, {
      rol: "werkgever",
      organisatie: "Rechtspraak E2E",
      loonheffingennummer: "800000006L01",
    });
    await bekijk(pagina, "/werkgever/monitor", "monitor-overzicht");
    eis((await pagina.locator("svg.grafiek").count()) >= 2, "monitor-overzicht: geen grafieken");
    const overzicht = await pagina.textContent("main");
    eis(overzicht.includes("<10") && overzicht.includes("Rechtbank Amsterdam"), "monitor-overzicht: eenhedenboom met <10 ontbreekt");
    await bekijk(pagina, "/werkgever/monitor/themas", "monitor-themas");
    await pagina.fill("#thema-naam", "Inclusief werkgeverschap");
    await pagina.click("button:has-text('Thema toevoegen')");
    await pagina.waitForLoadState();
    await pagina.fill("#onderwerp-naam", "Banenafspraak");
    await pagina.click("button:has-text('Onderwerp toevoegen')");
    await pagina.waitForLoadState();
    await pagina.selectOption("select[id^=vraag-]", "RB-AMS");
    await pagina.click("button:has-text('Vraag dit onderwerp aan')");
    await pagina.waitForLoadState();
    eis((await pagina.textContent("main")).includes("1 eenheid (RB-AMS)"), "monitor-themas: aanvraag van RB-AMS niet geteld");
    await toegankelijk(pagina, "monitor-themas-gevuld");
    await bekijk(pagina, "/werkgever/monitor/doelen/nieuw", "monitor-doel-nieuw");
    await pagina.selectOption("#doel-eenheid", "RB-AMS");
    await pagina.fill("#doel-eigenaar", "Teamleider Amsterdam");
    await pagina.fill("#doel-start", "2026-01-01");
    await pagina.fill("#doel-deadline", "2027-12-31");
    await pagina.selectOption("#doel-maat", "handmatig");
    await pagina.fill("#doel-basiswaarde", "0");
    await pagina.fill("#doel-streefwaarde", "10");
    await pagina.click("button:has-text('Doel vaststellen')");
    await pagina.waitForLoadState();
    eis((await pagina.getAttribute("#doel-titel", "aria-invalid")) === "true", "monitor-doel-nieuw: titel zonder foutmarkering");
    eis(((await pagina.getAttribute("#doel-titel", "aria-describedby")) ?? "").includes("doel-titel-fout"), "monitor-doel-nieuw: fout niet aan het veld gekoppeld");
    eis((await pagina.inputValue("#doel-eigenaar")) === "Teamleider Amsterdam", "monitor-doel-nieuw: ingevulde waarde kwijt na fout");
    await toegankelijk(pagina, "monitor-doel-fout");
    await pagina.fill("#doel-titel", "Tien werkplekken");
    await pagina.click("button:has-text('Doel vaststellen')");
    await pagina.waitForLoadState();
    eis(/\/werkgever\/monitor\/doelen\/\d+$/.test(new URL(pagina.url()).pathname), `monitor-doel: niet naar de doelpagina (${pagina.url()})`);
    const doelUrl = pagina.url();
    eis((await pagina.textContent("#doelstatus")) === "nog niet gemeten", "monitor-doel: status voor de eerste check-in");
    await toegankelijk(pagina, "monitor-doel");
    await pagina.fill("#checkin-datum", "2026-11-19");
    await pagina.fill("#checkin-waarde", "9");
    await pagina.fill("#checkin-toelichting", "Negen werkplekken ingevuld");
    await pagina.click("button:has-text('Check-in vastleggen')");
    await pagina.waitForLoadState();
    eis((await pagina.textContent("#doelstatus")) === "op koers", "monitor-doel: status na check-in niet 'op koers'");
    await pagina.fill("#mijlpaal-naam", "Stuurgroep 19 december");
    await pagina.fill("#mijlpaal-datum", "2026-12-19");
    await pagina.click("button:has-text('Mijlpaal toevoegen')");
    await pagina.waitForLoadState();
    eis((await pagina.textContent("main")).includes("Stuurgroep 19 december"), "monitor-doel: mijlpaal ontbreekt");
    await toegankelijk(pagina, "monitor-doel-checkin");
    await afdruk(pagina, "monitor-doel-checkin");
    await bekijk(pagina, "/werkgever/monitor/eenheden/RB-AMS", "monitor-eenheid");
    await bekijk(pagina, "/werkgever/monitor/verantwoording?kwartaal=2026-K3", "monitor-verantwoording");
    eis((await pagina.textContent("main")).includes("Tien werkplekken"), "monitor-verantwoording: doel ontbreekt");
    await pagina.emulateMedia({ media: "print" });
    eis(!(await pagina.isVisible("header.kop")), "monitor-verantwoording: menu zichtbaar bij afdrukken");
    eis(!(await pagina.isVisible("form.kwartaalkeuze")), "monitor-verantwoording: formulier zichtbaar bij afdrukken");
    eis(await pagina.isVisible("table.eenheden"), "monitor-verantwoording: cijfers onzichtbaar bij afdrukken");
    await pagina.pdf({ path: join(schermen, "monitor-verantwoording.pdf"), format: "A4" });
    await pagina.emulateMedia({ media: "screen" });
    const [xlsx] = await Promise.all([pagina.waitForEvent("download"), pagina.click("a[download]")]);
    eis(xlsx.suggestedFilename() === "verantwoording-2026-K3.xlsx", `monitor-verantwoording: download heet ${xlsx.suggestedFilename()}`);
    eis((await xlsx.failure()) === null, "monitor-verantwoording: download mislukt");
    await context.close();

    const contact = await login(browser, {
      rol: "werkgever",
      organisatie: "Rechtbank Amsterdam E2E",
      loonheffingennummer: "800000006L01",
      eenheden: "RB-AMS",
    });
    const p2 = contact.pagina;
    await bekijk(p2, "/werkgever/monitor", "monitor-contactpersoon");
    const eigen = await p2.textContent("main");
    eis(!eigen.includes("Zeeland") && eigen.includes("Tien werkplekken"), "monitor-contactpersoon: ziet andere eenheden of mist het eigen doel");
    await p2.goto(doelUrl);
    await p2.fill("#checkin-waarde", "1");
    await p2.fill("#checkin-toelichting", "Een plek vervalt");
    await p2.selectOption("#checkin-vertrouwen", "laag");
    await p2.click("button:has-text('Check-in vastleggen')");
    await p2.waitForLoadState();
    eis((await p2.textContent("#doelstatus")) === "achter", "monitor-contactpersoon: status na check-in niet 'achter'");
    await toegankelijk(p2, "monitor-contactpersoon-doel");
    const nee = await p2.goto(basis + "/werkgever/monitor/eenheden/RB-ZWB");
    eis(nee?.status() === 403, `contactpersoon op een andere eenheid: status ${nee?.status()} in plaats van 403`);
    await toegankelijk(p2, "monitor-contactpersoon-geweigerd");
    await contact.context.close();
  }
} catch (e) {
  fouten.push(`onverwachte fout: ${e.stack ?? e}`);
} finally {
  await browser.close();
}

if (fouten.length > 0) {
  console.error(`${fouten.length} fout(en):`);
  for (const f of fouten) console.error("  - " + f);
  process.exit(1);
}
console.log(`e2e: alle stappen geslaagd; schermafdrukken in ${schermen}`);
