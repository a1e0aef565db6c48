"""Photograph the demo home page for the README, on a 320 px phone and a 1280 px desktop.

Builds the demo trust in a throwaway SQLite database, serves it with `qihub runserver` on a free
port, takes the screenshots with Playwright driving Debian's Chromium, and stops the server.
`make screenshots` runs it; it writes docs/screenshots/home-phone.png and home-desktop.png.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from playwright.sync_api import ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS: dict[str, ViewportSize] = {
    "home-phone.png": {"width": 320, "height": 1000},
    "home-desktop.png": {"width": 1280, "height": 900},
}
STARTUP_SECONDS = 60


def _qihub(*args: str) -> list[str]:
    return [sys.executable, "-m", "qihub", *args]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"qihub runserver stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}healthz", timeout=2):  # noqa: S310 (our own server)
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"qihub did not answer at {url} within {STARTUP_SECONDS} s")


def _photograph(url: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for filename, viewport in SHOTS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            page.goto(url, wait_until="load")
            page.screenshot(path=OUTPUT / filename)
            context.close()
            print(f"wrote {(OUTPUT / filename).relative_to(ROOT)}")
        browser.close()


def _serve_demo(var_dir: str, log: IO[bytes]) -> tuple[subprocess.Popen[bytes], str]:
    env: Mapping[str, str] = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "QIHUB_VAR_DIR": var_dir,
        "QIHUB_DEBUG": "1",
        "QIHUB_DEMO_MODE": "1",
    }
    print("building the demo trust in a throwaway database…")
    for command in (_qihub("migrate", "--no-input", "-v0"), _qihub("demo")):
        subprocess.run(command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen(  # noqa: S603
        _qihub("runserver", "--noreload", address), env=env, cwd=ROOT, stdout=log, stderr=log
    )
    return server, f"http://{address}/"


def main() -> None:
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"The screenshots need Chromium at {CHROMIUM}: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="qihub-screenshots-") as var_dir:
        log_path = Path(var_dir) / "runserver.log"
        with log_path.open("wb") as log:
            server, url = _serve_demo(var_dir, log)
            try:
                _wait_until_serving(url, server, log_path)
                _photograph(url)
            finally:
                server.terminate()
                server.wait(timeout=10)


if __name__ == "__main__":
    main()
