"""Page speed under gunicorn: requests/s against a Jinja "hello" page, p50/p99, memory.

    .venv/bin/python bench/serve.py                    # SQLite, 1× and 4×, 5 s of load a row
    .venv/bin/python bench/serve.py --database postgresql --seconds 10 --scales 1
    .venv/bin/python bench/serve.py --pages foro "guardar avance"  # hello and these rows only

Needs wrk (`apt-get install wrk`; `make bench` installs it) and Redis at 127.0.0.1:6379
(database 15, emptied before each count and server start). For each size it seeds
bench/dataset.py into a database of its own (--database sqlite: a file under bench/out/;
postgresql: dulcevicio_bench_serve_<size>x on the --postgres server, created if missing
and emptied; 1×: 20 courses × 15 lessons × 10 recipes, 500 students, 20 000 progress rows,
2 000 comments, 500 bakes with their photos, comments and reactions, 20 notifications a
student (bench/social_rows.py); 4×: four times the students and everything they own),
counts each row's
SQL statements in-process (Flask test client, production configuration, the server's
Redis), then starts the Procfile's gunicorn command (gunicorn.conf.py: 2 sync workers,
production configuration, REDIS_URL and RATELIMIT_STORAGE_URI on the bench's Redis) on a
free loopback port, logs a student and an admin in over HTTP (each, and the visitor, with
the session cookie a browser holds after a first page) and runs wrk with 8 connections
against each row, the router's X-Forwarded-* headers included. The baseline is
bench/hello_app.py's /bench/hola in the same server and run, loaded first and last (rows
are compared with the mean of the two; a table whose two differ by more than 15 % says
so: the machine was busy meanwhile; bench/search.py loads it between pages too). The
search pages ("buscar": the results for "merengue de chocolate", "sugerencias": the
box's suggestions for "chocol") run with bench/probe.py's bench-only rate limit on
suggestions, so they measure answers, not 429s; bench/search.py loads more queries at 10×
on both databases.
"guardar avance" is the player's progress save (bench/progress_save.lua): the student's
JSON POST to /lecciones/<id>/progreso with her cookie, the X-CSRFToken of her pages and a
same-site Referer, a new position each time, always below 90 % of the lesson (which would
complete it); one save is checked to answer 200 first. After the tables, the students one
two-worker dyno keeps up with watching at once: saves/s × 10 (the player saves every 10 s),
rounded down to hundreds. The "(visitante, caché)" rows are the public pages of a visitor
who sends no cookie at all (landing, catalog, a course, a preview lesson): each is checked
first to answer 200 with an ETag and without Set-Cookie, the public pages' shared version;
"304 …" rows send If-None-Match with that ETag and are checked to answer 304 before and
after their load (wrk counts a 200 as a success too).
Memory is the peak, sampled under load, of the master's and its workers' memory summed
two ways: PSS (a page they share is split between them, so the sum is what they hold
together, as the dyno's memory limit counts it; the goal applies to it) and RSS (a shared
page counted once per process: the workers are forked from the master that loaded the app,
so this overstates). Two more columns help read a run on a shared machine: the server's
CPU time per request, and the workers gunicorn recycled meanwhile (max_requests).
gunicorn's log goes to bench/out/serve_<size>x_<database>.log.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset, probe  # noqa: E402
from bench.server import Server  # noqa: E402
from bench.wrk import Load, load  # noqa: E402

POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
SAVE_SCRIPT = Path(__file__).resolve().parent / "progress_save.lua"
SAVE = "guardar avance"
SAVE_EVERY_SECONDS = 10  # the player saves the position every 10 s while a video plays

# requests/s goal, as a share of the hello page's, per page
GOALS = {
    "landing /": 0.35,
    "catálogo": 0.35,
    "lección": 0.20,
    "receta": 0.20,
    "cocina": 0.20,  # kitchen mode of the same recipe
    "curso": 0.12,
    "mis-cursos": 0.12,
    "foro": 0.07,
    "lo-hice": 0.07,  # the course's bakes gallery (the forum's goal)
    "notificaciones": 0.07,
    "admin": 0.07,
    "admin usuarios": 0.07,
    "admin inscripciones": 0.07,
    "admin pagos": 0.07,
    "admin renovaciones": 0.07,
    "buscar": 0.15,  # /buscar?q=merengue de chocolate (bench/search.py: more queries, 10×)
    "sugerencias": 0.30,  # the search box's suggestions for "chocol"
    # A visitor without cookies, served the public pages' shared version, and its 304s.
    "landing / (visitante, caché)": 1.0,
    "catálogo (visitante, caché)": 1.0,
    "curso (visitante, caché)": 1.0,
    "lección de muestra (visitante, caché)": 1.0,
    "304 landing /": 1.5,
    "304 curso": 1.5,
}
SAVE_GOALS = {"sqlite": 0.4, "postgresql": 0.3}  # the progress save writes: per database
HELLO_FIRST, HELLO_LAST = "hello, first", "hello, last"
HELLO_BETWEEN = "hello, between"  # with `hello_between`, the loads between two pages
MAX_P99_MS = 150
# Hello's two loads further apart than this: something else ran meanwhile (the machine is
# shared), and the ratios of that table say little.
MAX_HELLO_DRIFT = 0.15
MAX_MEMORY_MB = 230  # PSS of master + workers
MB = 1024 * 1024


def count_queries(
    url: str, data: dataset.Dataset, pages: list | None = None, config: dict | None = None
) -> dict[str, int]:
    """SQL statements of each page (all of serve.py's by default), in-process, with the
    server's Redis (emptied first: the public pages' shared versions are counted once
    warm, as under load); `config` overrides the app's settings."""
    probe.flush_redis()
    app = probe.bench_app(url, {"REDIS_URL": probe.BENCH_REDIS_URL} | (config or {}))
    clients = probe.clients(app, data)
    counts = {
        page.name: probe.query_count(app, clients[page.viewer], page, data)
        for page in pages or probe.all_pages(data)
    }
    with app.app_context():
        probe.db.engine.dispose()
    return counts


