"""Real server processes for the security tests: gunicorn with the project's own settings
(gunicorn.conf.py, wsgi:app) on a loopback port, against the test database."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def cookies(self) -> dict[str, str]:
        """The cookies it sets, by name."""
        found = {}
        for header in self.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            found[name] = value
        return found


@dataclass
class Server:
    port: int
    log_path: Path

    def request(self, method: str, path: str, data: dict | None = None, headers=None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        body = urlencode(data) if data is not None else None
        headers = dict(headers or {})
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_once_it_holds(self, text: str, timeout: float = 10) -> str:
        """The log, once `text` is in it (a worker writes its access line after answering)."""
        deadline = time.monotonic() + timeout
        while text not in (log := self.log()) and time.monotonic() < deadline:
            time.sleep(0.05)
        return log


def start_gunicorn(
    database_uri: str, log_dir: Path, *, workers: int, name: str, extra_env: dict | None = None
):
    """Start one gunicorn process (each worker has its own in-memory rate-limit storage);
    `extra_env` adds environment variables (configuration) of its own."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DULCEVICIO_CONFIG="testing",
        TEST_DATABASE_URL=database_uri,
        WEB_CONCURRENCY=str(workers),
        RATELIMIT_STORAGE_URI="memory://",
    )
    env.update(extra_env or {})
    log_path = log_dir / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, Server(port, log_path)


def _wait_until_up(server: Server, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log()}")
        try:
            if server.request("GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer in {timeout} s:\n{server.log()}")


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn_servers(
    database_uri: str, log_dir: Path, *, count: int = 1, workers: int = 2, env: dict | None = None
):
    """`count` gunicorn processes on the test database, started side by side (`env`: extra
    environment variables, such as configuration)."""
    started = [
        start_gunicorn(
            database_uri, log_dir, workers=workers, name=f"server-{number}", extra_env=env
        )
        for number in range(count)
    ]
    try:
        for process, server in started:
            _wait_until_up(server, process)
        yield [server for _process, server in started]
    finally:
        _stop([process for process, _server in started])
