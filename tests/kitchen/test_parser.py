"""The parser of pasted recipes: lines from real Spanish-language baking recipes, whole
recipes, and input no recipe holds."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dulcevicio.models.recipe_structure import (
    IngredientLine,
    Mould,
    RecipeStructure,
    Shape,
    Step,
    Unit,
    YieldKind,
)
from dulcevicio.services.kitchen.parser import (
    MAX_INGREDIENT_CHARS,
    MAX_LINES,
    MAX_STEPS,
    parse_ingredient_line,
    parse_recipe,
)

G, KG, ML, L = Unit.GRAM, Unit.KILOGRAM, Unit.MILLILITRE, Unit.LITRE
CUP, CDA, CDTA, PINCH = Unit.CUP, Unit.TABLESPOON, Unit.TEASPOON, Unit.PINCH
PIECE, COUNT, TASTE = Unit.PIECE, Unit.COUNT, Unit.TO_TASTE


def line(ingredient, quantity=None, unit=COUNT, quantity_max=None, note=""):
    return IngredientLine(ingredient, quantity, quantity_max, unit, note)


def kept(text):
    """A line the parser cannot read: kept whole as a note."""
    return IngredientLine("", note=text)


INGREDIENT_LINES = [
    # Alfajores de maicena (Argentina)
    ("200 g de fécula de maíz", line("fécula de maíz", 200, G)),
    ("100 g de harina 0000", line("harina 0000", 100, G)),
    ("150 g de manteca a temperatura ambiente", line("manteca a temperatura ambiente", 150, G)),
    ("100 g de azúcar impalpable", line("azúcar impalpable", 100, G)),
    ("3 yemas", line("yemas", 3)),
    ("1 cdta de esencia de vainilla", line("esencia de vainilla", 1, CDTA)),
    ("1 cdita de polvo de hornear", line("polvo de hornear", 1, CDTA)),
    ("½ cdta de bicarbonato de sodio", line("bicarbonato de sodio", 0.5, CDTA)),
    ("Ralladura de 1 limón", kept("Ralladura de 1 limón")),
    ("1 cucharada de coñac", line("coñac", 1, CDA)),
    ("400 g de dulce de leche repostero", line("dulce de leche repostero", 400, G)),
    ("Coco rallado c/n", line("coco rallado", unit=TASTE)),
    # Chocotorta
    (
        "2 paquetes de galletitas de chocolate (Chocolinas)",
        line("paquetes de galletitas de chocolate", 2, note="Chocolinas"),
    ),
    ("500 g de dulce de leche", line("dulce de leche", 500, G)),
    ("300 g de queso crema", line("queso crema", 300, G)),
    (
        "1 taza de café (para mojar las galletitas)",
        line("café", 1, CUP, note="para mojar las galletitas"),
    ),
    # Bizcochuelo
    ("4 huevos", line("huevos", 4)),
    ("120 g de azúcar", line("azúcar", 120, G)),
    ("120 g de harina leudante", line("harina leudante", 120, G)),
    ("1 cdta. de esencia de vainilla", line("esencia de vainilla", 1, CDTA)),
    ("1 pizca de sal", line("sal", 1, PINCH)),
    # Pastafrola
    ("250 g de harina 0000", line("harina 0000", 250, G)),
    ("125 g de manteca fría, en cubos", line("manteca fría", 125, G, note="en cubos")),
    ("1 huevo + 1 yema", line("huevo + 1 yema", 1)),
    ("500 g de dulce de membrillo", line("dulce de membrillo", 500, G)),
    ("2 cdas de agua caliente", line("agua caliente", 2, CDA)),
    # Medialunas
    ("500 g de harina 000", line("harina 000", 500, G)),
    ("25 g de levadura fresca", line("levadura fresca", 25, G)),
    ("250 ml de leche tibia", line("leche tibia", 250, ML)),
    ("2 cucharadas de miel", line("miel", 2, CDA)),
    ("200 g de manteca para empastar", line("manteca para empastar", 200, G)),
    # Pan casero
    ("1 kg de harina 000", line("harina 000", 1, KG)),
    ("20 g de sal", line("sal", 20, G)),
    ("600 cc de agua tibia", line("agua tibia", 600, ML)),
    (
        "50 g de levadura fresca (o 10 g de levadura seca)",
        line("levadura fresca", 50, G, note="o 10 g de levadura seca"),
    ),
    ("2 cdas. de aceite de oliva", line("aceite de oliva", 2, CDA)),
    ("1 sobre de levadura seca (10 g)", line("sobre de levadura seca", 1, note="10 g")),
    # Pastel de tres leches, flan napolitano, conchas, polvorones, churros (México)
    ("1 lata de leche evaporada", line("lata de leche evaporada", 1)),
    (
        "1 lata de leche condensada (397 g)",
        line("lata de leche condensada", 1, note="397 g"),
    ),
    ("1 taza de leche entera", line("leche entera", 1, CUP)),
    ("1/2 taza de azúcar", line("azúcar", 0.5, CUP)),
    ("5 huevos", line("huevos", 5)),
    ("1 cucharadita de extracto de vainilla", line("extracto de vainilla", 1, CDTA)),
    ("1/4 de taza de azúcar para el caramelo", line("azúcar para el caramelo", 0.25, CUP)),
    ("190 g de queso crema", line("queso crema", 190, G)),
    ("2 tazas de harina de trigo", line("harina de trigo", 2, CUP)),
    ("1 ½ cucharaditas de polvo para hornear", line("polvo para hornear", 1.5, CDTA)),
    ("½ taza de mantequilla derretida", line("mantequilla derretida", 0.5, CUP)),
    ("3/4 taza de azúcar glass", line("azúcar glass", 0.75, CUP)),
    ("1 barra de mantequilla (90 g)", line("barra de mantequilla", 1, note="90 g")),
    ("Canela en polvo al gusto", line("canela en polvo", unit=TASTE)),
    ("Azúcar glass para espolvorear", kept("Azúcar glass para espolvorear")),
    ("4 tazas de harina", line("harina", 4, CUP)),
    ("1/3 taza de manteca vegetal", line("manteca vegetal", 1 / 3, CUP)),
    ("2 cdtas de anís", line("anís", 2, CDTA)),
    ("1 taza y media de leche", line("leche", 1.5, CUP)),
    ("Aceite para freír", kept("Aceite para freír")),
    ("2 cucharadas de ralladura de naranja", line("ralladura de naranja", 2, CDA)),
    ("2 a 3 gotas de colorante vegetal", line("gotas de colorante vegetal", 2, quantity_max=3)),
    # Bizcocho de yogur, magdalenas, tarta de queso, roscón, torrijas (España)
    ("1 yogur natural", line("yogur natural", 1)),
    ("3 medidas de yogur de harina", line("medidas de yogur de harina", 3)),
    ("2 medidas de azúcar", line("medidas de azúcar", 2)),
    ("1 medida de aceite de girasol", line("medida de aceite de girasol", 1)),
    ("1 sobre de levadura química (16 g)", line("sobre de levadura química", 1, note="16 g")),
    ("Una pizca de sal", line("sal", 1, PINCH)),
    (
        "500 ml de nata para montar (35 % M.G.)",
        line("nata para montar", 500, ML, note="35 % M.G."),
    ),
    (
        "200 g de queso crema tipo Philadelphia",
        line("queso crema tipo Philadelphia", 200, G),
    ),
    ("4 huevos L", line("huevos L", 4)),
    ("1 cucharada de harina de trigo", line("harina de trigo", 1, CDA)),
    ("Mantequilla para untar el molde", kept("Mantequilla para untar el molde")),
    ("La piel de un limón", kept("La piel de un limón")),
    ("1 cucharada sopera de maicena", line("maicena", 1, CDA)),
    (
        "200 g de chocolate negro (70 % cacao), troceado",
        line("chocolate negro", 200, G, note="70 % cacao, troceado"),
    ),
    ("250 g de harina de almendra", line("harina de almendra", 250, G)),
    ("2 claras de huevo", line("claras de huevo", 2)),
    ("Azúcar glas al gusto", line("azúcar glas", unit=TASTE)),
    ("1 l de leche entera", line("leche entera", 1, L)),
    ("1 rama de canela", line("rama de canela", 1)),
    ("La cáscara de 1 limón", kept("La cáscara de 1 limón")),
    ("6 rebanadas de pan del día anterior", line("rebanadas de pan del día anterior", 6)),
    ("1 cucharadita de agua de azahar", line("agua de azahar", 1, CDTA)),
    ("30 g de levadura de panadero fresca", line("levadura de panadero fresca", 30, G)),
    ("Fruta escarchada para decorar", kept("Fruta escarchada para decorar")),
    # Kuchen, queque, pie de limón, calzones rotos (Chile)
    ("2 ½ tazas de harina", line("harina", 2.5, CUP)),
    ("1 cucharadita de polvos de hornear", line("polvos de hornear", 1, CDTA)),
    ("1 tarro de leche condensada", line("tarro de leche condensada", 1)),
    ("4 limones (el jugo)", line("limones", 4, note="el jugo")),
    ("3 claras", line("claras", 3)),
    ("6 cucharadas de azúcar flor", line("azúcar flor", 6, CDA)),
    ("1 kilo de manzanas verdes", line("manzanas verdes", 1, KG)),
    ("1/2 kg de harina", line("harina", 0.5, KG)),
    ("125 grs de mantequilla", line("mantequilla", 125, G)),
    ("Manjar c/n", line("manjar", unit=TASTE)),
    ("1 1/2 taza de azúcar", line("azúcar", 1.5, CUP)),
    ("3 huevos batidos", line("huevos batidos", 3)),
    ("1/2 cdta de sal", line("sal", 0.5, CDTA)),
    # Suspiro a la limeña, picarones, keke, king kong (Perú)
    ("4 yemas de huevo", line("yemas de huevo", 4)),
    ("1 taza de oporto", line("oporto", 1, CUP)),
    ("1 cucharadita de canela molida", line("canela molida", 1, CDTA)),
    ("1/2 kilo de camote", line("camote", 0.5, KG)),
    ("250 g de zapallo macre", line("zapallo macre", 250, G)),
    ("3 clavos de olor", line("clavos de olor", 3)),
    ("2 cucharadas de anís en grano", line("anís en grano", 2, CDA)),
    ("Miel de chancaca para acompañar", kept("Miel de chancaca para acompañar")),
    ("2 tz de harina sin preparar", line("harina sin preparar", 2, CUP)),
    ("1 taza de azúcar rubia", line("azúcar rubia", 1, CUP)),
    ("3/4 taza de cocoa", line("cocoa", 0.75, CUP)),
    ("1 ½ tz. de leche", line("leche", 1.5, CUP)),
    ("200 ml de aceite vegetal", line("aceite vegetal", 200, ML)),
    ("1 cucharada de vinagre blanco", line("vinagre blanco", 1, CDA)),
    ("2 cdtas de bicarbonato", line("bicarbonato", 2, CDTA)),
    ("1 chorrito de esencia de vainilla", line("chorrito de esencia de vainilla", 1)),
    # Merengues, flan, brownies, cheesecake, budines, galletas
    ("4 claras a temperatura ambiente", line("claras a temperatura ambiente", 4)),
    ("200 g de azúcar común", line("azúcar común", 200, G)),
    ("1 cdta de jugo de limón", line("jugo de limón", 1, CDTA)),
    ("8 huevos", line("huevos", 8)),
    ("1 l de leche", line("leche", 1, L)),
    ("1 chaucha de vainilla", line("chaucha de vainilla", 1)),
    ("200 g de chocolate semiamargo", line("chocolate semiamargo", 200, G)),
    ("3 huevos grandes", line("huevos grandes", 3)),
    ("1 huevo grande", line("huevo grande", 1)),
    ("100 g de nueces picadas", line("nueces picadas", 100, G)),
    ("2 cucharadas de cacao amargo", line("cacao amargo", 2, CDA)),
    ("300 g de galletitas de vainilla molidas", line("galletitas de vainilla molidas", 300, G)),
    ("100 g de manteca derretida", line("manteca derretida", 100, G)),
    ("1 pote de crema de leche (200 cc)", line("pote de crema de leche", 1, note="200 cc")),
    ("Frutos rojos para decorar", kept("Frutos rojos para decorar")),
    ("1 vaso de aceite", line("vaso de aceite", 1)),
    ("Jugo y ralladura de 2 naranjas", kept("Jugo y ralladura de 2 naranjas")),
    ("½ kg de harina 0000", line("harina 0000", 0.5, KG)),
    ("1 taza de chips de chocolate", line("chips de chocolate", 1, CUP)),
    ("2 tazas de avena arrollada", line("avena arrollada", 2, CUP)),
    ("100 gr de azúcar mascabo", line("azúcar mascabo", 100, G)),
    ("1 huevo", line("huevo", 1)),
    ("1 cda. de miel", line("miel", 1, CDA)),
    ("½ cdita de canela", line("canela", 0.5, CDTA)),
    # Every way of writing a fraction, a decimal or a range
    ("1 y ½ taza de leche", line("leche", 1.5, CUP)),
    ("1 y 1/2 taza de agua", line("agua", 1.5, CUP)),
    ("2 1/4 tazas de harina", line("harina", 2.25, CUP)),
    ("1/8 cdta de sal", line("sal", 0.125, CDTA)),
    ("¾ taza de azúcar morena", line("azúcar morena", 0.75, CUP)),
    ("⅓ taza de aceite", line("aceite", 0.3333, CUP)),
    ("⅔ taza de leche", line("leche", 0.6667, CUP)),
    ("1 ¼ tazas de harina", line("harina", 1.25, CUP)),
    ("1¾ tazas de azúcar", line("azúcar", 1.75, CUP)),
    ("1,5 kg de harina 000", line("harina 000", 1.5, KG)),
    ("0,5 l de leche", line("leche", 0.5, L)),
    ("2.5 g de sal fina", line("sal fina", 2.5, G)),
    ("1.500 g de harina", line("harina", 1500, G)),
    ("1.000 ml de leche", line("leche", 1000, ML)),
    ("2-3 cucharadas de leche fría", line("leche fría", 2, CDA, 3)),
    ("3 – 4 tazas de harina", line("harina", 3, CUP, 4)),
    ("2 o 3 gotas de colorante rojo", line("gotas de colorante rojo", 2, quantity_max=3)),
    ("100 a 150 ml de agua", line("agua", 100, ML, 150)),
    ("1 a 1 ½ tazas de harina", line("harina", 1, CUP, 1.5)),
    ("2-3 huevos", line("huevos", 2, quantity_max=3)),
    # Al gusto, cantidad necesaria
    ("Sal al gusto", line("sal", unit=TASTE)),
    ("Sal a gusto", line("sal", unit=TASTE)),
    ("Azúcar impalpable c/n", line("azúcar impalpable", unit=TASTE)),
    ("Harina cantidad necesaria", line("harina", unit=TASTE)),
    (
        "Cantidad necesaria de harina para espolvorear",
        line("harina para espolvorear", unit=TASTE),
    ),
    ("c/n de harina para espolvorear", line("harina para espolvorear", unit=TASTE)),
    ("Nueces picadas a gusto (opcional)", line("nueces picadas", unit=TASTE, note="opcional")),
    ("Azúcar impalpable (a gusto)", line("azúcar impalpable", unit=TASTE)),
    ("Ralladura de limón, al gusto", line("ralladura de limón", unit=TASTE)),
    ("Un poco de leche", line("leche", unit=TASTE)),
    ("1 cda de azúcar, al gusto", line("azúcar", 1, CDA, note="al gusto")),
    # Numbers as words
    ("un huevo", line("huevo", 1)),
    ("Dos tazas de harina", line("harina", 2, CUP)),
    ("Tres huevos", line("huevos", 3)),
    ("Media cucharadita de sal", line("sal", 0.5, CDTA)),
    ("media taza de leche", line("leche", 0.5, CUP)),
    ("Medio kilo de harina", line("harina", 0.5, KG)),
    ("Un cuarto de taza de leche", line("leche", 0.25, CUP)),
    ("un par de gotas de jugo de limón", line("gotas de jugo de limón", 2)),
    ("Una cucharada de azúcar", line("azúcar", 1, CDA)),
    ("Una taza y media de agua", line("agua", 1.5, CUP)),
    # Every spelling of every unit
    ("2 unidades de huevo", line("huevo", 2, PIECE)),
    ("3 u. de huevo", line("huevo", 3, PIECE)),
    ("2 uds de manzana", line("manzana", 2, PIECE)),
    ("1 unidad de limón", line("limón", 1, PIECE)),
    ("1 l. de leche", line("leche", 1, L)),
    ("500 cc de crema", line("crema", 500, ML)),
    ("250 cm3 de leche", line("leche", 250, ML)),
    ("1 lt de leche", line("leche", 1, L)),
    ("2 lts de agua", line("agua", 2, L)),
    ("1 litro de leche", line("leche", 1, L)),
    ("½ litro de crema", line("crema", 0.5, L)),
    ("100 mililitros de ron", line("ron", 100, ML)),
    ("2 kilos de harina", line("harina", 2, KG)),
    ("1 kilogramo de azúcar", line("azúcar", 1, KG)),
    ("500 gramos de harina", line("harina", 500, G)),
    ("5 gramos de sal", line("sal", 5, G)),
    ("200gr de manteca", line("manteca", 200, G)),
    ("1kg de harina", line("harina", 1, KG)),
    ("2 tzas de leche", line("leche", 2, CUP)),
    ("3 cdas colmadas de cacao", line("cacao", 3, CDA, note="colmadas")),
    ("1 cucharadita rasa de bicarbonato", line("bicarbonato", 1, CDTA, note="rasa")),
    ("2 cucharaditas de té de polvo de hornear", line("polvo de hornear", 2, CDTA)),
    ("1 cucharadita de café de sal", line("sal", 1, CDTA)),
    ("1 cucharadita de café", line("café", 1, CDTA)),
    ("1 cucharada sopera de azúcar", line("azúcar", 1, CDA)),
    ("3 cucharadas soperas de aceite", line("aceite", 3, CDA)),
    ("2 pizcas de sal", line("sal", 2, PINCH)),
    ("1 pizca de nuez moscada", line("nuez moscada", 1, PINCH)),
    ("Pizca de sal", line("sal", 1, PINCH)),
    # Bullets, numbered lists, the name first
    ("• 200 g de harina", line("harina", 200, G)),
    ("* 3 huevos", line("huevos", 3)),
    ("- 1 taza de leche", line("leche", 1, CUP)),
    ("– 100 g de azúcar", line("azúcar", 100, G)),
    ("1. 250 g de harina", line("harina", 250, G)),
    ("2) 3 huevos", line("huevos", 3)),
    ("Harina 0000: 500 g", line("harina 0000", 500, G)),
    ("Azúcar: 200 g", line("azúcar", 200, G)),
    ("Manteca ..... 150 g", line("manteca", 150, G)),
    ("Huevos: 3", line("huevos", 3)),
    ("Leche 250 ml", line("leche", 250, ML)),
    ("Harina 000 1 kg", line("harina 000", 1, KG)),
    ("Azúcar, 200 g", line("azúcar", 200, G)),
    ("Huevos, 3, batidos", line("huevos", 3, note="batidos")),
    ("DOS TAZAS DE HARINA", line("HARINA", 2, CUP)),
    ("Huevos - 3", line("huevos", 3)),
    ("Dulce de leche repostero - 400 g", line("dulce de leche repostero", 400, G)),
    ("Para pintar: 1 huevo batido", line("huevo batido", 1, note="para pintar")),
    ("Para decorar: frutillas", kept("Para decorar: frutillas")),
    ("Unos 100 g de nueces", line("nueces", 100, G)),
    ("aprox. 200 ml de leche", line("leche", 200, ML)),
    ("1/2 taza + 2 cucharadas de azúcar", line("azúcar", 0.5, CUP, note="+ 2 cucharadas")),
    ("1 taza (240 ml) de leche", line("leche", 1, CUP, note="240 ml")),
    ("2 cucharadas (30 g) de manteca, derretida", line("manteca", 2, CDA, note="30 g, derretida")),
    ("80 ml (1/3 taza) de aceite", line("aceite", 80, ML, note="1/3 taza")),
    ("2 ó 3 manzanas", line("manzanas", 2, quantity_max=3)),
    ("10-12 frutillas", line("frutillas", 10, quantity_max=12)),
    ("1/2-1 taza de leche", line("leche", 0.5, CUP, 1)),
    ("1 kg harina 0000", line("harina 0000", 1, KG)),
    ("1 taza azúcar", line("azúcar", 1, CUP)),
    ("2 – 3 tazas", kept("2 – 3 tazas")),
    ("500 GR DE HARINA", line("HARINA", 500, G)),
    # Lines that are no measure
    ("Sal", kept("Sal")),
    ("Chocolate rallado", kept("Chocolate rallado")),
    ("Rocío vegetal", kept("Rocío vegetal")),
    ("Opcional: nueces", kept("Opcional: nueces")),
    ("  Frutillas para decorar  ", kept("Frutillas para decorar")),
    # Notes
    ("1 cdta de sal (opcional)", line("sal", 1, CDTA, note="opcional")),
    ("200 g de harina (tamizada)", line("harina", 200, G, note="tamizada")),
    ("100 g de manteca, derretida y fría", line("manteca", 100, G, note="derretida y fría")),
    (
        "100 g de mantequilla, a temperatura ambiente",
        line("mantequilla", 100, G, note="a temperatura ambiente"),
    ),
    ("3 huevos (a temperatura ambiente)", line("huevos", 3, note="a temperatura ambiente")),
    ("1 taza de leche tibia (no caliente)", line("leche tibia", 1, CUP, note="no caliente")),
    ("150 g de azúcar [o 120 g de stevia]", line("azúcar", 150, G, note="o 120 g de stevia")),
    (
        "2 manzanas verdes, peladas y en rodajas",
        line("manzanas verdes", 2, note="peladas y en rodajas"),
    ),
    ("1 banana madura, pisada", line("banana madura", 1, note="pisada")),
    (
        "50 g de almendras fileteadas, tostadas",
        line("almendras fileteadas", 50, G, note="tostadas"),
    ),
    ("1/2 taza de pasas de uva (opcional)", line("pasas de uva", 0.5, CUP, note="opcional")),
    ("6 duraznos en almíbar (1 lata)", line("duraznos en almíbar", 6, note="1 lata")),
    (
        "1 sobrecito de gelatina sin sabor (7 g)",
        line("sobrecito de gelatina sin sabor", 1, note="7 g"),
    ),
    ("300 ml de agua a 30 °C", line("agua a 30 °C", 300, ML)),
    ("1 kg de harina (000), tamizada", line("harina", 1, KG, note="000, tamizada")),
    # Units a kitchen does not weigh: a count of the container
    ("2 latas de leche condensada", line("latas de leche condensada", 2)),
    ("3 dientes de ajo", line("dientes de ajo", 3)),
    ("1 paquete de vainillas", line("paquete de vainillas", 1)),
    ("12 tapitas de alfajor", line("tapitas de alfajor", 12)),
    ("1 disco de masa para tarta", line("disco de masa para tarta", 1)),
    ("1 plancha de masa de hojaldre", line("plancha de masa de hojaldre", 1)),
    ("1 copita de licor de naranja", line("copita de licor de naranja", 1)),
    ("3 bananas maduras", line("bananas maduras", 3)),
    ("1 zanahoria rallada", line("zanahoria rallada", 1)),
    ("El jugo de 1 naranja", kept("El jugo de 1 naranja")),
    ("2 cdas. de leche en polvo", line("leche en polvo", 2, CDA)),
    ("10 g de levadura seca de panadería", line("levadura seca de panadería", 10, G)),
]


@pytest.mark.parametrize(
    ("text", "expected"), INGREDIENT_LINES, ids=[t for t, _ in INGREDIENT_LINES]
)
def test_parse_ingredient_line(text, expected):
    parsed = parse_ingredient_line(text)
    assert parsed.ingredient == expected.ingredient
    assert parsed.unit is expected.unit
    assert parsed.note == expected.note
    for got, want in (
        (parsed.quantity, expected.quantity),
        (parsed.quantity_max, expected.quantity_max),
    ):
        assert got == (None if want is None else pytest.approx(want, abs=1e-4))


def test_table_holds_enough_varied_lines():
    assert len(INGREDIENT_LINES) >= 150
    assert len({text for text, _ in INGREDIENT_LINES}) == len(INGREDIENT_LINES)
    assert {expected.unit for _, expected in INGREDIENT_LINES} == set(Unit)


def test_a_long_name_is_cut_to_the_limit():
    parsed = parse_ingredient_line("1 taza de " + "harina " * 40)
    assert parsed.quantity == 1
    assert len(parsed.ingredient) <= MAX_INGREDIENT_CHARS
    assert parsed.ingredient.startswith("harina harina")


TORTA_DE_CHOCOLATE = """\
Torta húmeda de chocolate
Rinde 10 porciones

