// Recipe photos, one request each: a preview of every chosen photo before anything is sent,
// then at most three uploads at a time, each with its progress, its result and a retry when
// it fails. The photos of a batch only mark the recipe book outdated; when none is left to
// send (or the admin leaves the page) one request rebuilds it. Without this script the form
// sends every photo in one request, as before.
"use strict";

(() => {
  // One photo at a time: recipes take the order the admin chose them in (requests in
  // parallel arrive in any order), and a phone's uplink is no faster with several.
  const IN_FLIGHT = 1;
  const THUMB_WIDTH = 160;

  const widget = document.querySelector("[data-recipe-uploads]");
  const form = widget && widget.querySelector("form");
  const input = form && form.querySelector('input[type="file"]');
  if (!input || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  const list = widget.querySelector("[data-upload-list]");
  const summary = widget.querySelector("[data-upload-summary]");
  const submit = form.querySelector('button[type="submit"]');
  const maxBytes = Number(widget.dataset.maxBytes) || Infinity;
  const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;

  let items = [];
  let bookPending = false; // a photo of this page's batches marked the book outdated

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  // A small preview drawn from the file itself (a data: URL: the CSP allows data: images).
  const preview = async (file, image) => {
    try {
      const bitmap = await createImageBitmap(file, { resizeWidth: THUMB_WIDTH, resizeQuality: "medium" });
      const canvas = document.createElement("canvas");
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext("2d").drawImage(bitmap, 0, 0);
      bitmap.close();
      image.src = canvas.toDataURL("image/jpeg", 0.8);
    } catch (error) {
      image.replaceWith(el("span", "recipe-upload__thumb recipe-upload__thumb--none", "Sin vista previa"));
    }
  };

  const say = (item, text, state) => {
    item.status.textContent = text;
    item.row.dataset.state = state;
  };

  const makeItem = (file) => {
    const row = el("li", "recipe-upload");
    const image = el("img", "recipe-upload__thumb rounded");
    image.alt = `Vista previa de ${file.name}`;
    const body = el("div", "recipe-upload__body");
    const name = el("span", "recipe-upload__name", file.name);
    const progress = el("progress", "recipe-upload__progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", `Progreso de ${file.name}`);
    const status = el("span", "recipe-upload__status small");
    const retry = el("button", "btn btn-sm btn-outline-primary recipe-upload__retry", "Reintentar");
    retry.type = "button";
    retry.hidden = true;
    retry.setAttribute("aria-label", `Reintentar ${file.name}`);
    body.append(name, progress, status, retry);
    row.append(image, body);
    list.append(row);
    const item = { file, row, progress, status, retry, state: "queued" };
    retry.addEventListener("click", () => {
      retry.hidden = true;
      item.state = "queued";
      item.progress.value = 0;
      say(item, "En espera", "queued");
      pump();
    });
    say(item, "Lista para subir", "queued");
    preview(file, image);
    return item;
  };

  const fail = (item, reason, retryable = true) => {
    item.state = "failed";
    say(item, `No se pudo subir: ${reason}`, "failed");
    item.retry.hidden = !retryable;
  };

  const send = (item) => {
    item.state = "sending";
    say(item, "Subiendo… 0 %", "sending");
    if (item.file.size > maxBytes) {
      fail(item, `La foto supera los ${Math.round(maxBytes / 1048576)} MB.`, false);
      settled();
      return;
    }
    const data = new FormData();
    data.append("csrf_token", csrfToken());
    data.append("photo", item.file, item.file.name);
    data.append("lote", "y");
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        const percent = Math.min(99, Math.floor((event.loaded / event.total) * 100));
        item.progress.value = percent;
        say(item, `Subiendo… ${percent} %`, "sending");
      }
    });
    request.addEventListener("load", () => {
      let answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = {};
      }
      if (request.status === 200 && answer.id) {
        item.state = "done";
        item.progress.value = 100;
        say(item, "Lista", "done");
        bookPending = true;
      } else {
        fail(item, answer.error || `el servidor respondió ${request.status}.`);
      }
      settled();
    });
    const dropped = () => {
      fail(item, "se cortó la conexión.");
      settled();
    };
    request.addEventListener("error", dropped);
    request.addEventListener("abort", dropped);
    request.send(data);
  };

  const count = (state) => items.filter((item) => item.state === state).length;

  function pump() {
    while (count("sending") < IN_FLIGHT && count("queued") > 0) {
      send(items.find((item) => item.state === "queued"));
    }
    report();
  }

  const report = (extra) => {
    const done = count("done");
    const failed = count("failed");
    const busy = count("queued") + count("sending");
    let text = `${done} de ${items.length} ${items.length === 1 ? "foto lista" : "fotos listas"}`;
    if (failed) text += `, ${failed} con error`;
    text += busy ? "…" : ".";
    if (!busy && failed) {
      text += " Reintenta las que fallaron: el recetario se actualizará cuando termines.";
    }
    summary.textContent = extra ? `${text} ${extra}` : text;
  };

  const finishBook = async () => {
    bookPending = false;
    const data = new FormData();
    data.append("csrf_token", csrfToken());
    data.append("lote", "y");
    try {
      const response = await fetch(widget.dataset.finishUrl, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: data,
        credentials: "same-origin",
      });
      const answer = await response.json().catch(() => ({}));
      report(answer.message || "No pudimos actualizar el recetario; se actualizará en la próxima descarga.");
    } catch (error) {
      report("No pudimos actualizar el recetario; se actualizará en la próxima descarga.");
    }
    const link = el("a", "d-inline-block mt-1", "Ver la lista de recetas actualizada");
    link.href = widget.dataset.listUrl;
    summary.append(" ", link);
  };

  function settled() {
    pump();
    if (count("queued") + count("sending") === 0) {
      submit.disabled = false;
      if (count("failed") === 0) {
        input.value = ""; // the next choice starts a new batch
      }
      if (count("failed") === 0 && bookPending) {
        finishBook();
      }
    }
  }

  input.addEventListener("change", () => {
    if (items.some((item) => item.state === "sending")) {
      // A batch is on its way: the new photos join it.
      items.push(...Array.from(input.files).map(makeItem));
      pump();
      return;
    }
    list.replaceChildren();
    items = Array.from(input.files).map(makeItem);
    list.hidden = items.length === 0;
    summary.textContent = items.length
      ? `${items.length} ${items.length === 1 ? "foto elegida" : "fotos elegidas"}: revisa las vistas previas y pulsa «${submit.textContent.trim()}».`
      : "";
  });

  form.addEventListener("submit", (event) => {
    if (items.length === 0) {
      return; // nothing chosen: the server's answer says so
    }
    event.preventDefault(); // never send again, all at once, what this page already sent
    if (items.some((item) => item.state === "queued")) {
      submit.disabled = true;
      pump();
    } else if (!items.some((item) => item.state === "failed")) {
      summary.textContent = "Estas fotos ya se subieron. Elige otras para subir más recetas.";
    }
  });

  // Leaving with photos sent but the book not rebuilt (a failure was never retried):
  // rebuild it now; the next download would otherwise do it.
  const finishOnLeaving = () => {
    if (bookPending && navigator.sendBeacon) {
      const data = new FormData();
      data.append("csrf_token", csrfToken());
      data.append("lote", "y");
      bookPending = !navigator.sendBeacon(widget.dataset.finishUrl, data);
    }
  };
  // Both: pagehide is the reliable one on phones, beforeunload on a desktop navigation.
  window.addEventListener("beforeunload", finishOnLeaving);
  window.addEventListener("pagehide", finishOnLeaving);
})();
