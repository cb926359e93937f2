"""Recipe-book benchmark: normalisation, book build time, peak memory, PDF size.

    .venv/bin/python bench/recipe_book.py            # 10 and 30 recipes
    .venv/bin/python bench/recipe_book.py --counts 10
    .venv/bin/python bench/recipe_book.py --counts 30 --cloud-only   # Cloudinary rebuilds

Generates photo-like 4000×3000 JPEGs (2–4 MB, grain and detail), normalises them as uploads
are, builds the book, and prints the figures next to two baselines measured in the same
run: one plain full decode of a 12 MP JPEG, and img2pdf over the same normalised images.
Then the largest book is rebuilt on Cloudinary (the tests' loopback stand-in with a delay
per delivered file): photos read one by one with no cache (as before), then concurrently
with the cache cold, then warm.
Each measurement runs in a fresh interpreter; peak memory is the kernel's high-water mark
(VmHWM), reset right before the measured step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024


# --- measuring inside a child process ------------------------------------------------


def rss_bytes(field: str = "VmRSS") -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def reset_peak() -> int:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0) and return that baseline."""
    Path("/proc/self/clear_refs").write_text("5")
    return rss_bytes()


def peak_since(baseline: int) -> int:
    return rss_bytes("VmHWM") - baseline


def task_decode(originals: list[str]) -> dict:
    from PIL import Image

    data = Path(originals[0]).read_bytes()
    times, peaks = [], []
    for _ in range(5):
        import io

        baseline = reset_peak()
        start = time.perf_counter()
        image = Image.open(io.BytesIO(data))
        image.load()
        times.append(time.perf_counter() - start)
        peaks.append(peak_since(baseline))
        del image
    return {"seconds": statistics.median(times), "peak": max(peaks), "pixels": 4000 * 3000}


def task_normalize(originals: list[str], out_dir: str) -> dict:
    from dulcevicio.services.media import images

    times, peaks, sizes = [], [], []
    for index, path in enumerate(originals):
        data = Path(path).read_bytes()
        baseline = reset_peak()
        start = time.perf_counter()
        result = images.normalize_photo(data)
        times.append(time.perf_counter() - start)
        peaks.append(peak_since(baseline))
        Path(out_dir, f"{index:03d}.jpg").write_bytes(result.data)
        sizes.append((result.width, result.height))
        del data, result
    return {"seconds": statistics.median(times), "peak": max(peaks), "sizes": sorted(set(sizes))}


def _book_inputs(normalized: list[str]):
    from dulcevicio.services.kitchen.parser import parse_recipe
    from dulcevicio.services.recipe_book import BookRecipe

    text = (
        "Ingredientes:\n- 250 g de harina\n- 200 g de azúcar\n- 4 huevos\n- 200 ml de leche\n\n"
        "Preparación:\n1. Precalienta el horno a 180 °C.\n2. Bate los huevos con el azúcar.\n"
        "3. Incorpora la harina con movimientos envolventes.\n4. Hornea 35 minutos.\n"
    )
    return [
        BookRecipe(
            title=f"Receta {number} · tarta “especial”",
            description="Una receta de prueba para el benchmark.",
            text=text,
            image_id=path,
            image_size=(2000, 1500),
            # Structured, as the demo's and most admins' recipes: ingredient tables and
            # numbered steps cost more to lay out than the free text.
            structure=parse_recipe(text),
        )
        for number, path in enumerate(normalized, start=1)
    ]


