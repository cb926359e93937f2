"""Relevance: queries a student would type, against a fixed corpus, and the answer a person
would expect on top.

Each case is (query, kind, expected): on `/buscar?q=<query>&tipo=<kind>`, seen by an admin
(who may open everything), the first `li.search-hit` must be the expected item. The
expectations were written from the corpus (tests/search/corpus.py), as the best answer for
the person typing, not from what the engine returns. The cases cover plain words, missing
and extra accents, upper case, Spanish stems (plurals, verb forms: only what Snowball's
Spanish stemmer conflates), the word being typed as a prefix, one typo in a long word
(a letter deleted, inserted, replaced, or two swapped), queries of several words, the forum,
and the suggestions the search box asks for as the student types.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.helpers import logged_in_client
from tests.search.corpus import (
    COURSES,
    FORUM,
    LESSONS,
    RECIPES,
    Corpus,
    build_corpus,
    counts,
    page_hits,
)

# (query, kind, expected: a title, or a comment's key in the corpus)
PLAIN = [
    ("alfajores", RECIPES, "Alfajores de maicena"),
    ("chocotorta", RECIPES, "Chocotorta"),
    ("medialunas", RECIPES, "Medialunas de manteca"),
    ("focaccia", RECIPES, "Focaccia de romero y sal gruesa"),
    ("churros", RECIPES, "Churros con chocolate caliente"),
    ("profiteroles", RECIPES, "Profiteroles con salsa de chocolate"),
    ("cheesecake", RECIPES, "Cheesecake sin horno con frutos rojos"),
    ("croissants", RECIPES, "Croissants de manteca"),
    ("brownies", RECIPES, "Brownies con nueces"),
    ("flan", RECIPES, "Flan casero con dulce de leche"),
    ("tarta tatin", RECIPES, "Tarta tatin de manzanas"),
    ("bagels", RECIPES, "Bagels de masa madre"),
    ("zanahoria", RECIPES, "Torta de zanahoria con frosting de queso crema"),
    ("madeleines", RECIPES, "Madeleines de miel y limón"),
    ("milhojas", RECIPES, "Milhojas de crema pastelera"),
    ("grisines", RECIPES, "Grisines de masa madre"),
    ("pizza", RECIPES, "Pizza de masa madre"),
    ("cookies", RECIPES, "Cookies con chips de chocolate"),
    ("buttercream", RECIPES, "Buttercream de merengue suizo"),
    ("macaronage", LESSONS, "Macarons: el macaronage"),
    ("laminado", LESSONS, "Masa hojaldre y croissants"),
    ("caramelo", LESSONS, "Flan y postres con caramelo"),
    ("fermentación", LESSONS, "Fermentación en frío y formado"),
    ("panaderia", COURSES, "Panadería de masa madre"),
    ("galletas", COURSES, "Galletas, alfajores y postres fáciles"),
]

ACCENTS = [
    ("chipa", RECIPES, "Chipá de queso"),
    ("creme brulee", RECIPES, "Crème brûlée"),
    ("eclairs de chocolate", RECIPES, "Éclairs de chocolate"),
    ("glase real", RECIPES, "Glasé real"),
    ("mousse de limon", RECIPES, "Mousse de limón"),
    ("budin de pan", RECIPES, "Budín de pan"),
    ("almibar para tortas", RECIPES, "Almíbar para humedecer tortas"),
    ("flán", RECIPES, "Flan casero con dulce de leche"),
    ("pán dulce", RECIPES, "Pan dulce navideño de masa madre"),
    ("autolisis", LESSONS, "Amasado, pliegues y autólisis"),
    ("pate a choux", LESSONS, "Pâte à choux sin secretos"),
    ("pasteleria francesa", COURSES, "Repostería francesa"),
    ("tortas de celebracion", COURSES, "Tortas de celebración"),
]

UPPER_CASE = [
    ("MERENGUE ITALIANO", RECIPES, "Merengue italiano"),
    ("Lemon Pie", RECIPES, "Lemon pie"),
    ("SELVA NEGRA", RECIPES, "Torta Selva Negra"),
    ("ARROZ CON LECHE", RECIPES, "Arroz con leche"),
    ("GLASE REAL", LESSONS, "Galletas decoradas con glasé real"),
]

STEMS = [
    ("merengues suizos", RECIPES, "Merengue suizo"),
    ("bizcochuelos de chocolate", RECIPES, "Bizcochuelo de chocolate"),
    ("alfajor", RECIPES, "Alfajores de maicena"),
    ("galleta de manteca", RECIPES, "Galletas de manteca para decorar"),
    ("trufa de coco", RECIPES, "Trufas de chocolate y coco"),
    ("baguette", RECIPES, "Baguettes caseras"),
    ("medialuna", RECIPES, "Medialunas de manteca"),
    ("frutilla", RECIPES, "Tarta de frutillas con crema pastelera"),
    ("manzana caramelizada", RECIPES, "Tarta tatin de manzanas"),
    ("horneado en olla de hierro", LESSONS, "Hornear en olla de hierro"),
    ("batir los huevos a punto letra", LESSONS, "Bizcochuelo clásico que no se hunde"),
    ("rellenos de tortas", LESSONS, "Rellenar, apilar y cubrir una torta"),
    ("amasando", LESSONS, "Amasado, pliegues y autólisis"),
    ("pliegue", LESSONS, "Amasado, pliegues y autólisis"),
    ("fermentar en frio", LESSONS, "Fermentación en frío y formado"),
    ("decorar con manga", LESSONS, "Decoración con manga y boquillas"),
    ("tortas de cumpleaños", COURSES, "Tortas de celebración"),
]

PREFIXES = [
    ("ganac", RECIPES, "Ganache de chocolate semiamargo"),
    ("profiter", RECIPES, "Profiteroles con salsa de chocolate"),
    ("cheesec", RECIPES, "Cheesecake sin horno con frutos rojos"),
    ("torta de zanah", RECIPES, "Torta de zanahoria con frosting de queso crema"),
    ("macar", RECIPES, "Macarons de frambuesa"),
    ("chocot", RECIPES, "Chocotorta"),
    ("bizcoch", LESSONS, "Bizcochuelo clásico que no se hunde"),
    ("reposteria fran", COURSES, "Repostería francesa"),
]

TYPOS = [
    ("mousse de chocolte", RECIPES, "Mousse de chocolate"),  # deletion
    ("merengeu italiano", RECIPES, "Merengue italiano"),  # transposition
    ("ganahce", RECIPES, "Ganache de chocolate semiamargo"),  # transposition
    ("bizcochueo de vainilla", RECIPES, "Bizcochuelo de vainilla"),  # deletion
    ("alfajorres", RECIPES, "Alfajores de maicena"),  # insertion
    ("medialumas", RECIPES, "Medialunas de manteca"),  # substitution
    ("croisants", RECIPES, "Croissants de manteca"),  # deletion
    ("crema pastelerra", RECIPES, "Crema pastelera"),  # insertion
    ("brwonies", RECIPES, "Brownies con nueces"),  # transposition
    ("cheescake", RECIPES, "Cheesecake sin horno con frutos rojos"),  # deletion
    ("focacia", RECIPES, "Focaccia de romero y sal gruesa"),  # deletion
    ("chocotrota", RECIPES, "Chocotorta"),  # transposition
    ("churos", RECIPES, "Churros con chocolate caliente"),  # deletion
    ("macaromage", LESSONS, "Macarons: el macaronage"),  # substitution
    ("panadreia", COURSES, "Panadería de masa madre"),  # transposition
]

SEVERAL_WORDS = [
    ("torta de chocolate", RECIPES, "Torta de chocolate húmeda"),
    (
        "el merengue de la torta de cumpleaños",
        RECIPES,
        "Torta de cumpleaños de dulce de leche y merengue",
    ),
    ("pan de masa madre", RECIPES, "Pan de masa madre clásico"),
    ("pan integral con semillas", RECIPES, "Pan integral de masa madre con semillas"),
    ("tarta de frutillas", RECIPES, "Tarta de frutillas con crema pastelera"),
    ("galletas de avena", RECIPES, "Galletas de avena y pasas"),
    ("dulce de leche casero", RECIPES, "Dulce de leche repostero casero"),
    ("crema chantilly", RECIPES, "Crema chantilly estabilizada"),
    ("crema pastelera", RECIPES, "Crema pastelera"),
    ("frosting de queso crema", RECIPES, "Torta de zanahoria con frosting de queso crema"),
    ("como hacer un flan sin agujeritos", RECIPES, "Flan casero con dulce de leche"),
    # No recipe has every word: the ones with some of them, best first.
    ("receta de pan dulce", RECIPES, "Pan dulce navideño de masa madre"),
    ("postre con leche condensada", RECIPES, "Mousse de limón"),
    ("hornear en olla", LESSONS, "Hornear en olla de hierro"),
    ("crear masa madre", LESSONS, "Crear tu masa madre desde cero"),
    ("crema pastelera", LESSONS, "Crema pastelera y sus variantes"),
    ("postres frios sin horno", LESSONS, "Postres fríos sin horno"),
    ("merengue suizo", LESSONS, "Merengue italiano y merengue suizo"),
    ("masa madre", COURSES, "Panadería de masa madre"),
]

FORUM_QUESTIONS = [
    ("¿Puedo reemplazar la manteca por aceite?", FORUM, "manteca por aceite"),
    ("merengue cortado", FORUM, "merengue cortado"),
    ("masa madre liquido gris", FORUM, "liquido gris"),
    ("macarons sin pie", FORUM, "macarons sin pie"),
    ("glase real no endurece", FORUM, "glase no endurece"),
    ("flan con agujeritos", FORUM, "flan con agujeritos"),
    ("congelar ganache", FORUM, "congelar ganache"),
    ("creme brulee sin soplete", FORUM, "creme brulee sin soplete"),
    ("agar agar", FORUM, "agar agar"),
    ("churros se abren", FORUM, "churros se abren"),
    ("hogaza plana", FORUM, "hogaza plana"),
    ("eclairs se desinflan", FORUM, "eclairs desinflados"),
    ("crema pastelera con grumos", FORUM, "crema con grumos"),
]

CASES = PLAIN + ACCENTS + UPPER_CASE + STEMS + PREFIXES + TYPOS + SEVERAL_WORDS + FORUM_QUESTIONS

# What the search box suggests first as the student types: (typed, expected title).
SUGGESTIONS = [
    ("medialu", "Medialunas de manteca"),
    ("chocoto", "Chocotorta"),
    ("cheescake", "Cheesecake sin horno con frutos rojos"),
    ("lemon p", "Lemon pie"),
    ("ganahce", "Ganache de chocolate semiamargo"),
    ("bizcochuelo de choc", "Bizcochuelo de chocolate"),
    ("torta selva", "Torta Selva Negra"),
]


@pytest.fixture(scope="module")
def corpus(search_app) -> Corpus:
    return build_corpus(search_app)


@pytest.fixture(scope="module")
def admin(search_app, corpus):
    """The team's admin, who may open everything: every item is a fair answer."""
    return logged_in_client(search_app, SimpleNamespace(email=corpus.admin_email))


