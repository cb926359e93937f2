// The local lesson-video form: the duration read in the browser from the chosen file (its
// MP4/MOV `mvhd` box or its WebM `Info`, else a <video> element's metadata), sent with the
// form; the upload sent by XMLHttpRequest with a progress bar and a Spanish status. The
// server reads the duration again with ffmpeg and takes the poster frame. Without this
// script the form posts as usual.
"use strict";

(() => {
  const widget = document.querySelector("[data-local-video-upload]");
  const form = widget && widget.querySelector("form");
  const input = form && form.querySelector('input[type="file"]');
  const field = form && form.querySelector('input[name="duracion"]');
  if (!input || !field || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  const shown = widget.querySelector("[data-video-duration]");
  const progress = widget.querySelector("progress");
  const status = widget.querySelector("[data-upload-status]");
  const submit = form.querySelector('button[type="submit"]');

  const say = (text, kind) => {
    status.textContent = text;
    status.className = `small mt-2 mb-0 ${kind === "error" ? "text-danger" : "text-body-secondary"}`;
  };

  const clock = (seconds) => {
    const total = Math.round(seconds);
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const rest = String(total % 60).padStart(2, "0");
    return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
  };

  const bytes = async (file, start, length) =>
    new DataView(await file.slice(start, start + length).arrayBuffer());
  const fourcc = (view, at) =>
    String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));

  // MP4 and MOV: the movie header (moov > mvhd) holds a timescale and a duration.
  const mp4Duration = async (file) => {
    let offset = 0;
    while (offset + 8 <= file.size) {
      const head = await bytes(file, offset, 16);
      let size = head.getUint32(0);
      let header = 8;
      if (size === 1) {
        size = Number(head.getBigUint64(8));
        header = 16;
      } else if (size === 0) {
        size = file.size - offset;
      }
      if (size < header) return null;
      if (fourcc(head, 4) === "moov") {
        for (let child = offset + header; child + 8 <= offset + size;) {
          const box = await bytes(file, child, 8);
          const boxSize = box.getUint32(0);
          if (fourcc(box, 4) === "mvhd") {
            const mvhd = await bytes(file, child + 8, 32);
            const v1 = mvhd.getUint8(0) === 1;
            const scale = mvhd.getUint32(v1 ? 20 : 12);
            const length = v1 ? Number(mvhd.getBigUint64(24)) : mvhd.getUint32(16);
            return scale ? length / scale : null;
          }
          if (boxSize < 8) return null;
          child += boxSize;
        }
        return null;
      }
      offset += size;
    }
    return null;
  };

  // WebM (EBML): Segment > Info > Duration (a float, in TimecodeScale nanoseconds).
  const vint = (view, at, keepMarker) => {
    const first = view.getUint8(at);
    let length = 1;
    let mask = 0x80;
    while (length <= 8 && !(first & mask)) {
      length += 1;
      mask >>= 1;
    }
    if (length > 8) return null;
    let value = keepMarker ? first : first & (mask - 1);
    let unknown = (first & (mask - 1)) === mask - 1;
    for (let index = 1; index < length; index += 1) {
      const next = view.getUint8(at + index);
      value = value * 256 + next;
      unknown = unknown && next === 0xff;
    }
    return { value, length, unknown: !keepMarker && unknown };
  };

  const webmDuration = async (file) => {
    const view = await bytes(file, 0, Math.min(file.size, 1 << 20));
    const enter = new Set([0x18538067, 0x1549a966]); // Segment, Info
    let scale = 1e6;
    let duration = null;
    for (let at = 0; at + 2 < view.byteLength;) {
      const id = vint(view, at, true);
      const size = id && vint(view, at + id.length, false);
      if (!size) return null;
      const body = at + id.length + size.length;
      if (enter.has(id.value)) {
        at = body;
        continue;
      }
      if (id.value === 0x2ad7b1) {
        scale = 0;
        for (let index = 0; index < size.value; index += 1) scale = scale * 256 + view.getUint8(body + index);
      } else if (id.value === 0x4489) {
        duration = size.value === 4 ? view.getFloat32(body) : view.getFloat64(body);
      } else if (id.value === 0x1f43b675 || size.unknown) {
        break; // a Cluster: the Info came before it
      }
      at = body + size.value;
    }
    return duration ? (duration * scale) / 1e9 : null;
  };

  // Last resort: the browser's own player (needs the CSP to allow blob: media).
  const playerDuration = (file) =>
    new Promise((resolve) => {
      const video = document.createElement("video");
      const url = URL.createObjectURL(file);
      const done = (value) => {
        URL.revokeObjectURL(url);
        resolve(value);
      };
      video.preload = "metadata";
      video.addEventListener("loadedmetadata", () => done(Number.isFinite(video.duration) ? video.duration : null));
      video.addEventListener("error", () => done(null));
      window.setTimeout(() => done(null), 5000);
      video.src = url;
    });

  const readDuration = async (file) => {
    try {
      const parsed = /\.webm$/i.test(file.name) ? await webmDuration(file) : await mp4Duration(file);
      if (parsed && parsed > 0) return parsed;
    } catch (error) {
      // an unexpected layout: let the player try
    }
    return playerDuration(file);
  };

  input.addEventListener("change", async () => {
    field.value = "";
    shown.hidden = true;
    const file = input.files[0];
    if (!file) return;
    const seconds = await readDuration(file);
    if (input.files[0] !== file) return; // another file was chosen meanwhile
    shown.hidden = false;
    if (seconds && seconds > 0) {
      field.value = seconds.toFixed(2);
      shown.textContent = `Duración: ${clock(seconds)} (leída del archivo).`;
    } else {
      shown.textContent = "Tu navegador no pudo leer la duración: la leeremos al recibir el video.";
    }
  });

  form.addEventListener("submit", (event) => {
    if (!input.files[0]) {
      return; // the server's answer says what is missing
    }
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/json");
    submit.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    say("Subiendo… 0 %");
    request.upload.addEventListener("progress", (event) => {
      if (!event.lengthComputable) return;
      const percent = Math.floor((event.loaded / event.total) * 100);
      progress.value = Math.min(99, percent);
      say(percent >= 100 ? "Leyendo el video y tomando la imagen de portada…" : `Subiendo… ${percent} %`);
    });
    request.addEventListener("load", () => {
      let answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = {};
      }
      if (request.status === 200 && answer.redirect) {
        progress.value = 100;
        say(`Video guardado${answer.duration ? ` (${clock(answer.duration)})` : ""}.`);
        window.setTimeout(() => window.location.assign(answer.redirect), 1200);
        return;
      }
      const reason = answer.error || (request.status === 413
        ? "El archivo supera el tamaño máximo permitido."
        : `El servidor respondió ${request.status}.`);
      say(`No se pudo subir el video: ${reason}`, "error");
      progress.hidden = true;
      submit.disabled = false;
    });
    const dropped = () => {
      say("No se pudo subir el video: se cortó la conexión. Inténtalo de nuevo.", "error");
      progress.hidden = true;
      submit.disabled = false;
    };
    request.addEventListener("error", dropped);
    request.addEventListener("abort", dropped);
    request.send(new FormData(form));
  });
})();