def task_build(normalized: list[str]) -> dict:
    import fpdf  # noqa: F401  (its import cost is reported separately: the app imports it lazily)

    from dulcevicio.services.recipe_book import build_recipe_book

    recipes = _book_inputs(normalized)
    embedded = sum(os.path.getsize(path) for path in normalized)
    baseline = reset_peak()
    start = time.perf_counter()
    pdf = build_recipe_book(
        "Curso de benchmark", recipes, read_image=lambda p: Path(p).read_bytes(), built_on="hoy"
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak": peak_since(baseline), "pdf": len(pdf), "embedded": embedded}


def task_img2pdf(normalized: list[str]) -> dict:
    import img2pdf

    embedded = sum(os.path.getsize(path) for path in normalized)
    baseline = reset_peak()
    start = time.perf_counter()
    pdf = img2pdf.convert([Path(p).read_bytes() for p in normalized])
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak": peak_since(baseline), "pdf": len(pdf), "embedded": embedded}


def task_import_cost() -> dict:
    """RSS of a started web worker, then what fpdf2, Pillow and cloudinary would add."""
    os.environ["DULCEVICIO_CONFIG"] = "testing"
    from dulcevicio import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            "testing",
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "UPLOAD_FOLDER": tmp},
        )
        from dulcevicio.extensions import db

        with app.app_context():
            db.create_all()
        client = app.test_client()
        for url in ("/", "/cursos", "/ingresar", "/healthz"):
            client.get(url)
        started = rss_bytes()
        loaded = {name: name in sys.modules for name in ("fpdf", "PIL", "cloudinary")}
        import cloudinary.uploader  # noqa: F401
        import fpdf  # noqa: F401
        from PIL import Image  # noqa: F401

        return {"rss": started, "lazy_extra": rss_bytes() - started, "loaded_at_start": loaded}


def task_cloud_rebuild(normalized: list[str], latency: float) -> dict:
    """Rebuilds of one course's book on Cloudinary (the tests' loopback stand-in, each
    delivered file delayed by `latency` s like a real network): reading every photo one
    after the other as before, then with the concurrent reads and the cache cold and warm."""
    from dulcevicio import create_app
    from dulcevicio.extensions import db
    from dulcevicio.models import Course
    from dulcevicio.services.media import uploads
    from dulcevicio.services.recipe_book import rebuild_recipe_book
    from dulcevicio.services.storage import read_cache
    from tests.cloudinary_stub import CloudinaryStub

    stub = CloudinaryStub().start()
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            "testing",
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "UPLOAD_FOLDER": tmp,
                "CLOUDINARY_URL": stub.cloudinary_url,
                "CLOUDINARY_TIMEOUT_SECONDS": 30,
            },
        )
        with app.app_context():
            db.create_all()
            course = Course(title="Curso de benchmark", slug="bench", position=1)
            db.session.add(course)
            db.session.flush()
            for index, path in enumerate(normalized):
                uploads.add_recipe_from_image(course, Path(path).read_bytes(), f"r{index}.jpg")
            db.session.commit()
            stub.delivery_delay_seconds = latency

            def rebuild(label: str) -> None:
                stub.deliveries.clear()
                start = time.perf_counter()
                rebuild_recipe_book(course)
                db.session.commit()
                figures[label] = {
                    "seconds": time.perf_counter() - start,
                    "reads": len([p for p in stub.deliveries if "/image/" in p]),
                }

            threads = read_cache.READ_THREADS
            read_cache.READ_THREADS = 1
            read_cache.FILES.max_bytes = 0  # nothing kept: every rebuild reads everything
            rebuild("sequential, no cache (before)")
            read_cache.READ_THREADS = threads
            read_cache.FILES.max_bytes = read_cache.CACHE_MAX_BYTES
            rebuild("concurrent, cold cache")
            rebuild("concurrent, warm cache")
    stub.stop()
    return figures


TASKS = {
    "cloud_rebuild": task_cloud_rebuild,
    "decode": task_decode,
    "normalize": task_normalize,
    "build": task_build,
    "img2pdf": task_img2pdf,
    "import_cost": task_import_cost,
}