def test_the_corpus_is_the_size_the_cases_need(corpus):
    assert counts() == {COURSES: 4, LESSONS: 20, RECIPES: 49, FORUM: 39}
    assert len(CASES) >= 60
    assert len({(query, kind) for query, kind, _ in CASES}) == len(CASES)
    for _query, kind, expected in CASES:
        assert (kind, expected) in corpus.urls, f"not in the corpus: {kind} {expected!r}"


@pytest.mark.parametrize(
    ("query", "kind", "expected"), CASES, ids=[f"{kind}:{query}" for query, kind, _ in CASES]
)
def test_the_expected_result_comes_first(admin, corpus, query, kind, expected):
    response = admin.get("/buscar", query_string={"q": query, "tipo": kind})
    assert response.status_code == 200
    hits = page_hits(response.get_data(as_text=True))
    assert hits, f"nothing found for {query!r} in {kind}"
    assert {hit.section for hit in hits} == {f"grupo-{kind}"}
    shown = "\n".join(f"  {n}. {hit.text[:110]}" for n, hit in enumerate(hits[:3], 1))
    assert hits[0].url == corpus.url(kind, expected), (
        f"{query!r} in {kind}: expected {expected!r} first, the page shows:\n{shown}"
    )


@pytest.mark.parametrize(("typed", "expected"), SUGGESTIONS, ids=[t for t, _ in SUGGESTIONS])
def test_the_first_suggestion_is_the_expected_title(admin, corpus, typed, expected):
    response = admin.get("/buscar/sugerencias", query_string={"q": typed})
    assert response.status_code == 200
    suggestions = response.get_json()["sugerencias"]
    assert suggestions, f"no suggestion for {typed!r}"
    first = suggestions[0]
    titles = [suggestion["titulo"] for suggestion in suggestions]
    assert (first["titulo"], first["tipo"]) == (expected, "Receta"), titles
    assert first["url"] == corpus.url(RECIPES, expected)
    assert first["bloqueada"] is False
