"""static/js/recipe_scale.js, run under node: mould and servings factors, clamping and
warnings, each scaling rule, kitchen rounding, both unit conversions, and text that matches
format_quantity, amount_text and line_text exactly.

One node process serves the whole module (tests/kitchen/scale_driver.js, one JSON line of
calls in, one line of results out), so the tests stay fast.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dulcevicio.models.recipe_structure import IngredientLine, Mould, Shape, Unit
from dulcevicio.services.kitchen.display import amount_text, line_text
from dulcevicio.services.kitchen.ingredients import DATA, facts_for
from dulcevicio.services.kitchen.quantities import format_quantity

DRIVER = Path(__file__).with_name("scale_driver.js")
UNDEFINED = object()  # what a JavaScript function returned as undefined

NAN = math.nan
INF = math.inf


def _encode(value):
    if isinstance(value, float) and not math.isfinite(value):
        return {"$num": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(obj):
    if "$num" in obj:
        return float(obj["$num"])
    if "$undefined" in obj:
        return UNDEFINED
    return obj


class Node:
    """recipe_scale.js's functions, called in the module's node process."""

    def __init__(self, process: subprocess.Popen):
        self.process = process

    def many(self, calls: list[tuple[str, list]]) -> list:
        self.process.stdin.write(json.dumps(_encode([list(call) for call in calls])) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise AssertionError(f"the node driver stopped: {self.process.stderr.read()}")
        results = []
        for result in json.loads(answer, object_hook=_decode):
            if "error" in result:
                raise AssertionError(result["error"])
            results.append(result["ok"])
        return results

    def __call__(self, name: str, *args):
        return self.many([(name, list(args))])[0]

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args: self(name, *args)


@pytest.fixture(scope="module")
def js():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: recipe_scale.js cannot be tested (apt install nodejs)")
    process = subprocess.Popen(
        [node, str(DRIVER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    yield Node(process)
    process.stdin.close()
    process.wait(timeout=10)
    process.stdout.close()
    process.stderr.close()


def line(quantity, unit="", ingredient=None, **extra):
    """A line as the page builds it: the ingredient's facts from ingredients.py."""
    facts = facts_for(ingredient) if ingredient else None
    result = {
        "quantity": quantity,
        "quantityMax": None,
        "unit": unit,
        "gramsPerMl": facts.grams_per_ml if facts else None,
        "gramsEach": facts.grams_each if facts else None,
        "liquid": facts.liquid if facts else False,
        "kind": facts.kind if facts else None,
        "pinned": False,
    }
    result.update(extra)
    return result


def amount(result) -> tuple:
    return (result["quantity"], result["quantityMax"], result["unit"])


# --- Moulds ------------------------------------------------------------------------------


def test_mould_factors(js):
    round20 = {"shape": "redondo", "width": 20}
    round24 = {"shape": "redondo", "width": 24}
    square24 = {"shape": "cuadrado", "width": 24}
    rectangle = {"shape": "rectangular", "width": 20, "length": 30}
    assert js.mouldFactor(round20, square24) == pytest.approx(576 / (math.pi * 100))
    assert js.mouldFactor(round20, square24) == pytest.approx(1.833, abs=1e-3)
    assert js.mouldFactor(round20, round24) == pytest.approx(1.44)
    assert js.mouldFactor(rectangle, square24) == pytest.approx(0.96)
    assert js.mouldFactor(square24, rectangle) == pytest.approx(600 / 576)
    assert js.mouldFactor(round24, round20) == pytest.approx(1 / 1.44)


def test_mould_heights_count_only_when_both_are_known(js):
    low = {"shape": "redondo", "width": 20, "height": 5}
    high = {"shape": "redondo", "width": 20, "height": 10}
    assert js.mouldFactor(low, high) == pytest.approx(2)
    assert js.mouldFactor({"shape": "redondo", "width": 20}, high) == pytest.approx(1)
    wide = {"shape": "cuadrado", "width": 24, "height": 7.5}
    assert js.mouldFactor(low, wide) == pytest.approx(576 / (math.pi * 100) * 1.5)


