// gemeente (issue #14): the praktijkroute page — a loonwaarde of 100% is refused beside its
// field, 62,5% registers the resident, the page says so; axe and screenshots at each step.
import { eis, bekijk, login, toegankelijk, afdruk } from "../hulp.mjs";

export default async function (browser) {
  const { context, pagina } = await login(browser, { rol: "gemeente", gemeentecode: "0363", organisatie: "Gemeente E2E" });
  await bekijk(pagina, "/gemeente/praktijkroute", "gemeente-praktijkroute");
  await pagina.fill("#bsn", "111 222 333");
  await pagina.fill("#loonheffingennummer", "999990019L01");
  await pagina.fill("#datum", "2026-03-02");
  await pagina.fill("#loonwaarde", "100");
  await pagina.fill("#gemeten_door", "Loonwaardebureau Noord");
  await pagina.click("button[type=submit]:has-text('Vastleggen')");
  await pagina.waitForSelector("#loonwaarde-fout");
  eis((await pagina.getAttribute("#loonwaarde", "aria-invalid")) === "true", "gemeente-praktijkroute: loonwaarde niet als ongeldig gemarkeerd");
  eis((await pagina.inputValue("#gemeten_door")) === "Loonwaardebureau Noord", "gemeente-praktijkroute: formulier leeggemaakt na een fout");
  await toegankelijk(pagina, "gemeente-praktijkroute-fout");
  await afdruk(pagina, "gemeente-praktijkroute-fout");
  await pagina.fill("#loonwaarde", "62,5");
  await pagina.click("button[type=submit]:has-text('Vastleggen')");
  await pagina.waitForSelector(".antwoord[role=status]");
  eis((await pagina.textContent(".antwoord")).includes("2 maart 2026"), "gemeente-praktijkroute: geen bevestiging met de ingangsdatum");
  await toegankelijk(pagina, "gemeente-praktijkroute-vastgelegd");
  await afdruk(pagina, "gemeente-praktijkroute-vastgelegd");
  await context.close();
}
