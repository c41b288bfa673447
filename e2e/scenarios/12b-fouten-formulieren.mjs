// Issue #12 findings 3, 4 and 6: error pages in the site's style, the favicon, an expired
// session (also inside an htmx form), the logout confirmation, forms that keep what was typed
// with the error beside the field, BSNs and dates as people write them, and the bezwaar's
// dates checked against each other.
import { basis, eis, toegankelijk, afdruk, bekijk, login } from "../hulp.mjs";

/** Every 404 the browser meets (a missing favicon shows up here, not as a console error). */
function bewaakFavicon(pagina, naam) {
  pagina.on("response", (r) => {
    if (r.url().includes("favicon") && r.status() !== 200) {
      eis(false, `${naam}: ${r.url()} gaf status ${r.status()}`);
    }
  });
}

/** Opens a page that is expected to answer `status`; checks axe and takes its screenshots. */
async function bekijkFout(pagina, pad, status, naam) {
  const antwoord = await pagina.goto(basis + pad);
  eis(antwoord?.status() === status, `${naam}: ${pad} gaf status ${antwoord?.status()}, verwacht ${status}`);
  eis((antwoord?.headers()["content-type"] ?? "").startsWith("text/html"), `${naam}: geen HTML maar ${antwoord?.headers()["content-type"]}`);
  await toegankelijk(pagina, naam);
  await afdruk(pagina, naam);
}

