/*
 * Scaling a structured recipe in the browser: by servings or by mould, and from grams and
 * millilitres to cups and spoons and back, with no request to the server.
 *
 * Pure functions, no DOM and no eval (CSP-safe); loaded in the page as window.DulceScale and
 * in node (the tests) through module.exports.
 *
 * A line is a plain object:
 *   {quantity, quantityMax, unit, gramsPerMl, gramsEach, liquid, kind, pinned}
 * unit is the Unit value of dulcevicio/models/recipe_structure.py ("g", "kg", "ml", "l",
 * "taza", "cda", "cdta", "pizca", "unidad", "" for a bare count, "al gusto"); quantity is
 * null for "al gusto" and for a line kept as a note; quantityMax is a range's upper bound.
 * gramsPerMl, gramsEach, liquid and kind are the ingredient's facts
 * (dulcevicio/services/kitchen/ingredients.py, IngredientFacts.for_browser).
 *
 * Spanish recipes measure with the 240 ml "taza medidora", the 15 ml cucharada and the 5 ml
 * cucharadita: 1 taza = 16 cdas = 48 cdtas.
 *
 * formatQuantity, amountText and lineText write exactly what format_quantity
 * (services/kitchen/quantities.py), amount_text and line_text (services/kitchen/display.py)
 * write, so a page does not change its text at the base yield.
 */
