// A structured recipe in the browser: scale it by servings or by mould, switch between
// grams and cups, tick the ingredients (kept on this device), send the list by WhatsApp
// and print it. The rules live in recipe_scale.js; this file reads the page and writes
// it back. Kitchen mode loads it too and follows the scale picked on the recipe page.
"use strict";

(() => {
  const root = document.querySelector("[data-recipe-scaler]");
  const scale = window.DulceScale;
  if (!root || !scale) {
    return;
  }

  const number = (text) => {
    const value = text === undefined || text === "" ? NaN : Number(text);
    return Number.isFinite(value) ? value : null;
  };
  const saved = (key, fallback) => {
    try {
      const value = JSON.parse(window.localStorage.getItem(key));
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  };
  const save = (key, value) => {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Private browsing or a full storage: the page still works, it just forgets.
    }
  };

  const recipeId = root.dataset.recipe;
  const scaleKey = `dulcevicio.receta.${recipeId}.escala`;
  const checksKey = `dulcevicio.receta.${recipeId}.lista`;
  const base = {
    servings: number(root.dataset.baseYield),
    kind: root.dataset.yieldKind || "porciones",
    mould: root.dataset.mouldShape
      ? {
          shape: root.dataset.mouldShape,
          width: number(root.dataset.mouldWidth),
          length: number(root.dataset.mouldLength),
          height: number(root.dataset.mouldHeight),
        }
      : null,
  };
  const original = () => ({
    by: null,
    servings: base.servings,
    mould: base.mould && { ...base.mould },
    units: "",  // as written; "metrico" or "tazas" once the student picks
  });
  let state = { ...original(), ...saved(scaleKey, {}) };

  const lines = Array.from(document.querySelectorAll("[data-line]")).map((element) => ({
    element,
    amount: element.querySelector("[data-amount]"),
    line: {
      quantity: number(element.dataset.quantity),
      quantityMax: number(element.dataset.quantityMax),
      unit: element.dataset.unit,
      gramsPerMl: number(element.dataset.gramsPerMl),
      gramsEach: number(element.dataset.gramsEach),
      liquid: "liquid" in element.dataset,
      kind: element.dataset.kind || null,
      pinned: "pinned" in element.dataset,
    },
  }));

  const mouldText = (mould) => {
    const cm = (value) => scale.formatQuantity(value, "g");
    const size =
      mould.shape === "redondo"
        ? `${cm(mould.width)} cm`
        : `${cm(mould.width)} × ${cm(mould.shape === "cuadrado" ? mould.width : mould.length || mould.width)} cm`;
    // A mould the student picks is taken to be as high as the recipe's.
    const height = base.mould.height ? `, ${cm(base.mould.height)} cm de alto` : "";
    return `Molde ${mould.shape} de ${size}${height}`;
  };

  // "1 porción", "12 porciones" (display.yield_words).
  const yieldWords = (amount) => {
    const singular = { porciones: "porción", unidades: "unidad" }[base.kind] || base.kind;
    return `${amount} ${amount === 1 ? singular : base.kind}`;
  };

  const factorOf = (current) => {
    if (current.by === "molde" && base.mould && current.mould) {
      return scale.clampFactor(scale.mouldFactor(base.mould, current.mould));
    }
    if (current.by === "porciones" && base.servings) {
      return scale.clampFactor(scale.servingsFactor(base.servings, current.servings));
    }
    return { factor: 1, note: null };
  };

  // --- The page, written from the state -------------------------------------------------
  const note = document.querySelector("[data-scale-note]");
  const whatsapp = document.querySelector("[data-whatsapp-list]");
  const title = document.querySelector("h1");

  const listText = (servingsNow) => {
    const parts = [title ? title.textContent.trim() : ""];
    if (servingsNow) {
      parts.push(`Para ${yieldWords(servingsNow)}`);
    }
    const checklist = document.querySelector("[data-checklist]");
    Array.from(checklist ? checklist.children : []).forEach((child) => {
      if (child.tagName === "H3") {
        parts.push("", child.textContent.trim());
      } else if (child.tagName === "UL") {
        child.querySelectorAll("label").forEach((label) => {
          const words = Array.from(label.childNodes)
            .filter((node) => !(node.dataset && "notListed" in node.dataset))
            .map((node) => node.textContent)
            .join("");
          parts.push(`- ${words.replace(/\s+/g, " ").trim()}`);
        });
      }
    });
    return parts.join("\n");
  };

  const render = () => {
    const { factor, note: clampNote } = factorOf(state);
    lines.forEach(({ amount, line }) => {
      if (!amount) {
        return;
      }
      const converted = scale.convertLine(scale.scaleLine(line, factor), state.units);
      let text = scale.amountText(converted);
      if (converted.approxGrams) {
        text += ` (≈ ${scale.formatQuantity(converted.approxGrams, "g")} g)`;
      }
      amount.textContent = text;
      amount.title = converted.noConversion ? "Sin equivalencia en tazas para este ingrediente" : "";
    });
    const servingsNow = base.servings ? Math.max(1, Math.round(base.servings * factor)) : null;
    document.querySelectorAll("[data-yield-now]").forEach((element) => {
      element.textContent = yieldWords(servingsNow);
    });
    document.querySelectorAll("[data-mould-now]").forEach((element) => {
      const mould = state.by === "molde" && state.mould ? state.mould : base.mould;
      element.textContent = mouldText(mould);
    });
    if (note) {
      note.textContent = [clampNote, scale.timingWarning(factor)].filter(Boolean).join(" ");
    }
    if (whatsapp) {
      whatsapp.href = `https://wa.me/?text=${encodeURIComponent(listText(servingsNow))}`;
    }
    return servingsNow;
  };

  // --- Controls (the recipe page only) -----------------------------------------------
  const controls = document.querySelector("[data-scale-controls]");
  if (controls) {
    controls.hidden = false;
    controls.addEventListener("submit", (event) => event.preventDefault());
    const servings = controls.querySelector("[data-servings]");
    const shape = controls.querySelector("[data-mould-shape-input]");
    const width = controls.querySelector("[data-mould-width-input]");
    const length = controls.querySelector("[data-mould-length-input]");
    const lengthField = controls.querySelector("[data-length-field]");
    const widthLabel = controls.querySelector("[data-width-label]");

    const showInputs = () => {
      const servingsNow = render();
      if (servings) {
        servings.value = String(servingsNow);
      }
      if (shape) {
        const mould = state.mould || base.mould;
        shape.value = mould.shape;
        width.value = String(mould.width);
        length.value = String(mould.length || mould.width);
        lengthField.hidden = mould.shape !== "rectangular";
        widthLabel.textContent = mould.shape === "redondo" ? "Diámetro (cm)" : "Ancho (cm)";
      }
      controls.querySelectorAll("[data-units]").forEach((radio) => {
        radio.checked = radio.value === state.units;
      });
    };
    const change = (update) => {
      state = { ...state, ...update };
      save(scaleKey, state);
      return render();
    };

    if (servings) {
      const wanted = (value) => {
        const count = Math.round(number(value));
        if (!count || count < 1) {
          note.textContent = "Escribe un número de 1 a 500.";
          return;
        }
        const now = change({ by: "porciones", servings: count, mould: base.mould && { ...base.mould } });
        if (shape) {
          showInputs();
        }
        // A clamped scale shows the servings the list is for.
        servings.value = String(now);
      };
      servings.addEventListener("change", () => wanted(servings.value));
      controls.querySelectorAll("[data-servings-step]").forEach((button) => {
        button.addEventListener("click", () => {
          const next = Math.min(500, Math.max(1, (number(servings.value) || base.servings) + Number(button.dataset.servingsStep)));
          servings.value = String(next);
          wanted(next);
        });
      });
    }
    if (shape) {
      const mouldChanged = () => {
        const mould = { shape: shape.value, width: number(width.value), length: number(length.value) };
        lengthField.hidden = mould.shape !== "rectangular";
        widthLabel.textContent = mould.shape === "redondo" ? "Diámetro (cm)" : "Ancho (cm)";
        const sizes = mould.shape === "rectangular" ? [mould.width, mould.length] : [mould.width];
        if (sizes.some((size) => size === null || size < 5 || size > 60)) {
          note.textContent = "Escribe medidas de molde entre 5 y 60 cm.";
          return;
        }
        change({ by: "molde", mould });
        if (servings) {
          servings.value = String(Math.max(1, Math.round(base.servings * factorOf(state).factor)));
        }
      };
      [shape, width, length].forEach((input) => input.addEventListener("change", mouldChanged));
    }
    controls.querySelectorAll("[data-units]").forEach((radio) => {
      radio.addEventListener("change", () => change({ units: radio.value }));
    });
    controls.querySelector("[data-scale-reset]").addEventListener("click", () => {
      state = original();
      save(scaleKey, state);
      showInputs();
    });
    showInputs();
  } else {
    render();
  }

  // --- The checklist, kept on this device ----------------------------------------------
  const checks = new Set(saved(checksKey, []));
  document.querySelectorAll("[data-check]").forEach((box) => {
    box.checked = checks.has(box.dataset.check);
    box.addEventListener("change", () => {
      if (box.checked) {
        checks.add(box.dataset.check);
      } else {
        checks.delete(box.dataset.check);
      }
      save(checksKey, Array.from(checks));
    });
  });

  const print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", () => window.print());
  }
})();
