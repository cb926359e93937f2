"""CLI commands through Flask's test runner."""

import sqlalchemy as sa

from dulcevicio.demo.seed import ADMIN, DEMO_PAYMENTS, DEMO_STUDENTS, MEMBER, STUDENT
from dulcevicio.extensions import db
from dulcevicio.models import (
    Certificate,
    Comment,
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Membership,
    Payment,
    Recipe,
    Role,
    User,
)
from dulcevicio.services import grants, storage
from dulcevicio.services.grants import ENROLLMENT, MEMBERSHIP
from dulcevicio.services.storage import MediaKind
from tests.helpers import count_rows, submit_login
from tests.search.test_index_sync import found


def test_create_admin_with_flags(app):
    result = app.test_cli_runner().invoke(
        args=[
            "create-admin",
            "--email",
            "Jefa@Example.com",
            "--name",
            "Jefa",
            "--password",
            "clave-de-jefa",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Administrador creado: jefa@example.com" in result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "jefa@example.com"))
        assert user.role is Role.ADMIN
    assert submit_login(app.test_client(), "jefa@example.com", "clave-de-jefa").status_code == 302


def test_create_admin_prompts_for_what_is_missing(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin"], input="jefa@example.com\nJefa Pérez\nclave-de-jefa\nclave-de-jefa\n"
    )
    assert result.exit_code == 0, result.output
    assert "clave-de-jefa" not in result.output  # the password is not echoed
    with app.app_context():
        assert (
            db.session.scalar(sa.select(User.full_name).where(User.role == Role.ADMIN))
            == "Jefa Pérez"
        )


def test_create_admin_refuses_bad_input(app, make_user):
    make_user(email="ocupada@example.com")
    runner = app.test_cli_runner()
    duplicate = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "ocupada@example.com",
            "--name",
            "X",
            "--password",
            "clave-larga",
        ]
    )
    assert duplicate.exit_code != 0
    assert "Ya existe una cuenta" in duplicate.output
    bad_email = runner.invoke(
        args=["create-admin", "--email", "no-es-correo", "--name", "X", "--password", "clave-larga"]
    )
    assert bad_email.exit_code != 0
    assert "correo no válido" in bad_email.output
    short = runner.invoke(
        args=["create-admin", "--email", "a@example.com", "--name", "X", "--password", "corta"]
    )
    assert short.exit_code != 0
    assert "entre 8 y 128" in short.output
    assert count_rows(app, User) == 1