def run(
    database: str, postgres: str, scale: int, seconds: int, connections: int, only: list[str]
) -> tuple[dict[str, int], dict[str, Load], list, list[str]]:
    """(queries per page, loads by row, table rows, missed goals) at `scale` on `database`."""
    name = f"serve_{scale}x"
    url = dataset.database_url(name, postgres if database == "postgresql" else None)
    data = dataset.seed(probe.bench_app(url), scale)
    print(f"{database}, {scale}× seeded: {data.row_counts}", flush=True)
    pages = [page for page in probe.all_pages(data) if not only or page.name in only]
    queries = count_queries(url, data, pages)
    log = dataset.OUT / f"{name}_{database}.log"
    results, stale = load_pages(url, data, pages, log, seconds, connections)
    rows, misses = judge(results, queries, GOALS | {SAVE: SAVE_GOALS[database]}, stale)
    return queries, results, rows, [f"{miss} at {scale}×" for miss in misses]


def measure(
    url: str,
    data: dataset.Dataset,
    pages: list[probe.Page],
    queries: dict[str, int],
    log_path: Path,
    seconds: int,
    connections: int,
    goals: dict[str, float] = GOALS,
    hello_between: bool = False,
) -> tuple[list, list[str]]:
    """Load hello, `pages` and hello again under gunicorn on `url`: (table rows, missed
    goals). `queries`: each page's SQL statements, for the table. `hello_between`: hello
    between every two pages too (see `judge`)."""
    results, stale = load_pages(url, data, pages, log_path, seconds, connections, hello_between)
    return judge(results, queries, goals, stale)


def load_pages(
    url: str,
    data: dataset.Dataset,
    pages: list[probe.Page],
    log_path: Path,
    seconds: int,
    connections: int,
    hello_between: bool = False,
) -> tuple[dict[str, Load], set[str]]:
    """Load hello, `pages` and hello again under gunicorn on `url`, each checked first, and
    with `hello_between` hello between every two pages too: (the loads by row, in order;
    the 304 rows whose ETag no longer answered 304 after their load)."""
    # The baseline runs first and last (and between pages): see `judge`.
    hello = probe.Page(HELLO_FIRST, probe.HELLO_PATH, "visitor", "Hola")
    hello_again = probe.Page(HELLO_LAST, probe.HELLO_PATH, "visitor", "Hola")
    order = [hello]
    for number, page in enumerate(pages):
        if hello_between and number:
            name = f"{HELLO_BETWEEN} {number}"
            order.append(probe.Page(name, probe.HELLO_PATH, "visitor", "Hola"))
        order.append(page)
    results, stale = {}, set()
    with Server(url, log_path) as server:
        cookies = {
            "visitor": server.visit(),
            "nobody": None,
            "student": server.login(data.student_email, data.password),
            "admin": server.login(data.admin_email, data.password),
        }
        for page in [*order, hello_again]:
            cookie = cookies[page.viewer]
            options = checked(server, page, cookie, data)
            results[page.name] = load(server, page.path, cookie, seconds, connections, **options)
            print(f"  {page.name}: {results[page.name].requests_per_second:.0f} req/s", flush=True)
            # wrk counts a 200 as a success too: the ETag must still be the current one.
            if (
                page.status == 304
                and server.request(page.path, headers=options["headers"])[0] != 304
            ):
                stale.add(page.name)
    return results, stale


def checked(server: Server, page: probe.Page, cookie: str | None, data: dataset.Dataset) -> dict:
    """Check that `page` answers what its row means to measure; what `load` needs beyond
    the path and the cookie (the save's headers and Lua script, a 304's If-None-Match)."""
    if page.method == "POST":
        return {
            "headers": server.save_headers(page, cookie, probe.save_body(data, 0)),
            "script": SAVE_SCRIPT,
            "script_args": [str(data.lesson_seconds), str(probe.last_saved_position(data))],
        }
    if page.viewer == "nobody":
        return {"headers": server.public_headers(page)}
    server.check(page, cookie)
    return {}


