"""Ingredient facts: the data file's shape and values, and finding an ingredient by name."""

from __future__ import annotations

import json

import pytest

from dulcevicio.services.kitchen.ingredients import (
    DATA,
    DATA_PATH,
    US_CUP_ML,
    IngredientFacts,
    browser_facts,
    facts_for,
)
from dulcevicio.services.search.text import fold

ENTRIES = DATA["ingredients"]
KINDS = {None, "leavening", "salt", "spice", "egg"}


# --- The data file ----------------------------------------------------------------------


def test_the_file_is_json_with_spanish_measures():
    data = json.loads(DATA_PATH.read_text("utf-8"))
    assert (data["cup_ml"], data["tablespoon_ml"], data["teaspoon_ml"]) == (240, 15, 5)
    assert "240 ml" in data["about"] and "236,6" in data["about"]
    assert data["us_cup_ml"] == US_CUP_ML == 236.6


def test_at_least_thirty_entries_each_with_a_source_and_a_plausible_density():
    assert len(ENTRIES) >= 32
    with_density = 0
    for entry in ENTRIES:
        assert entry["source"].strip(), entry["key"]
        assert "http" not in entry["source"], entry["key"]
        assert entry["source"].startswith(("King Arthur Baking", "USDA FoodData Central"))
        per_cup = entry["grams_per_cup"]
        if per_cup is not None:
            with_density += 1
            assert 0.2 <= per_cup / US_CUP_ML <= 1.6, entry["key"]
    assert with_density >= 30


def test_every_entry_has_the_expected_fields_and_values():
    for entry in ENTRIES:
        assert set(entry) == {
            "key",
            "names",
            "grams_per_cup",
            "grams_each",
            "liquid",
            "kind",
            "source",
        }
        assert entry["kind"] in KINDS, entry["key"]
        assert isinstance(entry["liquid"], bool)
        assert entry["grams_each"] is None or 1 <= entry["grams_each"] <= 500
        assert entry["names"], entry["key"]
        assert facts_for(entry["key"]).key == entry["key"]  # an entry is found by its key


def test_names_are_folded_and_belong_to_one_entry_only():
    seen: dict[str, str] = {}
    for entry in ENTRIES:
        for name in entry["names"]:
            assert name == fold(name) == " ".join(name.split()), name
            assert name not in seen, f"{name} in {seen.get(name)} and {entry['key']}"
            seen[name] = entry["key"]
    keys = [entry["key"] for entry in ENTRIES]
    assert len(keys) == len(set(keys))


def test_the_required_ingredients_are_there():
    required = [
        "harina de trigo",
        "harina integral",
        "harina leudante",
        "azucar",
        "azucar rubia",
        "azucar glas",
        "mantequilla",
        "margarina",
        "cacao amargo en polvo",
        "chocolate picado",
        "leche",
        "leche condensada",
        "crema de leche",
        "aceite",
        "agua",
        "miel",
        "maicena",
        "polvo de hornear",
        "bicarbonato de sodio",
        "levadura seca",
        "sal",
        "canela molida",
        "esencia de vainilla",
        "huevo",
        "yema",
        "clara",
        "avena",
        "coco rallado",
        "nueces picadas",
        "almendras molidas",
        "dulce de leche",
        "queso crema",
        "jugo de limon",
        "ralladura",
        "frutillas",
        "pasas",
        "arroz",
        "semola",
    ]
    missing = [name for name in required if facts_for(name) is None]
    assert not missing


@pytest.mark.parametrize(
    ("key", "grams_per_cup"),
    [
        # King Arthur Baking's Ingredient Weight Chart.
        ("harina de trigo", 120),
        ("azúcar", 198),
        ("azúcar glas", 113),
        ("mantequilla", 227),
        ("cacao amargo en polvo", 84),
        ("leche", 227),
        ("aceite", 198),
        ("fécula de maíz", 112),
        ("miel", 336),
    ],
)
def test_the_reference_weights(key, grams_per_cup):
    (entry,) = [entry for entry in ENTRIES if entry["key"] == key]
    assert entry["grams_per_cup"] == grams_per_cup


def test_eggs_are_counted_and_liquids_are_flagged():
    assert [facts_for(name).grams_each for name in ("huevo", "yema", "clara")] == [50, 17, 33]
    assert {facts_for(name).kind for name in ("huevos", "yemas", "claras")} == {"egg"}
    liquids = ["leche", "agua", "aceite", "crema de leche", "jugo de limón", "esencia de vainilla"]
    assert all(facts_for(name).liquid for name in liquids)
    solids = ["harina", "azúcar", "manteca", "miel", "dulce de leche", "leche condensada"]
    assert not any(facts_for(name).liquid for name in solids)


# --- Finding an ingredient --------------------------------------------------------------


