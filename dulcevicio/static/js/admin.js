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

// Settings: <textarea data-preview="id"> shows, in #id, the message with the form's
// data-samples filled in, as the admin types.
function fillSamples(text, samples) {
  return text.replace(/\{\{|\}\}|\{(\w+)\}/g, (match, name) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    return Object.prototype.hasOwnProperty.call(samples, name) ? samples[name] : match;
  });
}

document.querySelectorAll("textarea[data-preview]").forEach((area) => {
  const preview = document.getElementById(area.dataset.preview);
  const form = area.closest("[data-samples]");
  if (!preview || !form) {
    return;
  }
  const samples = JSON.parse(form.dataset.samples);
  area.addEventListener("input", () => {
    preview.textContent = fillSamples(area.value, samples);
  });
});