Ingredientes:
- 200 g de harina 0000
- 3 huevos
- 1 taza de azúcar
- 1 cdta de polvo de hornear
- Sal al gusto

Para la cobertura:
- 200 g de chocolate semiamargo
- 100 ml de crema de leche

Preparación:
1. Precalentar el horno a 180 °C y enmantecar un molde redondo de 22 cm.
2. Batir los huevos con el azúcar durante 5 minutos,
hasta que estén espumosos.
3. Hornear de 40 a 45 minutos.
4) Dejar enfriar media hora.
Paso 5: Cubrir con la ganache.
"""


def test_torta_de_chocolate():
    recipe = parse_recipe(TORTA_DE_CHOCOLATE)
    assert (recipe.yield_amount, recipe.yield_kind) == (10, YieldKind.SERVINGS)
    assert recipe.mould == Mould(Shape.ROUND, 22)
    assert [group.title for group in recipe.groups] == ["", "Para la cobertura"]
    assert recipe.groups[0].lines == (
        line("harina 0000", 200, G),
        line("huevos", 3),
        line("azúcar", 1, CUP),
        line("polvo de hornear", 1, CDTA),
        line("sal", unit=TASTE),
    )
    assert recipe.groups[1].lines == (
        line("chocolate semiamargo", 200, G),
        line("crema de leche", 100, ML),
    )
    assert recipe.steps == (
        Step("Precalentar el horno a 180 °C y enmantecar un molde redondo de 22 cm."),
        Step("Batir los huevos con el azúcar durante 5 minutos, hasta que estén espumosos.", 5),
        Step("Hornear de 40 a 45 minutos.", 40),
        Step("Dejar enfriar media hora.", 30),
        Step("Cubrir con la ganache."),
    )


ALFAJORES = """\
ALFAJORES DE MAICENA
Rinde 24 alfajores

