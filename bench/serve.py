"""Page speed under gunicorn: requests/s against a Jinja "hello" page, p50/p99, memory.

    .venv/bin/python bench/serve.py                    # 1× and 4×, 5 s of load per page
    .venv/bin/python bench/serve.py --seconds 10 --scales 1
    .venv/bin/python bench/serve.py --pages foro admin  # hello and these pages only

Needs wrk (`apt-get install wrk`; `make bench` installs it). For each size it seeds
bench/dataset.py into its own SQLite file under bench/out/ (1×: 20 courses × 15 lessons ×
10 recipes, 500 students, 20 000 progress rows, 2 000 comments; 4×: four times the students
and everything they own), counts each page's SQL statements in-process (Flask test
client), then starts the Procfile's gunicorn command (gunicorn.conf.py: 2 sync workers,
production configuration) on a free loopback port, logs a student and an admin in over
HTTP (each, and the visitor, with the session cookie a browser holds after a first page)
and runs wrk with 8 connections against each page, the router's X-Forwarded-* headers
included. The baseline is bench/hello_app.py's /bench/hola in the same server and run,
loaded first and last (pages are compared with the mean of the two). The search pages
("buscar": the results for "merengue de chocolate", "sugerencias": the box's suggestions
for "chocol") run with bench/probe.py's bench-only rate limit on suggestions, so they
measure answers, not 429s; bench/search.py loads more queries at 10× on both databases.
Memory is the peak, sampled under load, of the master's and its workers' memory summed
two ways: PSS (a page they share is split between them, so the sum is what they hold
together, as the dyno's memory limit counts it; the goal applies to it) and RSS (a shared
page counted once per process: the workers are forked from the master that loaded the app,
so this overstates). Two more columns help read a run on a shared machine: the server's
CPU time per request, and the workers gunicorn recycled meanwhile (max_requests).
gunicorn's log goes to bench/out/serve_<size>x.log.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset, probe  # noqa: E402
from bench.server import Server, load  # noqa: E402

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
    "admin": 0.07,
    "admin usuarios": 0.07,
    "admin inscripciones": 0.07,
    "admin pagos": 0.07,
    "admin renovaciones": 0.07,
    "buscar": 0.15,  # /buscar?q=merengue de chocolate (bench/search.py: more queries, 10×)
    "sugerencias": 0.30,  # the search box's suggestions for "chocol"
}
MAX_P99_MS = 150
MAX_MEMORY_MB = 230  # PSS of master + workers
MB = 1024 * 1024


def count_queries(
    url: str, data: dataset.Dataset, pages: list | None = None, config: dict | None = None
) -> dict[str, int]:
    """SQL statements of each page (all of serve.py's by default), in-process; `config`
    overrides the app's settings."""
    app = probe.bench_app(url)
    app.config.update(config or {})
    clients = probe.clients(app, data)
    counts = {
        page.name: probe.query_count(app, clients[page.viewer], page)
        for page in pages or probe.all_pages(data)
    }
    with app.app_context():
        probe.db.engine.dispose()
    return counts


def run(
    scale: int, seconds: int, connections: int, only: list[str]
) -> tuple[dict[str, int], list, list[str]]:
    """(queries per page, table rows, missed goals) at `scale`."""
    url = dataset.sqlite_url(f"serve_{scale}x")
    data = dataset.seed(probe.bench_app(url), scale)
    print(f"{scale}× seeded: {data.row_counts}", flush=True)
    queries = count_queries(url, data)
    pages = [page for page in probe.all_pages(data) if not only or page.name in only]
    log = dataset.OUT / f"serve_{scale}x.log"
    rows, misses = measure(url, data, pages, queries, log, seconds, connections)
    return queries, rows, [f"{miss} at {scale}×" for miss in misses]


def measure(
    url: str,
    data: dataset.Dataset,
    pages: list[probe.Page],
    queries: dict[str, int],
    log_path: Path,
    seconds: int,
    connections: int,
    goals: dict[str, float] = GOALS,
) -> tuple[list, list[str]]:
    """Load hello, `pages` and hello again under gunicorn on `url`: (table rows, missed
    goals). `queries`: each page's SQL statements, for the table."""
    # The baseline runs first and last; their mean is what pages are compared with.
    hello = probe.Page("hello, first", probe.HELLO_PATH, "visitor", "Hola")
    hello_again = probe.Page("hello, last", probe.HELLO_PATH, "visitor", "Hola")
    with Server(url, log_path) as server:
        cookies = {
            "visitor": server.visit(),
            "student": server.login(data.student_email, data.password),
            "admin": server.login(data.admin_email, data.password),
        }
        results = {}
        for page in [hello, *pages, hello_again]:
            server.check(page, cookies[page.viewer])
            results[page.name] = load(server, page.path, cookies[page.viewer], seconds, connections)
            print(f"  {page.name}: {results[page.name].requests_per_second:.0f} req/s", flush=True)
    base = (
        results[hello.name].requests_per_second + results[hello_again.name].requests_per_second
    ) / 2
    rows, misses = [], []
    for name, result in results.items():
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


HEADERS = ["page", "queries", "req/s", "× hello", "goal", "p50 ms", "p99 ms"]
HEADERS += ["PSS MB", "RSS MB", "CPU ms/req", "restarts", ""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--pages", nargs="+", default=[], help="only these (table names)")
    args = parser.parse_args()
    tables, counts, misses = [], {}, []
    for scale in args.scales:
        counts[scale], rows, missed = run(scale, args.seconds, args.connections, args.pages)
        tables.append((scale, rows))
        misses += missed
    for scale, rows in tables:
        print(f"\n{scale}× dataset, {args.connections} connections, {args.seconds} s per page:\n")
        print(probe.table(HEADERS, rows))
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