def test_mould_areas_match_the_model(js):
    moulds = [
        Mould(Shape.ROUND, 18),
        Mould(Shape.ROUND, 26, height_cm=8),
        Mould(Shape.SQUARE, 20),
        Mould(Shape.RECTANGLE, 20, 30),
        Mould(Shape.RECTANGLE, 22),  # no length: a square, as Mould.area_cm2 says
    ]
    areas = js.many(
        [
            (
                "mouldArea",
                [{"shape": m.shape.value, "width_cm": m.width_cm, "length_cm": m.length_cm}],
            )
            for m in moulds
        ]
    )
    assert areas == pytest.approx([m.area_cm2 for m in moulds])


def test_a_mould_that_cannot_be_measured_gives_no_factor(js):
    good = {"shape": "redondo", "width": 20}
    for bad in (
        {"shape": "redondo", "width": 0},
        {"shape": "cuadrado", "width": -4},
        {"shape": "oval", "width": 20},
        {"shape": "redondo", "width": NAN},
        {"shape": "redondo"},
        None,
    ):
        assert js.mouldFactor(good, bad) is None
        assert js.mouldFactor(bad, good) is None
    assert js.clampFactor(js.mouldFactor(good, None))["factor"] == 1


# --- Factors, clamping, warnings -------------------------------------------------------


def test_clamp_factor(js):
    assert js.clampFactor(1.5) == {"factor": 1.5, "note": None}
    assert js.clampFactor(0.1) == {"factor": 0.1, "note": None}
    assert js.clampFactor(10) == {"factor": 10, "note": None}
    assert js.clampFactor(1000) == {
        "factor": 10,
        "note": "Ajustamos la escala a 10× como máximo.",
    }
    assert js.clampFactor(0.01) == {
        "factor": 0.1,
        "note": "Ajustamos la escala a 0,1× como mínimo.",
    }
    for bad in (0, -1, NAN, INF, -INF, None, "2"):
        clamped = js.clampFactor(bad)
        assert clamped["factor"] == 1
        assert clamped["note"] and "original" in clamped["note"]


def test_servings_factor(js):
    assert js.servingsFactor(4, 8) == 2
    assert js.servingsFactor(8, 4) == 0.5
    assert js.servingsFactor(4, 2.6) == 0.75  # 3 servings
    assert js.servingsFactor(4, 0) == 0.25  # 1 serving at least
    assert js.servingsFactor(4, -1) == 0.25
    assert js.servingsFactor(100, 1000) == 5  # 500 servings at most
    for bad in (NAN, INF, None):
        assert js.servingsFactor(4, bad) == 1
    for bad_base in (0, -2, NAN, None):
        assert js.servingsFactor(bad_base, 4) is None


def test_servings_factor_is_then_clamped(js):
    # 1000 servings are 500 at most, and then 10 times the recipe at most.
    assert js.clampFactor(js.servingsFactor(4, 1000)) == {
        "factor": 10,
        "note": "Ajustamos la escala a 10× como máximo.",
    }
    assert js.clampFactor(js.servingsFactor(24, 1))["factor"] == 0.1
    assert js.clampFactor(js.servingsFactor(0, 4))["factor"] == 1


def test_timing_warning(js):
    warning = (
        "Con este cambio de tamaño, el tiempo y la temperatura de horneado cambian: "
        "vigila la cocción."
    )
    results = js.many(
        [("timingWarning", [f]) for f in (0.1, 0.49, 0.5, 1, 1.44, 2, 2.01, 10, NAN, INF)]
    )
    assert results == [warning, warning, None, None, None, None, warning, warning, None, None]


# --- scaleLine ---------------------------------------------------------------------------


