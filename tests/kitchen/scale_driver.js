// Runs dulcevicio/static/js/recipe_scale.js for tests/kitchen/test_scaling.py: each line on
// stdin is a JSON array of calls [name, [args...]], answered by one line with a JSON array
// of results ({"ok": value} or {"error": message}). Numbers JSON cannot hold travel as
// {"$num": "NaN" | "Infinity" | "-Infinity"} both ways, so a NaN result is seen as one.
"use strict";

const path = require("path");
const readline = require("readline");

const scale = require(path.join(__dirname, "..", "..", "dulcevicio", "static", "js", "recipe_scale.js"));

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