Ingredientes
200 g de fécula de maíz
100 g de harina 0000
150 g de manteca, a temperatura ambiente
100 g de azúcar impalpable
3 yemas
1 cdta de esencia de vainilla
Ralladura de 1 limón
400 g de dulce de leche repostero
Coco rallado c/n

Procedimiento
Batir la manteca con el azúcar hasta formar una crema.
Agregar las yemas de a una y la esencia.
Incorporar los secos tamizados y formar un bollo sin amasar.
Envolver en film y llevar a la heladera 30 minutos.
Estirar de 5 mm de espesor y cortar tapitas de 5 cm de diámetro.
Hornear a 170 °C durante 10 a 12 minutos, sin que se doren.
Rellenar con dulce de leche y pasar los bordes por coco.
"""


def test_alfajores():
    recipe = parse_recipe(ALFAJORES)
    assert (recipe.yield_amount, recipe.yield_kind) == (24, YieldKind.PIECES)
    assert recipe.mould is None
    assert len(recipe.groups) == 1
    assert recipe.groups[0].title == ""
    assert recipe.groups[0].lines[2] == line("manteca", 150, G, note="a temperatura ambiente")
    assert recipe.groups[0].lines[6] == kept("Ralladura de 1 limón")
    assert recipe.groups[0].lines[-1] == line("coco rallado", unit=TASTE)
    assert len(recipe.lines) == 9
    assert [step.timer_minutes for step in recipe.steps] == [None, None, None, 30, None, 10, None]
    assert recipe.steps[0].text == "Batir la manteca con el azúcar hasta formar una crema."


FLAN = """\
Flan casero
Para 8 personas

