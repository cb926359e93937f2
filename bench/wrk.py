"""wrk's load on a bench server (bench/server.py): requests/s, latency, the server's peak
memory, CPU per request and recycled workers while it ran (a module, not a script)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.probe import ROUTER_HEADERS
from bench.server import Server

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    rss_bytes: int  # highest sample while the load ran
    pss_bytes: int  # highest sample while the load ran
    failures: int  # non-2xx/3xx answers and socket errors
    cpu_ms: float  # server CPU time per request (inflated, like the rest, by a busy machine)
    restarts: int  # workers recycled meanwhile (each one boots the app again)


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def load(
    server: Server,
    path: str,
    cookie: str | None,
    seconds: int,
    connections: int,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
    script_args: Sequence[str] = (),
) -> Load:
    """wrk on one page for `seconds`, sampling the server's memory meanwhile; `headers`
    beyond the router's and the cookie, and a Lua `script` (with its `script_args`) for
    what a plain GET cannot do."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install wrk (make bench does it)")
    headers = {**ROUTER_HEADERS, **({"Cookie": cookie} if cookie else {}), **(headers or {})}
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    command.append(f"http://127.0.0.1:{server.port}{path}")
    if script_args:
        command += ["--", *script_args]
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    cpu_before, boots_before = server.cpu_seconds(), server.worker_boots()
    while wrk.poll() is None:
        rss, pss = server.memory_bytes()
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.25)
    cpu = server.cpu_seconds() - cpu_before
    output = wrk.stdout.read()
    if wrk.returncode or "Requests/sec" not in output or "99%" not in output:
        raise RuntimeError(f"wrk failed on {path}:\n{output}")
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)[ \t]*$", output, re.MULTILINE))
    if len(latency) != 2:
        raise RuntimeError(f"unexpected wrk output on {path}:\n{output}")
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_milliseconds(latency["50"]),
        p99_ms=_milliseconds(latency["99"]),
        rss_bytes=peak_rss,
        pss_bytes=peak_pss,
        failures=(int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in errors.groups()) if errors else 0),
        cpu_ms=1000 * cpu / int(re.search(r"(\d+) requests in", output).group(1)),
        restarts=server.worker_boots() - boots_before,
    )


FILE_PATH = "/bench/archivo.pdf"  # bench/hello_app.py's plain file


def against_a_file(
    database_url: str,
    log_path: Path,
    file_path: str,
    login: tuple[str, str],
    page: tuple[str, str],
    seconds: int,
    connections: int,
) -> tuple[dict[str, Load], float]:
    """Load `page` (name, path), logged in as `login` (e-mail, password), between two loads
    of the same bytes as a plain file from disk (`file_path`, sent by send_file). Returns
    every load by name and the plain file's mean requests/s."""
    os.environ["BENCH_FILE"] = file_path
    name, path = page
    with Server(database_url, log_path) as server:
        cookie = server.login(*login)
        results = {
            "plain file (send_file)": load(server, FILE_PATH, None, seconds, connections),
            name: load(server, path, cookie, seconds, connections),
            "plain file again": load(server, FILE_PATH, None, seconds, connections),
        }
    plain = (
        results["plain file (send_file)"].requests_per_second
        + results["plain file again"].requests_per_second
    ) / 2
    return results, plain
