// Lesson player: resumes where the student stopped and saves the position every ~10 s,
// on pause, at the end and when the page is hidden. The server marks the lesson completed
// once 90 % has been watched; the badge, the toggle and the lesson list follow at once.
"use strict";

// The lesson's completed state on the page: badge, toggle buttons, the list's check, and
// a polite announcement when it changes.
const lessonState = (() => {
  const badge = document.querySelector("[data-completed-badge]");
  const form = document.querySelector("[data-completed-form]");
  const check = document.querySelector("[data-current-check]");
  const status = document.querySelector("[data-lesson-status]");
  let shown = Boolean(badge && !badge.hidden);

  const show = (completed) => {
    if (completed === shown) {
      return;
    }
    shown = completed;
    if (badge) {
      badge.hidden = !completed;
    }
    if (check) {
      check.hidden = !completed;
    }
    if (form) {
      form.querySelector('input[name="completed"]').value = completed ? "0" : "1";
      form.querySelector("[data-mark-pending]").hidden = !completed;
      form.querySelector("[data-mark-completed]").hidden = completed;
    }
    if (status) {
      status.textContent = completed ? "Lección completada." : "Lección marcada como pendiente.";
    }
  };
  return { show };
})();

// The toggle posts with fetch and updates the page; without JS (or on an error) the form
// posts and the server redirects back.
(() => {
  const form = document.querySelector("[data-completed-form]");
  if (!form || !window.fetch) {
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const focused = document.activeElement;
    fetch(form.action, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new FormData(form),
      credentials: "same-origin",
    })
      .then((response) => {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then((answer) => {
        lessonState.show(Boolean(answer.completed));
        // The pressed button is now hidden: keep the keyboard on the one that replaced it.
        if (focused && form.contains(focused)) {
          form.querySelector("button:not([hidden])").focus();
        }
      })
      .catch(() => form.submit());
  });
})();

(() => {
  const video = document.querySelector("video[data-progress-url]");
  if (!video) {
    return;
  }
  const url = video.dataset.progressUrl;
  const resumeAt = parseFloat(video.dataset.resume || "0");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const SAVE_EVERY_MS = 10000;
  let lastSaved = null;

  const snapshot = () => ({
    position: Math.floor(video.currentTime),
    duration: Number.isFinite(video.duration) ? video.duration : null,
  });

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
      .then((answer) => answer && answer.completed && lessonState.show(true))
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

  const resume = () => {
    // A link to a moment (a recipe step's "ver este paso en el video") wins over resuming;
    // the #t= fragment of the source already put the video there.
    if (video.dataset.start) {
      return;
    }
    if (resumeAt > 0 && resumeAt < video.duration - 3) {
      video.currentTime = resumeAt;
    }
  };
  // A video the browser keeps (paid media are cached privately) may have its metadata
  // before this script runs: then loadedmetadata has already fired.
  if (video.readyState >= HTMLMediaElement.HAVE_METADATA) {
    resume();
  } else {
    video.addEventListener("loadedmetadata", resume, { once: true });
  }
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

// The end of the video: the next lesson starts after a short countdown the viewer can
// cancel; a visitor who finished a preview is offered the course.
(() => {
  const video = document.querySelector("#lesson-video");
  if (!video) {
    return;
  }
  const next = document.querySelector("[data-next-panel]");
  const offer = document.querySelector("[data-offer-panel]");
  const status = document.querySelector("[data-lesson-status]");
  let timer = null;

  const stop = () => {
    window.clearInterval(timer);
    timer = null;
  };

  const countDown = () => {
    const now = next.querySelector("[data-next-now]");
    const cancel = next.querySelector("[data-next-cancel]");
    const counting = next.querySelector("[data-countdown-text]");
    const counter = next.querySelector("[data-countdown]");
    let left = parseInt(next.dataset.seconds, 10) || 8;
    counter.textContent = String(left);
    counting.hidden = false;
    cancel.hidden = false;
    next.querySelector("[data-countdown-stopped]").hidden = true;
    next.hidden = false;
    now.focus();
    // Announced once: a number read aloud every second would drown the page.
    status.textContent = `${next.querySelector("h2").textContent}. Empieza en ${left} segundos.`;
    stop();
    timer = window.setInterval(() => {
      left -= 1;
      counter.textContent = String(Math.max(left, 0));
      if (left <= 0) {
        stop();
        window.location.assign(now.href);
      }
    }, 1000);
  };

  if (next) {
    next.querySelector("[data-next-cancel]").addEventListener("click", (event) => {
      stop();
      next.querySelector("[data-countdown-text]").hidden = true;
      next.querySelector("[data-countdown-stopped]").hidden = false;
      status.textContent = "Cuenta regresiva cancelada.";
      event.currentTarget.hidden = true;
      next.querySelector("[data-next-now]").focus();
    });
  }

  video.addEventListener("ended", () => {
    if (offer) {
      offer.hidden = false;
    }
    if (next) {
      countDown();
    } else if (offer) {
      offer.querySelector("h2").focus();
    }
  });
  // Playing again (or seeking back) puts the panels away.
  video.addEventListener("play", () => {
    stop();
    if (next) {
      next.hidden = true;
    }
  });
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
