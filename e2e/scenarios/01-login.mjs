// not logged in: the login page, itself accessible
import { basis, eis, toegankelijk, afdruk, login } from "../hulp.mjs";

export default async function (browser) {
  const context = await browser.newContext({ locale: "nl-NL" });
  const pagina = await context.newPage();
  await pagina.goto(basis + "/");
  eis(pagina.url().endsWith("/login"), "niet ingelogd: geen doorverwijzing naar /login");
  await toegankelijk(pagina, "login");
  await afdruk(pagina, "login");
  await context.close();
}
