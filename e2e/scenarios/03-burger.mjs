// burger: own registrations and who looked
import { basis, eis, bekijk, login } from "../hulp.mjs";

export default async function (browser) {
  const { context, pagina } = await login(browser, { rol: "burger", bsn: "111222333" });
  await bekijk(pagina, "/mijn", "burger-mijn");
  const tekst = await pagina.textContent("main");
  eis(tekst.includes("WAJONG") || tekst.toLowerCase().includes("wajong"), "burger-mijn: eigen grondslag ontbreekt");
  eis(tekst.includes("Bakkerij E2E"), "burger-mijn: de check van de werkgever staat niet in het overzicht");
  eis(tekst.includes("sollicitant"), "burger-mijn: het doel van de check van de werkgever (sollicitant) ontbreekt");
  // issue #14: the notice of the registration and its printable letter (Wfsv art. 38d lid 8)
  const brief = await pagina.getAttribute("a[href^='/mijn/kennisgevingen/']", "href");
  eis(!!brief, "burger-mijn: geen bericht over de opname in het register");
  await bekijk(pagina, brief, "burger-brief");
  const inhoud = await pagina.textContent("main");
  eis(inhoud.includes("U staat in het doelgroepregister") && inhoud.includes("uitgeschreven"), "burger-brief: inhoud van de brief ontbreekt");
  eis(!inhoud.includes("111222333"), "burger-brief: volledig BSN in de brief");
  const nee = await pagina.goto(basis + "/dashboard");
  eis(nee?.status() === 403, `burger op /dashboard: status ${nee?.status()} in plaats van 403`);
  await context.close();
}