def run_child(task: str, *args) -> dict:
    result = subprocess.run(  # noqa: S603 (our own script, our own arguments)
        [sys.executable, __file__, "--child", task, json.dumps(args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if result.returncode:
        sys.exit(f"{task} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- orchestration ---------------------------------------------------------------------


def make_originals(folder: Path, count: int) -> list[str]:
    from dulcevicio.demo.media import pastry_photo

    paths = []
    for index in range(count):
        path = folder / f"original-{index:03d}.jpg"
        if not path.exists():
            grain = 38 + (index * 7) % 18  # 2–4 MB with these settings
            path.write_bytes(pastry_photo(index, size=(4000, 3000), grain=grain))
        paths.append(str(path))
    return paths


def verdict(ok: bool) -> str:
    return "OK  " if ok else "MISS"


def print_rebuilds(rebuilds: dict, count: int, latency: float) -> list[tuple[str, bool]]:
    """The Cloudinary rebuild case's table, and its checks."""
    print(
        f"\nCloudinary rebuild of a {count}-recipe book (loopback stand-in, "
        f"{latency * 1000:.0f} ms per delivered file):"
    )
    for label, figure in rebuilds.items():
        print(f"  {label:<30} {figure['seconds']:>6.2f} s, {figure['reads']:>2} photos read")
    warm = rebuilds["concurrent, warm cache"]
    cold = rebuilds["concurrent, cold cache"]
    before = rebuilds["sequential, no cache (before)"]
    print()
    return [
        (f"{count}: a warm rebuild reads no photo", warm["reads"] == 0),
        (
            f"{count}: a cold rebuild ≤ 0.5× the sequential one",
            cold["seconds"] <= 0.5 * before["seconds"],
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--cache", default=str(ROOT / "bench" / "out" / "photos"))
    parser.add_argument(
        "--cloud-only",
        action="store_true",
        help="only the Cloudinary rebuild case, for the largest count",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.15,
        help="seconds per photo Cloudinary takes to deliver in the rebuild case (0: skip it)",
    )
    args = parser.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    largest = max(args.counts)

    print(f"Generating {largest} photo-like 4000×3000 JPEGs in {cache} (cached between runs)…")
    originals = make_originals(cache, largest)
    sizes = [os.path.getsize(p) / MB for p in originals]
    print(f"  originals: {min(sizes):.1f}–{max(sizes):.1f} MB each\n")

    if args.cloud_only:
        with tempfile.TemporaryDirectory() as tmp:
            run_child("normalize", originals, tmp)
            normalized = sorted(str(p) for p in Path(tmp).glob("*.jpg"))
            rebuilds = run_child("cloud_rebuild", normalized, args.latency or 0.15)
        checks = print_rebuilds(rebuilds, len(normalized), args.latency or 0.15)
        for label, ok in checks:
            print(f"  {verdict(ok)} {label}")
        sys.exit(0 if all(ok for _, ok in checks) else 1)

    decode = run_child("decode", originals[:1])
    imports = run_child("import_cost")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.counts:
            folder = Path(tmp, f"n{count}")
            folder.mkdir()
            norm = run_child("normalize", originals[:count], str(folder))
            normalized = sorted(str(p) for p in folder.glob("*.jpg"))
            build = run_child("build", normalized)
            baseline = run_child("img2pdf", normalized)
            rows.append((count, norm, build, baseline))
        # Same count from 3 MP originals: the build must not care about the originals' size.
        small = Path(tmp, "small")
        small.mkdir()
        from dulcevicio.demo.media import pastry_photo

        small_originals = []
        for index in range(args.counts[0]):
            path = small / f"o{index}.jpg"
            path.write_bytes(pastry_photo(index, size=(2000, 1500), grain=40))
            small_originals.append(str(path))
        small_norm = small / "norm"
        small_norm.mkdir()
        run_child("normalize", small_originals, str(small_norm))
        small_build = run_child("build", sorted(str(p) for p in small_norm.glob("*.jpg")))
        # The largest count's photos on the Cloudinary stand-in: before, cold, warm.
        normalized_for_cloud = sorted(str(p) for p in Path(tmp, f"n{largest}").glob("*.jpg"))
        rebuilds = (
            run_child("cloud_rebuild", normalized_for_cloud, args.latency) if args.latency else {}
        )

    d = decode["seconds"]
    print(
        f"Baseline: one plain full decode of a 12 MP JPEG: {d * 1000:.0f} ms, "
        f"peak +{decode['peak'] / MB:.0f} MB\n"
    )
    columns = [
        ("recipes", 7),
        ("normalise/photo", 15),
        ("build", 16),
        ("build peak", 19),
        ("PDF size", 20),
        ("img2pdf", 24),
    ]
    header = " | ".join(f"{name:>{width}}" for name, width in columns)
    print(header)
    print("-" * len(header))
    checks = []
    for count, norm, build, base in rows:
        embedded = build["embedded"]
        per_recipe = build["seconds"] / count
        print(
            f"{count:>7} | {norm['seconds'] * 1000:>5.0f} ms ({norm['seconds'] / d:.2f}×) | "
            f"{build['seconds']:>5.2f} s ({per_recipe / d:.2f}×/r) | "
            f"+{build['peak'] / MB:>5.1f} MB ({build['peak'] / embedded:.2f}×emb) | "
            f"{build['pdf'] / MB:>5.2f} MB ({build['pdf'] / embedded:.3f}×emb) | "
            f"{base['seconds']:.2f} s, +{base['peak'] / MB:.0f} MB, {base['pdf'] / MB:.2f} MB"
        )
        checks += [
            (f"{count}: normalisation ≤ 1.5× a plain decode", norm["seconds"] <= 1.5 * d),
            (f"{count}: normalisation peak ≤ +64 MB per image", norm["peak"] <= 64 * MB),
            (f"{count}: build ≤ 0.5× a plain decode per recipe", per_recipe <= 0.5 * d),
            (
                f"{count}: build peak ≤ 2.5× embedded + 16 MB",
                build["peak"] <= 2.5 * embedded + 16 * MB,
            ),
            (f"{count}: PDF ≤ 1.05× embedded + 0.5 MB", build["pdf"] <= 1.05 * embedded + 0.5 * MB),
        ]
        if count >= 28:
            scaled = build["pdf"] / count * 28
            checks.append((f"28 recipes: PDF ≤ 10 MB ({scaled / MB:.1f} MB)", scaled <= 10 * MB))
    small_embedded, big = small_build["embedded"], rows[0][2]
    checks.append(
        (
            f"build peak set by the embedded images, not the originals: {args.counts[0]} recipes "
            f"from 3 MP originals +{small_build['peak'] / MB:.1f} MB for "
            f"{small_embedded / MB:.1f} MB embedded; from 12 MP +{big['peak'] / MB:.1f} MB for "
            f"{big['embedded'] / MB:.1f} MB",
            small_build["peak"] <= 2.5 * small_embedded + 16 * MB
            and big["peak"] <= 2.5 * big["embedded"] + 16 * MB,
        )
    )
    print(
        f"\nWeb worker after start-up: {imports['rss'] / MB:.0f} MB RSS; modules loaded at start: "
        + ", ".join(
            f"{name}={'yes' if loaded else 'no'}"
            for name, loaded in imports["loaded_at_start"].items()
        )
        + f"; importing fpdf2 + Pillow + cloudinary would add {imports['lazy_extra'] / MB:.0f} MB"
    )
    checks.append(
        (
            "worker starts without fpdf2/Pillow/cloudinary",
            not any(imports["loaded_at_start"].values()),
        )
    )
    if rebuilds:
        checks += print_rebuilds(rebuilds, len(normalized_for_cloud), args.latency)
    print()
    for label, ok in checks:
        print(f"  {verdict(ok)} {label}")
    sys.exit(0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        task, raw = sys.argv[2], json.loads(sys.argv[3])
        print(json.dumps(TASKS[task](*raw)))
    else:
        main()
