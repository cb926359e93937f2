"""The installable app: its manifest, and the static files its service worker keeps."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from flask import current_app, request, url_for

from dulcevicio.services import settings
from dulcevicio.templating import bootstrap_assets

# app.css's palette: the raspberry of buttons and the logo, and the cream of the pages.
THEME_COLOUR = "#c2185b"
BACKGROUND_COLOUR = "#fff8f1"
DESCRIPTION = "Cursos de repostería online en español."
# Our static folders the pages load files from; the worker's own script is not a page asset.
SHELL_FOLDERS = ("css", "js", "img", "icons")
SERVICE_WORKER_FILE = "js/sw.js"
ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
)
# Fonts a stylesheet loads (Bootstrap Icons): woff2 only, which every browser with service
# workers reads.
_FONT_URL = re.compile(r"""url\(\s*["']?([^"')]+\.woff2(?:\?[^"')]*)?)["']?\s*\)""")
_TAG_URL = re.compile(r"""(?:href|src)="([^"]+)\"""")


@dataclass(frozen=True)
class Shell:
    """What the service worker keeps: `assets` (URLs) under a cache named after `version`,
    a hash of their bytes, so any change to a static file makes a new worker and cache."""

    version: str
    assets: tuple[str, ...]
    offline: str
    static_prefixes: tuple[str, ...]


def manifest() -> dict:
    """The web app manifest (Spanish; named after the business as set in Ajustes)."""
    name = settings.current().business_name or settings.DEFAULT_NAME
    home = url_for("catalog.index")
    return {
        "id": home,
        "name": name,
        "short_name": name,
        "description": DESCRIPTION,
        "lang": "es",
        "dir": "ltr",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename=path),
                "sizes": sizes,
                "type": "image/png",
                "purpose": purpose,
            }
            for path, sizes, purpose in ICONS
        ],
    }


def shell() -> Shell:
    """The service worker's shell, computed once per app and URL prefix (static files only
    change with a deploy, which starts new processes)."""
    cache = current_app.extensions.setdefault("dulcevicio.app_shell", {})
    if request.script_root not in cache:
        files = _shell_files()
        digest = hashlib.sha256()
        for url, path in files:
            digest.update(url.encode())
            with open(path, "rb") as asset:
                digest.update(hashlib.sha256(asset.read()).digest())
        bootstrap = current_app.blueprints["bootstrap"]
        cache[request.script_root] = Shell(
            version=digest.hexdigest()[:16],
            assets=tuple(url for url, _path in files),
            offline=url_for("app_shell.offline"),
            static_prefixes=(
                request.script_root + current_app.static_url_path + "/",
                request.script_root + bootstrap.static_url_path + "/",
            ),
        )
    return cache[request.script_root]


def service_worker_source() -> str:
    """static/js/sw.js with its shell (version, assets, offline page) put before it."""
    current = shell()
    config = {
        "version": current.version,
        "assets": list(current.assets),
        "offline": current.offline,
        "staticPrefixes": list(current.static_prefixes),
    }
    path = os.path.join(current_app.static_folder, SERVICE_WORKER_FILE)
    with open(path, encoding="utf-8") as script:
        return f"self.SHELL = {json.dumps(config)};\n{script.read()}"


def _shell_files() -> list[tuple[str, str]]:
    """(URL, file) of every static file the pages load: ours, and Bootstrap's with the
    icon font its stylesheet asks for."""
    static = current_app.static_folder
    files = []
    for folder in SHELL_FOLDERS:
        directory = os.path.join(static, folder)
        names = sorted(os.listdir(directory)) if os.path.isdir(directory) else []
        for name in names:
            relative = f"{folder}/{name}"
            path = os.path.join(static, relative)
            if relative != SERVICE_WORKER_FILE and os.path.isfile(path):
                files.append((url_for("static", filename=relative), path))
    bootstrap = current_app.blueprints["bootstrap"]
    prefix = request.script_root + bootstrap.static_url_path + "/"
    tags = bootstrap_assets("head") + bootstrap_assets("scripts")
    for url in _TAG_URL.findall(str(tags)):
        path = os.path.join(bootstrap.static_folder, url.removeprefix(prefix))
        files.append((url, path))
        if url.endswith(".css"):
            with open(path, encoding="utf-8") as stylesheet:
                for font in _FONT_URL.findall(stylesheet.read()):
                    font_path = os.path.join(os.path.dirname(path), font.split("?", 1)[0])
                    files.append((urljoin(url, font), font_path))
    return files
