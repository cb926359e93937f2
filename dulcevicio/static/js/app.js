// Site-wide behaviour without inline scripts (the CSP forbids them).
"use strict";

// Forms with data-confirm ask before they submit (deletions, revocations).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