def test_lines_that_never_scale(js):
    unchanged = [
        line(200, "g", "harina", pinned=True),
        line(None, "al gusto", "sal"),
        line(1, "al gusto", "canela"),
        line(None, "", "frutas para decorar"),
        line(None, "pizca", "sal"),
    ]
    for original in unchanged:
        assert js.scaleLine(original, 3) == original
    # At factor 1 (and at a factor that is no number) the recipe reads as written.
    odd = [line(123, "g", "harina"), line(0.4, "taza", "leche"), line(3, "", "huevo")]
    for original in odd:
        for factor in (1, NAN, None, 0):
            assert js.scaleLine(original, factor) == original


def test_pinches(js):
    assert amount(js.scaleLine(line(1, "pizca", "sal"), 3)) == (3, None, "pizca")
    assert amount(js.scaleLine(line(1, "pizca", "sal"), 0.2)) == (1, None, "pizca")
    assert amount(js.scaleLine(line(2, "pizca", "sal"), 0.5)) == (1, None, "pizca")
    assert amount(js.scaleLine(line(1, "pizca", "sal", quantityMax=2), 2)) == (2, 4, "pizca")
    # A range whose ends meet is one amount.
    assert amount(js.scaleLine(line(1, "pizca", "sal", quantityMax=2), 0.3)) == (1, None, "pizca")


def test_eggs_round_to_halves_and_tell_their_weight(js):
    half = js.scaleLine(line(3, "", "huevos"), 0.5)
    assert amount(half) == (1.5, None, "")
    assert half["approxGrams"] == 75
    whole = js.scaleLine(line(2, "", "huevos"), 2)
    assert amount(whole) == (4, None, "")
    assert "approxGrams" not in whole
    assert amount(js.scaleLine(line(2, "", "huevos"), 0.1)) == (1, None, "")  # at least one
    assert amount(js.scaleLine(line(3, "", "huevos"), 1.44)) == (4.5, None, "")
    yolks = js.scaleLine(line(3, "unidad", "yemas"), 0.5)
    assert amount(yolks) == (1.5, None, "unidad")
    assert yolks["approxGrams"] == 25  # 1.5 × 17 = 25.5 g
    ranged = js.scaleLine(line(2, "", "huevos", quantityMax=3), 0.5)
    assert amount(ranged) == (1, 1.5, "")
    assert "approxGrams" not in ranged and ranged["approxGramsMax"] == 75
    # Counted with a weight each, like an egg; an egg with no weight is still an egg.
    assert js.scaleLine(line(2, "", "manzanas"), 0.75)["approxGrams"] == 275  # 273 g
    assert amount(js.scaleLine(line(1, "", None, kind="egg"), 0.3)) == (1, None, "")


def test_other_counts_round_to_halves(js):
    assert amount(js.scaleLine(line(1, "unidad", "limón"), 0.25)) == (0.5, None, "unidad")
    assert amount(js.scaleLine(line(3, "", "limones"), 0.5)) == (1.5, None, "")
    assert amount(js.scaleLine(line(1, "", "rama de vainilla"), 0.1)) == (0.5, None, "")


def test_leavening_and_salt_grow_by_three_quarters(js):
    powder = line(1, "cdta", "polvo de hornear")
    assert amount(js.scaleLine(powder, 2)) == (1.75, None, "cdta")
    assert amount(js.scaleLine(powder, 0.5)) == (0.5, None, "cdta")
    # × 10 is 7.75 cdtas: written as cucharadas.
    assert amount(js.scaleLine(powder, 10)) == (2.5, None, "cda")
    salt = line(1, "cda", "sal")
    assert amount(js.scaleLine(salt, 0.25)) == (0.75, None, "cdta")
    assert amount(js.scaleLine(salt, 3)) == (2.5, None, "cda")
    yeast = line(25, "g", "levadura fresca")
    assert amount(js.scaleLine(yeast, 2)) == (45, None, "g")  # 43.75 g
    assert amount(js.scaleLine(yeast, 0.5)) == (13, None, "g")  # 12.5 g, to the gram
    soda = line(0.5, "cdta", "bicarbonato")
    assert amount(js.scaleLine(soda, 0.1)) == (0.25, None, "cdta")  # never below ¼ cdta


