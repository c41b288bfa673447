// Issue #12 finding 7: every role has something to do, and every tile and menu link on its
// start page opens (no 403, no 404): belastingdienst gets the employers' quota, gemeente the
// regional trend. The page catalogue comes from the policy.
import { basis, eis, bekijk, login } from "../hulp.mjs";

const ROLLEN = [
  { rol: "burger", bsn: "111222333" },
  { rol: "werkgever", loonheffingennummer: "999990019L01" },
  { rol: "gemeente", gemeentecode: "0363" },
  { rol: "uwv" },
  { rol: "wsp", arbeidsmarktregio: "AM01" },
  { rol: "analist" },
  { rol: "belastingdienst" },
  { rol: "bron", bron: "UWV" },
  { rol: "beheer" },
];

export default async function (browser) {
  for (const velden of ROLLEN) {
    const { context, pagina } = await login(browser, velden);
    await bekijk(pagina, "/", `12d-start-${velden.rol}`);
    const tegels = await pagina.$$eval("ul.tegels a", (as) => as.map((a) => a.getAttribute("href")));
    eis(tegels.length > 0, `12d ${velden.rol}: start pagina zonder tegels ("Kies wat u wilt doen:" en niets eronder)`);
    const menu = await pagina.$$eval("nav a", (as) => as.map((a) => a.getAttribute("href")));
    for (const href of new Set([...tegels, ...menu])) {
      const antwoord = await pagina.goto(basis + href);
      const status = antwoord?.status();
      eis(status !== 403 && status !== 404, `12d ${velden.rol}: ${href} gaf ${status}`);
    }
    if (velden.rol === "belastingdienst") {
      eis(tegels.includes("/quotum"), "12d belastingdienst: geen tegel voor het quotum van werkgevers");
      await bekijk(pagina, "/quotum", "12d-belastingdienst-quotum");
      await pagina.fill("#jaar", "2026");
      await pagina.fill("#zoek", "999990019");
      await pagina.click("button:has-text('Zoeken')");
      await pagina.waitForLoadState();
      eis((await pagina.locator("td", { hasText: "999990019" }).count()) === 1, "12d belastingdienst-quotum: zoeken op fiscaal nummer vindt de werkgever niet");
      const [download] = await Promise.all([
        pagina.waitForEvent("download"),
        pagina.click("a:has-text('Download als Excel')"),
      ]);
      eis(download.suggestedFilename().endsWith(".xlsx"), "12d belastingdienst-quotum: geen XLSX");
    }
    if (velden.rol === "gemeente") {
      eis(tegels.includes("/dashboard/trend"), "12d gemeente: geen tegel voor de regionale trend");
      await bekijk(pagina, "/dashboard/trend", "12d-gemeente-trend");
    }
    await context.close();
  }
}
