"""Search speed at 10×, on SQLite and PostgreSQL: the results page and the search box's
suggestions against the "hello" page, and what indexing adds to saving a recipe.

    .venv/bin/python bench/search.py                          # both databases, 5 s a page
    .venv/bin/python bench/search.py --databases sqlite --seconds 3
    .venv/bin/python bench/search.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

For each database it seeds bench/dataset.py at 10× with 250 recipes per course (5 000
recipes with an ingredient list and numbered steps, 300 lessons, 20 000 forum comments,
5 000 students; the search index built from them) into a database of its own (SQLite:
bench/out/search_10x.sqlite3; PostgreSQL: dulcevicio_bench_search_10x on the --postgres
server, created if missing), then:
- counts each page's SQL statements in-process (Flask test client) and how much each query
  finds for the student (enrolled in 4 of the 20 courses);
- loads each page under gunicorn with wrk as bench/serve.py does (the same machinery:
  the Procfile's command, production configuration, 2 sync workers, the student logged in
  over HTTP, non-2xx answers counted as failures; the suggestions' rate limit raised for
  the bench, see bench/probe.py), with hello loaded first, last and between every two
  pages, each page compared with the hellos beside it (this machine's speed drifts within
  a run; serve.py's `judge`): the results page for a common word,
  for a dish and a flavour, and for a misspelt word (corrected against the vocabulary),
  one kind's third page, and the suggestions for a word being typed;
- loads the same pages again with every answer computed (SEARCH_ANSWERS_CACHED=0: the
  server keeps no answer under the index's version), rows marked "(sin caché)": what a
  search nobody made since the last change costs;
- times the admin saving a recipe (the edit form's POST, in-process) with the index
  following the flush and with its flush hook removed, in alternating rounds: the
  difference is indexing's cost; and the same for the bare save (load, flush, commit).
Goals (the search issue): results ≥ 0.15× hello's requests/s, suggestions ≥ 0.30×, a
fixed number of SQL queries per page, indexing ≤ 20 % of saving a recipe; serve.py's p99
and memory goals apply too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from bench import dataset, probe, serve  # noqa: E402
from bench.probe import Page, search_path  # noqa: E402
from bench.rows import ADMIN_EMAIL  # noqa: E402

SCALE = 10
RECIPES_PER_COURSE = 250  # 20 courses: 5 000 recipes
RESULTS_GOAL = 0.15
SUGGESTIONS_GOAL = 0.30
MAX_INDEXING_OVERHEAD = 0.20
ROUNDS = 10
POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"

# (table name, query, ?tipo= and ?page=, or "suggestions")
QUERIES = [
    ("buscar: chocolate", "chocolate", None),
    ("buscar: merengue de chocolate", "merengue de chocolate", None),
    ("buscar: chocolte (typo)", "chocolte", None),
    ("buscar: harina, recetas p. 3", "harina", ("recetas", 3)),
    ("sugerencias: chocol", "chocol", "suggestions"),
    ("sugerencias: pastel de choc", "pastel de choc", "suggestions"),
]


COLD = " (sin caché)"  # the same page with every answer computed (SEARCH_ANSWERS_CACHED=0)


def pages(suffix: str = "") -> list[Page]:
    chosen = []
    for name, query, extra in QUERIES:
        if extra == "suggestions":
            path = search_path(query, suggestions=True)
            chosen.append(Page(name + suffix, path, "student", '"titulo"'))
            continue
        path = search_path(query)
        if extra:
            path += f"&tipo={extra[0]}&page={extra[1]}"
        chosen.append(Page(name + suffix, path, "student", "<mark>"))
    return chosen


def goals(suffix: str = "") -> dict[str, float]:
    return {
        name + suffix: SUGGESTIONS_GOAL if extra == "suggestions" else RESULTS_GOAL
        for name, _, extra in QUERIES
    }


def found(app, data: dataset.Dataset) -> list[list]:
    """What each results query finds for the student: its total and per kind."""
    from dulcevicio.models import User
    from dulcevicio.services import search

    rows = []
    with app.test_request_context():
        student = probe.db.session.scalar(sa.select(User).filter_by(email=data.student_email))
        for name, query, extra in QUERIES:
            if extra == "suggestions":
                hits = search.suggest(query, student)
                rows.append([name, len(hits), "", "", "", "", "(titles, at most 6)"])
                continue
            results = search.search(query, student)
            totals = {group.kind.value: group.total for group in results.groups}
            kinds = [totals.get(kind.value, 0) for kind in search.KINDS]
            note = "" if results.every_word else "some words only"
            rows.append([name, results.total, *kinds, note])
        probe.db.session.remove()
    return rows


def save_times(app, saves: int) -> tuple[float, float]:
    """Median ms of saving a recipe (a new recipe_text: load, flush, commit, as the admin
    edit does before rebuilding the recipe book) with the index following the flush, and
    with its flush hook removed; alternating rounds over the first course's recipes."""
    from dulcevicio.models import Recipe
    from dulcevicio.services import audit
    from dulcevicio.services.search import sync

    db = probe.db
    times: dict[bool, list[float]] = {True: [], False: []}
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Recipe.id).order_by(Recipe.id).limit(50)))
        originals = dict(db.session.execute(sa.select(Recipe.id, Recipe.recipe_text)).all())
        edit = "\n\nTip: decora con frambuesas frescas y unas hojas de menta."
        count = 0
        per_round = max(1, saves // ROUNDS)
        for _ in range(ROUNDS):
            for following in (True, False):
                if not following:
                    sa.event.remove(db.session, "after_flush", sync._follow_flush)
                try:
                    for _ in range(per_round):
                        recipe_id = ids[count % len(ids)]
                        text = originals[recipe_id] + (edit if count // len(ids) % 2 == 0 else "")
                        count += 1
                        start = time.perf_counter()
                        recipe = db.session.get(Recipe, recipe_id)
                        was_active = recipe.is_active
                        recipe.recipe_text = text
                        db.session.flush()
                        audit.record_activation(recipe, was_active)
                        db.session.commit()
                        times[following].append(1000 * (time.perf_counter() - start))
                finally:
                    sync.follow_the_content()
        # Put the texts back as they were, index included.
        for recipe_id in ids:
            db.session.get(Recipe, recipe_id).recipe_text = originals[recipe_id]
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return statistics.median(times[True]), statistics.median(times[False])


def request_save_times(app, saves: int) -> tuple[float, float]:
    """Median ms of the admin's save of a recipe as she makes it (the edit form's POST,
    through the whole app: login, form, audit, recipe book, commit, redirect), with the
    index following and with its flush hook removed, in alternating rounds."""
    from dulcevicio.models import Recipe
    from dulcevicio.services.search import sync

    db = probe.db
    client = probe.client_for(app, ADMIN_EMAIL, dataset.PASSWORD)
    app.config["WTF_CSRF_ENABLED"] = False  # after the login: the form's token aside
    with app.app_context():
        recipe = db.session.scalar(sa.select(Recipe).order_by(Recipe.id).limit(1))
        url = f"/admin/cursos/{recipe.course_id}/recetas/{recipe.id}/editar"
        fields = {"title": recipe.title, "description": recipe.description, "is_active": "y"}
        text = recipe.recipe_text
        db.session.remove()
    times: dict[bool, list[float]] = {True: [], False: []}
    count = 0
    for _ in range(ROUNDS):
        for following in (True, False):
            if not following:
                sa.event.remove(db.session, "after_flush", sync._follow_flush)
            try:
                for _ in range(max(1, saves // ROUNDS)):
                    edit = text + ("\n\nTip: decora con frambuesas." if count % 2 else "")
                    count += 1
                    start = time.perf_counter()
                    response = client.post(url, data={**fields, "recipe_text": edit})
                    times[following].append(1000 * (time.perf_counter() - start))
                    assert response.status_code == 302, response.status_code
            finally:
                sync.follow_the_content()
    client.post(url, data={**fields, "recipe_text": text})
    return statistics.median(times[True]), statistics.median(times[False])


def run(database: str, postgres: str, seconds: int, connections: int, saves: int):
    """(load table rows, found rows, save medians, missed goals) on one database."""
    url = dataset.database_url(f"search_{SCALE}x", postgres if database == "postgresql" else None)
    app = probe.bench_app(url)
    start = time.perf_counter()
    data = dataset.seed(app, SCALE, RECIPES_PER_COURSE)
    print(f"{database}: seeded and indexed in {time.perf_counter() - start:.0f} s:", flush=True)
    print(f"  {data.row_counts}", flush=True)
    chosen = pages()
    queries = serve.count_queries(url, data, chosen)
    print(f"  queries per page: {queries}", flush=True)
    found_rows = found(app, data)
    with app.app_context():
        probe.db.engine.dispose()
    log = dataset.OUT / f"search_{database}.log"
    rows, misses = serve.measure(
        url, data, chosen, queries, log, seconds, connections, goals(), hello_between=True
    )
    # The same pages again, each answer computed (what a search nobody made before costs).
    os.environ["SEARCH_ANSWERS_CACHED"] = "0"
    try:
        cold = pages(COLD)
        cold_queries = serve.count_queries(url, data, cold, {"SEARCH_ANSWERS_CACHED": False})
        print(f"  queries per page, computed every time: {cold_queries}", flush=True)
        cold_rows, cold_misses = serve.measure(
            url, data, cold, cold_queries, log, seconds, connections, goals(COLD), True
        )
    finally:
        del os.environ["SEARCH_ANSWERS_CACHED"]
    rows += cold_rows[1:-1]  # its own hello rows are the baseline of its ratios
    misses += cold_misses
    results = [count for name, count in queries.items() if name.startswith("buscar")]
    suggestions = [count for name, count in queries.items() if name.startswith("sugerencias")]
    for kind, counts in (("results", results), ("suggestions", suggestions)):
        if len(set(counts)) > 1:
            misses.append(f"{kind}: the number of queries differs between queries {counts}")
    with_index, without = save_times(app, saves)
    saved = request_save_times(probe.bench_app(url), saves // 4)
    overhead = saved[0] / saved[1] - 1
    if overhead > MAX_INDEXING_OVERHEAD:
        misses.append(f"indexing adds {overhead:.0%} to a save (> {MAX_INDEXING_OVERHEAD:.0%})")
    return rows, found_rows, (with_index, without, *saved, overhead), misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--postgres", default=POSTGRES, help="the PostgreSQL server's URL")
    parser.add_argument("--seconds", type=int, default=5, help="load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--saves", type=int, default=200, help="timed saves, each way")
    args = parser.parse_args()
    outcomes, misses = {}, []
    for database in args.databases:
        try:
            outcome = run(database, args.postgres, args.seconds, args.connections, args.saves)
        except sa.exc.OperationalError as error:  # no PostgreSQL server: SQLite's still print
            if database != "postgresql":
                raise
            misses.append(f"postgresql: not measured ({str(error.orig).strip()})")
            continue
        outcomes[database] = outcome
        misses += [f"{database}: {miss}" for miss in outcome[3]]
    found_headers = ["query (student, 4 courses)", "found", "courses", "lessons", "recipes"]
    found_headers += ["comments", ""]
    for database, (rows, found_rows, saves, _) in outcomes.items():
        with_index, without, request_with, request_without, overhead = saves
        print(f"\n{database}, {SCALE}× dataset ({SCALE * 500} students, ", end="")
        print(f"{20 * RECIPES_PER_COURSE} recipes, {SCALE * 2000} comments), ", end="")
        print(f"{args.connections} connections, {args.seconds} s per page:\n")
        print(probe.table(serve.HEADERS, rows))
        print()
        print(probe.table(found_headers, found_rows))
        verdict = "ok" if overhead <= MAX_INDEXING_OVERHEAD else "missed"
        print(
            f"\nThe admin saving a recipe (the edit form's POST, median of "
            f"{ROUNDS * max(1, args.saves // 4 // ROUNDS)} each): {request_with:.2f} ms with "
            f"the index following, {request_without:.2f} ms without: indexing adds "
            f"{overhead:+.0%} (goal ≤ {MAX_INDEXING_OVERHEAD:.0%}: {verdict}).\n"
            f"The save alone (load, flush, commit; median of "
            f"{ROUNDS * max(1, args.saves // ROUNDS)} each): {with_index:.2f} ms with, "
            f"{without:.2f} ms without ({with_index / without - 1:+.0%}, "
            f"{with_index - without:.2f} ms)."
        )
    print(f"\nGoals: results ≥ {RESULTS_GOAL}× hello's requests/s, suggestions ≥ ", end="")
    print(f"{SUGGESTIONS_GOAL}×, p99 ≤ {serve.MAX_P99_MS} ms, the same number of queries ", end="")
    print(f"for every query, indexing ≤ {MAX_INDEXING_OVERHEAD:.0%} of a save.")
    print("Missed: " + "; ".join(misses) if misses else "Every goal is met.")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
