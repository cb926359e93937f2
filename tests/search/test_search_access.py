"""Search under the access rule: each persona of the authorization matrix searches for
words that appear only in content she may not see, and finds none; those who may see it
find it (the positive control, so the test can fail both ways).

The personas and their courses come from the security suite's world (tests/security/
world.py): A active (enrolled, owner, member), B active (member only), C inactive (admin
only). On top of it, each planted text carries one invented word found nowhere else. Each
word is searched on /buscar (every kind, and each ?tipo=) and /buscar/sugerencias, as typed
in upper case, as a prefix being typed and with one letter missing (a typo the vocabulary
corrects), so the whole word reaches the page only through a leak.

Some texts are gone for everyone, admins included: hidden comments and the replies under
them, deleted comments, and inactive lessons and recipes (the index keeps active ones only;
admins edit those from the dashboard). They were published first and then taken down, so
the index has to follow the change, and their words stay in the typo vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import url_for

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, Recipe, User
from dulcevicio.services import forum
from tests.helpers import logged_in_client
from tests.search.corpus import COURSES, FORUM, LESSONS, RECIPES, page_hits
from tests.security.authz_matrix import PERSONAS
from tests.security.world import ACCESS, build_world

EVERYONE = frozenset(PERSONAS)
NOBODY = frozenset()
ADMIN = frozenset({"admin"})
COURSE_A = frozenset(ACCESS["A"])
COURSE_B = frozenset(ACCESS["B"])
KIND_PAGES = ("", COURSES, LESSONS, RECIPES, FORUM)


@dataclass(frozen=True)
class Plant:
    """An invented word planted in one item: who may find it, of which kind, where."""

    word: str
    kind: str
    scope: frozenset[str]
    url: str
    suggested: bool = False  # in a title the search box suggests

    @property
    def variants(self) -> tuple[str, ...]:
        """The word as searched: upper case, a prefix being typed, one letter missing.
        None of them holds the word in lower case, so the page's echo of the query is not
        the word."""
        middle = len(self.word) // 2
        return (
            self.word.upper(),
            self.word[:-3],
            self.word[:middle] + self.word[middle + 1 :],
        )


@dataclass(frozen=True)
class Planted:
    plants: dict[str, Plant]
    users: dict[str, User]


def _plant(app, matrix) -> Planted:
    names, users = matrix.names, matrix.users
    with app.app_context():
        a, b, c = (db.session.get(Course, names[key].id) for key in "ABC")
        owner, enrolled, member, admin = (
            db.session.get(User, users[persona].id)
            for persona in ("owner", "enrolled", "member", "admin")
        )
        items: dict[str, tuple[object, str, frozenset[str], bool]] = {}

        def recipe(course, title, text, word, scope, suggested=False):
            item = Recipe(course=course, title=title, recipe_text=text, position=9)
            db.session.add(item)
            db.session.flush()
            items[word] = (item, RECIPES, scope, suggested)
            return item

        def lesson(course, title, description, word, scope, *, preview=False, suggested=False):
            item = Lesson(
                course=course,
                title=title,
                description=description,
                position=9,
                is_preview=preview,
            )
            db.session.add(item)
            db.session.flush()
            items[word] = (item, LESSONS, scope, suggested)
            return item

        def comment(course, author, text, word, scope, parent=None):
            item = forum.post_comment(course, author, text, parent_id=parent and parent.id)
            items[word] = (item, FORUM, scope, False)
            return item

        # Recipes of a course: its students only.
        recipe(
            b,
            "Tarta de zarzamorificado",
            "Masa sablée y crema.",
            "zarzamorificado",
            COURSE_B,
            suggested=True,
        )
        recipe(
            b,
            "Budín de limón",
            "Ingredientes: 200 g de almendrusquela, 3 huevos, lumbrequesa rallada.\n"
            "1. Batir. 2. Hornear 40 minutos.",
            "almendrusquela",
            COURSE_B,
        )
        recipe(
            a, "Pan de leche", "500 g de harina y 80 g de cascarulenta.", "cascarulenta", COURSE_A
        )
        # Forum comments: the course's students.
        comment(b, member, "¿Alguien probó la pistachoneta en la masa?", "pistachoneta", COURSE_B)
        comment(a, owner, "La frambuelina quedó perfecta en el relleno.", "frambuelina", COURSE_A)
        # Hidden by moderation with the reply under it, and deleted by its author: nobody.
        hidden = comment(a, owner, "Receta de higoturrado para todas.", "higoturrado", NOBODY)
        comment(a, enrolled, "¡Gracias por el nuezmoscadilla!", "nuezmoscadilla", NOBODY, hidden)
        forum.set_comment_hidden(hidden, True)
        deleted = comment(a, owner, "Me salió mal el cardamomino.", "cardamomino", NOBODY)
        forum.delete_comment(deleted)
        # Inactive lessons and recipes: not in the index, for anyone.
        for item in (
            lesson(a, "Lección de quinotejado", "Sobre la guindaflor.", "quinotejado", NOBODY),
            recipe(a, "Tarta de guayabesco", "Con mielcocheta casera.", "guayabesco", NOBODY),
        ):
            items["guindaflor" if isinstance(item, Lesson) else "mielcocheta"] = (
                item,
                LESSONS if isinstance(item, Lesson) else RECIPES,
                NOBODY,
                False,
            )
            item.is_active = False
        db.session.flush()
        # The inactive course: its description, a preview lesson, a recipe, a comment.
        c.description = "Un curso de tamarindulce para el equipo."
        items["tamarindulce"] = (c, COURSES, ADMIN, False)
        lesson(
            c,
            "Lección de carambolita",
            "Bienvenida.",
            "carambolita",
            ADMIN,
            preview=True,
            suggested=True,
        )
        recipe(c, "Receta del equipo", "Con maracuyeta y azúcar.", "maracuyeta", ADMIN)
        comment(c, admin, "Nota del equipo: kinotera para la próxima.", "kinotera", ADMIN)
        # Public: course descriptions, lesson titles, preview lessons' descriptions; a
        # locked lesson's description is for those who can open it.
        a.description = "Un curso de manzanetta para empezar."
        items["manzanetta"] = (a, COURSES, EVERYONE, False)
        lesson(
            b,
            "Hojaldre de lumbrequesa",
            "Con la técnica del pomelazo.",
            "lumbrequesa",
            EVERYONE,
            suggested=True,
        )
        items["pomelazo"] = (items["lumbrequesa"][0], LESSONS, COURSE_B, False)
        lesson(
            a,
            "Bienvenida al curso",
            "Hablamos de la ciruelosa.",
            "ciruelosa",
            EVERYONE,
            preview=True,
        )
        db.session.commit()
        with app.test_request_context():
            plants = {
                word: Plant(word, kind, scope, _url(item), suggested)
                for word, (item, kind, scope, suggested) in items.items()
            }
    return Planted(plants, users)


def _url(item) -> str:
    if isinstance(item, Course):
        return url_for("catalog.course", slug=item.slug)
    if isinstance(item, Lesson):
        return url_for("learn.lesson", slug=item.course.slug, lesson_id=item.id)
    if isinstance(item, Recipe):
        return url_for("learn.recipe", slug=item.course.slug, recipe_id=item.id)
    return url_for("forum.show_comment", comment_id=item.id)


@pytest.fixture(scope="module")
def planted(search_app) -> Planted:
    matrix = build_world(search_app).matrix
    return _plant(search_app, matrix)


@pytest.fixture(scope="module")
def clients(search_app, planted) -> dict:
    """One client per persona, logged in through the login form (the visitor is not)."""
    clients = {"visitor": search_app.test_client()}
    for persona, user in planted.users.items():
        clients[persona] = logged_in_client(search_app, user)
    assert set(clients) == set(PERSONAS)
    return clients


def test_every_kind_of_hiding_place_is_planted(planted):
    plants = planted.plants.values()
    assert len(planted.plants) == 20
    assert {plant.kind for plant in plants} == {COURSES, LESSONS, RECIPES, FORUM}
    assert {plant.scope for plant in plants} == {EVERYONE, COURSE_A, COURSE_B, ADMIN, NOBODY}
    words = [plant.word for plant in plants]
    for word in words:  # each word is found by its own searches only
        others = [other for other in words if other != word]
        assert not any(other.startswith(word[:-3]) for other in others), word


def _leaks_and_misses(client, plant: Plant, allowed: bool) -> tuple[list[str], list[str]]:
    """Search the plant's word in each of its forms on every page: what was shown that
    should not have been, and what should have been found and was not."""
    leaks, misses = [], []
    for typed in plant.variants:
        for kind in KIND_PAGES:
            response = client.get("/buscar", query_string={"q": typed, "tipo": kind})
            assert response.status_code == 200
            body = response.get_data(as_text=True)
            hits = page_hits(body)
            where = f"/buscar?q={typed}&tipo={kind}"
            if not allowed:
                if hits or plant.word in body:
                    leaks.append(f"{where}: {[hit.text[:80] for hit in hits]}")
                continue
            if kind not in ("", plant.kind):
                continue
            # On the kind's page it comes first; among every kind, it is listed.
            found = [hit for hit in (hits[:1] if kind else hits) if hit.url == plant.url]
            if not found or plant.word not in found[0].text.lower():
                misses.append(f"{where}: {[hit.text[:80] for hit in hits]}")
        response = client.get("/buscar/sugerencias", query_string={"q": typed})
        assert response.status_code == 200
        suggestions = response.get_json()["sugerencias"]
        where = f"/buscar/sugerencias?q={typed}"
        if not allowed and (suggestions or plant.word in response.get_data(as_text=True)):
            leaks.append(f"{where}: {suggestions}")
        first = suggestions[0]["url"] if suggestions else None
        if allowed and plant.suggested and first != plant.url:
            misses.append(f"{where}: {suggestions}")
    return leaks, misses


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_persona_finds_what_she_may_see_and_nothing_else(clients, planted, persona):
    leaks, misses = [], []
    for plant in planted.plants.values():
        found = _leaks_and_misses(clients[persona], plant, persona in plant.scope)
        leaks += found[0]
        misses += found[1]
    assert not leaks, f"{persona} found words she may not see:\n" + "\n".join(leaks)
    assert not misses, f"{persona} did not find what she may see:\n" + "\n".join(misses)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_locked_lesson_is_found_by_its_title_with_a_lock(clients, planted, persona):
    """Lesson titles are public (the course page lists them): everyone finds the lesson
    of B; whoever cannot open it sees a lock, and neither its description nor the recipe
    of B that shares the word."""
    lesson, recipe_word = planted.plants["lumbrequesa"], "almendrusquela"
    opens = persona in COURSE_B
    response = clients[persona].get("/buscar", query_string={"q": "lumbrequesa"})
    body = response.get_data(as_text=True)
    hits = page_hits(body)
    assert [hit.url for hit in hits if hit.section == "grupo-lecciones"] == [lesson.url]
    assert hits[0].locked is not opens
    assert ("bi-lock-fill" in body, "Bloqueada" in body) == (not opens, not opens)
    assert ("pomelazo" in body, recipe_word in body) == (opens, opens)
    assert [hit.section for hit in hits] == (
        ["grupo-lecciones", "grupo-recetas"] if opens else ["grupo-lecciones"]
    )
    suggestions = clients[persona].get("/buscar/sugerencias?q=lumbreq").get_json()["sugerencias"]
    assert [(s["url"], s["bloqueada"]) for s in suggestions] == [(lesson.url, not opens)]
