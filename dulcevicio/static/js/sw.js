/*
 * DulceVicio's service worker, served at /sw.js by dulcevicio/app_shell.py, which puts
 * self.SHELL = {version, assets, offline, staticPrefixes} before this file.
 *
 * It keeps static assets (CSS, JS, fonts, icons) and the offline page, nothing else: one
 * cache named after the static files' version, precached at install, old ones deleted when
 * a new worker takes over. Pages are network-only (they show paid content and people's
 * data) and a page that cannot be reached answers the offline page; everything else (paid
 * media under /media/, recipe books and other files, forms, JSON) goes to the network as
 * if there were no worker. Loaded by node too (tests/test_app_shell.py): routeFor is a pure function.
 */
(function (scope) {
  "use strict";

  var CACHE_PREFIX = "dulcevicio-static-";

  function cacheName(shell) {
    return CACHE_PREFIX + shell.version;
  }

  // "static" (from the cache, else the network, then kept), "page" (network only, the
  // offline page when it fails) or "network" (not handled here at all).
  function routeFor(request, shell, origin) {
    if (request.method !== "GET") return "network";
    var url = new URL(request.url);
    if (url.origin !== origin) return "network";
    if (url.pathname === shell.offline) return "static";
    var isStatic = shell.staticPrefixes.some(function (prefix) {
      return url.pathname.indexOf(prefix) === 0;
    });
    if (isStatic) return "static";
    // Pages have no extension; a navigation to a file (a recipe book, a certificate, a CSV
    // export, a photo opened in a tab) is a download the browser makes itself.
    var isFile = /\.[a-z0-9]+$/i.test(url.pathname.split("/").pop());
    if (request.mode === "navigate" && !isFile) return "page";
    return "network";
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { routeFor: routeFor, cacheName: cacheName, CACHE_PREFIX: CACHE_PREFIX };
  }
  if (!scope || typeof scope.caches === "undefined" || !scope.SHELL) return;

  var shell = scope.SHELL;
  var CACHE = cacheName(shell);

  function fromCache(request) {
    return scope.caches.open(CACHE).then(function (cache) {
      // Every response says "Vary: Cookie" (Flask-Login reads the session on each one),
      // but a static file is the same for everyone: match it by its URL alone.
      return cache.match(request, { ignoreVary: true }).then(function (hit) {
        if (hit) return hit;
        return scope.fetch(request).then(function (response) {
          // Only our own complete answers: never an error, a redirect or another origin's.
          if (response.ok && response.type === "basic" && !response.redirected) {
            cache.put(request, response.clone());
          }
          return response;
        });
      });
    });
  }

  function offlinePage() {
    return scope.caches.open(CACHE).then(function (cache) {
      return cache.match(shell.offline, { ignoreVary: true }).then(function (page) {
        return page || Response.error();
      });
    });
  }

  scope.addEventListener("install", function (event) {
    // Requests the worker never handles go straight to the network without waking it,
    // where the browser has the static routing API: a request waiting for the worker is
    // lost when its page goes away, as the player's beacon (a POST saving the position as
    // the student leaves a lesson) was in about half the navigations.
    if (event.addRoutes) {
      event
        .addRoutes([
          { condition: { requestMethod: "POST" }, source: "network" },
          { condition: { urlPattern: { pathname: "/media/*" } }, source: "network" },
        ])
        .catch(function () {});
    }
    var urls = shell.assets.concat([shell.offline]);
    event.waitUntil(
      scope.caches
        .open(CACHE)
        .then(function (cache) {
          // reload: straight from the server, not from a copy the HTTP cache kept.
          return cache.addAll(urls.map(function (url) {
            return new Request(url, { cache: "reload", credentials: "omit" });
          }));
        })
        .then(function () {
          return scope.skipWaiting();
        })
    );
  });

  scope.addEventListener("activate", function (event) {
    event.waitUntil(
      scope.caches
        .keys()
        .then(function (names) {
          return Promise.all(
            names
              .filter(function (name) {
                return name.indexOf(CACHE_PREFIX) === 0 && name !== CACHE;
              })
              .map(function (name) {
                return scope.caches.delete(name);
              })
          );
        })
        .then(function () {
          return scope.clients.claim();
        })
    );
  });

  scope.addEventListener("fetch", function (event) {
    var route = routeFor(event.request, shell, scope.location.origin);
    if (route === "static") {
      event.respondWith(fromCache(event.request));
    } else if (route === "page") {
      event.respondWith(
        scope.fetch(event.request).catch(function () {
          return offlinePage();
        })
      );
    }
  });
})(typeof self !== "undefined" ? self : null);