Ingredientes:
Para el caramelo:
- 1 taza de azúcar
- 3 cucharadas de agua

Para el flan:
- 1 l de leche entera
- 8 huevos
- 200 g de azúcar
- 1 chaucha de vainilla (o 1 cdta de esencia)

Elaboración
1- Hacer un caramelo con el azúcar y el agua y volcarlo en una flanera de 20 cm.
2- Hervir la leche con la vainilla y dejar entibiar 10 minutos.
3- Batir apenas los huevos con el azúcar y agregar la leche tibia.
4- Cocinar a baño María en horno moderado 1 hora y 15 minutos.
5- Enfriar y llevar a la heladera al menos 4 horas antes de desmoldar.
"""


def test_flan():
    recipe = parse_recipe(FLAN)
    assert (recipe.yield_amount, recipe.yield_kind) == (8, YieldKind.SERVINGS)
    assert recipe.mould == Mould(Shape.ROUND, 20)
    assert [group.title for group in recipe.groups] == ["Para el caramelo", "Para el flan"]
    assert recipe.groups[0].lines == (line("azúcar", 1, CUP), line("agua", 3, CDA))
    assert recipe.groups[1].lines[-1] == line("chaucha de vainilla", 1, note="o 1 cdta de esencia")
    assert [step.timer_minutes for step in recipe.steps] == [None, 10, None, 75, 240]
    assert recipe.steps[1].text == "Hervir la leche con la vainilla y dejar entibiar 10 minutos."


BROWNIES = """\
Brownies
Porciones: 16
Molde cuadrado de 20 x 20 cm

