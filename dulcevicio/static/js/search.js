// The search box's suggestions: a combobox (the WAI-ARIA "list autocomplete" pattern) fed
// by /buscar/sugerencias as the student types. Without JavaScript the box is a plain form
// that opens /buscar. Text goes in with textContent only (the CSP allows no inline code).
(function () {
  "use strict";

  var DELAY_MS = 200; // wait for a pause in typing before asking
  var MIN_LENGTH = 2;

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById("busqueda-estado");
    var url = input.getAttribute("data-suggestions-url");
    var timer = null;
    var controller = null;
    var options = [];
    var active = -1;

    function announce(text) {
      if (status) status.textContent = text;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(option) {
      window.location.assign(option.getAttribute("data-url"));
    }

    function render(suggestions) {
      list.replaceChildren();
      options = suggestions.map(function (suggestion, position) {
        var option = document.createElement("li");
        option.id = list.id + "-" + position;
        option.className = "search-suggestion";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", suggestion.url);
        var title = document.createElement("span");
        title.className = "search-suggestion-title";
        title.textContent = suggestion.titulo;
        var meta = document.createElement("span");
        meta.className = "search-suggestion-meta";
        var where = suggestion.tipo === "Curso" ? "" : " · " + suggestion.curso;
        meta.textContent = suggestion.tipo + where + (suggestion.bloqueada ? " · bloqueada" : "");
        option.append(title, meta);
        // Keep the focus in the box; a click opens the suggestion.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { go(option); });
        list.append(option);
        return option;
      });
      active = -1;
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        announce(options.length === 1 ? "1 sugerencia" : options.length + " sugerencias");
      } else {
        close();
        announce("Sin sugerencias");
      }
    }

    function ask(text) {
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(text), {
        signal: controller.signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (input.value.trim() === text) render(data.sugerencias || []);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") close();
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < MIN_LENGTH) {
        if (controller) controller.abort();
        close();
        return;
      }
      timer = window.setTimeout(function () { ask(text); }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        go(options[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  document.querySelectorAll("input[data-suggestions-url]").forEach(setUp);
})();