(function (root) {
  "use strict";

  var CUP_ML = 240;
  var TABLESPOON_ML = 15;
  var TEASPOON_ML = 5;
  var VOLUME_ML = { taza: CUP_ML, cda: TABLESPOON_ML, cdta: TEASPOON_ML };

  var MIN_FACTOR = 0.1;
  var MAX_FACTOR = 10;
  var MIN_SERVINGS = 1;
  var MAX_SERVINGS = 500;
  // Below this many grams an amount is a "pinch-like" one that does not grow linearly.
  var SMALL_GRAMS = 5;
  // Small amounts, salt and leavening grow by this share of the linear increase.
  var SMALL_GROWTH = 0.75;

  var NOTES = {
    max: "Ajustamos la escala a 10\u00d7 como máximo.",
    min: "Ajustamos la escala a 0,1\u00d7 como mínimo.",
    invalid: "No pudimos calcular ese cambio: mostramos las cantidades originales.",
  };
  var TIMING_WARNING =
    "Con este cambio de tamaño, el tiempo y la temperatura de horneado cambian: vigila la cocción.";

  // --- Formatting: the same rules as quantities.py and display.py -------------------------

  // (value, glyph) as KITCHEN_FRACTIONS in quantities.py.
  var KITCHEN_FRACTIONS = [
    [0.25, "¼"],
    [1 / 3, "⅓"],
    [0.5, "½"],
    [2 / 3, "⅔"],
    [0.75, "¾"],
  ];
  var FRACTION_UNITS = { taza: true, cda: true, cdta: true, pizca: true, unidad: true, "": true };

  // Singular and plural of each unit, as UNIT_NAMES in display.py.
  var UNIT_NAMES = {
    g: ["g", "g"],
    kg: ["kg", "kg"],
    ml: ["ml", "ml"],
    l: ["l", "l"],
    taza: ["taza", "tazas"],
    cda: ["cda", "cdas"],
    cdta: ["cdta", "cdtas"],
    pizca: ["pizca", "pizcas"],
    unidad: ["unidad", "unidades"],
    "": ["", ""],
    "al gusto": ["", ""],
  };

  function isNumber(value) {
    return typeof value === "number" && isFinite(value);
  }

  function unitNames(unit) {
    return Object.prototype.hasOwnProperty.call(UNIT_NAMES, unit) ? UNIT_NAMES[unit] : ["", ""];
  }

  // Python's f"{value:.2f}": the nearest hundredth, ties to even. JavaScript's toFixed takes
  // the larger one on a tie; the only exact ties are odd multiples of 1/8 (x.125, x.625...).
  function fixed2(value) {
    var eighths = value * 8;
    if (Number.isInteger(eighths) && eighths % 2 === 1 && value < 1e15) {
      var cents = Math.floor(value * 100);
      if (cents % 2 === 1) cents += 1;
      var whole = Math.floor(cents / 100);
      var rest = cents % 100;
      return whole + "." + (rest < 10 ? "0" : "") + rest;
    }
    return value.toFixed(2);
  }

  /** `value` as a cook reads it: "1 ½" for cups, spoons and counts, "2,5" otherwise; "" for
   * a value no kitchen can measure (not a number, infinite, negative). */
  function formatQuantity(value, unit) {
    if (unit === undefined) unit = "";
    if (!isNumber(value) || value < 0) return "";
    if (value === 0) value = 0; // -0 reads "0"
    var whole = Math.floor(value);
    var rest = value - whole;
    if (FRACTION_UNITS[unit] === true) {
      if (rest < 0.02) return String(whole);
      if (rest > 0.98) return String(whole + 1);
      for (var i = 0; i < KITCHEN_FRACTIONS.length; i++) {
        if (Math.abs(rest - KITCHEN_FRACTIONS[i][0]) < 0.02) {
          return whole ? whole + " " + KITCHEN_FRACTIONS[i][1] : KITCHEN_FRACTIONS[i][1];
        }
      }
    }
    var text = fixed2(value).replace(/0+$/, "").replace(/\.$/, "");
    return text.replace(".", ",");
  }

  /** "200 g", "1 ½ tazas", "2-3", "al gusto", or "" for a line kept as a note. */
  function amountText(line) {
    var unit = line.unit === undefined || line.unit === null ? "" : line.unit;
    if (unit === "al gusto") return "al gusto";
    if (line.quantity === null || line.quantity === undefined) {
      return unit === "pizca" ? unitNames(unit)[0] : "";
    }
    var number = formatQuantity(line.quantity, unit);
    var hasMax = line.quantityMax !== null && line.quantityMax !== undefined;
    if (hasMax) number = number + "-" + formatQuantity(line.quantityMax, unit);
    var names = unitNames(unit);
    // As Python's `(quantity_max or quantity) <= 1`.
    var name = (line.quantityMax || line.quantity) <= 1 ? names[0] : names[1];
    return (number + " " + name).trim();
  }

  /** The whole line: "200 g de harina de trigo (tamizada)", "3 huevos", "sal al gusto".
   * `ingredient` and `note` default to the line's own. */
  function lineText(line, ingredient, note) {
    if (ingredient === undefined) ingredient = line.ingredient;
    if (note === undefined) note = line.note;
    ingredient = ingredient || "";
    note = note || "";
    var unit = line.unit === undefined || line.unit === null ? "" : line.unit;
    var amount = amountText(line);
    var text;
    if (unit === "al gusto") {
      text = (ingredient + " " + amount).trim();
    } else if (amount && ingredient && unitNames(unit)[0]) {
      text = amount + " de " + ingredient;
    } else {
      text = [amount, ingredient].filter(Boolean).join(" ");
    }
    if (note) text = text ? text + " (" + note + ")" : note;
    return text;
  }

  // --- Factors ------------------------------------------------------------------------------

  function positive(value) {
    return isNumber(value) && value > 0;
  }

  /** A mould's area in cm² ({shape, width, length}; width is a round mould's diameter), or
   * null when it cannot be measured. Takes Mould.to_json's names (width_cm...) as well. */
  function mouldArea(mould) {
    if (!mould) return null;
    var width = mould.width !== undefined ? mould.width : mould.width_cm;
    var length = mould.length !== undefined ? mould.length : mould.length_cm;
    if (!positive(width)) return null;
    if (mould.shape === "redondo") return Math.PI * (width / 2) * (width / 2);
    if (mould.shape === "cuadrado") return width * width;
    if (mould.shape === "rectangular") return width * (positive(length) ? length : width);
    return null;
  }

  /** How much the target mould holds compared with the recipe's: the ratio of areas, times
   * the ratio of heights when both heights are known; null when either cannot be measured. */
  function mouldFactor(base, target) {
    var baseArea = mouldArea(base);
    var targetArea = mouldArea(target);
    if (baseArea === null || targetArea === null) return null;
    var factor = targetArea / baseArea;
    var baseHeight = base.height !== undefined ? base.height : base.height_cm;
    var targetHeight = target.height !== undefined ? target.height : target.height_cm;
    if (positive(baseHeight) && positive(targetHeight)) factor *= targetHeight / baseHeight;
    return factor;
  }

  /** {factor, note}: the factor kept within [0.1, 10]; note says (in Spanish) why it was
   * changed, or is null. A factor that is no positive number gives 1 and a note. */
  function clampFactor(factor) {
    if (!positive(factor)) return { factor: 1, note: NOTES.invalid };
    if (factor > MAX_FACTOR) return { factor: MAX_FACTOR, note: NOTES.max };
    if (factor < MIN_FACTOR) return { factor: MIN_FACTOR, note: NOTES.min };
    return { factor: factor, note: null };
  }

  /** The factor from `base` servings to `wanted` (wanted / base), wanted rounded to a whole
   * number and kept within 1..500; pass it through clampFactor. A wanted number that is no
   * number gives 1 (the recipe as written); a base that is no positive number gives null. */
  function servingsFactor(base, wanted) {
    if (!positive(base)) return null;
    if (!isNumber(wanted)) return 1;
    var servings = Math.min(MAX_SERVINGS, Math.max(MIN_SERVINGS, Math.round(wanted)));
    return servings / base;
  }

  /** A warning (Spanish) when the recipe changes so much that baking time and temperature
   * change too: below half or above double. Otherwise null. */
  function timingWarning(factor) {
    if (!isNumber(factor)) return null;
    return factor < 0.5 || factor > 2 ? TIMING_WARNING : null;
  }

  // --- Rounding -----------------------------------------------------------------------------

  function nearest(value, step) {
    return Math.round(value / step) * step;
  }

  // Whole numbers plus the kitchen fractions a set of measuring cups holds.
  var CUP_FRACTIONS = [0, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1];

  function nearestCup(value) {
    var whole = Math.floor(value);
    var rest = value - whole;
    var best = CUP_FRACTIONS[0];
    for (var i = 1; i < CUP_FRACTIONS.length; i++) {
      if (Math.abs(rest - CUP_FRACTIONS[i]) < Math.abs(rest - best)) best = CUP_FRACTIONS[i];
    }
    return whole + best;
  }

  // The smallest amount each unit measures: what rounding never goes below.
  var SMALLEST = {
    g: 0.5, ml: 0.5, kg: 0.05, l: 0.05, taza: 0.25, cda: 0.5, cdta: 0.25,
    pizca: 1, unidad: 0.5, "": 0.5,
  };

  /** `value` as a kitchen measures it in `unit`, never below the unit's smallest amount:
   * g and ml to the ½ under 10, to the unit under 20, to 5 under 1000 (half of 250 g is
   * 125 g, not 130 g), to 25 above; kg and l to 0.05; taza to a whole number plus ¼ ⅓ ½ ⅔ or ¾; cda to the ½;
   * cdta to the ¼; counts ("", "unidad") to the ½; pizca to a whole pinch. "al gusto" and
   * unknown units are returned as they are; a value that is no positive number gives 0. */
  function kitchenRound(value, unit) {
    if (!positive(value)) return 0;
    var rounded;
    switch (unit) {
      case "g":
      case "ml":
        if (value < 10) rounded = nearest(value, 0.5);
        else if (value < 20) rounded = Math.round(value);
        else if (value < 1000) rounded = nearest(value, 5);
        else rounded = nearest(value, 25);
        break;
      case "kg":
      case "l":
        rounded = Math.round(nearest(value, 0.05) * 100) / 100;
        break;
      case "taza":
        rounded = nearestCup(value);
        break;
      case "cda":
      case "unidad":
      case "":
        rounded = nearest(value, 0.5);
        break;
      case "cdta":
        rounded = nearest(value, 0.25);
        break;
      case "pizca":
        rounded = Math.round(value);
        break;
      default:
        return value;
    }
    return Math.max(rounded, SMALLEST[unit]);
  }

  // --- Units --------------------------------------------------------------------------------

  /** A volume in ml as {value, unit} in cups or spoons: taza from ¼ taza (60 ml) on (under
   * a cup, only when the nearest cup fraction is within 10 %, else cucharadas), cda from
   * 15 ml, cdta below. The value is rounded. */
  function spoonsFor(ml) {
    if (ml >= CUP_ML / 4) {
      var cups = ml / CUP_ML;
      var rounded = nearestCup(cups);
      if (cups >= 1 || Math.abs(rounded - cups) <= 0.1 * cups) {
        return { value: kitchenRound(cups, "taza"), unit: "taza" };
      }
    }
    if (ml >= TABLESPOON_ML) return { value: kitchenRound(ml / TABLESPOON_ML, "cda"), unit: "cda" };
    return { value: kitchenRound(ml / TEASPOON_ML, "cdta"), unit: "cdta" };
  }

  // A metric amount in the unit that reads best: g below 1000, kg from 1000 g (ml, l alike).
  function metricUnit(amount, unit) {
    if (unit === "g" || unit === "kg") {
      var grams = unit === "kg" ? amount * 1000 : amount;
      return grams >= 1000 ? "kg" : "g";
    }
    var ml = unit === "l" ? amount * 1000 : amount;
    return ml >= 1000 ? "l" : "ml";
  }

  function inUnit(amount, from, to) {
    if (from === to) return amount;
    if ((from === "kg" && to === "g") || (from === "l" && to === "ml")) return amount * 1000;
    if ((from === "g" && to === "kg") || (from === "ml" && to === "l")) return amount / 1000;
    if (VOLUME_ML[from] && VOLUME_ML[to]) return (amount * VOLUME_ML[from]) / VOLUME_ML[to];
    return amount;
  }

  // Each unit's range of amounts that reads well; outside it a scaled line changes unit.
  var COMFORTABLE = {
    taza: [0.25, Infinity],
    cda: [0.5, 8],
    cdta: [0.25, 6],
  };

  /** The unit a scaled amount reads best in, in the line's own system: g/kg and ml/l by
   * metricUnit, spoons by spoonsFor when the amount leaves its unit's comfortable range
   * (taza under ¼, cda under ½ or 8 and more, cdta under ¼ or 6 and more). */
  function scaledUnit(amount, unit) {
    if (unit === "g" || unit === "kg" || unit === "ml" || unit === "l") {
      return metricUnit(amount, unit);
    }
    var range = COMFORTABLE[unit];
    if (range && (amount < range[0] || amount >= range[1])) {
      return spoonsFor(amount * VOLUME_ML[unit]).unit;
    }
    return unit;
  }

  // An amount's weight in grams, when it can be told (density 1 g/ml when unknown).
  function approximateGrams(amount, line) {
    var unit = line.unit;
    if (unit === "g") return amount;
    if (unit === "kg") return amount * 1000;
    var density = positive(line.gramsPerMl) ? line.gramsPerMl : 1;
    if (unit === "ml") return amount * density;
    if (unit === "l") return amount * 1000 * density;
    if (VOLUME_ML[unit]) return amount * VOLUME_ML[unit] * density;
    return null;
  }

  function copy(line) {
    var result = {};
    for (var key in line) {
      if (Object.prototype.hasOwnProperty.call(line, key)) result[key] = line[key];
    }
    return result;
  }

  function hasQuantity(line) {
    return positive(line.quantity);
  }

  function hasMax(line) {
    return positive(line.quantityMax);
  }

  function isCount(unit) {
    return unit === "" || unit === "unidad" || unit === undefined || unit === null;
  }

  /** A copy of the line with a new amount (a range's upper end dropped when rounding makes
   * it no larger than the lower one). */
  function withAmounts(line, low, high, unit) {
    var result = copy(line);
    // What an earlier scaling or conversion said about the old amount no longer holds.
    delete result.approxGrams;
    delete result.approxGramsMax;
    delete result.noConversion;
    result.unit = unit;
    result.quantity = low;
    result.quantityMax = high !== null && high > low ? high : null;
    return result;
  }

  // --- Scaling ------------------------------------------------------------------------------

  /*
   * scaleLine's rules, in order:
   * 1. A pinned line, an "al gusto" line and a line with no quantity do not change; neither
   *    does any line at factor 1 (the page reads as written). The factor is clamped first
   *    (clampFactor).
   * 2. Pinches (pizca): round(q × f), at least 1.
   * 3. Eggs (kind "egg", or anything with a weight each, counted with unit "" or "unidad"):
   *    to the nearest ½, at least 1; when that is not whole, approxGrams (and approxGramsMax
   *    for a range) tells the exact scaled weight, rounded as grams, to weigh a beaten egg.
   *    Other counts: to the nearest ½, at least ½.
   * 4. Leavening and salt (kind "leavening" or "salt") and any amount under 5 g (spoons and
   *    ml weighed with the line's density, 1 g/ml when unknown): enlarging grows them by
   *    three quarters of the linear increase, q × (1 + 0.75 × (f − 1)), since they do not
   *    need to grow as fast as the batter; reducing scales them linearly.
   * 5. Everything else: q × f.
   * Then (rules 4 and 5) the amount is written in the unit that reads best in the line's own
   * system (g → kg from 1000 g, kg → g below 1 kg, ml and l alike; taza under ¼ → cdas,
   * cda under ½ → cdtas, 8 cdas or more → tazas when a cup fraction fits within 10 %, 6
   * cdtas or more → cdas) and rounded by kitchenRound, never below the smallest amount the
   * unit measures (½ g, ¼ cdta...). A range scales both ends; its unit follows the low end.
   */
  function scaleLine(line, factor) {
    var f = clampFactor(factor).factor;
    var unit = line.unit === undefined || line.unit === null ? "" : line.unit;
    if (line.pinned || unit === "al gusto" || !hasQuantity(line) || f === 1) return copy(line);
    var low = line.quantity;
    var high = hasMax(line) ? line.quantityMax : null;

    if (unit === "pizca") {
      return withAmounts(
        line,
        Math.max(1, Math.round(low * f)),
        high === null ? null : Math.max(1, Math.round(high * f)),
        unit,
      );
    }

    if (isCount(unit)) {
      var egg = line.kind === "egg" || positive(line.gramsEach);
      var least = egg ? 1 : 0.5;
      var roundCount = function (value) {
        return Math.max(least, nearest(value, 0.5));
      };
      var result = withAmounts(
        line,
        roundCount(low * f),
        high === null ? null : roundCount(high * f),
        unit,
      );
      if (egg && positive(line.gramsEach)) {
        if (!Number.isInteger(result.quantity)) {
          result.approxGrams = kitchenRound(low * f * line.gramsEach, "g");
        }
        if (result.quantityMax !== null && !Number.isInteger(result.quantityMax)) {
          result.approxGramsMax = kitchenRound(high * f * line.gramsEach, "g");
        }
      }
      return result;
    }

    var grams = approximateGrams(low, line);
    var damped =
      line.kind === "leavening" || line.kind === "salt" || (grams !== null && grams < SMALL_GRAMS);
    var scale = damped && f > 1 ? 1 + SMALL_GROWTH * (f - 1) : f;
    var lowScaled = low * scale;
    var target = scaledUnit(lowScaled, unit);
    var toTarget = function (value) {
      return kitchenRound(inUnit(value, unit, target), target);
    };
    return withAmounts(
      line,
      toTarget(lowScaled),
      high === null ? null : toTarget(high * scale),
      target,
    );
  }

  // --- Converting ---------------------------------------------------------------------------

  /*
   * convertLine's rules. Lines with no quantity, "al gusto", pinches and counts never change.
   * To "tazas": grams become a volume through the density (gramsPerMl), ml and l are a
   *   volume already; the volume is written by spoonsFor (taza from 60 ml, cda from 15 ml,
   *   cdta below). Grams with no density stay as they are, flagged noConversion: true.
   *   Cups and spoons stay as they are.
   * To "metrico": cups and spoons become ml when the ingredient is liquid, grams when it has
   *   a density and is not; a solid with no density stays in spoons, flagged noConversion.
   *   g and kg (ml and l alike) are written in the unit that reads best: g below 1000 g,
   *   kg from 1000 g ("1,25 kg").
   * A range converts both ends into the unit its low end chooses. Amounts are rounded by
   * kitchenRound.
   */
  function convertLine(line, system) {
    var unit = line.unit === undefined || line.unit === null ? "" : line.unit;
    var result = copy(line);
    delete result.noConversion;
    if (!hasQuantity(line) || unit === "al gusto" || unit === "pizca" || isCount(unit)) {
      return result;
    }
    var high = hasMax(line) ? line.quantityMax : null;
    var density = positive(line.gramsPerMl) ? line.gramsPerMl : null;
    var flagged = function () {
      result.noConversion = true;
      return result;
    };

    if (system === "tazas") {
      if (VOLUME_ML[unit]) return result;
      var toMl;
      if (unit === "ml" || unit === "l") {
        toMl = function (value) {
          return inUnit(value, unit, "ml");
        };
      } else if (density !== null) {
        toMl = function (value) {
          return inUnit(value, unit, "g") / density;
        };
      } else {
        return flagged();
      }
      var chosen = spoonsFor(toMl(line.quantity));
      var maxValue =
        high === null ? null : kitchenRound(toMl(high) / VOLUME_ML[chosen.unit], chosen.unit);
      return withAmounts(line, chosen.value, maxValue, chosen.unit);
    }

    if (system === "metrico") {
      var fromUnit = unit;
      var convert;
      if (VOLUME_ML[unit]) {
        if (line.liquid) {
          fromUnit = "ml";
          convert = function (value) {
            return value * VOLUME_ML[unit];
          };
        } else if (density !== null) {
          fromUnit = "g";
          convert = function (value) {
            return value * VOLUME_ML[unit] * density;
          };
        } else {
          return flagged();
        }
      } else if (unit === "g" || unit === "kg" || unit === "ml" || unit === "l") {
        // Already metric: only the unit may change, and the amount keeps its precision.
        var metric = metricUnit(line.quantity, unit);
        if (metric === unit) return result;
        var exact = function (value) {
          return Math.round(inUnit(value, unit, metric) * 1000) / 1000;
        };
        return withAmounts(line, exact(line.quantity), high === null ? null : exact(high), metric);
      } else {
        return result;
      }
      var lowAmount = convert(line.quantity);
      var target = metricUnit(lowAmount, fromUnit);
      var finish = function (value) {
        return kitchenRound(inUnit(convert(value), fromUnit, target), target);
      };
      return withAmounts(line, finish(line.quantity), high === null ? null : finish(high), target);
    }
    return result;
  }

  var api = {
    CUP_ML: CUP_ML,
    TABLESPOON_ML: TABLESPOON_ML,
    TEASPOON_ML: TEASPOON_ML,
    UNIT_NAMES: UNIT_NAMES,
    mouldArea: mouldArea,
    mouldFactor: mouldFactor,
    clampFactor: clampFactor,
    servingsFactor: servingsFactor,
    timingWarning: timingWarning,
    kitchenRound: kitchenRound,
    scaleLine: scaleLine,
    convertLine: convertLine,
    formatQuantity: formatQuantity,
    amountText: amountText,
    lineText: lineText,
  };

  if (root) root.DulceScale = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : null);
