"""Student page speed at two dataset sizes: SQL queries per request and median latency.

    .venv/bin/python bench/pages.py                  # sizes S and 10×S, 100 requests a page
    .venv/bin/python bench/pages.py --requests 50 --scales 1 10
    .venv/bin/python bench/pages.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
                                                     # databases dulcevicio_bench_pages_*x

Seeds bench/dataset.py at each size into a database of its own (SQLite files under
bench/out/ by default; S: 20 courses × 15 lessons × 10 recipes, 500 students, 20 000
progress rows, 2 000 comments; 10×S: ten times the students and everything they own),
logs a student in through the Flask test client (production configuration) and measures
/mis-cursos, /cursos, a course page and a lesson page she is taking: SQL statements per
request (a `before_cursor_execute` listener) and the median request latency. Both sizes
are timed in alternating rounds, so a machine that gets busier meanwhile slows both alike.
Goals: the same number of queries at both sizes, at most 8; the median at 10×S within
1.5× of S's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset, probe  # noqa: E402

MAX_QUERIES = 8
MAX_SLOWDOWN = 1.5
ROUNDS = 10


def prepare(scale: int, postgres: str | None):
    """Seed `scale`, log the student in: (app, her test client, the dataset)."""
    app = probe.bench_app(dataset.database_url(f"pages_{scale}x", postgres))
    start = time.perf_counter()
    data = dataset.seed(app, scale)
    print(f"{scale}×S seeded in {time.perf_counter() - start:.1f} s: {data.row_counts}", flush=True)
    return app, probe.clients(app, data)["student"], data


def timed(client, path: str, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests a page")
    parser.add_argument("--scales", type=int, nargs=2, default=[1, 10], metavar=("S", "BIG"))
    parser.add_argument("--postgres", help="a PostgreSQL server URL instead of SQLite files")
    args = parser.parse_args()
    per_round = -(-max(args.requests, 50) // ROUNDS)  # rounded up
    sizes = [prepare(scale, args.postgres) for scale in args.scales]

    rows, misses = [], []
    both = zip(*(probe.student_pages(data) for _, _, data in sizes), strict=True)
    for page, big_page in both:
        queries = [
            probe.query_count(app, client, p)
            for (app, client, _), p in zip(sizes, (page, big_page), strict=True)
        ]
        times: list[list[float]] = [[], []]
        for _ in range(ROUNDS):
            times[0] += timed(sizes[0][1], page.path, per_round)
            times[1] += timed(sizes[1][1], big_page.path, per_round)
        small, big = (statistics.median(t) * 1000 for t in times)
        verdict = []
        if queries[0] != queries[1] or max(queries) > MAX_QUERIES:
            verdict.append(f"queries differ or > {MAX_QUERIES}")
        if big / small > MAX_SLOWDOWN:
            verdict.append(f"> {MAX_SLOWDOWN}×")
        misses += [f"{page.name}: {item}" for item in verdict]
        row = [page.name, *queries, f"{small:.2f}", f"{big:.2f}", f"{big / small:.2f}×"]
        rows.append([*row, "; ".join(verdict) or "ok"])
    for app, _, _ in sizes:
        with app.app_context():
            probe.db.engine.dispose()

    s, big = args.scales
    headers = ["page (student)", f"queries {s}×S", f"queries {big}×S"]
    headers += [f"median ms {s}×S", f"median ms {big}×S", "ratio", "goal"]
    print(f"\n{ROUNDS * per_round} requests a page and size, in {ROUNDS} alternating rounds:\n")
    print(probe.table(headers, rows))
    print(f"\nGoals: ≤ {MAX_QUERIES} queries, the same at both sizes; ratio ≤ {MAX_SLOWDOWN}×.")
    print("Missed: " + ", ".join(misses) if misses else "Every page meets its goals.")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
