// Kitchen mode: one step at a time with large buttons, several timers at once (a visible
// countdown, then a sound and a vibration where the browser allows them), and the screen
// kept awake, taken again whenever the page becomes visible. Without this script every
// step is listed and the timers are shown as durations.
"use strict";

(() => {
  const root = document.querySelector("[data-kitchen]");
  if (!root) {
    return;
  }

  // --- Steps ---------------------------------------------------------------------------
  const steps = Array.from(root.querySelectorAll("[data-step]"));
  const nav = root.querySelector("[data-step-nav]");
  const progress = root.querySelector("[data-step-progress]");
  const previousButton = root.querySelector("[data-step-previous]");
  const nextButton = root.querySelector("[data-step-next]");
  const lastStep = steps.length - 1;

  const show = (index, moveFocus) => {
    steps.forEach((step, position) => {
      step.hidden = position !== index;
    });
    progress.textContent = index === 0 ? "Ingredientes" : `Paso ${index} de ${lastStep}`;
    previousButton.disabled = index === 0;
    nextButton.disabled = index === lastStep;
    window.history.replaceState(null, "", `#paso-${index}`);
    if (moveFocus) {
      const title = steps[index].querySelector("h2");
      title.setAttribute("tabindex", "-1");
      title.focus();
    }
    current = index;
  };

  let current = 0;
  const fromHash = /^#paso-(\d+)$/.exec(window.location.hash);
  nav.hidden = false;
  show(fromHash ? Math.min(Number(fromHash[1]), lastStep) : 0, false);
  previousButton.addEventListener("click", () => show(Math.max(current - 1, 0), true));
  nextButton.addEventListener("click", () => show(Math.min(current + 1, lastStep), true));
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, select, textarea");
    if (typing || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.key === "ArrowRight" && current < lastStep) {
      show(current + 1, true);
    } else if (event.key === "ArrowLeft" && current > 0) {
      show(current - 1, true);
    }
  });

  // --- Timers ----------------------------------------------------------------------------
  const tray = root.querySelector("[data-timers]");
  const list = root.querySelector("[data-timer-list]");
  const announce = root.querySelector("[data-timer-announce]");
  const running = new Set();
  let audio = null;
  let ticking = null;

  const clock = (seconds) => {
    const whole = Math.max(0, Math.ceil(seconds));
    const hours = Math.floor(whole / 3600);
    const minutes = Math.floor((whole % 3600) / 60);
    const rest = String(whole % 60).padStart(2, "0");
    return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
  };

  const ring = () => {
    if (navigator.vibrate) {
      navigator.vibrate([400, 200, 400, 200, 400]);
    }
    if (!audio) {
      return;
    }
    [0, 0.5, 1].forEach((delay) => {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.value = 0.2;
      tone.connect(volume).connect(audio.destination);
      tone.start(audio.currentTime + delay);
      tone.stop(audio.currentTime + delay + 0.3);
    });
  };

  const tick = () => {
    const now = Date.now();
    running.forEach((timer) => {
      if (timer.pausedLeft !== null) {
        return;
      }
      const left = (timer.endsAt - now) / 1000;
      timer.display.textContent = clock(left);
      if (left <= 0) {
        running.delete(timer);
        timer.item.classList.add("kitchen-timer-done");
        timer.display.textContent = "¡Tiempo!";
        timer.pause.hidden = true;
        announce.textContent = `¡Tiempo! ${timer.label}.`;
        ring();
      }
    });
    if (!running.size && ticking) {
      window.clearInterval(ticking);
      ticking = null;
    }
  };

  const button = (text, className) => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = text;
    return element;
  };

  const startTimer = (minutes, label) => {
    const item = document.createElement("li");
    item.className = "kitchen-timer";
    const name = document.createElement("span");
    name.className = "kitchen-timer-label";
    name.textContent = label;
    const display = document.createElement("span");
    display.className = "kitchen-timer-clock";
    display.setAttribute("role", "timer");
    display.textContent = clock(minutes * 60);
    const pause = button("Pausar", "btn btn-outline-primary btn-sm");
    const remove = button("Quitar", "btn btn-outline-secondary btn-sm");
    remove.setAttribute("aria-label", `Quitar el temporizador de ${label}`);
    item.append(name, display, pause, remove);
    list.append(item);
    tray.hidden = false;
    const timer = { label, item, display, pause, endsAt: Date.now() + minutes * 60000, pausedLeft: null };
    running.add(timer);
    pause.addEventListener("click", () => {
      if (timer.pausedLeft === null) {
        timer.pausedLeft = timer.endsAt - Date.now();
        pause.textContent = "Seguir";
      } else {
        timer.endsAt = Date.now() + timer.pausedLeft;
        timer.pausedLeft = null;
        pause.textContent = "Pausar";
      }
    });
    remove.addEventListener("click", () => {
      running.delete(timer);
      item.remove();
      tray.hidden = !list.children.length;
    });
    if (!ticking) {
      ticking = window.setInterval(tick, 250);
    }
    announce.textContent = `Temporizador de ${label} en marcha: ${minutes} min.`;
  };

  root.querySelectorAll("[data-timer-minutes]").forEach((starter) => {
    starter.hidden = false;
    starter.addEventListener("click", () => {
      // Browsers let a page make sound only after a tap: the tap that starts a timer.
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!audio && Context) {
        audio = new Context();
      }
      startTimer(Number(starter.dataset.timerMinutes), starter.dataset.timerLabel);
    });
  });

  // --- Screen awake ----------------------------------------------------------------------
  const awake = root.querySelector("[data-wake-status]");
  let lock = null;
  const keepAwake = async () => {
    if (!("wakeLock" in navigator)) {
      awake.textContent = "Tu navegador no puede mantener la pantalla encendida: tócala de vez en cuando.";
      return;
    }
    if (lock && !lock.released) {
      return;
    }
    try {
      lock = await navigator.wakeLock.request("screen");
      awake.textContent = "La pantalla se mantiene encendida mientras cocinas.";
    } catch (error) {
      awake.textContent = "No pudimos mantener la pantalla encendida (¿ahorro de batería?).";
    }
  };
  // The browser lets the lock go when the page is hidden: take it again on return.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      keepAwake();
    }
  });
  keepAwake();

  // --- Full screen -----------------------------------------------------------------------
  const fullscreen = root.querySelector("[data-fullscreen-kitchen]");
  if (document.fullscreenEnabled) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", () => {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        root.requestFullscreen().catch(() => {});
      }
    });
    document.addEventListener("fullscreenchange", () => {
      const on = Boolean(document.fullscreenElement);
      fullscreen.lastChild.textContent = on ? " Salir de pantalla completa" : " Pantalla completa";
    });
  }
})();
