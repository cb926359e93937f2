"""Spanish dates in the app's time zone (America/Mexico_City, UTC-6, in the tests)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from dulcevicio.formatting import long_date, long_datetime, time_ago
from dulcevicio.models import utcnow


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2027, 1, 13, 0, 30, tzinfo=UTC), "12 de enero de 2027, 18:30"),
        (datetime(2027, 9, 1, 13, 5, tzinfo=UTC), "1 de septiembre de 2027, 07:05"),
        (datetime(2026, 6, 1, 6, 0, tzinfo=UTC), "1 de junio de 2026, 00:00"),
        (None, ""),
    ],
)
def test_long_datetime_is_the_local_day_and_time(app, instant, expected):
    with app.app_context():
        assert long_datetime(instant) == expected


def test_long_date_of_an_instant_and_of_a_calendar_day(app):
    with app.app_context():
        assert long_date(datetime(2027, 1, 13, 0, 30, tzinfo=UTC)) == "12 de enero de 2027"
        assert long_date(date(2027, 1, 13)) == "13 de enero de 2027"


def test_time_ago(app):
    with app.app_context():
        assert time_ago(utcnow() - timedelta(days=3)) == "hace 3 días"
        assert time_ago(utcnow() - timedelta(minutes=5)) == "hace 5 minutos"
