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
  await toegankelijk(burger.pagina, "aanvraag-opgenomen");
  await afdruk(burger.pagina, "aanvraag-opgenomen");
  await burger.context.close();
}
