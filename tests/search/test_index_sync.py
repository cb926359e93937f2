"""The index follows the content: what admins and students change through the site is found
(or gone) on the next search, in the same transaction, and `flask reindex-search` builds
the very same index from scratch."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, Lesson, Recipe, SearchDocument, SearchKind
from tests.admin.test_lessons_recipes import lesson_data


def found(client, query: str, kind: str | None = None, page: int = 1) -> list[str]:
    """The results listed for `query` (each as its text: title, course, snippet), in order."""
    params = {"q": query} | ({"tipo": kind, "page": page} if kind else {})
    response = client.get("/buscar", query_string=params)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    items = re.findall(r'<li class="search-hit">(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


def found_titles(client, query: str, kind: str | None = None) -> list[str]:
    """The titles of the results (what each result's link says)."""
    return [hit.split(" · ")[0] for hit in found(client, query, kind)]


def anywhere(client, query: str) -> str:
    return " | ".join(found(client, query))


def index_rows(app) -> set[tuple]:
    """The documents, and on SQLite the full-text rows, as comparable tuples."""
    with app.app_context():
        documents = {
            (row.kind, row.item_id, row.course_id, row.public, row.title, row.body)
            for row in db.session.scalars(sa.select(SearchDocument))
        }
        if db.engine.dialect.name == "sqlite":
            fts = db.session.execute(sa.text("SELECT title, body, title_words FROM search_fts"))
            forum = db.session.execute(sa.text("SELECT body, body_words, scope FROM search_forum"))
            return documents | {("fts", *row) for row in fts} | {("forum", *row) for row in forum}
        vectors = db.session.execute(
            sa.text("SELECT kind, item_id, document FROM search_documents")
        )
        return documents | {("tsvector", *row) for row in vectors}


@pytest.fixture
def course(make_course):
    return make_course(title="Tortas de celebración", lessons=1)


@pytest.fixture
def student(client_as, course, grant):
    client = client_as("student", email="abril@example.com", full_name="Abril Soto")
    grant(client.user, course)
    return client


def test_lessons_follow_the_admins_edits(admin_client, client, course, student, fetch):
    base = f"/admin/cursos/{course.id}/lecciones"
    admin_client.post(
        f"{base}/nueva",
        data=lesson_data(title="Glaseado espejo", description="Brillo sin burbujas de aire."),
    )
    lesson = fetch(Lesson, Lesson.title == "Glaseado espejo")
    assert "Glaseado espejo" in anywhere(student, "glaseado")
    assert "Glaseado espejo" in anywhere(student, "burbujas")  # she can open it
    # A visitor finds the locked lesson by its title, not by its description.
    assert "Bloqueada: Glaseado espejo" in anywhere(client, "glaseado")
    assert anywhere(client, "burbujas") == ""

    admin_client.post(
        f"{base}/{lesson.id}/editar",
        data=lesson_data(title="Ganache de chocolate", description="Brillo sin burbujas."),
    )
    assert anywhere(student, "glaseado") == ""
    assert "Ganache de chocolate" in anywhere(student, "ganache")

    admin_client.post(
        f"{base}/{lesson.id}/editar",
        data=lesson_data(title="Ganache de chocolate", is_preview="y"),
    )
    assert "Bloqueada" not in anywhere(client, "ganache")  # a preview: open to everyone
    assert "Ganache de chocolate" in anywhere(client, "burbujas")

    admin_client.post(f"{base}/{lesson.id}/editar", data=lesson_data(is_active=""))
    assert anywhere(student, "glaseado") == "" and anywhere(admin_client, "glaseado") == ""
    admin_client.post(f"{base}/{lesson.id}/editar", data=lesson_data())
    assert "Glaseado espejo" in anywhere(admin_client, "glaseado")
    admin_client.post(f"{base}/{lesson.id}/eliminar")
    assert anywhere(admin_client, "glaseado") == ""


def test_recipes_follow_the_admins_edits(app, admin_client, course, student, make_recipe):
    recipe = make_recipe(course, "Bizcochuelo", 1, recipe_text="6 huevos, 180 g de azúcar.")
    base = f"/admin/cursos/{course.id}/recetas/{recipe.id}"
    assert found_titles(student, "azucar", "recetas") == ["Bizcochuelo"]

    admin_client.post(
        f"{base}/editar",
        data={
            "title": "Bizcochuelo de naranja",
            "description": "Húmedo.",
            "recipe_text": "Ralladura de dos naranjas.",
            "is_active": "y",
        },
    )
    assert found_titles(student, "azucar", "recetas") == []
    assert found_titles(student, "ralladura", "recetas") == ["Bizcochuelo de naranja"]

    admin_client.post(f"{base}/editar", data={"title": "Bizcochuelo de naranja", "is_active": ""})
    assert found_titles(admin_client, "naranja", "recetas") == []
    admin_client.post(f"{base}/editar", data={"title": "Bizcochuelo de naranja", "is_active": "y"})
    assert found_titles(student, "naranja", "recetas") == ["Bizcochuelo de naranja"]
    admin_client.post(f"{base}/eliminar")
    assert found_titles(admin_client, "naranja", "recetas") == []
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(SearchDocument.id)).where(
                    SearchDocument.kind == SearchKind.RECIPE.value
                )
            )
            == 0
        )


