"""The production set-up of docs/production.md actually serves: gunicorn with the repo's
config, two worker processes, DEBUG=0, static files collected and served by whitenoise."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.skipif(
    not GUNICORN.exists() and shutil.which("gunicorn") is None, reason="gunicorn not installed"
)


COLLECT_WITHOUT_COMPRESSING = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "backrehab.settings"
import backrehab.settings as settings
storage = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
settings.STORAGES["staticfiles"]["BACKEND"] = storage
import django
django.setup()
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (local test server)
        return response.status, dict(response.headers), response.read()


def _backrehab(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-c", "from backrehab.cli import app; app()", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_gunicorn_with_two_workers_serves_pages_and_static_files(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.update(
        DEBUG="0",
        SECRET_KEY="production-test-" + "k" * 40,
        BACKREHAB_DATA_DIR=str(tmp_path),  # a new SQLite database
        STATIC_ROOT=str(tmp_path / "static"),
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
    )
    _backrehab(env, "migrate")
    # The real `backrehab manage collectstatic` also pre-compresses every file (gzip and
    # brotli), a minute of CPU for the API docs' bundles; whitenoise serves the same manifest
    # without the compressed copies, so the test collects with the manifest alone.
    collect = subprocess.run(
        [sys.executable, "-c", COLLECT_WITHOUT_COMPRESSING], env=env, capture_output=True, text=True
    )
    assert collect.returncode == 0, collect.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["backrehab/app.css"]
    server = subprocess.Popen(
        [str(GUNICORN), "-c", str(ROOT / "deploy/gunicorn.conf.py")],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                status, _, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert server.poll() is None, "gunicorn stopped"
                assert time.monotonic() < deadline, "gunicorn did not answer within 15 s"
                time.sleep(0.2)
        assert (status, body) == (200, b"ok\n")
        status, headers, css = _get(f"http://127.0.0.1:{port}/static/{hashed}")
        assert status == 200 and b"--brand" in css
        assert "max-age=315360000" in headers.get("Cache-Control", "")
        status, headers, page = _get(f"http://127.0.0.1:{port}/login/")
        assert status == 200 and f"/static/{hashed}".encode() in page
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        workers = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(workers) == 2
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "Booting worker" in output
