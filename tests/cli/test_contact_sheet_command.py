"""`backrehab figures contact-sheet`: every exercise's start and peak at phone width."""

from __future__ import annotations

from typer.testing import CliRunner

from backrehab.cli import app


def test_the_sheet_shows_start_and_peak_of_each_exercise_at_phone_width(tmp_path):
    out = tmp_path / "sheet.html"
    result = CliRunner().invoke(
        app, ["figures", "contact-sheet", str(out), "-e", "bird-dog", "-e", "wall-push-up"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.count("<svg") == 4
    assert "width:360px" in html
    assert "Wall push-up</b> peak" in html


def test_an_unknown_exercise_is_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "sheet.html"
    result = CliRunner().invoke(app, ["figures", "contact-sheet", str(out), "-e", "moonwalk"])
    assert result.exit_code == 2
    assert "moonwalk" in result.output
    assert not out.exists()


def test_an_output_that_is_neither_html_nor_png_is_refused(tmp_path):
    result = CliRunner().invoke(app, ["figures", "contact-sheet", str(tmp_path / "sheet.pdf")])
    assert result.exit_code == 2
    assert ".html or .png" in result.output
