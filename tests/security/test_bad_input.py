"""Bad input against every form, upload and URL, from one table of generated cases.

Each form gets a fresh world (its forms part: tests/security/world.py) and plays its cases
one after the other; a test fails with the list of cases that broke a rule. Figures: cases
tried, answers ≥ 500, payloads rendered unescaped, refusals that changed rows or files, and the
time and peak memory of refusing decompression bombs.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from tests.security import bad_files
from tests.security.cases import TABLE
from tests.security.corpus import ACCEPTED, Case, Upload
from tests.security.forms import FORMS
from tests.security.harness import play
from tests.security.world import build_world

SECTION = "Bad input"
BOMB_SECONDS = 2.0
BOMB_MEGABYTES = 150
_worst = {"seconds": 0.0, "megabytes": 0.0}
# The rate limits would stop a corpus long before its end. They are raised, not switched
# off: Flask-Limiter keeps RATELIMIT_ENABLED=False on its one shared instance, which would
# turn the limits off for every app the test session builds afterwards.
RELAXED_LIMITS = {
    f"RATELIMIT_{name}": "100000 per minute"
    for name in ("LOGIN_PER_IP", "LOGIN_PER_ACCOUNT", "SET_PASSWORD", "FORUM_POST")
}


@pytest.fixture
def walk(app_factory):
    app = app_factory(**RELAXED_LIMITS, PROPAGATE_EXCEPTIONS=False)
    return build_world(app).forms


def test_the_table_is_big_enough():
    assert len(TABLE.cases) >= 150
    assert set(TABLE.forms()) == set(FORMS)


@pytest.mark.parametrize("form_name", TABLE.forms())
def test_bad_input(walk, figures, form_name):
    form = FORMS[form_name]
    problems = []
    for case in TABLE.of(form_name):
        outcome = play(form, walk, case, measure=case.bomb)
        figures.add(SECTION, "cases tried")
        figures.add(SECTION, "responses >= 500", outcome.server_errors)
        figures.add(SECTION, "payloads rendered unescaped", outcome.unescaped)
        figures.add(SECTION, "refusals that changed rows or files", outcome.changed_on_refusal)
        if case.bomb:
            figures.add(SECTION, "bombs refused", not outcome.problems)
            _worst["seconds"] = max(_worst["seconds"], outcome.seconds)
            _worst["megabytes"] = max(_worst["megabytes"], outcome.memory_mb)
            figures.set(SECTION, "slowest bomb refusal (s)", round(_worst["seconds"], 3))
            figures.set(SECTION, "largest bomb memory growth (MB)", round(_worst["megabytes"], 1))
            if outcome.seconds >= BOMB_SECONDS:
                outcome.problems.append(f"took {outcome.seconds:.2f} s")
            if outcome.memory_mb >= BOMB_MEGABYTES:
                outcome.problems.append(f"peak memory grew {outcome.memory_mb:.0f} MB")
        problems += [f"{case.id}: {problem}" for problem in outcome.problems]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# Small caps, so that crossing each of them costs a few hundred kilobytes.
CAPS = {
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_RECIPE_UPLOAD_BYTES": 256 * 1024,
    "MAX_VIDEO_UPLOAD_BYTES": 512 * 1024,
}


def _file(size: int) -> tuple:
    return (io.BytesIO(b"\xff\xd8\xff" + b"\x00" * (size - 3)), "grande.jpg")


GLOBAL, RECIPES, VIDEO = "MAX_CONTENT_LENGTH", "MAX_RECIPE_UPLOAD_BYTES", "MAX_VIDEO_UPLOAD_BYTES"
BODIES = {
    # name: (who, url template, cap, field, kind)
    "login": ("visitor", "/ingresar", GLOBAL, "login", "text"),
    "avatar": ("student", "/cuenta", GLOBAL, "avatar", "file"),
    "forum post": ("student", "/cursos/{slug}/foro", GLOBAL, "content", "text"),
    "progress JSON": ("student", "/lecciones/{lesson_id}/progreso", GLOBAL, "", "json"),
    "bulk e-mails": ("admin", "/admin/inscripciones/masiva", GLOBAL, "emails", "text"),
    "new course cover": ("admin", "/admin/cursos/nuevo", GLOBAL, "thumbnail", "file"),
    "course cover": ("admin", "/admin/cursos/{course_id}/editar", GLOBAL, "thumbnail", "file"),
    "recipes": ("admin", "/admin/cursos/{course_id}/recetas/subir", RECIPES, "images", "file"),
    "recipe photo": ("admin", "/admin/recetas/{recipe_id}/imagen", RECIPES, "image", "file"),
    "lesson video": ("admin", "/admin/lecciones/{lesson_id}/video", VIDEO, "video", "file"),
}


def _post(client, url: str, field: str, kind: str, size: int):
    if kind == "json":
        return client.post(url, json={"position": 1, "padding": "x" * size})
    value = _file(size) if kind == "file" else "x" * size
    return client.post(url, data={field: value})


@pytest.mark.parametrize("name", BODIES)
def test_bodies_over_each_routes_cap_get_the_413_page(app_factory, figures, name):
    """Each route has its cap: just over it is the 413 page and nothing changes; a route
    with a larger cap than the global one lets a body over the global cap through."""
    app = app_factory(**RELAXED_LIMITS, PROPAGATE_EXCEPTIONS=False, **CAPS)
    world = build_world(app).forms
    who, template, cap_key, field, kind = BODIES[name]
    url = template.format(**vars(world))
    before = world.state()
    over = _post(world.client(who), url, field, kind, CAPS[cap_key] + 1024)
    figures.add(SECTION, "cases tried")
    figures.add(SECTION, "responses >= 500", over.status_code >= 500)
    assert over.status_code == 413
    assert "Archivo demasiado grande" in over.get_data(as_text=True) or over.is_json
    assert world.state(fresh=True) == before
    if cap_key != GLOBAL:
        under = _post(world.client(who), url, field, kind, CAPS[GLOBAL] + 1024)
        figures.add(SECTION, "cases tried")
        assert under.status_code not in (413, 500)


def test_the_memory_measure_sees_a_real_decode(walk, figures):
    """A positive control for the bomb figures: the largest PNG accepted (16 MP, transparent,
    4 bytes a pixel) must show up in the measure, and stay bounded."""
    case = Case("account", "avatar", "16 MP transparent PNG", None, ACCEPTED)
    upload = Upload("grande.png", lambda: bad_files.transparent_png_bomb(4000))
    outcome = play(FORMS["account"], walk, replace(case, payload=upload), measure=True)
    figures.set(SECTION, "accepted 16 MP transparent PNG: seconds", round(outcome.seconds, 2))
    growth = round(outcome.memory_mb)
    figures.set(SECTION, "accepted 16 MP transparent PNG: memory growth (MB)", growth)
    assert outcome.problems == []
    assert 40 < outcome.memory_mb < 200
