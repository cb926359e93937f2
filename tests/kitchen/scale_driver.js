// Runs dulcevicio/static/js/recipe_scale.js for tests/kitchen/test_scaling.py: each line on
// stdin is a JSON array of calls [name, [args...]], answered by one line with a JSON array
// of results ({"ok": value} or {"error": message}); "$browser" loads the script as a page
// does and names what it put on window.DulceScale. Numbers JSON cannot hold travel as
// {"$num": "NaN" | "Infinity" | "-Infinity"} both ways, so a NaN result is seen as one.
"use strict";

const path = require("path");
const readline = require("readline");

const fs = require("fs");
const vm = require("vm");

const SOURCE = path.join(__dirname, "..", "..", "dulcevicio", "static", "js", "recipe_scale.js");
const scale = require(SOURCE);

// What a browser sees: the script run with a window and no module; the names it attaches.
function inBrowser() {
  const context = { window: {} };
  vm.runInNewContext(fs.readFileSync(SOURCE, "utf-8"), context, { filename: SOURCE });
  const api = context.window.DulceScale;
  return api ? Object.keys(api).sort() : null;
}

function revive(key, value) {
  if (value && typeof value === "object" && !Array.isArray(value) && "$num" in value) {
    return Number(value.$num);
  }
  return value;
}

function replace(key, value) {
  if (typeof value === "number" && !Number.isFinite(value)) return { $num: String(value) };
  if (value === undefined) return { $undefined: true };
  return value;
}

function run([name, args]) {
  if (name === "$browser") return { ok: inBrowser() };
  if (name === "$constants") {
    return { ok: [scale.CUP_ML, scale.TABLESPOON_ML, scale.TEASPOON_ML] };
  }
  if (typeof scale[name] !== "function") return { error: `no function ${name}` };
  try {
    const value = scale[name](...args);
    return { ok: value === undefined ? { $undefined: true } : value };
  } catch (error) {
    return { error: String(error && error.stack ? error.stack : error) };
  }
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const calls = JSON.parse(line, revive);
  process.stdout.write(JSON.stringify(calls.map(run), replace) + "\n");
});
