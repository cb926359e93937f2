// Admin pages: copy buttons. No inline scripts: the CSP forbids them.
"use strict";

function fallbackCopy(input) {
  input.focus();
  input.select();
  return document.execCommand("copy");
}

// <button data-copy-target="#id" data-copied-label="¡Copiado!"> copies the value of #id.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy-target]") : null;
  if (!button) {
    return;
  }
  const input = document.querySelector(button.dataset.copyTarget);
  if (!input) {
    return;
  }
  const label = button.querySelector("span") || button;
  const original = label.textContent;
  const done = () => {
    label.textContent = button.dataset.copiedLabel || "¡Copiado!";
    window.setTimeout(() => { label.textContent = original; }, 2000);
  };
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value).then(done, () => { if (fallbackCopy(input)) done(); });
  } else if (fallbackCopy(input)) {
    done();
  }
});