export default async function (browser) {
  // --- finding 3: error pages and favicon, not logged in
  {
    const context = await browser.newContext({ locale: "nl-NL" });
    const pagina = await context.newPage();
    bewaakFavicon(pagina, "anoniem");
    await bekijkFout(pagina, "/bestaatniet", 404, "fout-404");
    eis((await pagina.textContent("h1")) === "Pagina niet gevonden", "fout-404: kop 'Pagina niet gevonden' ontbreekt");
    eis(!(await pagina.textContent("body")).includes("\"status\""), "fout-404: ruwe JSON op de pagina");
    const icoon = await pagina.goto(basis + "/favicon.ico");
    eis(icoon?.status() === 200, `favicon: /favicon.ico gaf ${icoon?.status()}`);
    await context.close();
  }

  // --- finding 3: 400 page for a query a page cannot read; an expired session in an htmx
  // form; back where one was after logging in; logout confirmed
  {
    const { context, pagina } = await login(browser, {
      rol: "werkgever",
      organisatie: "Bakkerij Fouten",
      loonheffingennummer: "999990019L01",
    });
    bewaakFavicon(pagina, "werkgever");
    await bekijkFout(pagina, "/werkgever/quotum?jaar=abc", 400, "fout-400-quotum");
    const tekst = await pagina.textContent("main");
    eis(tekst.includes("‘jaar’") && !tekst.includes("abc"), `fout-400-quotum: reden noemt het veld niet of herhaalt de waarde (${tekst.trim()})`);
    eis((await pagina.textContent("header")).includes("Bakkerij Fouten"), "fout-400-quotum: kop zonder organisatie (niet in de stijl van de site)");
    await bekijkFout(pagina, "/werkgever/bestaatniet", 404, "fout-404-ingelogd");

    // the session is gone on the server (expired, or a restart): the browser still sends its cookie
    await bekijk(pagina, "/werkgever/check", "sessie-check");
    await context.addCookies([{ name: "dgr_sessie", value: "verlopen", url: basis, httpOnly: true, secure: true, sameSite: "Strict" }]);
    await pagina.fill("#bsn", "111222333");
    await pagina.selectOption("#doel", "werknemer");
    await pagina.click("button[type=submit]:has-text('Controleren')");
    await pagina.waitForURL(/\/login\?terug=/, { timeout: 5000 }).catch(() => {});
    eis(new URL(pagina.url()).pathname === "/login", `sessie-verlopen-htmx: niet naar de login maar ${pagina.url()}`);
    eis(new URL(pagina.url()).searchParams.get("terug") === "/werkgever/check", `sessie-verlopen-htmx: terug ontbreekt (${pagina.url()})`);
    eis((await pagina.locator("header.kop").count()) === 1, "sessie-verlopen-htmx: loginpagina binnen de pagina (twee koppen)");
    eis((await pagina.textContent("main")).includes("Uw sessie is verlopen; log opnieuw in."), "sessie-verlopen: melding 'Uw sessie is verlopen' ontbreekt");
    eis(!(await pagina.textContent("header")).includes("Bakkerij Fouten"), "sessie-verlopen: kop toont nog de organisatie");
    await toegankelijk(pagina, "sessie-verlopen");
    await afdruk(pagina, "sessie-verlopen");
    // log in again: back on the check form
    await pagina.selectOption("#rol", "werkgever");
    await pagina.fill("#organisatie", "Bakkerij Fouten");
    await pagina.fill("#loonheffingennummer", "999990019L01");
    await pagina.click("button[type=submit]");
    await pagina.waitForLoadState();
    eis(new URL(pagina.url()).pathname === "/werkgever/check", `sessie-terug: na inloggen op ${pagina.url()} in plaats van /werkgever/check`);

    // --- finding 4: the check form keeps the BSN, accepts spaces, speaks plainly
    await pagina.fill("#bsn", "725 569 208");
    await pagina.selectOption("#doel", "werknemer");
    await pagina.click("button[type=submit]:has-text('Controleren')");
    await pagina.waitForSelector("#bsn-fout");
    eis((await pagina.inputValue("#doel")) === "werknemer", "formulier-bsn: doel leeggemaakt na een fout");
    eis((await pagina.inputValue("#bsn")) === "725 569 208", "formulier-bsn: BSN-veld leeggemaakt na een fout");
    eis((await pagina.getAttribute("#bsn", "aria-invalid")) === "true", "formulier-bsn: aria-invalid ontbreekt");
    eis(((await pagina.getAttribute("#bsn", "aria-describedby")) ?? "").includes("bsn-fout"), "formulier-bsn: fout niet aan het veld gekoppeld (aria-describedby)");
    const fout = await pagina.textContent("#bsn-fout");
    eis(fout.includes("Controleer of u alle 9 cijfers goed hebt overgenomen") && !/elfproef/i.test(fout), `formulier-bsn: geen gewone taal (${fout})`);
    await toegankelijk(pagina, "formulier-bsn-fout");
    await afdruk(pagina, "formulier-bsn-fout");
    await pagina.fill("#bsn", "725 569 207");
    await pagina.click("button[type=submit]:has-text('Controleren')");
    await pagina.waitForSelector(".antwoord[role=status]");
    eis((await pagina.textContent(".antwoord")).includes("725 569 207"), "formulier-bsn: antwoord noemt het gecontroleerde BSN niet");
    eis((await pagina.textContent(".antwoord")).includes("niet"), "formulier-bsn: 725 569 207 staat niet in het register");
    eis((await pagina.inputValue("#bsn")) === "725 569 207", "formulier-bsn: BSN-veld leeg na het antwoord");
    await toegankelijk(pagina, "formulier-bsn-spaties");
    await afdruk(pagina, "formulier-bsn-spaties");

    // the voordelen form keeps both fields
    await bekijk(pagina, "/werkgever/voordelen", "formulier-voordelen");
    await pagina.fill("#bsn", "725.569.208");
    await pagina.fill("#ingangsdatum", "2026-03-01");
    await pagina.click("button[type=submit]:has-text('Controleren')");
    await pagina.waitForSelector("#bsn-fout");
    eis((await pagina.inputValue("#bsn")) === "725.569.208", "formulier-voordelen: BSN leeggemaakt");
    eis((await pagina.inputValue("#ingangsdatum")) === "2026-03-01", "formulier-voordelen: datum leeggemaakt");
    await toegankelijk(pagina, "formulier-voordelen-fout");
    await afdruk(pagina, "formulier-voordelen-fout");

    // logging out is confirmed
    await pagina.click("button:has-text('Uitloggen')");
    await pagina.waitForLoadState();
    eis(new URL(pagina.url()).pathname === "/login", `uitloggen: niet op de login (${pagina.url()})`);
    eis((await pagina.textContent("main")).includes("U bent uitgelogd."), "uitloggen: bevestiging 'U bent uitgelogd' ontbreekt");
    await toegankelijk(pagina, "uitgelogd");
    await afdruk(pagina, "uitgelogd");
    await context.close();
  }

  // --- findings 4 and 6: the bezwaar form keeps its dates; dates checked against each other;
  // a second open bezwaar is to be confirmed
  {
    const { context, pagina } = await login(browser, { rol: "uwv", organisatie: "UWV Fouten" });
    bewaakFavicon(pagina, "uwv");
    await bekijk(pagina, "/inkijk/bezwaren", "bezwaar-formulier");
    const rijenVoor = await pagina.locator("tbody tr").count();
    await pagina.fill("#bsn", "123 456 782");
    await pagina.fill("#besluitdatum", "2026-01-05");
    await pagina.fill("#ingediend_op", "2026-01-04");
    await pagina.click("button[type=submit]:has-text('Vastleggen')");
    await pagina.waitForLoadState();
    eis(await pagina.isVisible("#ingediend_op-fout"), "bezwaar-voor-besluit: ingediend vóór het besluit geaccepteerd");
    eis((await pagina.inputValue("#besluitdatum")) === "2026-01-05", "bezwaar-waarden: besluitdatum leeggemaakt");
    eis((await pagina.inputValue("#ingediend_op")) === "2026-01-04", "bezwaar-waarden: ingediend op leeggemaakt");
    eis((await pagina.inputValue("#bsn")) === "123 456 782", "bezwaar-waarden: BSN leeggemaakt");
    eis((await pagina.locator("tbody tr").count()) === rijenVoor, "bezwaar-voor-besluit: toch vastgelegd");
    await toegankelijk(pagina, "bezwaar-voor-besluit");
    await afdruk(pagina, "bezwaar-voor-besluit");
    // correct it: lodged the day after (confirmed if another scenario left a bezwaar of this
    // person open); then a second one for the same person
    await pagina.fill("#ingediend_op", "2026-01-06");
    await pagina.click("button[type=submit]:has-text('Vastleggen')");
    await pagina.waitForLoadState();
    if (await pagina.isVisible("#bevestigd")) {
      await pagina.check("#bevestigd");
      await pagina.click("button[type=submit]:has-text('Vastleggen')");
      await pagina.waitForLoadState();
    }
    eis((await pagina.textContent("main")).includes("vastgelegd."), "bezwaar: verbeterd bezwaar niet vastgelegd");
    await pagina.fill("#bsn", "123456782");
    await pagina.fill("#besluitdatum", "2026-03-02");
    await pagina.fill("#ingediend_op", "2026-03-10");
    await pagina.click("button[type=submit]:has-text('Vastleggen')");
    await pagina.waitForLoadState();
    eis(await pagina.isVisible("#bevestigd"), "bezwaar-tweede: geen waarschuwing bij een tweede open bezwaar");
    await toegankelijk(pagina, "bezwaar-tweede");
    await afdruk(pagina, "bezwaar-tweede");
    await pagina.check("#bevestigd");
    await pagina.click("button[type=submit]:has-text('Vastleggen')");
    await pagina.waitForLoadState();
    eis((await pagina.textContent("main")).includes("vastgelegd."), "bezwaar-tweede: na bevestigen niet vastgelegd");
    await context.close();
  }
}