def test_seed_demo_is_idempotent_and_its_logins_work(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    for account in (ADMIN, STUDENT, MEMBER):
        assert account.email in first.output and account.password in first.output
    models = (
        User,
        Course,
        Lesson,
        Enrollment,
        Membership,
        LessonProgress,
        Comment,
        Payment,
        Certificate,
    )
    counts = {model: count_rows(app, model) for model in models}
    assert counts[User] == 3 + len(DEMO_STUDENTS) == 13
    assert (counts[Course], counts[Lesson]) == (3, 17)
    # The demo student: two courses in force and one whose access ended last week.
    assert counts[Enrollment] == 3 + sum(len(demo.enrollments) for demo in DEMO_STUDENTS)
    assert counts[Membership] == 1 + sum(1 for demo in DEMO_STUDENTS if demo.membership)
    assert counts[LessonProgress] > 0
    assert counts[Comment] > 0
    assert counts[Payment] == len(DEMO_PAYMENTS)
    assert counts[Certificate] >= 1  # the demo student completed her second course
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert {model: count_rows(app, model) for model in counts} == counts

    student = app.test_client()
    assert submit_login(student, STUDENT.email, STUDENT.password).status_code == 302
    page = student.get("/mis-cursos").get_data(as_text=True)
    assert "Pan de masa madre desde cero" in page
    # Her access to the third course ended: it stays, locked, with the renewal button.
    assert "Tortas de celebración" in page and "Tu acceso terminó el" in page
    assert "Renovar por WhatsApp" in page
    assert "Confirmar mi nombre" in student.get("/mis-certificados").get_data(as_text=True)
    # The demo's business number: every WhatsApp button shows on a first run.
    assert "https://wa.me/525555123456?text=" in app.test_client().get("/").get_data(as_text=True)
    member = app.test_client()
    submit_login(member, MEMBER.email, MEMBER.password)
    assert "Tortas de celebración" in member.get("/mis-cursos").get_data(as_text=True)
    admin = app.test_client()
    assert submit_login(admin, ADMIN.email, ADMIN.password).headers["Location"] == "/admin/"
    # Every demo recipe is structured; the sponge cake scales by servings and by mould,
    # and its oven step opens a lesson at a second.
    with app.app_context():
        recipes = db.session.scalars(sa.select(Recipe)).all()
        assert recipes and all(recipe.structure for recipe in recipes)
        sponge = next(recipe for recipe in recipes if recipe.title == "Bizcocho de vainilla")
        assert sponge.structure.yield_amount == 10 and sponge.structure.mould
        assert any(step.lesson_id and step.second for step in sponge.structure.steps)
        slug, sponge_id = sponge.course.slug, sponge.id
    page = member.get(f"/cursos/{slug}/recetas/{sponge_id}").get_data(as_text=True)
    assert "Modo cocina" in page and 'data-base-yield="10"' in page
    # Each course has its own cover; every resume point is inside its lesson's video.
    with app.app_context():
        covers = db.session.scalars(sa.select(Course.thumbnail_public_id)).all()
        stored = storage.get_storage()
        assert len({stored.read(MediaKind.THUMBNAIL, cover) for cover in covers}) == 3
        resumes = db.session.execute(
            sa.select(LessonProgress.last_watched_position, Lesson.video_duration_seconds)
            .join(Lesson)
            .where(LessonProgress.last_watched_position > 0)
        ).all()
        assert resumes and all(0 < at < (duration or 0) for at, duration in resumes)


def test_seed_demo_restores_a_changed_demo_password(app, client_as):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo", "--skip-videos"])
    client = client_as(STUDENT, password=STUDENT.password)
    client.post(
        "/cuenta/clave",
        data={
            "current_password": STUDENT.password,
            "password": "otra-clave-123",
            "confirm": "otra-clave-123",
        },
    )
    runner.invoke(args=["seed-demo", "--skip-videos"])
    assert submit_login(app.test_client(), STUDENT.email, STUDENT.password).status_code == 302


def test_password_link_prints_a_working_link(app, make_user):
    make_user(email="nueva@example.com", password=None)
    result = app.test_cli_runner().invoke(args=["password-link", "nueva@example.com"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("/clave/")
    client = app.test_client()
    response = client.post(link, data={"password": "mi-clave-nueva", "confirm": "mi-clave-nueva"})
    assert response.status_code == 302


def test_password_link_for_unknown_email(app):
    result = app.test_cli_runner().invoke(args=["password-link", "nadie@example.com"])
    assert result.exit_code != 0
    assert "No existe una cuenta" in result.output


def test_seed_demo_fills_every_admin_dashboard(app, client_as):
    """Enrollments and memberships in every state, some ending this week, and progress."""
    app.test_cli_runner().invoke(args=["seed-demo"])
    with app.app_context():
        enrollments = db.session.scalars(sa.select(Enrollment)).all()
        memberships = db.session.scalars(sa.select(Membership)).all()
        assert {grants.status(e) for e in enrollments} == set(ENROLLMENT.statuses)
        assert {grants.status(m) for m in memberships} == set(MEMBERSHIP.statuses)
    admin = client_as(ADMIN, password=ADMIN.password)
    overview = admin.get("/admin/").get_data(as_text=True)
    assert "Martina López" in overview  # an enrollment ending within 7 days
    assert "Daniela Castro" in overview  # a membership ending within 7 days
    users_page = admin.get("/admin/usuarios").get_data(as_text=True)
    assert "Lucía Fernández" in users_page and "Sin contraseña" in users_page
    assert "harina integral" in overview  # a question still waiting for the team


def test_seed_demo_starts_forum_conversations(app, client_as):
    app.test_cli_runner().invoke(args=["seed-demo", "--skip-videos"])
    student = client_as(STUDENT, password=STUDENT.password)
    forum = student.get("/cursos/pan-de-masa-madre/foro").get_data(as_text=True)
    assert "La mía burbujea poco" in forum
    assert "Equipo DulceVicio" in forum  # the team's answer carries its badge
    assert "harina integral" in forum
    admin = client_as(ADMIN, password=ADMIN.password)
    unanswered = admin.get("/admin/foro", query_string={"filtro": "sin-respuesta"})
    assert "¿Con cuánta anticipación" in unanswered.get_data(as_text=True)


def test_seed_demo_writes_its_comments_in_date_order(app, client_as):
    """The search lists the forum newest first by the order comments were written: the
    demo's comments, backdated, are written oldest first across every forum."""
    app.test_cli_runner().invoke(args=["seed-demo", "--skip-videos"])
    with app.app_context():
        written = db.session.execute(sa.select(Comment.created_at).order_by(Comment.id))
        dates = [row.created_at for row in written]
    assert len(dates) > 5 and dates == sorted(dates)
    student = client_as(STUDENT, password=STUDENT.password)
    hits = found(student, "masa", "foro")
    assert "Les comparto mi primer pan" in hits[0]  # written 5 hours ago
    assert "La mía burbujea poco" in hits[-1]  # 3 days ago