Ingredientes
• 200 g de chocolate semiamargo
• 150 g de manteca
• 3 huevos
• 1 ½ tazas de azúcar
• 80 g de harina 0000
• 100 g de nueces picadas (opcional)

Pasos
Paso 1: Derretir el chocolate con la manteca a baño María.
Paso 2: Batir los huevos con el azúcar 3 min.
Paso 3: Unir todo, agregar la harina y las nueces.
Paso 4: Hornear a 180° por 25 a 30 min. El centro debe quedar húmedo.
Paso 5: Dejar enfriar en el molde antes de cortar.
"""


def test_brownies():
    recipe = parse_recipe(BROWNIES)
    assert (recipe.yield_amount, recipe.yield_kind) == (16, YieldKind.SERVINGS)
    assert recipe.mould == Mould(Shape.SQUARE, 20)
    assert len(recipe.groups) == 1
    assert recipe.groups[0].lines[3] == line("azúcar", 1.5, CUP)
    assert recipe.groups[0].lines[5] == line("nueces picadas", 100, G, note="opcional")
    assert [step.timer_minutes for step in recipe.steps] == [None, 3, None, 25, None]
    assert recipe.steps[0].text == "Derretir el chocolate con la manteca a baño María."


BUDIN_DE_LIMON = """\
Budín de limón (rinde 1 budín)
3 huevos
200 g de azúcar
100 ml de aceite de girasol
1 pote de yogur natural
250 g de harina leudante
Ralladura y jugo de 2 limones
Notas para el almíbar: azúcar impalpable y jugo de limón

