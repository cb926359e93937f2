"""bench/serve.py's server side: gunicorn started as the Procfile starts it (Redis included),
logins over HTTP, checks of what each row loads and the memory and CPU of its processes
(a module, not a script; bench/wrk.py loads it)."""

from __future__ import annotations

import http.client
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.probe import (
    BENCH_BASE_URL,
    BENCH_REDIS_URL,
    BENCH_SECRET_KEY,
    ROUTER_HEADERS,
    Page,
    csrf_token,
    flush_redis,
    page_csrf_token,
)

ROOT = Path(__file__).resolve().parent.parent
BENCH_APP = "bench.hello_app:app"  # the product app plus the baseline page
# Fields of /proc/<pid>/stat, counted from the one after the command name (proc(5)).
PPID, UTIME, STIME, CUTIME, CSTIME = 1, 11, 12, 13, 14


def _processes():
    """(pid, stat fields) of every process."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            yield int(stat.parent.name), stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile


def procfile_command() -> list[str]:
    """The Procfile's `web` command, serving the bench app, with the venv's gunicorn."""
    line = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    words = shlex.split(line.removeprefix("web:"))
    words[0] = str(Path(sys.executable).parent / words[0])
    return [BENCH_APP if word == "wsgi:app" else word for word in words]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on a free loopback port with the production configuration."""

    def __init__(self, database_url: str, log_path: Path):
        self.port = free_port()
        self.database_url = database_url
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = {k: v for k, v in os.environ.items() if k != "CLOUDINARY_URL"}  # local media
        env |= {
            "PORT": str(self.port),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": BENCH_SECRET_KEY,
            "DULCEVICIO_CONFIG": "production",
            "ADMIN_TWO_STEP_REQUIRED": "0",  # as in probe.bench_app
            "APP_BASE_URL": BENCH_BASE_URL,
            # As on the dyno: the public pages' shared versions and the rate limits' counters
            # in Redis (bench/probe.py's bench-only limits still apply: they are settings).
            "REDIS_URL": BENCH_REDIS_URL,
            "RATELIMIT_STORAGE_URI": BENCH_REDIS_URL,
        }
        flush_redis()
        # --bind narrows the config's 0.0.0.0 to loopback; every other setting is the dyno's.
        command = [*procfile_command(), "--bind", f"127.0.0.1:{self.port}"]
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.request("/healthz")[0] == 200 and len(self.worker_pids()) >= 2:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start; see {self.log_path}")

    def __exit__(self, *_exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def request(self, path: str, method: str = "GET", headers: dict | None = None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(
                method, path, body=body, headers={**ROUTER_HEADERS, **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def visit(self, cookie: str | None = None) -> str:
        """The session cookie a browser holds after a page of the catalog.

        wrk sends the same Cookie header all along; a session still missing its CSRF token
        would get a new one, and a new cookie, on every request, which no browser does.
        The catalog's pages may give a visitor no session (pages shared by every visitor):
        her browser then holds the one the login form gave her.
        """
        if cookie is None:
            _, headers, _ = self.request("/cursos")
            if not headers.get_all("Set-Cookie"):
                cookie = _cookie_header(self.request("/ingresar")[1])
        for _ in range(3):  # a visitor's session settles on the second page
            _, headers, _ = self.request("/cursos", headers={"Cookie": cookie} if cookie else {})
            if not headers.get_all("Set-Cookie"):
                return cookie
            cookie = _cookie_header(headers)
        raise RuntimeError("the session cookie changes on every page")

    def login(self, email: str, password: str) -> str:
        """Log in through /ingresar as a browser would; returns the Cookie header value."""
        _, headers, html = self.request("/ingresar")
        cookie = _cookie_header(headers)
        form = {"login": email, "password": password, "csrf_token": csrf_token(html)}
        status, headers, _ = self.request(
            "/ingresar",
            "POST",
            {
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://127.0.0.1:{self.port}/ingresar",
                "Host": f"127.0.0.1:{self.port}",
            },
            urlencode(form),
        )
        session = _cookie_header(headers)
        if status != 302 or not session:
            raise RuntimeError(f"could not log {email} in over HTTP ({status})")
        return self.visit(session)

    def check(self, page: Page, cookie: str | None) -> None:
        """The page answers 200 with what we mean to measure (warming both workers)."""
        for _ in range(6):
            status, _, html = self.request(page.path, headers={"Cookie": cookie} if cookie else {})
            if status != 200 or page.marker not in html:
                raise RuntimeError(f"{page.path} answered {status} without {page.marker!r}")

    def public_headers(self, page: Page) -> dict[str, str]:
        """Check that a visitor without any cookie gets the public pages' shared version of
        `page` (200, an ETag, no Set-Cookie) and, for a 304 row, a 304 to If-None-Match with
        that ETag, warming both workers; the headers wrk then sends beyond the router's."""
        for _ in range(6):
            status, headers, html = self.request(page.path)
            etag, cookies = headers.get("ETag"), headers.get_all("Set-Cookie")
            if status != 200 or page.marker not in html or not etag or cookies:
                raise RuntimeError(
                    f"{page.path} without a cookie answered {status} "
                    f"({'with' if page.marker in html else 'without'} {page.marker!r}, "
                    f"ETag {etag!r}, Set-Cookie {cookies!r}), not the public pages' shared "
                    "version (200, an ETag, no Set-Cookie)"
                )
        if page.status != 304:
            return {}
        for _ in range(6):
            status, _, _ = self.request(page.path, headers={"If-None-Match": etag})
            if status != 304:
                raise RuntimeError(f"{page.path} with If-None-Match: {etag} answered {status}")
        return {"If-None-Match": etag}

    def save_headers(self, page: Page, cookie: str, body: dict) -> dict[str, str]:
        """The player's progress save as her browser sends it (her cookie, the token of her
        "Mis cursos" page, the same-site Referer Flask-WTF wants over https, as `login`),
        checked by saving `body` once; the headers wrk then sends beyond the router's."""
        _, _, html = self.request("/mis-cursos", headers={"Cookie": cookie})
        headers = {
            "Cookie": cookie,
            "Content-Type": "application/json",
            "X-CSRFToken": page_csrf_token(html),
            "Referer": f"https://127.0.0.1:{self.port}/mis-cursos",
            "Host": f"127.0.0.1:{self.port}",
        }
        status, _, answer = self.request(page.path, "POST", headers, json.dumps(body))
        if status != 200 or page.marker not in answer:
            raise RuntimeError(f"the progress save {page.path} answered {status}: {answer[:500]}")
        return headers

    def worker_boots(self) -> int:
        """Workers started so far (gunicorn recycles one after max_requests)."""
        return self.log_path.read_text(errors="replace").count("Booting worker")

    def worker_pids(self) -> list[int]:
        return [pid for pid, fields in _processes() if int(fields[PPID]) == self.process.pid]

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers, recycled workers included
        (the master's cutime/cstime hold the workers it reaped)."""
        ticks = 0
        for pid, fields in _processes():
            if pid == self.process.pid:
                ticks += sum(int(fields[i]) for i in (UTIME, STIME, CUTIME, CSTIME))
            elif int(fields[PPID]) == self.process.pid:
                ticks += int(fields[UTIME]) + int(fields[STIME])
        return ticks / os.sysconf("SC_CLK_TCK")

    def memory_bytes(self) -> tuple[int, int]:
        """Memory of the master and its workers, summed two ways: resident (RSS, which
        counts a page the processes share once per process) and proportional (PSS, which
        splits a shared page between its sharers: the sum is the memory they hold together,
        what the dyno's memory limit counts)."""
        rss = pss = 0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue  # a recycled worker, gone
            for name, value in re.findall(r"^(Rss|Pss):\s+(\d+) kB", rollup, re.MULTILINE):
                if name == "Rss":
                    rss += int(value) * 1024
                else:
                    pss += int(value) * 1024
        return rss, pss


def _cookie_header(headers) -> str:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
