"""A dev host served by ``manage.py runserver`` in a temporary directory, and headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.host import services

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def dev_host_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("devhost") / "db.sqlite3")


@pytest.fixture(scope="session")
def dev_host(dev_host_db: str) -> Iterator[str]:
    """``make dev``'s setup and server, on a fresh sqlite database and a free port."""
    if CHROMIUM is None:
        if services.services_required():
            pytest.fail("CI needs Chromium for the browser tests (`make browser` installs it)")
        pytest.skip("Chromium is not installed (`make browser` installs it)")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.host.settings.lms_dev",
        "VE_EDU_HOST_MODE": "dev",
        "VE_EDU_DEV_DATABASE": dev_host_db,
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "ve_edu_dev_setup"], env=env, check=True, cwd=ROOT, capture_output=True)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/ve-edu/v1/health/", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.terminate()
        pytest.fail("the dev host did not start")
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    yield context.new_page()
    context.close()
