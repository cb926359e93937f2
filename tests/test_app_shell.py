"""The installable app: the manifest and its icons, the service worker's script and headers,
the offline page, and the worker's routing rule run under node."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from dulcevicio.extensions import db
from dulcevicio.services import settings
from tests.admin.conftest import counting_queries

STATIC = Path(__file__).parent.parent / "dulcevicio" / "static"
SERVICE_WORKER = STATIC / "js" / "sw.js"


def palette(name: str) -> str:
    """A colour of app.css's palette (`--dv-<name>`)."""
    css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")
    return re.search(rf"--dv-{name}:\s*(#[0-9a-f]{{6}})", css).group(1)


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


# --- The manifest --------------------------------------------------------------------------


def test_the_manifest_describes_the_app_in_spanish(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == manifest["short_name"] == "DulceVicio"
    assert manifest["lang"] == "es" and "repostería" in manifest["description"]
    assert manifest["start_url"] == manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == palette("raspberry")
    assert manifest["background_color"] == palette("cream")
    # Nobody's data and no session: any cache may keep it a while.
    assert {"public", "max-age=3600"} <= cache_directives(response)
    assert "Set-Cookie" not in response.headers


def test_the_manifest_icons_exist_with_the_sizes_they_claim(client):
    icons = json.loads(client.get("/manifest.webmanifest").get_data(as_text=True))["icons"]
    found = set()
    for icon in icons:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response.mimetype == icon["type"] == "image/png"
        image = Image.open(io.BytesIO(response.data))
        assert image.format == "PNG"
        assert f"{image.width}x{image.height}" == icon["sizes"]
        found.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= found


def test_the_maskable_icon_fills_its_square_and_the_apple_icon_is_opaque(client):
    """Launchers crop a maskable icon to any shape, iOS paints transparency black: both
    have the brand colour to their corners."""
    raspberry = tuple(int(palette("raspberry")[i : i + 2], 16) for i in (1, 3, 5))
    for url, size in (
        ("/static/icons/icon-maskable-512.png", 512),
        ("/static/icons/apple-touch-icon.png", 180),
    ):
        image = Image.open(io.BytesIO(client.get(url).data)).convert("RGBA")
        assert image.size == (size, size)
        assert image.getpixel((0, 0)) == (*raspberry, 255)
        assert image.getpixel((size - 1, size - 1)) == (*raspberry, 255)


def test_the_manifest_takes_the_business_name_from_the_settings(app, client):
    with app.test_request_context():
        settings.save(replace(settings.current(), business_name="Dulces de Rosa"))
        db.session.commit()
    manifest = json.loads(client.get("/manifest.webmanifest").get_data(as_text=True))
    assert manifest["name"] == "Dulces de Rosa"


def test_pages_link_the_manifest_icons_and_worker(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#c2185b">' in page
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in page
    assert 'src="/static/js/install.js" data-service-worker="/sw.js"' in page


# --- The service worker ----------------------------------------------------------------------


def shell_of(script: str) -> dict:
    first_line = script.split("\n", 1)[0]
    assert first_line.startswith("self.SHELL = ") and first_line.endswith(";")
    return json.loads(first_line.removeprefix("self.SHELL = ").removesuffix(";"))


def test_the_worker_is_served_at_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # its own path is the root
    script = response.get_data(as_text=True)
    assert script.endswith(SERVICE_WORKER.read_text(encoding="utf-8"))
    again = client.get("/sw.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_worker_keeps_static_assets_and_the_offline_page_only(client, client_as):
    shell = shell_of(client.get("/sw.js").get_data(as_text=True))
    assert shell["offline"] == "/sin-conexion"
    assert re.fullmatch(r"[0-9a-f]{16}", shell["version"])
    assets = shell["assets"]
    # What every page loads is there: our CSS and JS, Bootstrap, its icon font, our icons.
    page = client_as("student").get("/mis-cursos").get_data(as_text=True)
    loaded = re.findall(r'(?:href|src)="(/(?:static|bootstrap)/[^"]+)"', page)
    assert loaded and set(loaded) <= set(assets)
    assert any(".woff2" in url for url in assets)
    assert "/static/icons/icon-192.png" in assets
    assert "/static/js/sw.js" not in assets
    for url in assets:
        assert url.startswith(("/static/", "/bootstrap/static/")), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype != "text/html", url
        # Static files keep their own caching (revalidated by ETag), never no-store.
        assert "no-store" not in response.headers.get("Cache-Control", ""), url


def test_the_worker_changes_when_a_static_file_does(app_factory, client, tmp_path):
    """The cache is named after a hash of the assets' bytes: a deploy that changes one
    file gives a new worker, which replaces the cache."""
    version = shell_of(client.get("/sw.js").get_data(as_text=True))["version"]
    same = app_factory()
    assert shell_of(same.test_client().get("/sw.js").get_data(as_text=True))["version"] == version
    deployed = app_factory()
    deployed.static_folder = str(shutil.copytree(STATIC, tmp_path / "static"))
    css = Path(deployed.static_folder) / "css" / "app.css"
    css.write_bytes(css.read_bytes() + b"\n/* changed */\n")
    changed = deployed.test_client().get("/sw.js").get_data(as_text=True)
    assert shell_of(changed)["version"] != version


# --- The offline page -----------------------------------------------------------------------


def test_the_offline_page_offers_a_retry_and_nothing_private(client_as, make_user):
    student = make_user(full_name="Rosaura Privada", email="rosaura@example.com")
    response = client_as(student).get("/sin-conexion")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1" in page and "Sin conexión" in page
    assert re.search(r'<a class="btn[^"]*" href="">\s*<i[^>]*></i> Reintentar</a>', page)
    assert "Rosaura" not in page and "rosaura@" not in page
    assert "csrf" not in page.lower() and "Mis cursos" not in page
    assert "Set-Cookie" not in response.headers
    assert {"public", "max-age=3600"} <= cache_directives(response)
    assert response.headers["Content-Security-Policy"]


def test_the_shell_costs_no_query_beyond_the_business_name(app, client_as):
    """Even for a signed-in student: these routes load nobody (security.STATIC_ENDPOINTS)."""
    student = client_as("student")
    student.get("/sw.js")  # the shell's file hashes are computed once per process
    expected = {"/sw.js": 0, "/manifest.webmanifest": 1, "/sin-conexion": 1}
    counted = {}
    for url in expected:
        with counting_queries(app) as statements:
            assert student.get(url).status_code == 200
        counted[url] = len(statements)
    assert counted == expected


# --- The routing rule, under node -------------------------------------------------------------

ORIGIN = "https://dulcevicio.test"
SHELL = {
    "version": "abc",
    "assets": [],
    "offline": "/sin-conexion",
    "staticPrefixes": ["/static/", "/bootstrap/static/"],
}
ROUTES = [
    # (method, path or URL, mode, expected route)
    ("GET", "/static/css/app.css", "no-cors", "static"),
    ("GET", "/bootstrap/static/css/font/fonts/bootstrap-icons.woff2?e348", "cors", "static"),
    ("GET", "/static/icons/icon-192.png", "no-cors", "static"),
    ("GET", "/sin-conexion", "navigate", "static"),
    ("GET", "/", "navigate", "page"),
    ("GET", "/mis-cursos", "navigate", "page"),
    ("GET", "/cursos/pan-dulce/lecciones/3", "navigate", "page"),
    ("GET", "/cursos/pan-dulce/recetario.pdf", "navigate", "network"),
    ("GET", "/certificados/X4QF-P2QT-0RZ9.pdf", "navigate", "network"),
    ("GET", "/admin/exportar/pagos.csv", "navigate", "network"),
    ("GET", "/cursos/pan-dulce.v2/lecciones/3", "navigate", "page"),
    ("GET", "/cursos/pan-dulce/recetario.pdf", "no-cors", "network"),
    ("GET", "/media/recipes/0123abcd.jpg", "no-cors", "network"),
    ("GET", "/media/videos/0123abcd.webm", "no-cors", "network"),
    ("GET", "/media/recipes/0123abcd.jpg", "navigate", "network"),
    ("GET", "/static/../media/recipes/0123abcd.jpg", "no-cors", "network"),
    ("GET", "/static/%2e%2e/media/recipes/0123abcd.jpg", "no-cors", "network"),
    ("GET", "/media/static/x.jpg", "no-cors", "network"),
    ("GET", "/staticos/x.css", "no-cors", "network"),
    ("GET", "/buscar/sugerencias?q=flan", "cors", "network"),
    ("POST", "/lecciones/3/progreso", "cors", "network"),
    ("POST", "/static/css/app.css", "cors", "network"),
    ("GET", "https://res.cloudinary.com/demo/image/upload/x.jpg", "no-cors", "network"),
    ("GET", "https://evil.test/static/css/app.css", "no-cors", "network"),
]


def test_the_worker_routes_only_static_assets_to_its_cache():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: sw.js cannot be tested (apt install nodejs)")
    requests = [
        {"method": method, "url": path if "://" in path else ORIGIN + path, "mode": mode}
        for method, path, mode, _route in ROUTES
    ]
    program = (
        "const sw = require(process.argv[1]);"
        "const input = JSON.parse(process.argv[2]);"
        "console.log(JSON.stringify({"
        "  routes: input.requests.map((r) => sw.routeFor(r, input.shell, input.origin)),"
        "  cache: sw.cacheName(input.shell)}));"
    )
    argument = json.dumps({"requests": requests, "shell": SHELL, "origin": ORIGIN})
    result = subprocess.run(
        [node, "-e", program, str(SERVICE_WORKER), argument],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    answer = json.loads(result.stdout)
    got = {
        (method, path, mode): route
        for (method, path, mode, _), route in zip(ROUTES, answer["routes"], strict=True)
    }
    assert got == {(method, path, mode): route for method, path, mode, route in ROUTES}
    assert answer["cache"] == "dulcevicio-static-abc"
