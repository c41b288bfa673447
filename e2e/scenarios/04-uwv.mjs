// uwv staff: inkijk on a person, the uitschrijvingen queue, deliveries
import { eis, toegankelijk, afdruk, bekijk, login } from "../hulp.mjs";

export default async function (browser) {
  const { context, pagina } = await login(browser, { rol: "uwv", organisatie: "UWV E2E" });
  await bekijk(pagina, "/inkijk", "uwv-inkijk");
  await pagina.fill("#bsn", "111222333");
  await pagina.click("button[type=submit]:has-text('Opzoeken')");
  await pagina.waitForLoadState();
  eis((await pagina.textContent("main")).includes("Wajong 2010"), "uwv-inkijk: grondslag ontbreekt");
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
  eis((await pagina.textContent("[data-uitslag]")).includes("verwerkt"), "uwv-levering: niet verwerkt");
  eis(geladen.length === 0, `uwv-levering: de pagina werd opnieuw geladen (${geladen}) in plaats van bijgewerkt`);
  eis((await pagina.inputValue("#kenmerk")) === "", "uwv-levering: formulier na succes niet leeg");
  await toegankelijk(pagina, "uwv-levering-verslag");
  await context.close();
}
