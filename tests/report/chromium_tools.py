"""Headless Chromium for the report tests, with the flags docs/reports.md gives users.

Chromium is kept off the network: no background services, every host name unresolvable and any
request sent to a closed port on 127.0.0.1 (a stock Chromium otherwise asks Google for the time
and the signed-in accounts even in headless mode). A net log shows what the page itself asked for.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

OFFLINE_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
)


def chromium() -> str | None:
    """The Chromium binary, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def run(page: Path, *extra: str, timeout: float = 180) -> None:
    """Load `page` (a file) in a fresh profile with `extra` flags (screenshot, PDF...)."""
    binary = chromium()
    assert binary is not None
    with tempfile.TemporaryDirectory(prefix="report-chromium-") as profile:
        subprocess.run([binary, *OFFLINE_FLAGS, f"--user-data-dir={profile}", *extra,
                        page.resolve().as_uri()], check=True, capture_output=True,
                       timeout=timeout)


def page_requests(page: Path, netlog: Path) -> list[str]:
    """URLs the page itself requested over the network (not Chromium's own services)."""
    run(page, f"--log-net-log={netlog}", "--dump-dom")
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"]["url"] for e in log["events"]
            if e["type"] == start and "url" in e.get("params", {})
            and str(e["params"].get("network_isolation_key", "")).startswith("file://")]
