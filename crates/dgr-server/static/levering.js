// Doelgroepregister: upload progress and a busy state for the delivery form on /leveringen.
// Progressive enhancement: without this script the form posts as a plain form. With it the file
// is sent with XMLHttpRequest so `upload.onprogress` can fill the <progress> element, the button
// is disabled while the server receives and imports, and the answer's main content replaces the
// page's. A file over the server's limit (data-max-bytes) is refused before it is sent.
(function () {
  "use strict";

  function $(form, selector) {
    return form.querySelector(selector);
  }

  function bezig(form, aan) {
    form.setAttribute("aria-busy", aan ? "true" : "false");
    var knop = $(form, "button[type=submit]");
    if (knop) knop.disabled = aan;
    var blok = $(form, "[data-voortgang]");
    if (blok) blok.hidden = !aan;
  }

  function meld(form, tekst) {
    var status = $(form, "[data-uploadstatus]");
    if (status) status.textContent = tekst;
  }

  // The server's answer (a whole page) replaces the main content; anything but the deliveries
  // page (a login page after an expired session) is opened as a normal navigation.
  function toon(xhr) {
    var pad = xhr.responseURL ? new URL(xhr.responseURL).pathname : "/leveringen";
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var nieuw = doc.getElementById("inhoud");
    var oud = document.getElementById("inhoud");
    if (pad !== "/leveringen") {
      window.location.assign(xhr.responseURL);
      return;
    }
    if (!nieuw || !oud) {
      var form = document.querySelector("form[data-upload]");
      if (form) {
        bezig(form, false);
        meld(form, "Er ging iets mis (status " + xhr.status + "); probeer het opnieuw.");
      }
      return;
    }
    oud.replaceWith(nieuw);
    document.title = doc.title;
    koppel();
    var uitslag = nieuw.querySelector("[data-uitslag]");
    if (uitslag) uitslag.focus();
  }

  function verstuur(form, gebeurtenis) {
    var invoer = $(form, "input[type=file]");
    var bestand = invoer && invoer.files && invoer.files[0];
    var max = Number(form.dataset.maxBytes || 0);
    if (bestand && max > 0 && bestand.size > max) {
      gebeurtenis.preventDefault();
      meld(form, form.dataset.teGroot || "Het bestand is te groot.");
      return;
    }
    if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) return;
    gebeurtenis.preventDefault();
    var voortgang = $(form, "progress");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable || !voortgang) return;
      voortgang.max = e.total;
      voortgang.value = e.loaded;
      meld(form, "Uploaden: " + Math.floor((100 * e.loaded) / e.total) + "%");
    });
    xhr.upload.addEventListener("load", function () {
      // the file has arrived; the server now checks and imports it
      if (voortgang) voortgang.removeAttribute("value");
      meld(form, "Het bestand is ontvangen en wordt verwerkt…");
    });
    xhr.addEventListener("load", function () {
      toon(xhr);
    });
    xhr.addEventListener("error", function () {
      bezig(form, false);
      meld(form, "De verbinding is verbroken voordat het antwoord kwam; probeer het opnieuw.");
    });
    bezig(form, true);
    if (voortgang) voortgang.value = 0;
    meld(form, "Uploaden…");
    xhr.send(new FormData(form));
  }

  function koppel() {
    var form = document.querySelector("form[data-upload]");
    if (!form || form.dataset.gekoppeld) return;
    form.dataset.gekoppeld = "1";
    form.addEventListener("submit", function (e) {
      verstuur(form, e);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", koppel);
  } else {
    koppel();
  }
})();