def test_small_amounts_grow_by_three_quarters(js):
    cinnamon = line(2, "g", "canela")
    assert amount(js.scaleLine(cinnamon, 3)) == (5, None, "g")  # 2 × 2.5
    assert amount(js.scaleLine(cinnamon, 0.5)) == (1, None, "g")
    assert amount(js.scaleLine(line(0.5, "g", "colorante"), 0.1)) == (0.5, None, "g")
    # ½ cdta of vanilla weighs 2.2 g: 0.5 × (1 + 0.75 × 3) = 1.625 -> 1 ¾ cdta.
    assert amount(js.scaleLine(line(0.5, "cdta", "esencia de vainilla"), 4)) == (
        1.75,
        None,
        "cdta",
    )
    # 5 g and more scale linearly, as does an unknown teaspoon (5 g at 1 g/ml).
    assert amount(js.scaleLine(line(5, "g", "cacao"), 3)) == (15, None, "g")
    assert amount(js.scaleLine(line(1, "cdta", "colorante"), 2)) == (2, None, "cdta")
    # A teaspoon of zest weighs 2 g.
    assert amount(js.scaleLine(line(1, "cdta", "ralladura"), 2)) == (1.75, None, "cdta")


def test_other_lines_scale_linearly_and_round(js):
    flour = line(200, "g", "harina")
    assert amount(js.scaleLine(flour, 2)) == (400, None, "g")
    assert amount(js.scaleLine(flour, 0.37)) == (75, None, "g")  # 74 g
    assert amount(js.scaleLine(flour, 1.833)) == (365, None, "g")  # 366.6 g
    assert amount(js.scaleLine(line(250, "g", "harina"), 0.5)) == (125, None, "g")
    assert amount(js.scaleLine(line(0.75, "l", "leche"), 0.5)) == (375, None, "ml")
    assert amount(js.scaleLine(line(600, "g", "harina"), 2)) == (1.2, None, "kg")
    assert amount(js.scaleLine(line(1, "kg", "harina"), 0.5)) == (500, None, "g")
    assert amount(js.scaleLine(line(250, "ml", "leche"), 5)) == (1.25, None, "l")
    assert amount(js.scaleLine(line(1, "l", "leche"), 1.5)) == (1.5, None, "l")
    assert amount(js.scaleLine(line(1, "taza", "azúcar"), 1.5)) == (1.5, None, "taza")
    assert amount(js.scaleLine(line(0.75, "taza", "azúcar"), 1 / 3)) == (0.25, None, "taza")
    # Under ¼ taza: cucharadas; 10 cdas: ⅔ taza (within 10 %).
    assert amount(js.scaleLine(line(1, "taza", "leche"), 0.1)) == (1.5, None, "cda")
    assert amount(js.scaleLine(line(2, "cda", "aceite"), 5)) == (2 / 3, None, "taza")
    # 9 cdas are no cup fraction: they stay cucharadas.
    assert amount(js.scaleLine(line(3, "cda", "aceite"), 3)) == (9, None, "cda")
    assert amount(js.scaleLine(line(1, "cda", "miel"), 0.25)) == (0.75, None, "cdta")


def test_ranges_scale_both_ends(js):
    assert amount(js.scaleLine(line(100, "g", "azúcar", quantityMax=150), 2)) == (200, 300, "g")
    assert amount(js.scaleLine(line(2, "taza", "harina", quantityMax=3), 0.5)) == (
        1,
        1.5,
        "taza",
    )
    # The unit follows the low end: 800-1200 g stays in grams.
    assert amount(js.scaleLine(line(400, "g", "harina", quantityMax=600), 2)) == (
        800,
        1200,
        "g",
    )
    # Ends that round to the same amount are one amount.
    assert amount(js.scaleLine(line(2, "g", "canela", quantityMax=2.5), 0.1)) == (
        0.5,
        None,
        "g",
    )


def test_a_new_amount_drops_what_was_said_of_the_old_one(js):
    stale = line(3, "", "huevos", approxGrams=75, approxGramsMax=100, noConversion=True)
    scaled = js.scaleLine(stale, 2)
    assert amount(scaled) == (6, None, "")
    assert not {"approxGrams", "approxGramsMax", "noConversion"} & set(scaled)


