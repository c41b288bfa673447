// Issue #14: a request from the Mijn page through UWV's queue into the register, and back to
// the citizen with its notice — a VSO/PrO request confirmed against the school record. axe and
// screenshots at each step.
import { basis, eis, bekijk, login, toegankelijk, afdruk } from "../hulp.mjs";

export default async function (browser) {
  const burger = await login(browser, { rol: "burger", bsn: "111222333" });
  await bekijk(burger.pagina, "/mijn", "aanvraag-mijn");
  await burger.pagina.fill("#school", "De Brug, Utrecht");
  await burger.pagina.fill("#schooljaren", "2014–2019");
  await burger.pagina.click("button:has-text('Opname als schoolverlater aanvragen')");
  await burger.pagina.waitForLoadState();
  let tekst = await burger.pagina.textContent("main");
  eis(tekst.includes("Uw aanvraag is ontvangen") && tekst.includes("in behandeling"), "aanvraag-mijn: geen bevestiging of stand van de aanvraag");
  await toegankelijk(burger.pagina, "aanvraag-ingediend");
  await afdruk(burger.pagina, "aanvraag-ingediend");

  const uwv = await login(browser, { rol: "uwv", organisatie: "UWV E2E" });
  await bekijk(uwv.pagina, "/inkijk/aanvragen", "aanvraag-wachtrij");
  const kaart = uwv.pagina.locator("section.aanvraag", { hasText: "Schoolverlater VSO/PrO" }).first();
  await kaart.locator("select[name=uitkomst]").selectOption("BEVESTIGD");
  await kaart.locator("input[name=kenmerk]").fill("DUO-2019-4471");
  await kaart.locator("button:has-text('Besluit vastleggen')").click();
  await uwv.pagina.waitForLoadState();
  tekst = await uwv.pagina.textContent("main");
  eis(tekst.includes("de registratie is opgenomen vanaf"), "aanvraag-wachtrij: besluit niet bevestigd");
  await toegankelijk(uwv.pagina, "aanvraag-beslist");
  await afdruk(uwv.pagina, "aanvraag-beslist");
  await uwv.context.close();

  await burger.pagina.goto(basis + "/mijn");
  tekst = await burger.pagina.textContent("main");
  eis(tekst.includes("bevestigd: opgenomen in het register"), "aanvraag-mijn: stand na het besluit ontbreekt");
  eis(tekst.includes("Schoolverlater voortgezet speciaal onderwijs of praktijkonderwijs"), "aanvraag-mijn: bericht over de opname met VSO_PRO ontbreekt");
  // the praktijkroute the gemeente recorded in 07-gemeente reached the citizen as well
  eis(tekst.includes("Praktijkroute (loonwaarde onder 100% WML)"), "aanvraag-mijn: bericht over de praktijkroute ontbreekt");
  await toegankelijk(burger.pagina, "aanvraag-opgenomen");
  await afdruk(burger.pagina, "aanvraag-opgenomen");
  await burger.context.close();

  // a beoordeling asked by the gemeente on a resident's behalf (123456782 lives in Utrecht,
  // 0344), decided positive, seen by the resident with its notice
  const gemeente = await login(browser, { rol: "gemeente", gemeentecode: "0344", organisatie: "Gemeente Utrecht E2E" });
  await bekijk(gemeente.pagina, "/gemeente/aanvragen", "aanvraag-gemeente");
  await gemeente.pagina.fill("#bsn", "123456782");
  await gemeente.pagina.fill("#toelichting", "Inwoner werkt met begeleiding.");
  await gemeente.pagina.click("button:has-text('Aanvragen')");
  await gemeente.pagina.waitForSelector(".antwoord[role=status]");
  await toegankelijk(gemeente.pagina, "aanvraag-gemeente-ingediend");
  await afdruk(gemeente.pagina, "aanvraag-gemeente-ingediend");
  await gemeente.context.close();

  const uwv2 = await login(browser, { rol: "uwv", organisatie: "UWV E2E" });
  await uwv2.pagina.goto(basis + "/inkijk/aanvragen");
  const beoordeling = uwv2.pagina.locator("section.aanvraag", { hasText: "Beoordeling arbeidsvermogen" }).first();
  await beoordeling.locator("select[name=uitkomst]").selectOption("POSITIEF");
  await beoordeling.locator("button:has-text('Besluit vastleggen')").click();
  await uwv2.pagina.waitForLoadState();
  eis((await uwv2.pagina.textContent("main")).includes("de registratie is opgenomen vanaf"), "aanvraag-beoordeling: besluit niet bevestigd");
  await uwv2.context.close();

  const inwoner = await login(browser, { rol: "burger", bsn: "123456782" });
  await bekijk(inwoner.pagina, "/mijn", "aanvraag-inwoner");
  tekst = await inwoner.pagina.textContent("main");
  eis(tekst.includes("aangevraagd door uw gemeente 0344") && tekst.includes("positief: indicatie banenafspraak"), "aanvraag-inwoner: stand van de aanvraag van de gemeente ontbreekt");
  eis(tekst.includes("Maak bezwaar bij UWV"), "aanvraag-inwoner: bezwaartermijn ontbreekt");
  const brief = await inwoner.pagina.getAttribute("a[href^='/mijn/kennisgevingen/']", "href");
  await bekijk(inwoner.pagina, brief, "aanvraag-inwoner-brief");
  await inwoner.context.close();
}
