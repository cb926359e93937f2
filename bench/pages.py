"""Student page speed at two dataset sizes: SQL queries per request and median latency.

    .venv/bin/python bench/pages.py                  # sizes S and 10×S, 100 requests each
    .venv/bin/python bench/pages.py --requests 50 --scales 1 10
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/dulcevicio_bench \\
        .venv/bin/python bench/pages.py              # the same on PostgreSQL (wiped first)

Seeds bench/dataset.py at each size into its own SQLite file under bench/out/ (S: 20
courses × 15 lessons × 10 recipes, 500 students, 20 000 progress rows, 2 000 comments;
10×S: ten times the students and everything they own), logs a student in through the
Flask test client (production configuration) and measures /mis-cursos, /cursos, a course
page and a lesson page: statements per request (a `before_cursor_execute` listener) and
the median of the request latencies. Goals: the same number of queries at every size, at
most 8, and a median at 10×S within 1.5× of S.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset, probe  # noqa: E402

MAX_QUERIES = 8
MAX_SLOWDOWN = 1.5


def measure(scale: int, requests: int) -> tuple[dataset.Dataset, dict[str, tuple[int, float]]]:
    """{page name: (queries, median ms)} at `scale`."""
    app = probe.bench_app(dataset.database_url(f"pages-{scale}x"))
    start = time.perf_counter()
    data = dataset.seed(app, scale)
    seconds = time.perf_counter() - start
    print(f"{scale}×S seeded in {seconds:.1f} s: {data.rows}", flush=True)
    client = probe.clients(app, data)["student"]
    results = {}
    for page in probe.student_pages(data):
        queries = probe.query_count(app, client, page)
        results[page.name] = (queries, probe.median_ms(client, page, requests))
    with app.app_context():
        probe.db.engine.dispose()
    return data, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--scales", type=int, nargs=2, default=[1, 10], metavar=("S", "BIG"))
    args = parser.parse_args()
    small, big = args.scales
    _, first = measure(small, max(args.requests, 50))
    _, second = measure(big, max(args.requests, 50))

    rows, misses = [], []
    for name, (queries, median) in first.items():
        big_queries, big_median = second[name]
        slowdown = big_median / median
        verdict = []
        if queries != big_queries or max(queries, big_queries) > MAX_QUERIES:
            verdict.append(f"queries ≠ or > {MAX_QUERIES}")
        if slowdown > MAX_SLOWDOWN:
            verdict.append(f"> {MAX_SLOWDOWN}×")
        misses += [f"{name}: {item}" for item in verdict]
        rows.append(
            [
                name,
                queries,
                big_queries,
                f"{median:.2f}",
                f"{big_median:.2f}",
                f"{slowdown:.2f}×",
                "; ".join(verdict) or "ok",
            ]
        )
    headers = [
        "page (student)",
        f"queries {small}×S",
        f"queries {big}×S",
        f"median ms {small}×S",
        f"median ms {big}×S",
        "ratio",
        "goal",
    ]
    print()
    print(probe.table(headers, rows))
    print(f"\nGoals: ≤ {MAX_QUERIES} queries, the same at both sizes; ratio ≤ {MAX_SLOWDOWN}×.")
    print("Missed: " + ", ".join(misses) if misses else "Every page meets its goals.")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