def test_scaling_does_not_change_the_input(js):
    original = line(200, "g", "harina", note="tamizada")
    scaled, after = js.many([("scaleLine", [original, 2]), ("scaleLine", [original, 1])])
    assert scaled["quantity"] == 400 and scaled["note"] == "tamizada"
    assert after == original


# --- kitchenRound ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "rounded"),
    [
        (7.3, "g", 7.5),
        (0.1, "g", 0.5),
        (13.4, "g", 13),
        (19.6, "g", 20),
        (23, "g", 25),
        (97.6, "ml", 100),
        (123, "g", 125),
        (125, "g", 125),
        (372.5, "ml", 375),
        (996, "g", 995),
        (998, "g", 1000),
        (1234, "g", 1225),
        (1.234, "kg", 1.25),
        (0.01, "kg", 0.05),
        (2.42, "l", 2.4),
        (0.3, "taza", 1 / 3),
        (0.4, "taza", 1 / 3),
        (0.45, "taza", 0.5),
        (0.1, "taza", 0.25),
        (1.6, "taza", 5 / 3),
        (1.7, "taza", 5 / 3),
        (1.73, "taza", 1.75),
        (2.9, "taza", 3),
        (1.1, "cda", 1),
        (1.3, "cda", 1.5),
        (0.1, "cda", 0.5),
        (0.1, "cdta", 0.25),
        (0.6, "cdta", 0.5),
        (1.9, "cdta", 2),
        (2.3, "", 2.5),
        (0.2, "unidad", 0.5),
        (2.7, "pizca", 3),
        (0.2, "pizca", 1),
        (5, "al gusto", 5),
        (0, "g", 0),
        (-3, "g", 0),
        (NAN, "taza", 0),
        (INF, "g", 0),
    ],
)
def test_kitchen_round(js, value, unit, rounded):
    assert js.kitchenRound(value, unit) == pytest.approx(rounded)


# --- convertLine -------------------------------------------------------------------------


def test_to_cups_through_the_density(js):
    cases = [
        (line(120, "g", "harina"), (1, None, "taza")),
        (line(200, "g", "azúcar"), (1, None, "taza")),
        (line(360, "g", "harina 0000"), (3, None, "taza")),
        (line(100, "g", "manteca"), (7, None, "cda")),  # 104 ml: no cup fraction fits
        (line(113, "g", "azúcar glas"), (1, None, "taza")),
        (line(10, "g", "cacao"), (2, None, "cda")),
        (line(3, "g", "sal"), (0.5, None, "cdta")),
        (line(0.5, "g", "canela"), (0.25, None, "cdta")),
        (line(1, "kg", "harina"), (8.25, None, "taza")),  # 8.2 tazas of 240 ml
        (line(100, "g", "harina", quantityMax=200), (0.75, 5 / 3, "taza")),
    ]
    results = js.many([("convertLine", [original, "tazas"]) for original, _ in cases])
    for (_, expected), result in zip(cases, results, strict=True):
        assert amount(result) == pytest.approx(expected)
        assert "noConversion" not in result


def test_volumes_to_cups_need_no_density(js):
    cases = [
        (line(250, "ml", "leche"), (1, None, "taza")),
        (line(1, "l", "leche"), (4.25, None, "taza")),
        (line(60, "ml", "aceite"), (0.25, None, "taza")),
        (line(30, "ml", "agua"), (2, None, "cda")),
        (line(5, "ml", "esencia de vainilla"), (1, None, "cdta")),
        (line(30, "ml", "licor"), (2, None, "cda")),
    ]
    results = js.many([("convertLine", [original, "tazas"]) for original, _ in cases])
    for (_, expected), result in zip(cases, results, strict=True):
        assert amount(result) == pytest.approx(expected)


def test_to_cups_without_a_density_is_flagged(js):
    yeast = line(25, "g", "levadura fresca")
    converted = js.convertLine(yeast, "tazas")
    assert converted == {**yeast, "noConversion": True}
    unknown = js.convertLine(line(50, "g", "pistachos"), "tazas")
    assert amount(unknown) == (50, None, "g") and unknown["noConversion"] is True


