// werkgever: check a BSN (yes, without a grondslag), a wrong BSN, own employees, own quotum
import { basis, eis, toegankelijk, afdruk, bekijk, login } from "../hulp.mjs";

export default async function (browser) {
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
  // the purpose is required (Wfsv art. 38d lid 7): Enter without one submits nothing
  eis(await pagina.evaluate(() => document.querySelector("#doel").validity.valueMissing), "werkgever-check: doel niet verplicht");
  await pagina.selectOption("#doel", "sollicitant");
  await pagina.focus("#bsn");
  await pagina.evaluate(() => { window.dgrMerk = 1; });
  await pagina.keyboard.press("Enter");
  // htmx swaps the content in place (no page load); without JavaScript it is a plain post
  await pagina.waitForSelector(".antwoord[role=status]");
  eis(new URL(pagina.url()).pathname === "/werkgever/check", "werkgever-check: adres veranderd bij gedeeltelijke update");
  eis((await pagina.evaluate(() => window.dgrMerk)) === 1, "werkgever-check: hele pagina herladen in plaats van htmx-update");
  const tekst = await pagina.textContent("main");
  eis(/staat deze persoon\s+wel/.test(tekst), "werkgever-check: antwoord 'wel' ontbreekt");
  eis(!tekst.includes("WAJONG"), "werkgever-check: grondslag zichtbaar voor werkgever");
  eis((await pagina.inputValue("#doel")) === "sollicitant", "werkgever-check: gekozen doel niet bewaard");
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
