"""The stamped recipe book: what a download costs against serving the plain file.

    .venv/bin/python bench/book_stamp.py                # 30 recipes, 5 s of load per URL
    .venv/bin/python bench/book_stamp.py --recipes 10 --seconds 10

Builds a recipe book of photo-like 2000×1500 JPEGs (what uploads are normalised to),
stores it as the app stores books, and measures in one run:
- preparing it for stamping (once per book version and dyno) and stamping one copy (the
  work of every download: the incremental update appended to the prepared file);
- the Python memory a download's response allocates at its peak, sent to the end, against
  the book's size;
- requests/s under gunicorn (the Procfile's command, production configuration, 2 workers)
  with wrk and 4 connections: a logged-in student downloading her stamped copy from
  /cursos/<slug>/recetario.pdf, against the same prepared file served from disk by Flask's
  send_file (bench/hello_app.py's /bench/archivo.pdf), as every book was served before.
Goals: stamping ≤ 150 ms, ≥ 0.5× the plain file's requests/s, memory growth < 2× the book.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset, probe  # noqa: E402
from bench.wrk import against_a_file  # noqa: E402

STAMP_MS = 150
THROUGHPUT_RATIO = 0.5
MEMORY_RATIO = 2.0
MB = 1024 * 1024
STUDENT = "alumna.recetario@example.com"


def build_book(recipes: int) -> bytes:
    from dulcevicio.demo.media import pastry_photo
    from dulcevicio.services.recipe_book import BookRecipe, build_recipe_book

    photos = [pastry_photo(n, size=(2000, 1500), grain=30) for n in range(recipes)]
    text = "Ingredientes:\n- 250 g de harina\n- 4 huevos\n\nPreparación:\n1. Hornea 35 minutos.\n"
    book = build_recipe_book(
        "Curso de benchmark",
        [
            BookRecipe(f"Receta {n + 1}", "Para el benchmark.", text, str(n), (2000, 1500))
            for n in range(recipes)
        ],
        read_image=lambda name: photos[int(name)],
        built_on="hoy",
    )
    return bytes(book)


def seed(app, book: bytes) -> str:
    """An admin, a student with access to a course whose book is `book`; its slug."""
    from dulcevicio.extensions import db
    from dulcevicio.models import Course, Role
    from dulcevicio.services import accounts, storage
    from dulcevicio.services.enrollment import grant_enrollment
    from dulcevicio.services.storage import MediaKind

    with app.app_context():
        db.create_all()
        student = accounts.create_account(
            email=STUDENT, full_name="Ana Pérez", role=Role.USER, password=dataset.PASSWORD
        )
        course = Course(title="Curso de benchmark", slug="curso-de-benchmark", is_active=True)
        db.session.add(course)
        db.session.flush()
        stored = storage.save_file(book, MediaKind.RECIPE_BOOK, "pdf")
        course.recipe_pdf_public_id, course.recipe_pdf_url = stored.public_id, stored.url
        grant_enrollment(student, course, expires_at=None)
        db.session.commit()
        return course.slug


def in_process(app, slug: str) -> dict:
    """Prepare and stamp times, and the Python memory one download allocates at its peak."""
    from dulcevicio.extensions import db
    from dulcevicio.models import Course
    from dulcevicio.services import book_stamp, storage
    from dulcevicio.services.storage import MediaKind

    with app.app_context():
        course = db.session.scalar(db.select(Course).where(Course.slug == slug))
        data = storage.get_storage().read(MediaKind.RECIPE_BOOK, course.recipe_pdf_public_id)
        target = os.path.join(app.config["BOOK_CACHE_FOLDER"], "bench-prepare.pdf")
        os.makedirs(app.config["BOOK_CACHE_FOLDER"], exist_ok=True)
        start = time.perf_counter()
        plan = book_stamp.prepare(data, target)
        prepare_ms = 1000 * (time.perf_counter() - start)
        os.remove(target)
        del data
        stamp_times = []
        for n in range(200):
            start = time.perf_counter()
            book_stamp.appendix(plan, "Ana Pérez", "a***@example.com", f"7KQ2-{n:04d}")
            stamp_times.append(1000 * (time.perf_counter() - start))
    client = probe.client_for(app, STUDENT, dataset.PASSWORD)
    client.get(f"/cursos/{slug}/recetario.pdf").close()  # the dyno's copy is now prepared
    tracemalloc.start()
    response = client.get(f"/cursos/{slug}/recetario.pdf", buffered=False)
    sent = sum(len(chunk) for chunk in response.response)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    response.close()
    return {
        "prepare_ms": prepare_ms,
        "stamp_ms": statistics.median(stamp_times),
        "stamp_p99_ms": sorted(stamp_times)[int(len(stamp_times) * 0.99)],
        "sent": sent,
        "peak": peak,
        "plan": plan,
        "prepared": str(next(Path(app.config["BOOK_CACHE_FOLDER"]).glob("course-*.pdf"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipes", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()

    book = build_book(args.recipes)
    url = dataset.sqlite_url("book_stamp")
    app = probe.bench_app(url)
    slug = seed(app, book)
    figures = in_process(app, slug)
    prepared = figures["prepared"]
    size = figures["plan"].size
    print(
        f"book: {args.recipes} recipes, {len(book) / MB:.1f} MB as built, prepared copy "
        f"{size / MB:.1f} MB (the font adds {(size - len(book)) / MB:.2f} MB)"
    )
    print(f"prepare (once per book version and dyno): {figures['prepare_ms']:.0f} ms")
    print(
        f"stamp one copy (every download): median {figures['stamp_ms']:.2f} ms, "
        f"p99 {figures['stamp_p99_ms']:.2f} ms (goal ≤ {STAMP_MS} ms)"
    )
    growth = figures["peak"] / len(book)
    print(
        f"one download: {figures['sent'] / MB:.1f} MB sent, Python memory peak "
        f"{figures['peak'] / MB:.2f} MB = {growth:.3f}× the book (goal < {MEMORY_RATIO}×)"
    )

    results, plain = against_a_file(
        url,
        dataset.OUT / "book_stamp.log",
        prepared,
        (STUDENT, dataset.PASSWORD),
        ("stamped copy", f"/cursos/{slug}/recetario.pdf"),
        args.seconds,
        args.connections,
    )
    print(f"\ngunicorn, {args.connections} connections, {args.seconds} s per URL:\n")
    print("| what | req/s | × plain | MB/s | p50 ms | p99 ms | PSS MB | CPU ms/req | failed |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, result in results.items():
        print(
            f"| {name} | {result.requests_per_second:.1f} | "
            f"{result.requests_per_second / plain:.2f}× | "
            f"{result.requests_per_second * len(book) / MB:.0f} | {result.p50_ms:.0f} | "
            f"{result.p99_ms:.0f} | {result.pss_bytes / MB:.0f} | {result.cpu_ms:.1f} | "
            f"{result.failures} |"
        )
    ratio = results["stamped copy"].requests_per_second / plain
    misses = []
    if figures["stamp_ms"] > STAMP_MS:
        misses.append("stamping")
    if ratio < THROUGHPUT_RATIO:
        misses.append(f"throughput {ratio:.2f}× < {THROUGHPUT_RATIO}×")
    if growth >= MEMORY_RATIO:
        misses.append("memory")
    if any(result.failures for result in results.values()):
        misses.append("failed requests")
    print("\nEvery goal met." if not misses else f"\nMissed: {', '.join(misses)}")


if __name__ == "__main__":
    main()
