"""The search pages through HTTP: groups and pages of results, empty and odd queries, the
suggestions' JSON and rate limit, a fixed number of queries, a comment's own address."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, Recipe, utcnow
from tests.admin.conftest import counting_queries
from tests.search.test_index_sync import found, found_titles


def many_recipes(app, course, count: int, word: str = "merengue") -> None:
    with app.app_context():
        db.session.add_all(
            Recipe(
                course_id=course.id,
                title=f"Receta {number:02d}",
                position=number,
                recipe_text=f"Paso {number}: batir el {word} a punto de nieve.",
            )
            for number in range(count)
        )
        db.session.commit()


def test_every_group_shows_its_best_and_links_to_all_of_it(app, admin_client, make_course):
    course = make_course(title="Merengues y mousses", lessons=1)
    many_recipes(app, course, 25)
    html = admin_client.get("/buscar?q=merengue").get_data(as_text=True)
    assert "26 resultados para «merengue»" in html  # the course and 25 recipes
    assert "Recetas (25)" in html and "Cursos (1)" in html and "Lecciones (" not in html
    assert len(re.findall(r"<li class=\"search-hit\">", html)) == 1 + 3
    assert 'href="/buscar?q=merengue&amp;tipo=recetas">Ver los 25 resultados de recetas' in html

    first = found_titles(admin_client, "merengue", "recetas")
    second = admin_client.get("/buscar?q=merengue&tipo=recetas&page=2").get_data(as_text=True)
    assert len(first) == 20
    assert "página 2 de 2" in second
    assert len(re.findall(r'<li class="search-hit">', second)) == 5
    beyond = admin_client.get("/buscar?q=merengue&tipo=recetas&page=9")
    assert beyond.status_code == 200
    assert "search-hit" not in beyond.get_data(as_text=True)


def test_the_words_found_are_marked_in_titles_and_snippets(app, admin_client, make_course):
    course = make_course(title="Pastelería", lessons=1)
    with app.app_context():
        db.session.add(
            Recipe(
                course_id=course.id,
                title="Merengue italiano",
                recipe_text="Cocina el almíbar a 118 °C y viértelo sobre las claras batidas.",
            )
        )
        db.session.commit()
    html = admin_client.get("/buscar?q=almibar claras&tipo=recetas").get_data(as_text=True)
    assert "<mark>almíbar</mark>" in html and "<mark>claras</mark>" in html
    assert "Merengue italiano" in html


def test_queries_with_nothing_to_search_get_a_normal_page(client, make_course):
    make_course(title="Panes", lessons=1)
    empty = client.get("/buscar").get_data(as_text=True)
    assert "Escribe una palabra" in empty and "Nuestros cursos" in empty
    for query in ("de la", "¡¡¡", '""'):
        page = client.get("/buscar", query_string={"q": query}).get_data(as_text=True)
        assert "no tiene palabras que podamos buscar" in page
    nothing = client.get("/buscar?q=zanahoriazzz").get_data(as_text=True)
    assert "No encontramos nada para «zanahoriazzz»" in nothing
    assert "Nuestros cursos" in nothing and "Panes" in nothing  # courses to try instead


def test_the_query_is_shown_back_escaped(client):
    response = client.get("/buscar", query_string={"q": '<img src=x onerror=alert(1)> "torta"'})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &#34;torta&#34;" in html


def test_some_words_when_no_result_has_every_word(app, admin_client, make_course):
    course = make_course(title="Galletas", lessons=1)
    many_recipes(app, course, 2, word="chocolate")
    html = admin_client.get("/buscar?q=chocolate zapallo").get_data(as_text=True)
    assert "Ningún resultado tiene todas las palabras; estos tienen alguna." in html
    assert "Receta 00" in html


def test_with_some_words_the_recipe_with_the_most_of_them_comes_first(
    app, admin_client, make_course
):
    course = make_course(title="Postres", lessons=1)
    many_recipes(app, course, 10, word="bizcochuelo")
    texts = {
        "Merengue clásico": "Merengue: bate el merengue, el merengue brilla. " * 4,
        "Pavlova": "Merengue con frutillas frescas encima.",
    }
    with app.app_context():
        for position, (title, text) in enumerate(texts.items()):
            db.session.add(
                Recipe(course_id=course.id, title=title, position=10 + position, recipe_text=text)
            )
        db.session.commit()
    # No recipe has "zapallo": the one with two of the words beats the one that repeats one.
    titles = found_titles(admin_client, "merengue frutillas zapallo", "recetas")
    assert titles == ["Pavlova", "Merengue clásico"]
    # With every word, only the recipe that has them all.
    assert found_titles(admin_client, "merengue frutillas", "recetas") == ["Pavlova"]


def test_suggestions_answer_json_as_the_student_types(app, client, make_course):
    course = make_course(title="Repostería francesa", lessons=2)
    with app.app_context():
        stored = db.session.get(Course, course.id)
        stored.lessons[1].title = "Merengue italiano"
        db.session.commit()
        lesson_id = stored.lessons[1].id
    answer = client.get("/buscar/sugerencias?q=mereng")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    (suggestion,) = answer.get_json()["sugerencias"]
    assert suggestion == {
        "titulo": "Merengue italiano",
        "tipo": "Lección",
        "curso": "Repostería francesa",
        "url": f"/cursos/{course.slug}/lecciones/{lesson_id}",
        "bloqueada": True,
    }
    assert client.get("/buscar/sugerencias?q=merengeu").get_json() == answer.get_json()
    assert client.get("/buscar/sugerencias").get_json() == {"sugerencias": []}
    assert client.get("/buscar/sugerencias?q=%22*%20NEAR").get_json() == {"sugerencias": []}


def test_suggestions_are_rate_limited(app_factory, make_course):
    limited = app_factory(RATELIMIT_SEARCH_SUGGESTIONS="3 per minute")
    client = limited.test_client()
    answers = [client.get("/buscar/sugerencias?q=torta") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[-1].headers["Retry-After"] == "60"  # the minute's window, at most
    assert "Demasiados intentos" in answers[-1].get_data(as_text=True)
    assert "X-RateLimit-Remaining" not in answers[0].headers  # no storage round trips for it
    assert client.get("/buscar?q=torta").status_code == 200  # the results page is not


@pytest.mark.parametrize("url", ["/buscar?q=merengue chocolte", "/buscar/sugerencias?q=meren"])
def test_a_search_costs_the_same_queries_however_much_it_finds(
    app, client_as, grant, make_course, url
):
    small, big = make_course(lessons=2), make_course(lessons=2)
    many_recipes(app, small, 2, word="merengue de chocolate")
    many_recipes(app, big, 40, word="merengue de chocolate")
    student = client_as("student")
    grant(student.user, small)
    with counting_queries(app) as few:
        student.get(url)
    grant(student.user, big)
    with counting_queries(app) as many:
        student.get(url)
    assert len(few) == len(many)
    searching = [q for q in many if "search_" in q or "content_versions" in q]
    assert len(searching) == 3  # the index's version, the vocabulary, the results
    with counting_queries(app) as again:
        student.get(url)
    assert [q for q in again if "search_" in q or "content_versions" in q] == searching[
        :1
    ]  # answered from the cache
    assert len(again) == len(many) - 2


def test_a_change_on_another_process_is_found_at_once(app_factory, make_course, client_as, grant):
    """Two apps on one database stand for two dynos: each keeps its own answers."""
    first, second = app_factory(), app_factory()
    course = make_course(title="Panes", lessons=1)
    student = client_as("student", app=first)
    admin = client_as("admin", app=second)
    grant(student.user, course)
    assert found_titles(student, "brioche", "recetas") == []
    assert found_titles(student, "brioche", "recetas") == []  # remembered by the first
    with second.app_context():
        db.session.add(Recipe(course_id=course.id, title="Brioche", recipe_text="Manteca."))
        db.session.commit()
        recipe_id = db.session.scalar(sa.select(Recipe.id))
    assert found_titles(student, "brioche", "recetas") == ["Brioche"]
    admin.post(
        f"/admin/cursos/{course.id}/recetas/{recipe_id}/editar",
        data={"title": "Pan de leche", "recipe_text": "Manteca.", "is_active": "y"},
    )
    assert found_titles(student, "brioche", "recetas") == []
    assert found_titles(student, "leche", "recetas") == ["Pan de leche"]


def test_a_comment_link_opens_its_threads_page(app, client_as, grant, make_course):
    course = make_course(lessons=1)
    student = client_as("student")
    grant(student.user, course)
    with app.app_context():
        now = utcnow()
        threads = [
            Comment(
                course_id=course.id, user_id=student.user.id, content=f"Hilo {n}", created_at=now
            )
            for n in range(25)
        ]
        db.session.add_all(threads)
        db.session.flush()
        reply = Comment(
            course_id=course.id, user_id=student.user.id, parent_id=threads[0].id, content="Sí"
        )
        db.session.add(reply)
        db.session.commit()
        oldest, newest, reply_id = threads[0].id, threads[-1].id, reply.id
    # Threads are newest first, 20 a page; equal times are ordered by id.
    for comment_id, page in ((newest, None), (oldest, 2), (reply_id, 2)):
        location = student.get(f"/foro/comentarios/{comment_id}").headers["Location"]
        query = f"?page={page}" if page else ""
        assert location == f"/cursos/{course.slug}/foro{query}#comentario-{comment_id}"
    html = student.get(f"/cursos/{course.slug}/foro?page=2").get_data(as_text=True)
    assert f'id="comentario-{oldest}"' in html and f'id="comentario-{reply_id}"' in html


def test_every_page_has_the_search_box(client, admin_client):
    for page in (client.get("/"), admin_client.get("/admin/")):
        html = page.get_data(as_text=True)
        assert '<form class="site-search' in html and 'action="/buscar"' in html
        assert 'role="combobox"' in html and 'data-suggestions-url="/buscar/sugerencias"' in html


def test_results_list_forum_comments_with_their_author(app, client_as, grant, make_course):
    course = make_course(title="Panes", lessons=1)
    student = client_as("student", full_name="Abril Soto")
    grant(student.user, course)
    student.post(f"/cursos/{course.slug}/foro", data={"content": "Mi masa madre no levanta."})
    (hit,) = found(student, "levanta", "foro")
    assert hit.startswith("Abril Soto en el foro de Panes")
    assert hit.endswith("Mi masa madre no levanta.")


def test_forum_comments_come_newest_first_or_with_the_most_words(
    app, client_as, grant, make_course
):
    course = make_course(title="Merengues", lessons=1)
    student = client_as("student", full_name="Abril Soto")
    grant(student.user, course)
    written = [
        "Mi merengue con frutillas y chocolate blanco quedó muy rico.",
        "El merengue quedó perfecto a la primera.",
        "Mi merengue se baja en el horno, ¿por qué?",
    ]
    for content in written:
        student.post(f"/cursos/{course.slug}/foro", data={"content": content})
    # Every word: the newest first, as the page says.
    hits = found(student, "merengue", "foro")
    assert len(hits) == 3
    assert all(hit.endswith(content) for hit, content in zip(hits, written[::-1], strict=True))
    html = student.get("/buscar?q=merengue").get_data(as_text=True)
    assert "Lo más reciente primero." in html
    # No comment has every word: the one with the most of them first, however old.
    hits = found(student, "merengue frutillas chocolate zapallo", "foro")
    assert hits[0].endswith(written[0]) and len(hits) == 3
    html = student.get("/buscar?q=merengue frutillas chocolate zapallo").get_data(as_text=True)
    assert "Lo más reciente primero." not in html


def test_forum_results_page_through_every_comment_newest_first(app, client_as, grant, make_course):
    course = make_course(title="Merengues", lessons=1)
    student = client_as("student")
    grant(student.user, course)
    with app.app_context():
        for number in range(23):
            db.session.add(
                Comment(course_id=course.id, user_id=student.user.id, content=f"Merengue {number}")
            )
            db.session.flush()  # one at a time: ids in the order written
        db.session.commit()
    newest_first = [f" Merengue {number}" for number in reversed(range(23))]

    def listed(hits: list[str], expected: list[str]) -> bool:
        return len(hits) == len(expected) and all(map(str.endswith, hits, expected))

    html = student.get("/buscar?q=merengue").get_data(as_text=True)
    assert "Foro (23)" in html and "Ver los 23 resultados de foro" in html
    assert listed(found(student, "merengue")[-3:], newest_first[:3])
    assert listed(found(student, "merengue", "foro"), newest_first[:20])
    second = student.get("/buscar?q=merengue&tipo=foro&page=2").get_data(as_text=True)
    assert "página 2 de 2" in second
    assert listed(found(student, "merengue", "foro", page=2), newest_first[20:])


def test_an_unfinished_last_word_is_a_prefix_when_whole_words_find_nothing(
    app, admin_client, make_course
):
    course = make_course(title="Básicos", lessons=1)
    with app.app_context():
        db.session.add(Recipe(course_id=course.id, title="Bizcochuelo", recipe_text="Huevos."))
        db.session.commit()
    assert found_titles(admin_client, "bizcoch", "recetas") == ["Bizcochuelo"]
    html = admin_client.get("/buscar?q=bizcoch&tipo=recetas").get_data(as_text=True)
    assert "<mark>Bizcochuelo</mark>" in html
    assert found_titles(admin_client, "bizcoch.", "recetas") == []  # a finished word
