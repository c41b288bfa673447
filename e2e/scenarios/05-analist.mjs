// analist: the banenmonitor dashboard with its chart
import { eis, bekijk, login } from "../hulp.mjs";

export default async function (browser) {
  const { context, pagina } = await login(browser, { rol: "analist", organisatie: "SZW E2E" });
  await bekijk(pagina, "/dashboard", "analist-dashboard");
  eis((await pagina.locator("svg").count()) >= 1, "analist-dashboard: geen grafiek");
  await bekijk(pagina, "/dashboard/trend?kwartaal=2026-K3", "analist-trend");
  eis((await pagina.locator("svg.kaart g").count()) === 35, "analist-trend: geen tegel per arbeidsmarktregio");
  await context.close();
}
