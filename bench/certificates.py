"""Certificates: building a PDF, and serving a cached one against a static file.

    .venv/bin/python bench/certificates.py              # 5 s of load per URL
    .venv/bin/python bench/certificates.py --seconds 10

Measures in one run:
- building a certificate PDF (fpdf2 and its QR code), fonts and all, median of 20 builds
  in this process after a first one (which also pays for importing fpdf2);
- requests/s under gunicorn (the Procfile's command, production configuration, 2 workers)
  with wrk: a logged-in student downloading her certificate from /certificados/<code>.pdf
  (built once, then sent from the dyno's cache), against the same file sent from disk by
  Flask's send_file (bench/hello_app.py's /bench/archivo.pdf).
Goals: a build ≤ 300 ms; the cached certificate ≥ 0.5× the static file's requests/s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset, probe  # noqa: E402
from bench.wrk import against_a_file  # noqa: E402

BUILD_MS = 300
THROUGHPUT_RATIO = 0.5
STUDENT = "alumna.certificado@example.com"


def seed(app) -> str:
    """A student with a certificate (its name confirmed); its code."""
    from dulcevicio.extensions import db
    from dulcevicio.models import Certificate, Role
    from dulcevicio.services import accounts, certificates

    with app.app_context():
        db.create_all()
        student = accounts.create_account(
            email=STUDENT, full_name="Ana Pérez", role=Role.USER, password=dataset.PASSWORD
        )
        db.session.flush()
        certificate = Certificate(
            code=certificates.new_code(),
            user_id=student.id,
            course_title="Panes de masa madre y bollería de temporada",
            printed_name="María José de la Santísima Trinidad Pérez Soto",
            name_confirmed_at=student.created_at,
            hours=24,
        )
        db.session.add(certificate)
        db.session.commit()
        return certificate.code


def build_times(app, code: str) -> tuple[float, float, int]:
    """(first build ms, median ms of the next 20, PDF bytes)."""
    from dulcevicio.services import certificate_pdf, certificates

    signatory = certificate_pdf.Signatory("DulceVicio", "María González", "Chef pastelera")
    with app.app_context():
        certificate = certificates.find(code)
        start = time.perf_counter()
        data = certificate_pdf.build(certificate, signatory)
        first = 1000 * (time.perf_counter() - start)
        times = []
        for _ in range(20):
            start = time.perf_counter()
            certificate_pdf.build(certificate, signatory)
            times.append(1000 * (time.perf_counter() - start))
    return first, statistics.median(times), len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    url = dataset.sqlite_url("certificates")
    app = probe.bench_app(url)
    code = seed(app)
    first, median, size = build_times(app, code)
    print(
        f"build a certificate: first {first:.0f} ms (imports fpdf2), then median {median:.0f} ms"
        f" (goal ≤ {BUILD_MS} ms); {size / 1024:.0f} KB"
    )

    client = probe.client_for(app, STUDENT, dataset.PASSWORD)
    response = client.get(f"/certificados/{code}.pdf")
    assert response.status_code == 200, response.status_code
    response.close()
    cached = next(Path(app.config["CERTIFICATE_CACHE_FOLDER"]).glob(f"{code}-*.pdf"))
    results, plain = against_a_file(
        url,
        dataset.OUT / "certificates.log",
        str(cached),
        (STUDENT, dataset.PASSWORD),
        ("cached certificate", f"/certificados/{code}.pdf"),
        args.seconds,
        args.connections,
    )
    print(f"\ngunicorn, {args.connections} connections, {args.seconds} s per URL:\n")
    print("| what | req/s | × plain | p50 ms | p99 ms | CPU ms/req | failed |")
    print("|---|---|---|---|---|---|---|")
    for name, result in results.items():
        print(
            f"| {name} | {result.requests_per_second:.0f} | "
            f"{result.requests_per_second / plain:.2f}× | {result.p50_ms:.1f} | "
            f"{result.p99_ms:.1f} | {result.cpu_ms:.2f} | {result.failures} |"
        )
    ratio = results["cached certificate"].requests_per_second / plain
    misses = []
    if median > BUILD_MS:
        misses.append(f"build {median:.0f} ms > {BUILD_MS} ms")
    if ratio < THROUGHPUT_RATIO:
        misses.append(f"throughput {ratio:.2f}× < {THROUGHPUT_RATIO}×")
    if any(result.failures for result in results.values()):
        misses.append("failed requests")
    print("\nEvery goal met." if not misses else f"\nMissed: {', '.join(misses)}")


if __name__ == "__main__":
    main()
