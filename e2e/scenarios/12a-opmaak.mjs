// issue #12, findings 1, 2 and the chart part of 10: numbers, dates and names written the Dutch
// way on every page, CSV downloads for Dutch Excel, charts legible on a phone, a print stylesheet
import { basis, eis, toegankelijk, afdruk, bekijk, login } from "../hulp.mjs";

/** Codes that must never be shown to a reader (finding 2). */
const CODES = /\b(OPEN|WERKGEVERS_GEINFORMEERD|TOEGEWEZEN|AFGEWEZEN|TOEGEPAST|MBO2_4|HAVO_VWO|AM\d\d|PW_IBA|WAJONG)\b|R-\d\d|formule|\bNone\b|\bnone\b/;
/** An ISO date or instant in text (finding 1: dates are written 05-01-2026). */
const ISO = /\b\d{4}-\d{2}-\d{2}\b/;

/** The visible text of the main content (form values and hidden inputs are not text). */
const tekst = (pagina) => pagina.evaluate(() => document.querySelector("main").innerText);

/** The rendered height (px) of the smallest visible axis label or legend of the charts. */
async function kleinsteTekst(pagina, selector) {
  return pagina.evaluate((sel) => {
    const hoogtes = [...document.querySelectorAll(sel)]
      .filter((t) => getComputedStyle(t).display !== "none")
      .map((t) => t.getBoundingClientRect().height)
      .filter((h) => h > 0);
    return hoogtes.length ? Math.min(...hoogtes) : 0;
  }, selector);
}

/** Bytes of a download, fetched by the logged-in page (its session cookie is Secure). */
async function download(pagina, pad) {
  const r = await pagina.evaluate(async (u) => {
    const a = await fetch(u);
    return { status: a.status, soort: a.headers.get("content-type"), bytes: [...new Uint8Array(await a.arrayBuffer())] };
  }, pad);
  return { ...r, bytes: Buffer.from(r.bytes) };
}

