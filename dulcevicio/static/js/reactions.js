// Reactions without a page reload: the bar's forms post in place (they work without it too).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!meta || !window.fetch) {
    return;
  }
  var PRESSED = "btn-secondary";
  var NOT_PRESSED = "btn-outline-secondary";

  function update(form, answer) {
    var button = form.querySelector("button");
    var label = button.querySelector(".visually-hidden").textContent;
    form.querySelector('input[name="on"]').value = answer.on ? "0" : "1";
    button.setAttribute("aria-pressed", answer.on ? "true" : "false");
    button.classList.toggle(PRESSED, answer.on);
    button.classList.toggle(NOT_PRESSED, !answer.on);
    button.title = label + ": " + answer.who;
    button.querySelector("[data-reaction-count]").textContent = String(answer.count);
    var bar = form.closest("[data-reactions]");
    var who = bar && bar.querySelector('[data-reaction-who="' + answer.kind + '"]');
    if (who) {
      who.lastChild.textContent = " " + answer.who;
      who.hidden = answer.count === 0;
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("reaction-form")) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button");
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json", "X-CSRFToken": meta.content },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        update(form, answer);
      })
      .catch(function () {
        form.submit(); // the plain post shows the page's own message
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