def test_lines_that_need_no_conversion(js):
    for system in ("tazas", "metrico"):
        for original in (
            line(3, "", "huevos"),
            line(2, "unidad", "manzanas"),
            line(1, "pizca", "sal"),
            line(None, "al gusto", "sal"),
            line(None, "", "frutas para decorar"),
        ):
            assert js.convertLine(original, system) == original
    assert js.convertLine(line(1, "taza", "harina"), "tazas") == line(1, "taza", "harina")
    assert js.convertLine(line(1, "taza", "harina"), "imperial") == line(1, "taza", "harina")


def test_to_metric(js):
    cases = [
        (line(1, "taza", "azúcar"), (200, None, "g")),
        (line(1, "taza", "harina"), (120, None, "g")),
        (line(3, "taza", "harina"), (365, None, "g")),  # 365.2 g
        (line(10, "taza", "harina"), (1.2, None, "kg")),  # 1217 g
        (line(1, "taza", "leche"), (240, None, "ml")),
        (line(5, "taza", "leche"), (1.2, None, "l")),
        (line(2, "cda", "aceite"), (30, None, "ml")),
        (line(1, "cdta", "sal"), (6, None, "g")),
        (line(1, "cda", "miel"), (20, None, "g")),  # 21.3 g
        (line(0.5, "taza", "manteca"), (115, None, "g")),  # 115.1 g
        (line(0.5, "taza", "leche", quantityMax=1), (120, 240, "ml")),
        (line(1, "cda", None, liquid=True), (15, None, "ml")),  # a liquid needs no density
    ]
    results = js.many([("convertLine", [original, "metrico"]) for original, _ in cases])
    for (_, expected), result in zip(cases, results, strict=True):
        assert amount(result) == pytest.approx(expected)
        assert "noConversion" not in result


def test_metric_units_read_best_and_keep_their_precision(js):
    cases = [
        (line(1500, "g", "harina"), (1.5, None, "kg")),
        (line(1234, "g", "harina"), (1.234, None, "kg")),
        (line(0.75, "kg", "harina"), (750, None, "g")),
        (line(123, "g", "harina"), (123, None, "g")),
        (line(1200, "ml", "leche"), (1.2, None, "l")),
        (line(0.25, "l", "leche"), (250, None, "ml")),
        (line(800, "g", "harina", quantityMax=1200), (800, 1200, "g")),
        (line(1, "kg", "harina", quantityMax=1.5), (1, 1.5, "kg")),
        (line(40, "g", "pistachos"), (40, None, "g")),
    ]
    results = js.many([("convertLine", [original, "metrico"]) for original, _ in cases])
    for (original, expected), result in zip(cases, results, strict=True):
        assert amount(result) == pytest.approx(expected)
        if expected[2] == original["unit"]:
            assert result == original


def test_to_metric_without_a_density_is_flagged(js):
    dye = line(1, "cdta", "colorante en gel")
    assert js.convertLine(dye, "metrico") == {**dye, "noConversion": True}
    yeast = line(1, "cda", "levadura fresca")
    assert js.convertLine(yeast, "metrico")["noConversion"] is True


def test_a_flag_does_not_outlive_its_conversion(js):
    flagged = js.convertLine(line(25, "g", "levadura fresca"), "tazas")
    assert "noConversion" not in js.convertLine(flagged, "metrico")


def test_scale_then_convert(js):
    scaled = js.scaleLine(line(1, "taza", "harina"), 2)
    assert amount(js.convertLine(scaled, "metrico")) == (245, None, "g")  # 243.4 g
    scaled = js.scaleLine(line(250, "g", "azúcar"), 1.44)
    assert amount(scaled) == (360, None, "g")
    assert amount(js.convertLine(scaled, "tazas")) == (1.75, None, "taza")


