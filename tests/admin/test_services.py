"""Admin services without HTTP: dates, slugs, e-mail parsing, ordering."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dulcevicio.extensions import db
from dulcevicio.models import Course
from dulcevicio.services import courses, ordering, periods
from dulcevicio.services.enrollment import parse_emails, read_emails


@pytest.fixture
def mexico(app_factory):
    app = app_factory(APP_TIMEZONE="America/Mexico_City")  # UTC-6, no DST since 2022
    with app.app_context():
        yield app


@pytest.fixture
def madrid(app_factory):
    app = app_factory(APP_TIMEZONE="Europe/Madrid")  # UTC+1, UTC+2 in summer
    with app.app_context():
        yield app


def test_start_and_end_of_a_local_day(mexico):
    day = date(2027, 1, 12)
    assert periods.start_of_day(day) == datetime(2027, 1, 12, 6, 0, tzinfo=UTC)
    assert periods.end_of_day(day) == datetime(2027, 1, 13, 5, 59, 59, 999999, tzinfo=UTC)
    # The end date reads back as the same local day (what |long_date shows).
    assert periods.local_date(periods.end_of_day(day)) == day


def test_local_days_follow_daylight_saving(madrid):
    assert periods.end_of_day(date(2027, 1, 12)).hour == 22  # 23:59 at UTC+1
    assert periods.end_of_day(date(2027, 7, 12)).hour == 21  # 23:59 at UTC+2
    # 30 days across the March change still end at local midnight.
    end = periods.preset_end("30", date(2027, 3, 15))
    assert periods.local_date(end) == date(2027, 4, 14)
    assert end.astimezone(periods.zone()).hour == 23


def test_today_is_the_local_day(mexico):
    late_evening = datetime(2027, 1, 13, 3, 0, tzinfo=UTC)  # 21:00 on the 12th in Mexico City
    assert periods.today(late_evening) == date(2027, 1, 12)


def test_extended_end(mexico):
    now = datetime(2027, 1, 10, 18, 0, tzinfo=UTC)
    future_end = periods.end_of_day(date(2027, 1, 20))
    assert periods.local_date(periods.extended_end(future_end, 10, now)) == date(2027, 1, 30)
    past_end = periods.end_of_day(date(2026, 12, 1))
    assert periods.local_date(periods.extended_end(past_end, 10, now)) == date(2027, 1, 20)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Pâte à choux: ¡fácil!", "pate-a-choux-facil"),
        ("  Tortas   de   Celebración  ", "tortas-de-celebracion"),
        ("Año nuevo 2027", "ano-nuevo-2027"),
        ("🍰🍰", "curso"),
        ("x" * 300, "x" * 180),
    ],
)
def test_slugify(title, slug):
    assert courses.slugify(title) == slug


def test_unique_slug_skips_taken_ones(app, make_course):
    with app.app_context():
        for slug in ("pan", "pan-2", "pan-dulce"):
            db.session.add(Course(title=slug, slug=slug))
        db.session.commit()
        assert courses.unique_slug("Pan") == "pan-3"
        assert courses.unique_slug("Galletas") == "galletas"
        own = db.session.scalar(db.select(Course.id).where(Course.slug == "pan"))
        assert courses.unique_slug("Pan", exclude_id=own) == "pan"


def test_parse_emails():
    text = " Ana@Example.com\r\nbeto@example.com; carla@example.com ,\n\nana@example.com\t"
    assert parse_emails(text) == ["ana@example.com", "beto@example.com", "carla@example.com"]
    assert parse_emails("") == []


def test_only_addresses_are_read_from_pasted_text():
    text = (
        "Hola! Te paso las alumnas de marzo: Ana Pérez <ana@example.com>, "
        "LUIS@Example.com (pagó), y la de Lima: rosa@gmail; gracias. [carla@example.com]"
    )
    pasted = read_emails(text)
    assert pasted.emails == ["ana@example.com", "luis@example.com", "carla@example.com"]
    assert pasted.malformed == ["rosa@gmail"]  # free words are not "unknown e-mails"


def test_move_at_the_ends(app, make_course):
    make_course(title="Uno")
    make_course(title="Dos")
    with app.app_context():
        items = ordering.siblings(Course)
        first, second = items
        assert not ordering.move(first, items, ordering.UP)
        assert not ordering.move(second, items, ordering.DOWN)
        assert ordering.move(first, items, ordering.DOWN)
        assert [(c.title, c.position) for c in items] == [("Dos", 1), ("Uno", 2)]
        db.session.rollback()


def test_end_of_day_needs_no_time_of_day(mexico):
    # A date, never a datetime: the time of day is always decided here.
    assert periods.end_of_day(date(2027, 1, 1)) - periods.start_of_day(date(2027, 1, 1)) == (
        timedelta(days=1) - timedelta(microseconds=1)
    )
