// What every browser scenario (e2e/scenarios/*.mjs) shares: the server's address, the failure
// list, the accessibility check, screenshots at desktop and phone width, and the development login.

import { readFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const hier = dirname(fileURLToPath(import.meta.url));
/** The server under test (first argument of run.mjs). */
export const basis = process.argv[2];
/** Where screenshots and PDFs go (second argument, default e2e/screenshots). */
export const schermen = process.argv[3] ?? join(hier, "screenshots");
mkdirSync(schermen, { recursive: true });
const axeBron = readFileSync(join(hier, "node_modules/axe-core/axe.min.js"), "utf8");

export const fouten = [];
export function eis(voorwaarde, wat) {
  if (!voorwaarde) fouten.push(wat);
}

/** Runs axe on the current page; serious and critical violations fail the run. */
export async function toegankelijk(pagina, naam) {
  // evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses
  // an injected inline script tag
  await pagina.evaluate(axeBron);
  const uitslag = await pagina.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length, doel: v.nodes[0]?.target }));
  });
  for (const v of uitslag) {
    if (v.impact === "serious" || v.impact === "critical") {
      fouten.push(`${naam}: axe ${v.impact} ${v.id} (${v.n}×, bv. ${JSON.stringify(v.doel)})`);
    }
  }
}

/** Screenshots of the current page at desktop and mobile width. */
export async function afdruk(pagina, naam) {
  for (const [soort, breedte, hoogte] of [["desktop", 1280, 900], ["mobiel", 390, 844]]) {
    await pagina.setViewportSize({ width: breedte, height: hoogte });
    // caret "initial": hiding it would inject a style element, which the CSP rightly refuses
    await pagina.screenshot({ path: join(schermen, `${naam}-${soort}.png`), fullPage: true, caret: "initial" });
    if (soort === "mobiel") {
      // nothing may stick out sideways on a phone
      const breder = await pagina.evaluate(() => {
        if (document.documentElement.scrollWidth <= window.innerWidth + 1) return null;
        // name the innermost element that sticks out, to say what to fix
        const geknipt = (e) => {
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== "visible") return true;
          }
          return false;
        };
        const uit = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !geknipt(e));
        const e = uit.find((x) => ![...x.children].some((k) => uit.includes(k))) ?? uit[0];
        return e ? `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""}: ${e.textContent.trim().slice(0, 60)}` : "?";
      });
      eis(!breder, `${naam}: pagina is breder dan een telefoonscherm (${breder})`);
    }
  }
  await pagina.setViewportSize({ width: 1280, height: 900 });
}

/** Console errors (a blocked script or style under the CSP shows up here) fail the run. */
export function bewaak(pagina, naam) {
  pagina.on("console", (m) => {
    // a refusal (403) or a rejected form (400) is logged by the browser as a failed load: expected
    const verwacht = /Failed to load resource: the server responded with a status of 4\d\d/.test(m.text());
    if (m.type() === "error" && !verwacht) fouten.push(`${naam}: console-fout: ${m.text()}`);
  });
  pagina.on("pageerror", (e) => fouten.push(`${naam}: scriptfout: ${e.message}`));
}

/** Opens a page, expects 200, checks it with axe and takes its screenshots. */
export async function bekijk(pagina, pad, naam) {
  const antwoord = await pagina.goto(basis + pad);
  eis(antwoord?.status() === 200, `${naam}: ${pad} gaf status ${antwoord?.status()}`);
  await toegankelijk(pagina, naam);
  await afdruk(pagina, naam);
}

/** Logs in through the development login with these fields (rol plus claim fields by input id). */
export async function login(browser, velden) {
  const context = await browser.newContext({ locale: "nl-NL" });
  const pagina = await context.newPage();
  bewaak(pagina, velden.rol);
  await pagina.goto(basis + "/login");
  await pagina.selectOption("#rol", velden.rol);
  for (const [veld, waarde] of Object.entries(velden)) {
    if (veld !== "rol") await pagina.fill(`#${veld}`, waarde);
  }
  await pagina.click("button[type=submit]");
  await pagina.waitForLoadState();
  eis(!pagina.url().endsWith("/login"), `login als ${velden.rol} mislukt (${pagina.url()})`);
  return { context, pagina };
}
