"""Static check: bandit over dulcevicio/ finds nothing of medium or high severity that is
not a reviewed exception (an inline `# nosec BXXX: reason`). CI runs `make bandit` too."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.security.gunicorn_servers import ROOT

SECTION = "Static check (bandit)"


def test_bandit_finds_no_medium_or_high_issue(figures):
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", "dulcevicio", "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stdout)
    assert not report["errors"], report["errors"]
    totals = report["metrics"]["_totals"]
    serious = [
        f"{issue['test_id']} {issue['filename']}:{issue['line_number']} {issue['issue_text']}"
        for issue in report["results"]
        if issue["issue_severity"] in ("MEDIUM", "HIGH")
    ]
    figures.set(SECTION, "lines of code scanned", totals["loc"])
    figures.set(SECTION, "medium/high findings", len(serious))
    figures.set(SECTION, "low findings (reported, not gated)", int(totals["SEVERITY.LOW"]))
    figures.set(SECTION, "reviewed exceptions (# nosec)", int(totals["nosec"]))
    assert serious == []
