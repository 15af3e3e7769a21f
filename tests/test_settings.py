"""Settings: a fresh checkout just works; production refuses an unsafe configuration."""

from __future__ import annotations

import os
import subprocess
import sys


def load_settings(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import backrehab.settings"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )


def test_a_fresh_checkout_gets_its_data_folder_made(tmp_path):
    data = tmp_path / "new" / "var"
    result = load_settings(tmp_path, BACKREHAB_DATA_DIR=str(data))
    assert result.returncode == 0, result.stderr
    assert data.is_dir()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, DEBUG="0", SECRET_KEY="", BACKREHAB_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_starts_with_a_secret_key(tmp_path):
    result = load_settings(
        tmp_path, DEBUG="0", SECRET_KEY="x" * 50, BACKREHAB_DATA_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
