"""Walking the site of `world.site` (tests/security/world.py): every URL rule with real ids,
every table's fingerprint, and the POST forms the pages themselves render."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, url_for
from werkzeug.exceptions import HTTPException

from dulcevicio.extensions import db
from dulcevicio.models import User
from tests.security.world import Site

NEW_PASSWORD = "otra-clave-segura-456"


# A real file for each static endpoint.
STATIC_FILES = {"static": "css/app.css", "bootstrap.static": "css/bootstrap.min.css"}


def rule_urls(app: Flask, site: Site, method: str) -> list[tuple[str, str]]:
    """(endpoint, url) for every rule that answers `method`, built with real ids."""
    values = site.values()
    urls = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
            if method not in rule.methods:
                continue
            arguments = {name: values.get(name) for name in rule.arguments}
            if "filename" in rule.arguments:
                arguments["filename"] = STATIC_FILES[rule.endpoint]
            missing = [name for name, value in arguments.items() if value is None]
            assert not missing, f"no real value for {missing} in {rule.rule}"
            urls.append((rule.endpoint, url_for(rule.endpoint, **arguments)))
    return urls


def endpoint_of(app: Flask, url: str, method: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(urlsplit(url).path, method=method)
    except HTTPException:  # not one of our routes, or not for this method
        return None
    return endpoint


# --- Fingerprints of the whole database -------------------------------------------------


def snapshot(app: Flask) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its content, in primary-key order."""
    fingerprint = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            fingerprint[table.name] = (len(rows), digest)
        db.session.rollback()
    return fingerprint


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def password_hash_of(app: Flask, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).password_hash


# --- The forms the pages render ---------------------------------------------------------


@dataclass
class HarvestedForm:
    action: str
    fields: dict[str, str]
    files: list[str]  # names of file inputs


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HarvestedForm] = []
        self._form: HarvestedForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._form = HarvestedForm(attrs.get("action") or self.page_url, {}, [])
        if self._form is None or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name", "")
        kind = attrs.get("type", "submit" if tag == "button" else "text").lower()
        if tag == "input":
            if kind == "file":
                self._form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs or name not in self._form.fields:
                    self._form.fields[name] = attrs.get("value", "y")
            elif kind != "submit":
                self._form.fields[name] = attrs.get("value", "")
        elif tag == "button" and kind == "submit" and attrs.get("value"):
            self._form.fields.setdefault(name, attrs["value"])
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs or self._select not in self._form.fields:
                self._form.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def post_forms(page_url: str, html: str) -> list[HarvestedForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