Modo de preparación:
Batir los huevos con el azúcar hasta que blanqueen. Agregar el aceite, el yogur y la
ralladura.
Sumar la harina y volcar en una budinera de 25 x 11 cm enmantecada.
Cocinar en horno medio durante 45'.
"""


def test_budin_with_no_ingredients_heading():
    recipe = parse_recipe(BUDIN_DE_LIMON)
    assert (recipe.yield_amount, recipe.yield_kind) == (1, YieldKind.PIECES)
    assert recipe.mould == Mould(Shape.RECTANGLE, 25, 11)
    assert len(recipe.groups) == 1
    assert recipe.groups[0].title == ""
    # Before any heading only lines that open with a quantity are ingredients.
    assert [item.ingredient for item in recipe.lines] == [
        "huevos",
        "azúcar",
        "aceite de girasol",
        "pote de yogur natural",
        "harina leudante",
    ]
    assert len(recipe.steps) == 3
    assert recipe.steps[0].text.endswith("el yogur y la ralladura.")
    assert [step.timer_minutes for step in recipe.steps] == [None, None, 45]


PAN_DE_MOLDE = """\
PAN DE MOLDE CASERO

Masa:
1 kg de harina 000
20 g de sal
600 cc de agua tibia
50 g de levadura fresca
2 cdas. de aceite de oliva

Preparación
1) Disolver la levadura en un poco de agua tibia.
2) Formar la masa y amasar 10 minutos.
3) Dejar levar 1 ½ horas en un lugar cálido.
4) Colocar en un molde rectangular de 30 x 12 cm y 8 cm de alto y dejar levar por 1 hora.
5) Hornear a 200 °C entre 35 y 40 minutos.

Notas
Se conserva 3 días en una bolsa.
Congela muy bien hasta 30 días.
"""


def test_pan_de_molde():
    recipe = parse_recipe(PAN_DE_MOLDE)
    assert recipe.yield_amount is None
    assert recipe.mould == Mould(Shape.RECTANGLE, 30, 12, 8)
    assert [group.title for group in recipe.groups] == ["Masa"]
    assert recipe.groups[0].lines[2] == line("agua tibia", 600, ML)
    assert [step.timer_minutes for step in recipe.steps] == [None, 10, 90, 60, 35]
    assert recipe.steps[0].text == "Disolver la levadura en un poco de agua tibia."


CHEESECAKE = """\
Cheesecake de frutos rojos — rinde 12 porciones

Ingredientes para la base
300 g de galletitas de vainilla molidas
100 g de manteca derretida

Ingredientes del relleno
600 g de queso crema
3 huevos
1 pote de crema de leche (200 cc)
Frutos rojos para decorar

Preparación de la base
Mezclar las galletitas con la manteca y forrar un molde desmontable de 24 cm de diámetro.
Llevar al freezer 15 minutos.

Preparación del relleno
Batir el queso crema con los huevos y la crema.
Volcar sobre la base y hornear a 160 °C durante 1 hora.
Enfriar y refrigerar toda la noche.
"""


def test_cheesecake():
    recipe = parse_recipe(CHEESECAKE)
    assert (recipe.yield_amount, recipe.yield_kind) == (12, YieldKind.SERVINGS)
    assert recipe.mould == Mould(Shape.ROUND, 24)
    assert [group.title for group in recipe.groups] == ["Para la base", "Para el relleno"]
    assert recipe.groups[1].lines[-1] == kept("Frutos rojos para decorar")
    assert [step.timer_minutes for step in recipe.steps] == [None, 15, None, 60, None]


MERENGUES = """\
Merengues secos (salen unas 30 unidades)

4 claras a temperatura ambiente
200 g de azúcar común
1 cdta de jugo de limón

Preparación:
1. Batir las claras a punto nieve y agregar el azúcar en forma de lluvia.
2. Calentar el jugo 30 segundos en el microondas y sumarlo; batir 2 minutos más.
3. Formar los merengues sobre una placa con papel manteca.
4. Secar en horno muy bajo de 1 a 2 horas, con la puerta entreabierta.
"""


def test_merengues():
    recipe = parse_recipe(MERENGUES)
    assert (recipe.yield_amount, recipe.yield_kind) == (30, YieldKind.PIECES)
    assert recipe.mould is None
    assert recipe.lines == [
        line("claras a temperatura ambiente", 4),
        line("azúcar común", 200, G),
        line("jugo de limón", 1, CDTA),
    ]
    # Seconds set no timer; the next duration in the step does.
    assert [step.timer_minutes for step in recipe.steps] == [None, 2, None, 60]


TARTA_DE_MANZANA = """\
Tarta de manzana
Tiempo de preparación: 20 minutos
Preparación: 1 hora

