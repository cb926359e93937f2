"""Streamed CSV export: peak Python memory and time of /admin/exportar/pagos.csv.

    .venv/bin/python bench/exports.py                     # 10 000 payments, and 1 000
    .venv/bin/python bench/exports.py --payments 100000
    .venv/bin/python bench/exports.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
                                                          # databases dulcevicio_bench_exports_*

Seeds N payments (with the students who paid, their enrollments and memberships and the
catalog: bench/rows.py's payment_rows) into a database of their own (a SQLite file under
bench/out/ by default), and N/10 into another, logs the admin in through the Flask test
client (production configuration) and streams GET /admin/exportar/pagos.csv, reading the
response's chunks as they come (response.response, never the whole body). At each size
the export runs three times: once to warm up (templates, Babel's data, the first
connection), once timed, once under tracemalloc for the peak of the memory Python
allocated from the request's start to its last chunk (tracing slows Python, so it is not
the timed run). The CSV is checked as it streams: the BOM first, one line per payment plus
the header.
Goal: a flat memory profile, the peak at N at most 2× the peak at N/10 (the export reads
the rows in batches and writes them as they come, so its memory should not grow with N).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset, probe, rows  # noqa: E402
from dulcevicio.models import utcnow  # noqa: E402

PATH = "/admin/exportar/pagos.csv"
BOM = "\ufeff".encode()
MAX_GROWTH = 2.0  # peak at N over peak at N/10
MB = 1024 * 1024


@dataclass(frozen=True)
class Streamed:
    chunks: int
    lines: int
    bytes: int


@dataclass(frozen=True)
class Measured:
    payments: int
    streamed: Streamed
    seconds: float
    peak_bytes: int


def prepare(payments: int, postgres: str | None):
    """Seed `payments`, log the admin in: (app, her test client)."""
    app = probe.bench_app(dataset.database_url(f"exports_{payments}", postgres))
    start = time.perf_counter()
    tables = rows.payment_rows(random.Random(2027), payments, utcnow(), dataset.password_hash(app))
    counts = dataset.fill(app, tables)
    print(f"{payments} payments seeded in {time.perf_counter() - start:.1f} s: {counts}")
    return app, probe.client_for(app, rows.ADMIN_EMAIL, dataset.PASSWORD)


def stream(client) -> Streamed:
    """GET the export and read it chunk by chunk, as a WSGI server would."""
    response = client.get(PATH)
    if response.status_code != 200 or response.mimetype != "text/csv":
        raise RuntimeError(f"{PATH} answered {response.status_code} {response.mimetype}")
    chunks = lines = size = 0
    try:
        for chunk in response.response:
            if not chunks and not chunk.startswith(BOM):
                raise RuntimeError(f"{PATH} does not start with the UTF-8 BOM")
            chunks += 1
            lines += chunk.count(b"\r\n")  # chunks end at row ends; no cell has a newline
            size += len(chunk)
    finally:
        response.close()
    return Streamed(chunks, lines, size)


def measure(app, client, payments: int) -> Measured:
    stream(client)  # warm up
    start = time.perf_counter()
    streamed = stream(client)
    seconds = time.perf_counter() - start
    if streamed.lines != payments + 1:
        raise RuntimeError(f"{streamed.lines} CSV lines for {payments} payments and a header")
    tracemalloc.start()
    try:
        stream(client)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with app.app_context():
        probe.db.engine.dispose()
    return Measured(payments, streamed, seconds, peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--payments", type=int, default=10_000, help="N (N/10 also runs)")
    parser.add_argument("--postgres", help="a PostgreSQL server URL instead of SQLite files")
    args = parser.parse_args()
    if args.payments < 10:
        parser.error("--payments must be at least 10")
    sizes = [args.payments // 10, args.payments]
    results = [measure(*prepare(payments, args.postgres), payments) for payments in sizes]

    small, big = results
    growth = big.peak_bytes / small.peak_bytes
    table = [
        [
            result.payments,
            result.streamed.lines - 1,
            result.streamed.chunks,
            f"{result.streamed.bytes:,}",
            f"{result.seconds:.2f}",
            f"{result.payments / result.seconds:,.0f}",
            f"{result.peak_bytes / MB:.2f}",
        ]
        for result in results
    ]
    headers = ["payments", "CSV rows", "chunks", "bytes", "seconds", "rows/s", "peak MB"]
    print(f"\nGET {PATH}, streamed through the test client as the admin:\n")
    print(probe.table(headers, table))
    verdict = f"peak at {big.payments} = {growth:.2f}× the peak at {small.payments}"
    print(f"\nGoal: peak at N ≤ {MAX_GROWTH}× the peak at N/10 (memory flat in the rows).")
    if growth > MAX_GROWTH:
        print(f"Missed: {verdict}.")
        return 1
    print(f"Met: {verdict}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
