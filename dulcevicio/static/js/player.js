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