def judge(
    results: dict[str, Load], queries: dict[str, int], goals: dict[str, float], stale: set[str]
) -> tuple[list, list[str]]:
    """(table rows, missed goals) of the loads `results` (in the order they ran), hello's
    among them. A page is compared with the mean of the hello loads just before and after
    it: first and last, or, when hello also ran between pages, its neighbours (on a
    machine whose speed drifts during a run, the hello beside a page is what it ran
    beside). Hello's own rows are compared with the mean of the first and last; those
    between pages are not shown."""
    names = list(results)
    hellos = [index for index, name in enumerate(names) if name.startswith("hello, ")]
    rate = {name: result.requests_per_second for name, result in results.items()}
    first_and_last = (rate[HELLO_FIRST] + rate[HELLO_LAST]) / 2
    rows, misses = [], []
    for index, (name, result) in enumerate(results.items()):
        if name.startswith(HELLO_BETWEEN):
            continue
        base = first_and_last
        if index not in hellos:
            before = max(i for i in hellos if i < index)
            after = min(i for i in hellos if i > index)
            base = (rate[names[before]] + rate[names[after]]) / 2
        ratio = result.requests_per_second / base
        goal = goals.get(name)
        verdict = []
        if goal and ratio < goal:
            verdict.append(f"< {goal}×")
        if result.p99_ms > MAX_P99_MS:
            verdict.append(f"p99 > {MAX_P99_MS} ms")
        if result.pss_bytes > MAX_MEMORY_MB * MB:
            verdict.append(f"> {MAX_MEMORY_MB} MB")
        if result.failures:
            verdict.append(f"{result.failures} failed")
        if name in stale:
            verdict.append("ETag changed under load")
        misses += [f"{name}: {item}" for item in verdict]
        rows.append(
            [
                name,
                queries.get(name, "–"),
                f"{result.requests_per_second:.0f}",
                f"{ratio:.2f}×",
                f"≥ {goal}×" if goal else "",
                f"{result.p50_ms:.1f}",
                f"{result.p99_ms:.1f}",
                f"{result.pss_bytes / MB:.0f}",
                f"{result.rss_bytes / MB:.0f}",
                f"{result.cpu_ms:.2f}",
                result.restarts,
                "; ".join(verdict) or "ok",
            ]
        )
    return rows, misses


def hello_drift(results: dict[str, Load]) -> float:
    """How far apart hello's first and last loads are, as a share of the slower one."""
    rates = results[HELLO_FIRST].requests_per_second, results[HELLO_LAST].requests_per_second
    return max(rates) / min(rates) - 1


def watching(saves_per_second: float) -> int:
    """Students whose players the measured save rate keeps up with, in whole hundreds."""
    return int(saves_per_second * SAVE_EVERY_SECONDS) // 100 * 100


HEADERS = ["page", "queries", "req/s", "× hello", "goal", "p50 ms", "p99 ms"]
HEADERS += ["PSS MB", "RSS MB", "CPU ms/req", "restarts", ""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--pages", nargs="+", default=[], help="only these (table names)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres", default=POSTGRES, help="the PostgreSQL server's URL")
    args = parser.parse_args()
    tables, counts, saves, misses = [], {}, {}, []
    for scale in args.scales:
        counts[scale], results, rows, missed = run(
            args.database, args.postgres, scale, args.seconds, args.connections, args.pages
        )
        tables.append((scale, rows, hello_drift(results)))
        misses += missed
        if SAVE in results:
            saves[scale] = results[SAVE].requests_per_second
    for scale, rows, drift in tables:
        print(f"\n{args.database}, {scale}× dataset, {args.connections} connections, ", end="")
        print(f"{args.seconds} s per page:\n")
        print(probe.table(HEADERS, rows))
        if drift > MAX_HELLO_DRIFT:
            print(f"\nHello's last load differs from its first by {drift:.0%}: something else")
            print("ran meanwhile, so this table's ratios are unreliable; run it again.")
    for scale, rate in saves.items():
        print(
            f"\nStudents watching at once per two-worker dyno ({args.database}, {scale}×): "
            f"{watching(rate):,} ({rate:.0f} saves/s × one save every {SAVE_EVERY_SECONDS} s, "
            "rounded down to hundreds)."
        )
    first = counts[args.scales[0]]
    differ = [name for name in first if any(counts[s][name] != first[name] for s in counts)]
    misses += [f"{name}: queries differ between sizes" for name in differ]
    memory = f"master + workers < {MAX_MEMORY_MB} MB (PSS)"
    print(f"\nGoals: p99 ≤ {MAX_P99_MS} ms, {memory} under load,")
    print("the same number of queries at every size, requests/s ≥ the goal × hello's.")
    print("Missed: " + "; ".join(misses) if misses else "Every page meets its goals.")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
