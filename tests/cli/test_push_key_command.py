"""`backrehab push-key` (and `setup`, which runs it): the key pair that signs notifications is
made once in the data directory, readable by its owner only, and never replaced."""

from __future__ import annotations

from typer.testing import CliRunner

from backrehab.cli import app
from backrehab.messaging import push

runner = CliRunner()


def test_the_key_is_made_once_and_kept(settings, tmp_path):
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_KEY_FILE = tmp_path / "vapid-private-key.pem"

    first = runner.invoke(app, ["push-key"])
    assert first.exit_code == 0, first.output
    assert f"new key pair in {settings.VAPID_KEY_FILE}" in first.output
    assert settings.VAPID_KEY_FILE.stat().st_mode & 0o777 == 0o600
    pem = settings.VAPID_KEY_FILE.read_text()
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert push.public_key() in first.output

    again = runner.invoke(app, ["push-key"])
    assert again.exit_code == 0 and "keeping the key pair" in again.output
    assert settings.VAPID_KEY_FILE.read_text() == pem


def test_a_key_from_the_environment_writes_no_file(settings, tmp_path):
    settings.VAPID_KEY_FILE = tmp_path / "vapid-private-key.pem"
    result = runner.invoke(app, ["push-key"])
    assert result.exit_code == 0 and "comes from VAPID_PRIVATE_KEY" in result.output
    assert not settings.VAPID_KEY_FILE.exists()