Masa
• 250 g de harina 0000
• 125 g de manteca fría, en cubos
• Agua helada, 3 cdas

Preparación de la masa
- unir la harina con la manteca hasta lograr un arenado
- agregar el agua y formar un bollo; reservar en frío 30 minutos

Para el relleno:
• 1 kilo de manzanas verdes, peladas y en rodajas
• ½ taza de azúcar
• Canela al gusto

Armado
Para la tarta:
forrar una tartera de 26 cm con la masa, rellenar y hornear a 180 °C 45 minutos.
"""


def test_tarta_alternating_ingredients_and_steps():
    recipe = parse_recipe(TARTA_DE_MANZANA)
    assert recipe.mould == Mould(Shape.ROUND, 26)
    assert [group.title for group in recipe.groups] == ["Masa", "Para el relleno"]
    assert recipe.groups[0].lines[2] == line("agua helada", 3, CDA)
    assert recipe.groups[1].lines == (
        line("manzanas verdes", 1, KG, note="peladas y en rodajas"),
        line("azúcar", 0.5, CUP),
        line("canela", unit=TASTE),
    )
    # "Armado" opens steps again; a heading among steps with no ingredient after it opens
    # the next step.
    assert recipe.steps == (
        Step("unir la harina con la manteca hasta lograr un arenado"),
        Step("agregar el agua y formar un bollo; reservar en frío 30 minutos", 30),
        Step(
            "Para la tarta: forrar una tartera de 26 cm con la masa, rellenar y hornear a "
            "180 °C 45 minutos.",
            45,
        ),
    )


GALLETAS = """\
**Galletas de mantequilla** (para unas 40 galletas)

### Ingredientes
* 250 g de mantequilla sin sal, blanda
* 125 g de azúcar glas
* 1 huevo L
* 1/4 cucharadita de sal

### Elaboración
1
Bate la mantequilla con el azúcar durante 2-3 minutos.
2
Añade el huevo. Refrigera la masa 1 h.
3
Hornea a 180 ºC durante 10/12 minutos, en una placa de 30 x 40 cm.

