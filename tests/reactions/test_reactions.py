"""Reactions on forum comments and bakes, through HTTP: with and without JavaScript,
idempotent, refused where the item cannot be reacted to, and a forum page that costs the
same number of queries however many reactions it shows."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Bake, Comment, Reaction, ReactionKind
from tests.forum.support import add_comment, count_queries, forum_url
from tests.helpers import logged_in_client

JSON = {"Accept": "application/json"}


def comment_url(comment_id: int) -> str:
    return f"/foro/comentarios/{comment_id}/reaccion"


def bake_url(bake_id: int) -> str:
    return f"/lo-hice/{bake_id}/reaccion"


def add_bake(app, course, user, *, is_active: bool = True) -> int:
    with app.app_context():
        bake = Bake(
            course_id=course.id, user_id=user.id, text="Me salieron así", is_active=is_active
        )
        db.session.add(bake)
        db.session.commit()
        return bake.id


def reactions_of(app, **target) -> list[tuple[int, str]]:
    ((column, value),) = target.items()
    with app.app_context():
        query = sa.select(Reaction.user_id, Reaction.kind).where(getattr(Reaction, column) == value)
        return sorted((user_id, kind.value) for user_id, kind in db.session.execute(query))


# --- Forum comments ------------------------------------------------------------------------


def test_a_form_post_turns_a_reaction_on_and_off_and_returns_to_the_comment(
    app, course, ana, bruno, client_as
):
    comment_id = add_comment(app, course, ana, "Mis alfajores")
    client = client_as(bruno)
    answer = client.post(comment_url(comment_id), data={"kind": "antojo", "on": "1"})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"#comentario-{comment_id}")
    assert reactions_of(app, comment_id=comment_id) == [(bruno.id, "antojo")]

    page = client.get(forum_url(course)).get_data(as_text=True)
    pressed = re.search(r'aria-pressed="true" title="Antojo: ([^"]+)"', page)
    assert pressed and pressed.group(1) == "Bruno"
    assert 'name="on" value="0"' in page  # the next press takes it off

    client.post(comment_url(comment_id), data={"kind": "antojo", "on": "0"})
    assert reactions_of(app, comment_id=comment_id) == []


def test_without_a_wanted_state_the_post_toggles(app, course, ana, bruno, client_as):
    comment_id = add_comment(app, course, ana)
    client = client_as(bruno)
    client.post(comment_url(comment_id), data={"kind": "encanta"})
    assert reactions_of(app, comment_id=comment_id) == [(bruno.id, "encanta")]
    client.post(comment_url(comment_id), data={"kind": "encanta"})
    assert reactions_of(app, comment_id=comment_id) == []


def test_json_answer_gives_the_count_mine_and_who(app, course, ana, bruno, client_as):
    comment_id = add_comment(app, course, ana)
    client_as(ana).post(comment_url(comment_id), data={"kind": "aplausos", "on": "1"})
    answer = client_as(bruno).post(
        comment_url(comment_id), data={"kind": "aplausos", "on": "1"}, headers=JSON
    )
    assert answer.status_code == 200
    assert answer.json == {"kind": "aplausos", "on": True, "count": 2, "who": "Ana y Bruno"}


def test_double_submit_and_kinds_are_one_per_person(app, course, ana, bruno, client_as):
    comment_id = add_comment(app, course, ana)
    client = client_as(bruno)
    for _ in range(2):
        assert (
            client.post(comment_url(comment_id), data={"kind": "antojo", "on": "1"}).status_code
            == 302
        )
    client.post(comment_url(comment_id), data={"kind": "aplausos", "on": "1"})
    assert reactions_of(app, comment_id=comment_id) == [
        (bruno.id, "antojo"),
        (bruno.id, "aplausos"),
    ]
    for _ in range(2):
        assert (
            client.post(comment_url(comment_id), data={"kind": "antojo", "on": "0"}).status_code
            == 302
        )
    assert reactions_of(app, comment_id=comment_id) == [(bruno.id, "aplausos")]


def test_a_race_of_two_equal_reactions_keeps_one_row(app, course, ana, bruno):
    """The second insert of the same reaction meets the unique constraint and does nothing."""
    from dulcevicio.services import reactions

    comment_id = add_comment(app, course, ana)
    with app.app_context():
        user = db.session.get(type(bruno), bruno.id)
        reactions.set_reaction(user, "comment", comment_id, ReactionKind.ANTOJO, True)
        reactions.set_reaction(user, "comment", comment_id, ReactionKind.ANTOJO, True)
        db.session.commit()
    assert reactions_of(app, comment_id=comment_id) == [(bruno.id, "antojo")]


@pytest.mark.parametrize(
    "data", [{"kind": "enojo"}, {"kind": ""}, {}, {"kind": "antojo", "on": "2"}, {"kind": "ANTOJO"}]
)
def test_unknown_kinds_and_states_are_400(app, course, ana, bruno, client_as, data):
    comment_id = add_comment(app, course, ana)
    assert client_as(bruno).post(comment_url(comment_id), data=data).status_code == 400
    assert reactions_of(app, comment_id=comment_id) == []


def test_hidden_deleted_missing_and_inaccessible_comments_are_refused(
    app, course, ana, bruno, client_as, make_user, admin
):
    hidden = add_comment(app, course, ana, is_active=False)
    under_hidden = add_comment(app, course, ana, parent=hidden)
    deleted = add_comment(app, course, ana, is_deleted=True)
    visible = add_comment(app, course, ana)
    client = client_as(bruno)
    for comment_id in (hidden, under_hidden, deleted, 99_999):
        assert client.post(comment_url(comment_id), data={"kind": "antojo"}).status_code == 404
    # Admins see hidden comments, but nobody reacts to them.
    assert client_as(admin).post(comment_url(hidden), data={"kind": "antojo"}).status_code == 404
    # A student without access gets the locked page, like the forum's.
    outsider = client_as(make_user(email="fuera@example.com"))
    assert outsider.post(comment_url(visible), data={"kind": "antojo"}).status_code == 403
    # Visitors log in first.
    answer = app.test_client().post(comment_url(visible), data={"kind": "antojo"})
    assert answer.status_code == 302 and "/ingresar" in answer.headers["Location"]
    assert reactions_of(app, comment_id=visible) == []


def test_only_same_site_next_is_followed(app, course, ana, bruno, client_as):
    comment_id = add_comment(app, course, ana)
    client = client_as(bruno)
    answer = client.post(comment_url(comment_id), data={"kind": "antojo", "next": "//evil.example"})
    assert answer.headers["Location"].endswith(f"#comentario-{comment_id}")
    here = forum_url(course) + f"#comentario-{comment_id}"
    answer = client.post(comment_url(comment_id), data={"kind": "antojo", "next": here})
    assert answer.headers["Location"] == here


def test_the_bar_names_who_reacted(app, course, ana, bruno, client_as, make_user, grant):
    comment_id = add_comment(app, course, ana)
    for number in range(12):
        student = make_user(full_name=f"Persona{number} Apellido")
        grant(student, course)
        client_as(student).post(comment_url(comment_id), data={"kind": "encanta", "on": "1"})
    page = client_as(bruno).get(forum_url(course)).get_data(as_text=True)
    assert "Persona0, Persona1" in page and "y 2 más" in page
    assert '<span class="reaction-count" data-reaction-count>12</span>' in page
    assert "Quién reaccionó" in page


def test_forum_queries_do_not_grow_with_reactions(
    app, course, ana, bruno, client_as, make_user, grant, make_course
):
    few, many = make_course(title="Pocas"), make_course(title="Muchas")
    people = [make_user(full_name=f"Fan{number}") for number in range(8)]
    for person in (*people, ana, bruno):
        grant(person, few)
        grant(person, many)
    with app.app_context():
        add = []
        for target, threads in ((few, 1), (many, 10)):
            for number in range(threads):
                root = Comment(course_id=target.id, user_id=ana.id, content=f"Hilo {number}")
                db.session.add(root)
                db.session.flush()
                reply = Comment(
                    course_id=target.id, user_id=bruno.id, content="Respuesta", parent_id=root.id
                )
                db.session.add(reply)
                db.session.flush()
                if target is many:
                    for person in people:
                        for kind in ReactionKind:
                            add.append(Reaction(user_id=person.id, comment_id=root.id, kind=kind))
                            add.append(Reaction(user_id=person.id, comment_id=reply.id, kind=kind))
        db.session.add_all(add)
        db.session.commit()
    client = client_as(ana)
    client.get(forum_url(few))  # warm up
    one, _ = count_queries(app, client, forum_url(few))
    ten, page = count_queries(app, client, forum_url(many))
    assert page.count("data-reaction-count>8<") == 10 * 2 * 3
    assert one == ten


# --- Bakes ---------------------------------------------------------------------------------


def test_reacting_to_a_bake_with_and_without_javascript(app, course, ana, bruno, client_as):
    bake_id = add_bake(app, course, ana)
    client = client_as(bruno)
    answer = client.post(bake_url(bake_id), data={"kind": "aplausos", "on": "1"})
    assert answer.status_code == 302 and f"horneado-{bake_id}" in answer.headers["Location"]
    answer = client.post(bake_url(bake_id), data={"kind": "encanta", "on": "1"}, headers=JSON)
    assert answer.json == {"kind": "encanta", "on": True, "count": 1, "who": "Bruno"}
    assert reactions_of(app, bake_id=bake_id) == [(bruno.id, "aplausos"), (bruno.id, "encanta")]
    answer = client.post(bake_url(bake_id), data={"kind": "encanta", "on": "0"}, headers=JSON)
    assert answer.json == {"kind": "encanta", "on": False, "count": 0, "who": "Nadie todavía"}


def test_hidden_missing_and_inaccessible_bakes_are_refused(
    app, course, ana, bruno, client_as, make_user, make_course, grant, admin
):
    hidden = add_bake(app, course, ana, is_active=False)
    visible = add_bake(app, course, ana)
    client = client_as(bruno)
    assert client.post(bake_url(hidden), data={"kind": "antojo"}).status_code == 404
    assert client_as(admin).post(bake_url(hidden), data={"kind": "antojo"}).status_code == 404
    assert client.post(bake_url(99_999), data={"kind": "antojo"}).status_code == 404
    assert client.post(bake_url(visible), data={"kind": "mal"}).status_code == 400
    outsider = client_as(make_user(email="fuera@example.com"))
    assert outsider.post(bake_url(visible), data={"kind": "antojo"}).status_code == 403
    expired = make_user(email="vencida@example.com")
    grant(expired, course, is_active=False)
    assert client_as(expired).post(bake_url(visible), data={"kind": "antojo"}).status_code == 403
    inactive = make_course(title="Cerrado", is_active=False)
    grant(ana, inactive)
    closed = add_bake(app, inactive, ana)
    assert client_as(ana).post(bake_url(closed), data={"kind": "antojo"}).status_code == 404
    assert reactions_of(app, bake_id=visible) == []


def test_the_gallery_shows_each_bakes_bar_in_a_fixed_number_of_queries(
    app, course, ana, bruno, client_as, make_user, grant, make_course
):
    few, many = make_course(title="Pocos"), make_course(title="Muchos")
    fans = [make_user(full_name=f"Fan{number}") for number in range(6)]
    for person in (*fans, ana, bruno):
        grant(person, few)
        grant(person, many)
    add_bake(app, few, ana)
    bake_ids = [add_bake(app, many, ana) for _ in range(8)]
    hidden = add_bake(app, many, ana, is_active=False)
    with app.app_context():
        db.session.add_all(
            Reaction(user_id=fan.id, bake_id=bake_id, kind=kind)
            for bake_id in bake_ids
            for fan in fans
            for kind in ReactionKind
        )
        db.session.commit()
    client = client_as(bruno)
    client.get(f"/cursos/{few.slug}/lo-hice")  # warm up
    one, _ = count_queries(app, client, f"/cursos/{few.slug}/lo-hice")
    eight, page = count_queries(app, client, f"/cursos/{many.slug}/lo-hice")
    assert page.count("data-reaction-count>6<") == 8 * 3
    assert f"/lo-hice/{hidden}/reaccion" not in page
    assert "js/reactions.js" in page
    assert one == eight


def test_the_script_posts_with_the_pages_token(app_factory, course, ana, bruno):
    """With CSRF on (as in production): no token is a 400, the meta tag's token in the
    X-CSRFToken header (what reactions.js sends) is accepted."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    comment_id = add_comment(app, course, ana)
    client = logged_in_client(app, bruno)
    assert (
        client.post(comment_url(comment_id), data={"kind": "antojo"}, headers=JSON).status_code
        == 400
    )
    page = client.get(forum_url(course)).get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    answer = client.post(
        comment_url(comment_id),
        data={"kind": "antojo", "on": "1"},
        headers={**JSON, "X-CSRFToken": token},
    )
    assert answer.status_code == 200 and answer.json["count"] == 1