def test_a_course_off_is_gone_for_students_and_deleted_takes_its_documents(
    app, admin_client, course, student, make_recipe
):
    make_recipe(course, "Alfajores", 1, recipe_text="Maicena y dulce de leche.")
    admin_client.post(
        f"/admin/cursos/{course.id}/editar",
        data={
            "title": "Tortas y alfajores",
            "slug": course.slug,
            "description": "Clásicos.",
            "difficulty_level": "BEGINNER",
            "is_active": "y",
        },
    )
    assert "Tortas y alfajores" in anywhere(student, "clasicos")

    admin_client.post(f"/admin/cursos/{course.id}/estado", data={"activo": "0"})
    assert anywhere(student, "maicena") == "" and anywhere(student, "alfajores") == ""
    assert "Alfajores" in anywhere(admin_client, "maicena")  # admins still find it
    admin_client.post(f"/admin/cursos/{course.id}/estado", data={"activo": "1"})
    assert "Alfajores" in anywhere(student, "maicena")

    admin_client.post(f"/admin/cursos/{course.id}/eliminar", data={"confirm_students": "y"})
    assert anywhere(admin_client, "maicena") == ""
    assert index_rows(app) == set()  # the full-text rows went with the documents


def test_forum_comments_follow_posts_edits_deletions_and_moderation(
    app, client_as, admin_client, course, student, grant, fetch
):
    classmate = client_as("student", email="lu@example.com")
    grant(classmate.user, course)
    forum = f"/cursos/{course.slug}/foro"
    student.post(forum, data={"content": "¿Puedo usar manteca clarificada en la ganache?"})
    question = fetch(Comment, Comment.user_id == student.user.id)
    classmate.post(
        forum, data={"content": "Yo usé mantequilla noisette.", "parent_id": question.id}
    )
    answer = fetch(Comment, Comment.user_id == classmate.user.id)
    assert found_titles(classmate, "clarificada", "foro") != []
    assert found_titles(student, "noisette", "foro") != []

    student.post(f"/foro/comentarios/{question.id}/editar", data={"content": "¿Y con aceite?"})
    assert found_titles(classmate, "clarificada", "foro") == []
    assert found_titles(classmate, "aceite", "foro") != []

    # Hidden by moderation: the comment and the replies under it, for everyone.
    admin_client.post(f"/foro/comentarios/{question.id}/moderar", data={"hidden": "1"})
    for client in (student, classmate, admin_client):
        assert found_titles(client, "aceite", "foro") == []
        assert found_titles(client, "noisette", "foro") == []
    admin_client.post(f"/foro/comentarios/{question.id}/moderar", data={"hidden": "0"})
    assert found_titles(student, "noisette", "foro") != []

    classmate.post(f"/foro/comentarios/{answer.id}/eliminar")
    assert found_titles(student, "noisette", "foro") == []
    assert found_titles(classmate, "aceite", "foro") != []


def test_a_rolled_back_change_leaves_the_index_as_it_was(app, course):
    before = index_rows(app)
    with app.app_context():
        db.session.add(Recipe(course_id=course.id, title="Merengue suizo", position=9))
        db.session.get(Course, course.id).title = "Otro título"
        db.session.flush()
        assert (
            db.session.scalar(
                sa.select(sa.func.count(SearchDocument.id)).where(
                    SearchDocument.title == "Merengue suizo"
                )
            )
            == 1
        )  # the flush indexed it, in the transaction
        db.session.rollback()
    assert index_rows(app) == before


def test_reindex_builds_the_same_index(app, admin_client, course, student, make_recipe, client):
    make_recipe(course, "Lemon pie", 1, recipe_text="Jugo de limón y merengue italiano.")
    student.post(f"/cursos/{course.slug}/foro", data={"content": "¡Me salió perfecto el merengue!"})
    built = index_rows(app)
    assert len(built) > 4

    runner = app.test_cli_runner()
    kept = runner.invoke(args=["reindex-search", "--if-empty"])
    assert kept.exit_code == 0 and "ya está construido" in kept.output
    with app.app_context():
        db.session.execute(sa.delete(SearchDocument))  # as a restored database would be
        db.session.commit()
    assert found_titles(student, "merengue", "recetas") == []
    result = runner.invoke(args=["reindex-search", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "documentos indexados" in result.output
    assert index_rows(app) == built
    assert found_titles(student, "merengue", "recetas") == ["Lemon pie"]
