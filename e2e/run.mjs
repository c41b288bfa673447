// End-to-end test of the dgr web pages in a real browser: the system Chromium, driven headless by
// playwright-core, with axe-core checking every page for accessibility violations.
//
// Usage: node e2e/run.mjs <base-url> [screenshot-dir]
//
// Runs every scenario in e2e/scenarios/ in name order (DGR_E2E_ALLEEN=<part of a name> runs only
// the matching ones). The server at <base-url> must run with the development login enabled and
// hold the small fixture the Rust test `e2e_in_chromium` loads (BSN 111222333 registered,
// employed by 999990019L01). Exits 0 when every step passed; otherwise prints each failure and
// exits 1. A scenario that throws is a failure; the others still run.

import { chromium } from "playwright-core";
import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { basis, schermen, fouten } from "./hulp.mjs";

const hier = dirname(fileURLToPath(import.meta.url));
if (!basis) {
  console.error("gebruik: node e2e/run.mjs <basis-url> [map-voor-schermafdrukken]");
  process.exit(2);
}
const browserPad = process.env.DGR_CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
const alleen = process.env.DGR_E2E_ALLEEN ?? "";
const scenarios = readdirSync(join(hier, "scenarios"))
  .filter((n) => n.endsWith(".mjs") && n.includes(alleen))
  .sort();

// Dutch browser chrome: date fields as dd-mm-jjjj, "Bestand kiezen" (Chromium on Linux takes its
// interface language from LANGUAGE, not from the page context's locale)
const browser = await chromium.launch({
  executablePath: browserPad,
  env: { ...process.env, LANGUAGE: "nl", LANG: "nl_NL.UTF-8" },
  args: ["--lang=nl", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const naam of scenarios) {
    const { default: scenario } = await import(pathToFileURL(join(hier, "scenarios", naam)).href);
    try {
      await scenario(browser);
    } catch (e) {
      fouten.push(`${naam}: onverwachte fout: ${e.stack ?? e}`);
    }
  }
} finally {
  await browser.close();
}

if (fouten.length > 0) {
  console.error(`${fouten.length} fout(en):`);
  for (const f of fouten) console.error("  - " + f);
  process.exit(1);
}
console.log(`e2e: ${scenarios.length} scenario's geslaagd; schermafdrukken in ${schermen}`);
