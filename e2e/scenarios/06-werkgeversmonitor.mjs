// werkgeversmonitor (issue #11): the organisation's D&I team sets up a topic, sets a goal (an
// error first), adds a check-in and sees the status change, prints the steering group's report;
// a unit contact person sees only their own unit, adds a check-in, and is refused another unit
import { join } from "node:path";
import { basis, schermen, eis, toegankelijk, afdruk, bekijk, login } from "../hulp.mjs";

export default async function (browser) {
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