Consejo: guárdalas en una lata hasta 2 semanas.
"""


def test_galletas_pasted_from_a_blog():
    recipe = parse_recipe(GALLETAS)
    assert (recipe.yield_amount, recipe.yield_kind) == (40, YieldKind.PIECES)
    assert recipe.mould == Mould(Shape.RECTANGLE, 30, 40)
    assert recipe.lines == [
        line("mantequilla sin sal", 250, G, note="blanda"),
        line("azúcar glas", 125, G),
        line("huevo L", 1),
        line("sal", 0.25, CDTA),
    ]
    # Numbers alone on their lines and the closing tip are no steps.
    assert [step.timer_minutes for step in recipe.steps] == [2, 60, 10]
    assert recipe.steps[1].text == "Añade el huevo. Refrigera la masa 1 h."


def test_steps_after_ingredients_without_any_heading():
    recipe = parse_recipe(
        "Bizcochuelo de vainilla (8 - 10 porciones)\n"
        "4 huevos\n120 g de azúcar\n120 g de harina leudante\nRalladura de 1 limón\n"
        "Batir los huevos con el azúcar a punto letra.\n"
        "Incorporar la harina con movimientos envolventes y la ralladura\n"
        "Hornear a 170 °C durante 35 minutos en un molde de 24 cm."
    )
    assert (recipe.yield_amount, recipe.yield_kind) == (8, YieldKind.SERVINGS)
    assert recipe.mould == Mould(Shape.ROUND, 24)
    assert len(recipe.lines) == 3  # before any heading, a line without an amount is no line
    assert [step.timer_minutes for step in recipe.steps] == [None, None, 35]


def test_numbered_steps_after_ingredients_without_a_heading():
    recipe = parse_recipe(
        "Ingredientes\n2 tazas de harina\n1 huevo\n"
        "1. Mezclar la harina con el huevo hasta formar un bollo.\n"
        "2. Dejar descansar 20 minutos."
    )
    assert len(recipe.lines) == 2
    assert [step.timer_minutes for step in recipe.steps] == [None, 20]


@pytest.mark.parametrize(
    ("text", "amount", "kind"),
    [
        ("Rinde 8 porciones", 8, YieldKind.SERVINGS),
        ("Para 12 personas", 12, YieldKind.SERVINGS),
        ("Porciones: 10", 10, YieldKind.SERVINGS),
        ("Rinde 24 galletas", 24, YieldKind.PIECES),
        ("Rinde 24 unidades", 24, YieldKind.PIECES),
        ("Rinde: 36 alfajores", 36, YieldKind.PIECES),
        ("Rinde aprox. 20 cupcakes", 20, YieldKind.PIECES),
        ("Rinde 10 a 12 porciones", 10, YieldKind.SERVINGS),
        ("Salen 15 medialunas", 15, YieldKind.PIECES),
        ("Para 1 molde de 22 cm", None, YieldKind.SERVINGS),
        ("Rinde 1,5 kg", None, YieldKind.SERVINGS),
    ],
)
def test_yield(text, amount, kind):
    recipe = parse_recipe(text)
    assert (recipe.yield_amount, recipe.yield_kind) == (amount, kind)


@pytest.mark.parametrize(
    ("text", "mould"),
    [
        ("Molde de 20 cm", Mould(Shape.ROUND, 20)),
        ("molde redondo de 22 cm", Mould(Shape.ROUND, 22)),
        ("molde cuadrado de 20 x 20 cm", Mould(Shape.SQUARE, 20)),
        ("molde cuadrado de 20 cm", Mould(Shape.SQUARE, 20)),
        ("molde rectangular de 20 x 30 cm", Mould(Shape.RECTANGLE, 20, 30)),
        ("molde de 20 x 30", Mould(Shape.RECTANGLE, 20, 30)),
        ("molde de 24 cm de diámetro", Mould(Shape.ROUND, 24)),
        ("Molde redondo de 24 cm de diámetro y 8 cm de alto", Mould(Shape.ROUND, 24, None, 8)),
        ("Tortera de 26 cm", Mould(Shape.ROUND, 26)),
        ("placa de 30 x 40 cm", Mould(Shape.RECTANGLE, 30, 40)),
        ("molde de 22,5 cm", Mould(Shape.ROUND, 22.5)),
        ("molde rectangular de 20 cm", None),
        ("Molde de 0 cm", None),
        ("molde de 999 x 999", None),
        ("un molde enmantecado", None),
    ],
)
def test_mould(text, mould):
    assert parse_recipe(text).mould == mould
    assert parse_recipe("Preparación\nVolcar en un " + text.lower() + ".").mould == mould
    # On the yield's line too.
    both = parse_recipe(f"Rinde 12 porciones. {text}.\nIngredientes\n- 250 g de harina")
    assert (both.yield_amount, both.mould) == (12, mould)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Hornear 35 minutos.", 35),
        ("Hornear 35 min", 35),
        ("Hornear 35'", 35),
        ("Cocinar por 1 hora", 60),
        ("Cocinar 1 hora y 15 minutos", 75),
        ("Cocinar 1 h 30 min", 90),
        ("Hornear de 40 a 45 minutos", 40),
        ("Hornear 40-45 min", 40),
        ("Hornear 40/45 minutos", 40),
        ("Dejar reposar una hora y media", 90),
        ("Dejar reposar un cuarto de hora", 15),
        ("Dejar leudar 1/2 hora", 30),
        ("Dejar leudar 2 horas", 120),
        ("Batir diez minutos", 10),
        ("Calentar 30 segundos", None),
        ("Precalentar el horno a 180 °C", None),
        ("Refrigerar toda la noche", None),
        ("Hornear 99999 minutos", None),
    ],
)
def test_timer(text, minutes):
    assert parse_recipe(f"Preparación\n{text}").steps[0].timer_minutes == minutes


def test_caps():
    text = "Ingredientes\n" + "1 huevo\n" * (MAX_LINES + 50)
    text += "Preparación\n" + "Batir.\n" * (MAX_STEPS + 50)
    recipe = parse_recipe(text)
    assert len(recipe.lines) == MAX_LINES
    assert len(recipe.steps) == MAX_STEPS


BAD_INPUTS = [
    "",
    "   \n\n\t",
    "x" * 10_000,
    ("200 g de harina, tamizada (000) " * 40 + "\n") * 8,
    "🍰🎂🥚 2 🥚\n🥛 1 taza 🥛",
    "مرحبا 200 غرام سكر\n\u202e200 g de harina\u202c",
    "1 2 3 4 5\n6 7 8\n9",
    "1/0",
    "1/0 taza de azúcar",
    "1e9",
    "1e9 g de harina",
    "0 g de harina",
    "-1 taza",
    "-1 taza de leche",
    "3-2 huevos",
    "9" * 5000 + " g de harina",
    "1/" + "9" * 5000 + " taza",
    "1" + "0" * 400 + "/1 tazas",
    "1000000 kg de harina",
    "( ( ( 200 g",
    ") ) ) ,,, ;;; :::",
    "\x00\x01\x02",
    "Ingredientes\nPreparación\nIngredientes\nPara la masa:\n",
    "Rinde 0 porciones\nRinde 99999 porciones",
    "molde " * 2000,
    "Para " * 2000,
    "1 hora " * 1500,
    "½" * 5000,
    "Ingredientes/masa\nIngredientes:/\n2 KİLO de harina\n2 tazaſ\n2 \u212ag",
    "Preparación\nhornear ſeis minutos\nPara:\n",
]


@pytest.mark.parametrize("text", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_never_raises(text):
    recipe = parse_recipe(text)
    assert isinstance(recipe, RecipeStructure)
    assert_sane(recipe)
    for single in text.splitlines() or [text]:
        assert_sane_line(parse_ingredient_line(single))
    assert RecipeStructure.from_json(recipe.to_json()) == recipe


def assert_sane_line(parsed: IngredientLine):
    for value in (parsed.quantity, parsed.quantity_max):
        assert value is None or (math.isfinite(value) and value > 0)
    if parsed.quantity_max is not None:
        assert parsed.quantity is not None and parsed.quantity_max > parsed.quantity
    assert len(parsed.ingredient) <= MAX_INGREDIENT_CHARS
    assert parsed.ingredient or parsed.quantity is None


def assert_sane(recipe: RecipeStructure):
    for parsed in recipe.lines:
        assert_sane_line(parsed)
    assert len(recipe.lines) <= MAX_LINES
    assert len(recipe.steps) <= MAX_STEPS
    assert recipe.yield_amount is None or recipe.yield_amount > 0
    for step in recipe.steps:
        assert step.timer_minutes is None or step.timer_minutes > 0


def test_unreadable_quantities_keep_the_line_as_a_note():
    for text in ("0 g de harina", "1/0 taza de azúcar", "3-2 huevos", "1e9 g de harina"):
        assert parse_ingredient_line(text) == kept(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_raises(text):
    assert_sane(parse_recipe(text))
    assert_sane_line(parse_ingredient_line(text))


_PIECES = st.sampled_from(
    ["1", "½", "1/2", "1 1/2", "2-3", "0", "-", "/", " a ", "de", "g", "taza", "cda", "(", ")",
     ",", ":", "al gusto", "molde", "x", "cm", "Rinde", "minutos", "hora", "\n", "Ingredientes",
     "Preparación", "1.", "•", "harina", " ", "/", "Para", "el relleno", "İ", "ſ", "K", "y media",
     "Paso", "de alto", "porciones", "un", "c/n", "(10 g)", ".", "\t", "🍰"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_recipe_like_text_never_raises(text):
    assert_sane(parse_recipe(text))
    assert_sane_line(parse_ingredient_line(text))
