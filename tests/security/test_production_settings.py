"""With DEBUG=0: HTTPS-only cookies, HSTS, and no start with a known or empty SECRET_KEY."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PRINT = (
    "import json, backrehab.settings as s; print(json.dumps({"
    "'hsts': s.SECURE_HSTS_SECONDS, 'session': s.SESSION_COOKIE_SECURE, "
    "'csrf': s.CSRF_COOKIE_SECURE, 'httponly': s.SESSION_COOKIE_HTTPONLY, "
    "'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
    "'whitenoise': 'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE}))"
)


def _settings(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    inherited = ("DATABASE_", "SECURE", "SECRET_KEY", "DEBUG")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    environment.update(BACKREHAB_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        env=environment,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )


def test_production_marks_cookies_secure_and_turns_on_hsts(tmp_path):
    result = _settings(tmp_path, DEBUG="0", SECRET_KEY="k" * 50, BEHIND_HTTPS_PROXY="1")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["hsts"] >= 31536000
    assert values["session"] is True and values["csrf"] is True and values["httponly"] is True
    assert values["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["whitenoise"] is True


def test_development_uses_plain_http_cookies_and_no_hsts(tmp_path):
    values = json.loads(_settings(tmp_path, DEBUG="1").stdout)
    assert values["hsts"] == 0 and values["session"] is False


def test_production_refuses_the_development_secret_key(tmp_path):
    result = _settings(tmp_path, DEBUG="0", SECRET_KEY="dev-only-insecure-key-change-me")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_a_missing_secret_key(tmp_path):
    result = _settings(tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
