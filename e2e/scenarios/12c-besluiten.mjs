// Issue #12 finding 5: final decisions take two steps (a confirmation page with "Bevestigen"
// and "Annuleren", working without JavaScript), a refusal needs a reason (the error next to the
// field, the value kept), a success message follows, and decided items stay in "Afgehandeld".
import { eis, toegankelijk, afdruk, bekijk, login } from "../hulp.mjs";

const tekst = async (pagina) => (await pagina.textContent("main")) ?? "";

export default async function (browser) {
  // the citizen asks to be removed: first a confirmation, nothing recorded yet
  const burger = await login(browser, { rol: "burger", bsn: "111222333" });
  let p = burger.pagina;
  await bekijk(p, "/mijn", "12c-burger-mijn");
  await p.click("form[action='/mijn/uitschrijven'] button[type=submit]");
  await p.waitForLoadState();
  eis((await tekst(p)).includes("Uitschrijving aanvragen") && (await p.isVisible("text=Annuleren")),
    "12c burger-uitschrijven-bevestigen: geen bevestigingsstap");
  await toegankelijk(p, "12c-burger-uitschrijven-bevestigen");
  await afdruk(p, "12c-burger-uitschrijven-bevestigen");
  // Annuleren goes back without recording anything
  await p.click("text=Annuleren");
  await p.waitForLoadState();
  eis(!(await tekst(p)).includes("ontvangen, in behandeling"), "12c burger-annuleren: verzoek toch vastgelegd");
  await p.click("form[action='/mijn/uitschrijven'] button[type=submit]");
  await p.waitForLoadState();
  await p.click("button:has-text('Bevestigen')");
  await p.waitForLoadState();
  eis(p.url().endsWith("/mijn"), `12c burger-uitschrijven: niet terug op /mijn (${p.url()})`);
  eis((await p.textContent("[role=status]"))?.includes("Uw verzoek om uitschrijving is ontvangen"),
    "12c burger-uitschrijven: geen succesmelding");
  await toegankelijk(p, "12c-burger-uitschrijven-gelukt");
  await afdruk(p, "12c-burger-uitschrijven-gelukt");
  // vindbaar worden: confirmed too
  await p.click("form[action='/mijn/herkenbaar'] button[type=submit]");
  await p.waitForLoadState();
  eis((await tekst(p)).includes("Kandidatenverkenner"), "12c burger-vindbaar: bevestiging zegt niet wat het betekent");
  await p.click("button:has-text('Bevestigen')");
  await p.waitForLoadState();
  eis((await p.textContent("[role=status]"))?.includes("vindbaar"), "12c burger-vindbaar: geen succesmelding");
  await burger.context.close();

  // UWV refuses it: without a reason the refusal is refused, next to the field
  const uwv = await login(browser, { rol: "uwv", organisatie: "UWV E2E" });
  p = uwv.pagina;
  await bekijk(p, "/inkijk/uitschrijvingen", "12c-uwv-uitschrijvingen");
  const rij = p.locator("tr", { hasText: "111222333" });
  await rij.locator("button:has-text('Afwijzen')").click();
  await p.waitForLoadState();
  const veld = rij.locator("input[name=reden]");
  eis((await p.locator("input[name=reden][aria-invalid=true]").count()) === 1,
    "12c uwv-afwijzen-zonder-reden: geen fout bij het veld");
  const beschreven = await p.locator("input[name=reden][aria-invalid=true]").getAttribute("aria-describedby");
  eis(beschreven && (await p.textContent(`#${beschreven}`))?.includes("reden"),
    "12c uwv-afwijzen-zonder-reden: foutmelding niet aan het veld gekoppeld");
  await toegankelijk(p, "12c-uwv-afwijzen-zonder-reden");
  await afdruk(p, "12c-uwv-afwijzen-zonder-reden");
  await p.locator("tr", { hasText: "111222333" }).locator("input[name=reden]").fill("Nog een lopende procedure");
  await p.locator("tr", { hasText: "111222333" }).locator("button:has-text('Afwijzen')").click();
  await p.waitForLoadState();
  eis((await tekst(p)).includes("Nog een lopende procedure") && (await tekst(p)).includes("111222333"),
    "12c uwv-afwijzen-bevestigen: samenvatting mist reden of BSN");
  await toegankelijk(p, "12c-uwv-afwijzen-bevestigen");
  await afdruk(p, "12c-uwv-afwijzen-bevestigen");
  await p.click("button:has-text('Bevestigen')");
  await p.waitForLoadState();
  eis((await p.textContent("[role=status]"))?.includes("afgewezen"), "12c uwv-afgewezen: geen succesmelding");
  const afgehandeld = await p.textContent("section#afgehandeld, main");
  eis(afgehandeld.includes("Afgewezen") && afgehandeld.includes("Nog een lopende procedure"),
    "12c uwv-afgehandeld: afgewezen verzoek niet in de lijst Afgehandeld");
  await toegankelijk(p, "12c-uwv-afgehandeld");
  await afdruk(p, "12c-uwv-afgehandeld");
  // the history's filter works without JavaScript (a plain GET form)
  await bekijk(p, "/inkijk/uitschrijvingen?status=TOEGEWEZEN", "12c-uwv-afgehandeld-filter");
  eis((await tekst(p)).includes("die bij het filter passen"), "12c uwv-filter: filter op toegewezen toont het afgewezen verzoek");

  // a bezwaar: "ongegrond" needs its grounds; then confirmed; then in Afgehandeld
  await bekijk(p, "/inkijk/bezwaren", "12c-uwv-bezwaren");
  await p.fill("#bsn", "111222333");
  await p.fill("#besluitdatum", "2026-10-01");
  await p.fill("#ingediend_op", "2026-11-02");
  await p.click("button[type=submit]:has-text('Vastleggen')");
  await p.waitForLoadState();
  const bezwaar = p.locator("tr", { hasText: "111222333" });
  await bezwaar.locator("select[name=uitkomst]").selectOption("ongegrond");
  await bezwaar.locator("button:has-text('Beslissen')").click();
  await p.waitForLoadState();
  eis((await p.locator("input[name=motivering][aria-invalid=true]").count()) === 1,
    "12c uwv-bezwaar-ongegrond-zonder-motivering: geen fout bij het veld");
  await toegankelijk(p, "12c-uwv-bezwaar-zonder-motivering");
  await p.locator("tr", { hasText: "111222333" }).locator("input[name=motivering]").fill("Beoordeling was juist");
  await p.locator("tr", { hasText: "111222333" }).locator("button:has-text('Beslissen')").click();
  await p.waitForLoadState();
  eis((await tekst(p)).includes("het register verandert niet"), "12c uwv-bezwaar-bevestigen: gevolg ontbreekt");
  await toegankelijk(p, "12c-uwv-bezwaar-bevestigen");
  await afdruk(p, "12c-uwv-bezwaar-bevestigen");
  await p.click("button:has-text('Bevestigen')");
  await p.waitForLoadState();
  eis((await p.textContent("[role=status]"))?.includes("ongegrond"), "12c uwv-bezwaar: geen succesmelding");
  eis((await tekst(p)).includes("Beoordeling was juist"), "12c uwv-bezwaar: niet in Afgehandeld");
  await toegankelijk(p, "12c-uwv-bezwaren-afgehandeld");
  await afdruk(p, "12c-uwv-bezwaren-afgehandeld");
  await uwv.context.close();

  // the WSP's page and the employer's list of contact requests open, with their history
  const wsp = await login(browser, { rol: "wsp", arbeidsmarktregio: "AM01" });
  await bekijk(wsp.pagina, "/wsp", "12c-wsp");
  eis((await tekst(wsp.pagina)).includes("Afgehandeld"), "12c wsp: geen lijst Afgehandeld");
  await wsp.context.close();
  const werkgever = await login(browser, { rol: "werkgever", loonheffingennummer: "999990019L01" });
  await bekijk(werkgever.pagina, "/werkgever/contactverzoeken", "12c-werkgever-contactverzoeken");
  eis((await tekst(werkgever.pagina)).includes("Afgehandeld"), "12c werkgever-contactverzoeken: geen lijst Afgehandeld");
  await werkgever.context.close();
}