# --- Text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1.5, "taza", "1 ½"),
        (0.25, "cdta", "¼"),
        (1 / 3, "taza", "⅓"),
        (2 / 3, "cda", "⅔"),
        (2.75, "", "2 ¾"),
        (2.99, "unidad", "3"),
        (1.01, "pizca", "1"),
        (1.1, "taza", "1,1"),
        (2.5, "g", "2,5"),
        (200, "g", "200"),
        (1.25, "kg", "1,25"),
        (1.234, "kg", "1,23"),
        (0.125, "g", "0,12"),  # Python rounds half to even
        (0.625, "ml", "0,62"),
        (2.375, "l", "2,38"),
        (0, "g", "0"),
        (NAN, "g", ""),
        (INF, "taza", ""),
        (-1, "g", ""),
        (None, "g", ""),
    ],
)
def test_format_quantity(js, value, unit, text):
    assert js.formatQuantity(value, unit) == text


FORMAT_VALUES = [
    0.1,
    0.125,
    0.2,
    0.25,
    0.3,
    1 / 3,
    0.35,
    0.375,
    0.5,
    0.6,
    0.625,
    2 / 3,
    0.7,
    0.75,
    0.875,
    0.99,
    1,
    1.005,
    1.015,
    1.25,
    1.5,
    1.985,
    2.345,
    2.675,
    3.14159,
    7.5,
    12,
    99.995,
    120,
    236.6,
    1000,
    1234.5678,
    100000,
    0,
]


def test_format_quantity_matches_python(js):
    pairs = [(value, unit) for value in FORMAT_VALUES for unit in Unit]
    assert len(pairs) >= 40
    results = js.many([("formatQuantity", [value, unit.value]) for value, unit in pairs])
    expected = [format_quantity(value, unit) for value, unit in pairs]
    mismatches = [
        (pair, got, want)
        for pair, got, want in zip(pairs, results, expected, strict=True)
        if got != want
    ]
    assert not mismatches


def _py_line(quantity, quantity_max, unit, ingredient="", note=""):
    return IngredientLine(ingredient, quantity, quantity_max, Unit(unit), note)


def _js_line(py: IngredientLine) -> dict:
    return {
        "quantity": py.quantity,
        "quantityMax": py.quantity_max,
        "unit": py.unit.value,
        "ingredient": py.ingredient,
        "note": py.note,
        "pinned": py.pinned,
    }


AMOUNT_LINES = [
    _py_line(quantity, quantity_max, unit.value)
    for unit in Unit
    for quantity, quantity_max in [
        (1, None),
        (0.5, None),
        (1.5, None),
        (2, None),
        (2, 3),
        (0.5, 1),
        (0.75, 1.5),
        (1, 1.25),
        (None, None),
        (250, 300),
    ]
]


def test_amount_text_matches_python(js):
    assert len(AMOUNT_LINES) >= 40
    results = js.many([("amountText", [_js_line(py)]) for py in AMOUNT_LINES])
    expected = [amount_text(py) for py in AMOUNT_LINES]
    mismatches = [
        (py, got, want)
        for py, got, want in zip(AMOUNT_LINES, results, expected, strict=True)
        if got != want
    ]
    assert not mismatches


TEXT_LINES = [
    _py_line(200, None, "g", "harina de trigo", "tamizada"),
    _py_line(1.5, None, "taza", "leche"),
    _py_line(1, None, "taza", "azúcar"),
    _py_line(3, None, "", "huevos"),
    _py_line(2, 3, "", "huevos"),
    _py_line(1, None, "unidad", "limón", "solo la ralladura"),
    _py_line(None, None, "al gusto", "sal"),
    _py_line(None, None, "al gusto", ""),
    _py_line(1, None, "al gusto", "canela", "opcional"),
    _py_line(None, None, "pizca", "sal"),
    _py_line(2, None, "pizca", "nuez moscada"),
    _py_line(None, None, "", "frutas para decorar"),
    _py_line(None, None, "", "", "Decorar a gusto"),
    _py_line(None, None, "g", "dulce de leche", "cantidad necesaria"),
    _py_line(0.25, None, "cdta", "bicarbonato"),
    _py_line(1.25, None, "kg", "harina"),
    _py_line(500, 750, "ml", "crema de leche"),
    _py_line(2, None, "g", ""),
]