@pytest.mark.parametrize(
    ("ingredient", "key"),
    [
        ("harina", "harina de trigo"),
        ("Harina de trigo", "harina de trigo"),
        ("harina 0000 tamizada", "harina de trigo"),
        ("harina 000", "harina de trigo"),
        ("Harina común", "harina de trigo"),
        ("harina de todo uso", "harina de trigo"),
        ("harina leudante", "harina leudante"),
        ("harina 0000 leudante", "harina leudante"),
        ("harina con levadura", "harina leudante"),
        ("harina integral fina", "harina integral"),
        ("harina de trigo integral", "harina integral"),
        ("harina de almendras", "harina de almendras"),
        ("almendras molidas", "harina de almendras"),
        ("almendras fileteadas", "almendras"),
        ("harina de maíz (polenta)", "harina de maíz"),
        ("Maicena", "fécula de maíz"),
        ("fécula de maíz", "fécula de maíz"),
        ("azúcar", "azúcar"),
        ("Azúcar blanca", "azúcar"),
        ("azúcar rubia", "azúcar rubia"),
        ("azúcar morena", "azúcar rubia"),
        ("azúcar mascabo", "azúcar rubia"),
        ("azúcar impalpable para espolvorear", "azúcar glas"),
        ("azúcar glas", "azúcar glas"),
        ("azúcar flor", "azúcar glas"),
        ("azúcar en polvo", "azúcar glas"),
        ("manteca", "mantequilla"),
        ("manteca pomada", "mantequilla"),
        ("mantequilla sin sal", "mantequilla"),
        ("margarina", "margarina"),
        ("cacao amargo", "cacao amargo en polvo"),
        ("cocoa", "cacao amargo en polvo"),
        ("chocolate semiamargo picado", "chocolate picado"),
        ("chips de chocolate", "chocolate picado"),
        ("chocolate con leche", "chocolate picado"),
        ("leche", "leche"),
        ("leche tibia", "leche"),
        ("leche condensada", "leche condensada"),
        ("leche en polvo", "leche en polvo"),
        ("crema de leche", "crema de leche"),
        ("nata para montar", "crema de leche"),
        ("aceite de girasol", "aceite"),
        ("agua tibia", "agua"),
        ("miel", "miel"),
        ("miel de maíz", "glucosa"),
        ("polvo de hornear", "polvo de hornear"),
        ("polvo para hornear", "polvo de hornear"),
        ("levadura química", "polvo de hornear"),
        ("bicarbonato", "bicarbonato de sodio"),
        ("levadura seca", "levadura seca"),
        ("levadura instantánea", "levadura seca"),
        ("levadura fresca", "levadura fresca"),
        ("sal fina", "sal"),
        ("canela", "canela molida"),
        ("esencia de vainilla", "esencia de vainilla"),
        ("extracto de vainilla", "esencia de vainilla"),
        ("nuez moscada", "nuez moscada"),
        ("huevo", "huevo"),
        ("huevos", "huevo"),
        ("Huevos grandes", "huevo"),
        ("yemas", "yema"),
        ("yemas de huevo", "yema"),
        ("claras", "clara"),
        ("claras de huevo batidas a nieve", "clara"),
        ("avena arrollada", "avena"),
        ("copos de avena", "avena"),
        ("coco rallado", "coco rallado"),
        ("nueces picadas", "nueces picadas"),
        ("nuez", "nueces picadas"),
        ("dulce de leche repostero", "dulce de leche"),
        ("cajeta", "dulce de leche"),
        ("arequipe", "dulce de leche"),
        ("queso crema", "queso crema"),
        ("jugo de limón", "jugo de limón"),
        ("zumo de limón", "jugo de limón"),
        ("ralladura de 1 limón", "ralladura"),
        ("ralladura de naranja", "ralladura"),
        ("frutillas", "frutillas"),
        ("fresas", "frutillas"),
        ("pasas de uva", "pasas de uva"),
        ("pasas", "pasas de uva"),
        ("arroz", "arroz"),
        ("sémola", "sémola"),
        ("plátanos maduros", "banana"),
        ("manzanas verdes", "manzana"),
        ("limones", None),
        ("frutas para decorar", None),
        ("crema", None),
        ("queso", None),
        ("colorante rojo", None),
        ("", None),
        ("   ", None),
        ("harinoso", None),
        ("salsa de tomate", None),
    ],
)
def test_facts_for(ingredient, key):
    facts = facts_for(ingredient)
    assert (facts and facts.key) == key


def test_the_longest_name_wins_and_then_the_head_noun():
    assert facts_for("harina con polvo de hornear").key == "harina leudante"
    assert facts_for("manteca de cacao").key == "mantequilla"  # same length: the first
    assert facts_for("harina de avena").key == "harina de trigo"


def test_facts_carry_the_density_per_ml():
    flour = facts_for("harina")
    assert isinstance(flour, IngredientFacts)
    assert flour.grams_per_ml == pytest.approx(120 / 236.6, abs=1e-4)
    assert facts_for("levadura fresca").grams_per_ml is None
    assert facts_for("sal").kind == "salt"
    assert facts_for("bicarbonato de sodio").kind == "leavening"
    assert facts_for("canela").kind == "spice"


def test_browser_facts():
    assert browser_facts("huevos") == {
        "gramsPerMl": facts_for("huevo").grams_per_ml,
        "gramsEach": 50,
        "liquid": False,
        "kind": "egg",
    }
    assert browser_facts("frutas para decorar") == {
        "gramsPerMl": None,
        "gramsEach": None,
        "liquid": False,
        "kind": None,
    }
