// The installable app, without inline scripts (the CSP forbids them): registers the service
// worker named by this script's data-service-worker, and runs the dashboard's "Añadir a la
// pantalla de inicio" card (shown on phones only, see app.css; never once installed or
// dismissed).
"use strict";

(function () {
  const script = document.currentScript;
  const workerUrl = script && script.dataset.serviceWorker;
  // Service workers need a secure context (https, or localhost while developing).
  if (workerUrl && "serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register(workerUrl).catch(() => {
        // Without a worker the site works as before; only the offline page is missing.
      });
    });
  }

  const card = document.querySelector("[data-install-card]");
  if (!card) return;
  const DISMISSED = "dulcevicio.install-card.dismissed";
  const installed = () =>
    window.matchMedia("(display-mode: standalone)").matches || window.navigator.standalone === true;
  const dismissed = () => {
    try {
      return window.localStorage.getItem(DISMISSED) === "1";
    } catch (error) {
      return false; // storage blocked: ask again next time, no harm
    }
  };
  if (installed() || dismissed()) return;
  card.hidden = false;

  const hide = () => {
    card.hidden = true;
  };
  card.querySelector("[data-install-dismiss]").addEventListener("click", () => {
    try {
      window.localStorage.setItem(DISMISSED, "1");
    } catch (error) {
      // storage blocked: hidden for this visit only
    }
    hide();
    // Focus would fall to the page's start: keep her where she was, at the page's title.
    const heading = document.querySelector("main h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  });

  // Chrome on Android offers its own prompt: then one tap installs.
  const installButton = card.querySelector("[data-install-button]");
  let offer = null;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    offer = event;
    installButton.hidden = false;
  });
  installButton.addEventListener("click", async () => {
    if (!offer) return;
    offer.prompt();
    const choice = await offer.userChoice;
    offer = null;
    installButton.hidden = true;
    if (choice.outcome === "accepted") hide();
  });
  window.addEventListener("appinstalled", hide);
})();
