// Direct video uploads to Cloudinary: the server signs, the browser sends the file (in
// chunks when large), the server verifies Cloudinary's signed answer before saving it.
"use strict";

(() => {
  const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;

  const postJson = async (url, body) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(data.error || "El servidor no pudo procesar la solicitud.");
    }
    return data;
  };

  // One request to Cloudinary; reports bytes sent through onProgress(loaded).
  const send = (url, form, headers, onProgress) =>
    new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", url);
      Object.entries(headers).forEach(([name, value]) => request.setRequestHeader(name, value));
      request.upload.addEventListener("progress", (event) => onProgress(event.loaded));
      request.addEventListener("load", () => {
        let answer = {};
        try {
          answer = JSON.parse(request.responseText);
        } catch (error) {
          answer = {};
        }
        if (request.status >= 200 && request.status < 300 && !answer.error) {
          resolve(answer);
        } else {
          const detail = answer.error && answer.error.message ? `: ${answer.error.message}` : "";
          reject(new Error(`Cloudinary rechazó la subida${detail}.`));
        }
      });
      request.addEventListener("error", () => reject(new Error("Se cortó la conexión con Cloudinary.")));
      request.send(form);
    });

  const formFor = (fields, blob, filename) => {
    const form = new FormData();
    Object.entries(fields).forEach(([name, value]) => form.append(name, value));
    form.append("file", blob, filename);
    return form;
  };

  const upload = async (file, ticket, onProgress) => {
    if (file.size <= ticket.chunked_above) {
      return send(ticket.upload_url, formFor(ticket.fields, file, file.name), {}, onProgress);
    }
    // Chunked: same upload id and signed fields for every part; the last answer is the asset.
    const uploadId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    let answer = null;
    for (let start = 0; start < file.size; start += ticket.chunk_size) {
      const end = Math.min(start + ticket.chunk_size, file.size);
      const headers = {
        "X-Unique-Upload-Id": uploadId,
        "Content-Range": `bytes ${start}-${end - 1}/${file.size}`,
      };
      const part = file.slice(start, end);
      answer = await send(ticket.upload_url, formFor(ticket.fields, part, file.name), headers,
        (loaded) => onProgress(start + loaded));
    }
    return answer;
  };

  document.querySelectorAll("[data-video-upload]").forEach((widget) => {
    const input = widget.querySelector('input[type="file"]');
    const button = widget.querySelector("[data-upload-start]");
    const progress = widget.querySelector("progress");
    const status = widget.querySelector("[data-upload-status]");
    const say = (text, kind) => {
      status.textContent = text;
      status.className = `small mt-2 mb-0 ${kind === "error" ? "text-danger" : "text-body-secondary"}`;
    };

    button.addEventListener("click", async () => {
      const file = input.files[0];
      if (!file) {
        say("Elige un archivo de video.", "error");
        return;
      }
      button.disabled = true;
      progress.hidden = false;
      progress.value = 0;
      try {
        say("Preparando la subida…");
        const ticket = await postJson(widget.dataset.ticketUrl);
        const answer = await upload(file, ticket, (sent) => {
          const percent = Math.min(100, Math.round((sent / file.size) * 100));
          progress.value = percent;
          say(`Subiendo… ${percent} %`);
        });
        say("Verificando el video…");
        await postJson(widget.dataset.confirmUrl, answer);
        progress.value = 100;
        say("Video guardado.");
        window.location.reload();
      } catch (error) {
        say(error.message, "error");
        button.disabled = false;
      }
    });
  });
})();
