// Lesson player: resumes where the student stopped and saves the position every ~10 s,
// on pause, at the end and when the page is hidden. The server marks the lesson completed
// once 90 % has been watched.
"use strict";

(() => {
  const video = document.querySelector("video[data-progress-url]");
  if (!video) {
    return;
  }
  const url = video.dataset.progressUrl;
  const resumeAt = parseFloat(video.dataset.resume || "0");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const badge = document.querySelector("[data-completed-badge]");
  const SAVE_EVERY_MS = 10000;
  let lastSaved = null;

  const snapshot = () => ({
    position: Math.floor(video.currentTime),
    duration: Number.isFinite(video.duration) ? video.duration : null,
  });

  const showCompleted = (completed) => {
    if (badge && completed) {
      badge.hidden = false;
    }
  };

  const save = () => {
    const body = snapshot();
    if (body.position === lastSaved) {
      return;
    }
    lastSaved = body.position;
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
      credentials: "same-origin",
      keepalive: true,
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => answer && showCompleted(answer.completed))
      .catch(() => {
        lastSaved = null; // try again on the next tick
      });
  };

  // A beacon survives the page going away; it cannot carry headers, so the CSRF token
  // travels as a form field.
  const beacon = () => {
    const body = snapshot();
    if (body.position === lastSaved || !navigator.sendBeacon) {
      return;
    }
    const form = new FormData();
    form.append("csrf_token", token);
    form.append("position", String(body.position));
    if (body.duration !== null) {
      form.append("duration", String(body.duration));
    }
    if (navigator.sendBeacon(url, form)) {
      lastSaved = body.position;
    }
  };

  video.addEventListener("loadedmetadata", () => {
    // A link to a moment (a recipe step's "ver este paso en el video") wins over resuming;
    // the #t= fragment of the source already put the video there.
    if (video.dataset.start) {
      return;
    }
    if (resumeAt > 0 && resumeAt < video.duration - 3) {
      video.currentTime = resumeAt;
    }
  });
  window.setInterval(() => {
    if (!video.paused && !video.ended) {
      save();
    }
  }, SAVE_EVERY_MS);
  video.addEventListener("pause", save);
  video.addEventListener("ended", save);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      beacon();
    }
  });
  window.addEventListener("pagehide", beacon);
})();

// Watermark of a paid lesson: the viewer's masked e-mail drifts to a new place every few
// seconds. Full screen is asked of the frame, not of the video (a video in full screen
// would hide the mark): our button, a double click, and a video that went full screen
// some other way are all turned into the frame's full screen.
(() => {
  const frame = document.querySelector("[data-player]");
  const mark = frame && frame.querySelector("[data-watermark]");
  if (!mark) {
    return;
  }
  const video = frame.querySelector("video");
  const button = frame.querySelector("[data-fullscreen]");
  const MOVE_EVERY_MS = 4000;

  const move = () => {
    const x = Math.random() * Math.max(0, frame.clientWidth - mark.offsetWidth);
    const y = Math.random() * Math.max(0, frame.clientHeight - mark.offsetHeight);
    mark.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  };
  move();
  window.setInterval(move, MOVE_EVERY_MS);
  window.addEventListener("resize", move);

  const toggle = () => {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (frame.requestFullscreen) {
      frame.requestFullscreen();
    }
  };
  button.addEventListener("click", toggle);
  video.addEventListener("dblclick", (event) => {
    event.preventDefault();
    toggle();
  });
  document.addEventListener("fullscreenchange", () => {
    if (document.fullscreenElement === video) {
      document.exitFullscreen().then(() => frame.requestFullscreen());
      return;
    }
    const full = document.fullscreenElement === frame;
    button.setAttribute("aria-pressed", String(full));
    button.querySelector(".visually-hidden").textContent = full
      ? "Salir de pantalla completa"
      : "Pantalla completa";
    move();
  });
  if (!document.fullscreenEnabled) {
    button.hidden = true; // phones without the Fullscreen API keep the video inline
  }
})();