def test_line_text_matches_python(js):
    calls = [("lineText", [_js_line(py)]) for py in TEXT_LINES]
    calls += [("lineText", [_js_line(py), py.ingredient, py.note]) for py in TEXT_LINES]
    results = js.many(calls)
    expected = [line_text(py) for py in TEXT_LINES] * 2
    assert results == expected
    assert results[0] == "200 g de harina de trigo (tamizada)"
    assert results[4] == "2-3 huevos"
    assert results[6] == "sal al gusto"


def test_line_text_takes_another_ingredient_and_note(js):
    scaled = js.scaleLine(line(200, "g", "harina"), 2)
    assert js.lineText(scaled, "harina 0000", "") == "400 g de harina 0000"
    assert js.lineText(scaled, "harina 0000", "tamizada") == "400 g de harina 0000 (tamizada)"


# --- Nothing unreadable, ever ----------------------------------------------------------------

BAD_TEXT = re.compile(r"NaN|Infinity|undefined|null|^-|\(-|\s-\d|e[+-]\d")


def test_no_unreadable_text_for_any_factor_and_system(js):
    lines = [
        line(200, "g", "harina"),
        line(0.5, "g", "canela"),
        line(1, "kg", "harina", quantityMax=1.5),
        line(250, "ml", "leche"),
        line(1.5, "l", "agua"),
        line(0.25, "taza", "azúcar"),
        line(3, "taza", "harina"),
        line(1, "cda", "polvo de hornear"),
        line(0.25, "cdta", "sal"),
        line(1, "pizca", "sal"),
        line(3, "", "huevos"),
        line(2, "unidad", "yemas"),
        line(2, "", "limones"),
        line(None, "al gusto", "sal"),
        line(None, "", "frutas para decorar"),
        line(25, "g", "levadura fresca"),
        line(100000, "g", "harina"),
    ]
    factors = [0.1, 0.25, 1 / 3, 0.5, 0.9, 1, 1.44, 1.833, 2.5, 7, 10, 0, -1, NAN, INF, 1e9]
    calls = []
    for original in lines:
        for factor in factors:
            for _system in ("metrico", "tazas", None):
                calls.append(("scaleLine", [original, factor]))
    scaled = js.many(calls)
    converted_calls = []
    for index, result in enumerate(scaled):
        system = ("metrico", "tazas", None)[index % 3]
        converted_calls.append(("convertLine", [result, system]))
    converted = js.many(converted_calls)
    texts = js.many([("lineText", [result, "ingrediente", ""]) for result in converted])
    amounts = js.many([("amountText", [result]) for result in converted])
    for result in scaled + converted:
        for key in ("quantity", "quantityMax"):
            value = result[key]
            assert value is None or (math.isfinite(value) and value > 0), result
    for text in texts + amounts:
        assert isinstance(text, str)
        assert not BAD_TEXT.search(text), text


# --- The script itself ---------------------------------------------------------------------

SCRIPT = Path(__file__).parents[2] / "dulcevicio" / "static" / "js" / "recipe_scale.js"
API = [
    "amountText",
    "clampFactor",
    "convertLine",
    "formatQuantity",
    "kitchenRound",
    "lineText",
    "mouldArea",
    "mouldFactor",
    "scaleLine",
    "servingsFactor",
    "timingWarning",
]


def test_a_page_gets_window_dulce_scale(js):
    names = js("$browser")
    assert set(API) <= set(names)


def test_the_measures_are_the_data_files(js):
    assert js("$constants") == [DATA["cup_ml"], DATA["tablespoon_ml"], DATA["teaspoon_ml"]]


def test_the_script_is_csp_safe_and_does_not_touch_the_page():
    source = SCRIPT.read_text("utf-8")
    for banned in ("eval(", "new Function", "Function(", "setTimeout(", "document", "innerHTML"):
        assert banned not in source, banned
