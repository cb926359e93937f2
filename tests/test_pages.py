"""Landing page, catalog and "Mis cursos" for each kind of visitor."""

import re
from datetime import timedelta

from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson, utcnow


def test_landing_lists_active_courses_in_admin_order(client, make_course):
    first = make_course(title="Panes rústicos")
    make_course(title="Curso oculto", is_active=False)
    second = make_course(title="Galletas decoradas")
    page = client.get("/").get_data(as_text=True)
    assert page.index(first.title) < page.index(second.title)
    assert "Curso oculto" not in page
    assert "Vista previa" in page  # preview lessons are marked
    assert "Lección 1" in page


def test_catalog_cards_follow_every_change(app, client, make_course):
    """The rendered cards are kept per worker, but any change shows on the next request,
    on the landing page and in the catalog alike."""
    first = make_course(title="Panes rústicos")
    second = make_course(title="Galletas decoradas")
    assert "Panes rústicos" in client.get("/").get_data(as_text=True)

    def after(change) -> list[str]:
        with app.app_context():
            change(db.session.get(Course, first.id))
            db.session.commit()
        return [client.get(path).get_data(as_text=True) for path in ("/", "/cursos")]

    for page in after(lambda course: setattr(course, "title", "Panes de masa madre")):
        assert "Panes de masa madre" in page and "Panes rústicos" not in page
    for page in after(lambda course: course.lessons.append(Lesson(title="Amasado", position=9))):
        assert "Amasado" in page
    for page in after(lambda course: setattr(course.lessons[-1], "is_active", False)):
        assert "Amasado" not in page
    for page in after(lambda course: setattr(course, "position", second.position + 1)):
        assert page.index("Galletas decoradas") < page.index("Panes de masa madre")
    for page in after(lambda course: setattr(course, "is_active", False)):
        assert "Panes de masa madre" not in page and "Galletas decoradas" in page
    for page in after(lambda course: setattr(course, "is_active", True)):
        assert "Panes de masa madre" in page
    for page in after(db.session.delete):
        assert "Panes de masa madre" not in page and "Galletas decoradas" in page


def test_landing_redirects_logged_in_users(client_as):
    client = client_as("student", email="alumna@example.com")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/mis-cursos"


def test_catalog_shows_locks_and_whatsapp_request(
    app_factory, make_user, make_course, grant, client_as
):
    student = make_user(email="alumna@example.com")
    open_course = make_course(title="Panes rústicos")
    make_course(title="Galletas decoradas")
    grant(student, open_course)
    client = client_as(student, app=app_factory(WHATSAPP_CONTACT_NUMBER="+52 55 1234 5678"))
    page = client.get("/cursos").get_data(as_text=True)
    assert page.count("Tienes acceso") == 1
    assert page.count("Bloqueado") == 1
    assert "https://wa.me/525512345678?text=" in page
    assert "Galletas%20decoradas" in page
    assert "Panes%20r%C3%BAsticos" not in page  # no request button where there is access


def test_catalog_without_whatsapp_number_has_no_request_button(client, make_course):
    make_course()
    page = client.get("/cursos").get_data(as_text=True)
    assert "Bloqueado" in page
    assert "wa.me" not in page


def test_dashboard_lists_accessible_courses_and_keeps_ended_ones_locked(
    make_user, make_course, grant, client_as
):
    student = make_user(email="alumna@example.com")
    mine = make_course(title="Panes rústicos")
    make_course(title="Galletas decoradas")
    expired = make_course(title="Tortas heladas")
    grant(student, mine)
    grant(student, expired, expires_at=utcnow() - timedelta(seconds=1))
    client = client_as(student)
    page = client.get("/mis-cursos").get_data(as_text=True)
    assert "Panes rústicos" in page
    assert "Galletas decoradas" not in page
    # Access ended: the course stays, locked, without a way into its lessons.
    assert "Tortas heladas" in page
    assert "Tu acceso terminó el" in page
    assert f"/cursos/{expired.slug}/lecciones/" not in page
    assert f"/cursos/{mine.slug}/lecciones/" in page


def test_dashboard_empty_state(client_as):
    client = client_as("student", email="alumna@example.com")
    page = client.get("/mis-cursos").get_data(as_text=True)
    assert "Todavía no tienes cursos" in page


def test_member_sees_every_active_course(make_user, make_course, make_membership, client_as):
    member = make_user(email="socia@example.com")
    make_course(title="Panes rústicos")
    make_course(title="Galletas decoradas")
    make_membership(member, utcnow() - timedelta(days=1), utcnow() + timedelta(days=30))
    client = client_as(member)
    page = client.get("/mis-cursos").get_data(as_text=True)
    assert "Panes rústicos" in page and "Galletas decoradas" in page


def test_navigation_shows_what_the_user_may_use(app, client_as):
    visitor = app.test_client().get("/cursos").get_data(as_text=True)
    assert "Ingresar" in visitor and "Mis cursos" not in visitor and "Administración" not in visitor
    student = client_as("student", email="alumna@example.com")
    page = student.get("/cursos").get_data(as_text=True)
    assert "Mis cursos" in page and "Salir" in page and "Administración" not in page
    admin = client_as("admin", email="jefa@example.com")
    assert "Administración" in admin.get("/cursos").get_data(as_text=True)


def test_admin_overview_counts(make_user, make_course, grant, make_membership, client_as):
    client = client_as("admin", email="jefa@example.com")
    enrolled, member, _idle = make_user(), make_user(), make_user()
    course = make_course()
    make_course()
    grant(enrolled, course)
    make_membership(member, utcnow() - timedelta(days=1), utcnow() + timedelta(days=1))
    page = client.get("/admin/").get_data(as_text=True)
    values = [int(v) for v in re.findall(r'<p class="stat-value mb-0">(\d+)</p>', page)]
    # renewals due this week (the membership ends tomorrow), bakes waiting for feedback,
    # certificates issued this month, then students, with access, memberships in force,
    # courses, lessons completed (7 days)
    assert values == [1, 0, 0, 3, 2, 1, 2, 0]