export default async function (browser) {
  // ---- analist: dashboard, trend, CSV, charts at 390 px ----
  {
    const { context, pagina } = await login(browser, { rol: "analist", organisatie: "SZW E2E" });
    await bekijk(pagina, "/dashboard", "opmaak-dashboard");
    const t = await tekst(pagina);
    // finding 1: no None in the Doel column (2012 and 2024 have no target) but a dash, explained
    eis(!/\bnone\b/i.test(t), "opmaak-dashboard: 'None' in de tabel");
    const doelen = await pagina.$$eval("table tbody tr td:nth-child(6)", (c) => c.map((x) => x.textContent));
    eis(doelen.includes("–"), `opmaak-dashboard: geen streepje voor een jaar zonder doel (${doelen.slice(0, 6)})`);
    eis(t.includes("Een streepje (–) betekent"), "opmaak-dashboard: streepje niet uitgelegd");
    // targets are written with a thousands dot: 20500 → 20.500 (2016), 125000 → 125.000 (2025)
    eis(doelen.includes("20.500") && doelen.includes("125.000"), `opmaak-dashboard: doelen niet als 20.500 geschreven (${doelen.filter((d) => d !== "–").slice(0, 4)})`);
    // jobs with one decimal and a decimal comma
    const banen = await pagina.$$eval("table tbody tr td:nth-child(3)", (c) => c.map((x) => x.textContent));
    eis(banen.length > 0 && banen.every((b) => /^-?\d{1,3}(\.\d{3})*,\d$/.test(b)), `opmaak-dashboard: banen niet als 1.234,5 (${banen.slice(0, 3)})`);
    eis(!/\b(MARKT|OVERHEID|TOTAAL)\b/.test(t), "opmaak-dashboard: sectorcode in de tabel");
    // finding 1: the goal line is not drawn across 2024 (no target): the fixture works 2016–2025,
    // so 2016–2023 is one line of 8 points and 2025 a dot on its own (9 dots)
    const doellijn = await pagina.$$eval('svg.grafiek polyline[stroke="#c05a00"]', (p) => p.map((x) => x.getAttribute("points").trim().split(/\s+/).length));
    eis(doellijn.length === 1 && doellijn[0] === 8, `opmaak-dashboard: doellijn loopt door het ontbrekende jaar (${doellijn})`);
    eis((await pagina.locator('svg.grafiek circle[fill="#c05a00"]').count()) === 9, "opmaak-dashboard: niet elk doel als punt getekend");
    // axis labels in Dutch: 125.000 on the value axis means a label like 140.000, never 140000
    const as = await pagina.$$eval("svg.grafiek text.as", (x) => x.map((e) => e.textContent));
    eis(as.some((a) => /^\d{1,3}\.\d{3}$/.test(a)) && !as.some((a) => /^\d{4,}$/.test(a) && !/^20\d\d$/.test(a)), `opmaak-dashboard: aslabels niet als 42.694 (${as})`);
    // finding 10: at 390 px the chart text is at least 10 px high
    await pagina.setViewportSize({ width: 390, height: 844 });
    const klein = await kleinsteTekst(pagina, "svg.grafiek text.as, svg.grafiek text.legenda");
    eis(klein >= 10, `opmaak-dashboard: grafiektekst op 390 px is ${klein.toFixed(1)} px hoog (minder dan 10)`);
    await pagina.setViewportSize({ width: 1280, height: 900 });

    // CSV for Dutch Excel: BOM, ';', decimal comma, rounded as displayed
    const csv = await download(pagina, "/dashboard/banenmonitor.csv?jaar=2025");
    eis(csv.status === 200, `opmaak-csv: status ${csv.status}`);
    eis(csv.bytes[0] === 0xef && csv.bytes[1] === 0xbb && csv.bytes[2] === 0xbf, "opmaak-csv: geen UTF-8 BOM voor Excel");
    const regels = csv.bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
    eis(regels[0].startsWith("Jaar;Sector;Banen;"), `opmaak-csv: kop in woorden ${regels[0]}`);
    const cellen = regels.find((r) => r.startsWith("2016;TOTAAL;"))?.split(";") ?? [];
    // banen with one decimal comma, never a point or 15 digits; the 2016 target 20500 plain
    eis(/^\d+,\d$/.test(cellen[2] ?? ""), `opmaak-csv: banen niet als 12,3 (${cellen})`);
    eis(cellen.includes("20500"), `opmaak-csv: doel 2016 niet 20500 (${cellen})`);
    eis(!regels.slice(1).some((r) => /\d\.\d/.test(r)), "opmaak-csv: een getal met een decimale punt");
    for (const pad of ["/dashboard/trend.csv?kwartaal=2026-K3", "/dashboard/omvang.csv?kwartaal=2026-K3"]) {
      const c = await download(pagina, pad);
      eis(c.status === 200 && c.bytes[0] === 0xef, `opmaak-csv: ${pad} zonder BOM (${c.status})`);
    }

    await bekijk(pagina, "/dashboard/trend?kwartaal=2026-K3", "opmaak-trend");
    const tt = await tekst(pagina);
    eis(!CODES.test(tt), `opmaak-trend: code op het scherm (${tt.match(CODES)?.[0]})`);
    eis(!ISO.test(tt.replace(/\d{4}-K\d/g, "")), `opmaak-trend: datum als ${tt.match(ISO)?.[0]}`);
    eis(tt.includes("30-09-2026"), "opmaak-trend: peildatum niet als 30-09-2026");
    // the tile map: names not cut off ("West-Braban"); on a phone the short name in a larger font
    const naam = (v) => pagina.evaluate(() => {
      const g = [...document.querySelectorAll("svg.kaart g")].find((x) => x.querySelector("title")?.textContent.startsWith("West-Brabant:"));
      return [...(g?.querySelectorAll("text[class^=naam]") ?? [])].filter((t) => getComputedStyle(t).display !== "none").map((t) => t.textContent).join("");
    });
    eis((await naam()) === "West-Brabant", `opmaak-trend: tegel toont '${await naam()}' in plaats van West-Brabant`);
    await pagina.setViewportSize({ width: 390, height: 844 });
    eis((await naam()) === "West-Brabant", `opmaak-trend: tegel op 390 px toont '${await naam()}'`);
    const kaart = await kleinsteTekst(pagina, "svg.kaart text");
    eis(kaart >= 10, `opmaak-trend: tekst op de kaart op 390 px is ${kaart.toFixed(1)} px hoog`);
    const lijn = await kleinsteTekst(pagina, "svg.grafiek:not(.kaart) text.as");
    eis(lijn >= 10, `opmaak-trend: aslabels op 390 px zijn ${lijn.toFixed(1)} px hoog`);
    await pagina.setViewportSize({ width: 1280, height: 900 });
    // print: no header, menu, forms or download links; charts the full width
    await pagina.emulateMedia({ media: "print" });
    const druk = await pagina.evaluate(() => ({
      kop: getComputedStyle(document.querySelector("header")).display,
      formulier: getComputedStyle(document.querySelector("main form")).display,
      csv: getComputedStyle(document.querySelector('a[href*=".csv"]')).display,
      grafiek: document.querySelector("svg.grafiek:not(.kaart)").getBoundingClientRect().width / document.querySelector("main").getBoundingClientRect().width,
    }));
    eis(druk.kop === "none" && druk.formulier === "none" && druk.csv === "none", `opmaak-afdruk: kop/formulier/download afgedrukt (${JSON.stringify(druk)})`);
    eis(druk.grafiek > 0.95, `opmaak-afdruk: grafiek niet over de volle breedte (${druk.grafiek.toFixed(2)})`);
    await pagina.pdf({ path: `${process.argv[3] ?? "e2e/screenshots"}/opmaak-trend.pdf` }).catch(() => {});
    await pagina.emulateMedia({ media: "screen" });
    await context.close();
  }

  // ---- burger asks to be removed; uwv sees the queue with names and Dutch dates ----
  {
    const { context, pagina } = await login(browser, { rol: "burger", bsn: "123456782" });
    await pagina.goto(basis + "/mijn");
    const knop = pagina.locator("button:has-text('Uitschrijving aanvragen')");
    if (await knop.count()) {
      await knop.click();
      await pagina.waitForLoadState();
    }
    const knop2 = pagina.locator("button:has-text('Uitschrijving aanvragen'), button:has-text('Ja')");
    if ((await knop2.count()) && new URL(pagina.url()).pathname !== "/mijn") {
      await knop2.first().click();
      await pagina.waitForLoadState();
    }
    await bekijk(pagina, "/mijn", "opmaak-mijn");
    const t = await tekst(pagina);
    eis(!CODES.test(t), `opmaak-mijn: code op het scherm (${t.match(CODES)?.[0]})`);
    eis(!ISO.test(t), `opmaak-mijn: datum als ${t.match(ISO)?.[0]}`);
    await context.close();
  }
  {
    const { context, pagina } = await login(browser, { rol: "uwv", organisatie: "UWV E2E" });
    await bekijk(pagina, "/inkijk/uitschrijvingen", "opmaak-uitschrijvingen");
    const t = await tekst(pagina);
    eis(t.includes("123456782"), "opmaak-uitschrijvingen: het verzoek staat niet in de werkvoorraad");
    eis(!CODES.test(t), `opmaak-uitschrijvingen: code op het scherm (${t.match(CODES)?.[0]})`);
    eis(!ISO.test(t), `opmaak-uitschrijvingen: datum als ${t.match(ISO)?.[0]}`);
    eis(t.includes("werkgevers nog niet geïnformeerd"), "opmaak-uitschrijvingen: status niet in woorden");
    await pagina.goto(basis + "/inkijk");
    await pagina.fill("#bsn", "111222333");
    await pagina.click("button[type=submit]:has-text('Opzoeken')");
    await pagina.waitForLoadState();
    const i = await tekst(pagina);
    eis(i.includes("Oude Wajong of Wajong 2010 met arbeidsvermogen"), "opmaak-inkijk: grondslag niet bij naam");
    eis(!CODES.test(i), `opmaak-inkijk: code op het scherm (${i.match(CODES)?.[0]})`);
    eis(!ISO.test(i), `opmaak-inkijk: datum als ${i.match(ISO)?.[0]}`);
    eis(i.includes("01-01-1980"), "opmaak-inkijk: geboortedatum niet als 01-01-1980");
    await toegankelijk(pagina, "opmaak-inkijk");
    await afdruk(pagina, "opmaak-inkijk");
    await bekijk(pagina, "/leveringen", "opmaak-leveringen");
    const l = await tekst(pagina);
    eis(!/\b(TOEGEPAST|AFGEWEZEN|TE_LAAT|ONTBREEKT)\b/.test(l), `opmaak-leveringen: status als code (${l.match(/\b(TOEGEPAST|AFGEWEZEN|TE_LAAT|ONTBREEKT)\b/)?.[0]})`);
    await bekijk(pagina, "/inkijk/bezwaren", "opmaak-bezwaren");
    await context.close();
  }

  // ---- werkgever: quota in plain words, money and hours the Dutch way; kandidaten names ----
  {
    const { context, pagina } = await login(browser, {
      rol: "werkgever",
      organisatie: "Bakkerij E2E",
      loonheffingennummer: "999990019L01",
    });
    await bekijk(pagina, "/werkgever/quotum?jaar=2026", "opmaak-quotum");
    const t = await tekst(pagina);
    // 100000 hours in the fixture → 100.000,00
    eis(t.includes("100.000,00"), "opmaak-quotum: totale uren niet als 100.000,00");
    eis(!/geactiveerd;|R-3\d|formule/.test(t), `opmaak-quotum: regelnummer of afkorting op het scherm (${t.match(/geactiveerd;|R-3\d|formule/)?.[0]})`);
    // money: the LKV of a registered employee, € 1,01 per hour and at most € 6.000,00 a year
    await pagina.goto(basis + "/werkgever/voordelen");
    await pagina.fill("#bsn", "111222333");
    await pagina.fill("#ingangsdatum", "2026-02-01");
    await pagina.click("button[type=submit]:has-text('Controleren')");
    await pagina.waitForLoadState();
    const v = await tekst(pagina);
    eis(/€\s1,01 per verloond uur/.test(v) && /€\s\d{1,3}\.\d{3},\d\d per jaar/.test(v), `opmaak-voordelen: bedragen niet als € 6.000,00 (${v.match(/€[^p]*/g)})`);
    await toegankelijk(pagina, "opmaak-voordelen");
    await afdruk(pagina, "opmaak-voordelen");
    await bekijk(pagina, "/werkgever/kandidaten", "opmaak-kandidaten");
    const opties = await pagina.$$eval("#opleidingsniveau option", (o) => o.map((x) => x.textContent));
    eis(opties.includes("mbo niveau 2 tot en met 4") && !opties.some((o) => /MBO2_4|HAVO_VWO/.test(o)), `opmaak-kandidaten: opleidingsniveau als code (${opties})`);
    await pagina.goto(basis + "/werkgever/werknemers");
    const w = await tekst(pagina);
    eis(!ISO.test(w), `opmaak-werknemers: datum als ${w.match(ISO)?.[0]}`);
    const csv = await download(pagina, "/werkgever/werknemers.csv?peildatum=2026-09-30");
    const r = csv.bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
    eis(csv.bytes[0] === 0xef && r[0] === "BSN;Loonheffingennummer;Peildatum", `opmaak-werknemers-csv: kop ${r[0]}`);
    eis(r[1] === "111222333;999990019L01;30-09-2026", `opmaak-werknemers-csv: rij ${r[1]}`);
    await context.close();
  }
}
