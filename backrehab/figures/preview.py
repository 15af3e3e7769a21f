"""Contact sheets of demonstration figures, for content authors and reviewers.

    backrehab figures contact-sheet /tmp/library.png            # every exercise, phone size
    python -m backrehab.figures.preview glute-bridge --out /tmp/figures.png   # animation frames

The phone sheet shows each exercise's start and peak at 360 px wide, the width a patient's phone
gives the figure, so a reviewer judges legibility at the size it is used. The frame sheet shows
six evenly spaced frames of each loop, for checking keyframes. Both write an HTML page and, when
Chromium is installed and the output ends in .png, a screenshot of it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from html import escape
from pathlib import Path

from backrehab.clinical.library import CONTENT_DIR, parse_exercise
from backrehab.figures.animation import animate
from backrehab.figures.svg import Drawing

COLUMNS = 6
PHONE_WIDTH = 360  # px: the figure's width on a phone held upright
PHONE_HEIGHT = 250


def sheet(ids: list[str], directory: Path = CONTENT_DIR) -> str:
    rows = []
    for exercise_id in ids:
        exercise = parse_exercise(directory / f"{exercise_id}.yaml")
        drawing = Drawing(exercise.figure, animate(exercise.figure))
        count = len(drawing.frames)
        cells = [
            f'<figure><div class="pic">{drawing.svg(mode="start", title="start")}</div>'
            "<figcaption>start</figcaption></figure>",
            f'<figure><div class="pic">{drawing.svg(mode="peak", title="peak")}</div>'
            "<figcaption>peak (print end)</figcaption></figure>",
        ]
        for k in range(1, COLUMNS - 1):
            index = k * count // (COLUMNS - 1)
            time = drawing.animation.frames[index % count].time
            cells.append(
                f'<figure><div class="pic">{drawing.svg(mode=f"frame-{index}", title="")}</div>'
                f"<figcaption>t={time:.1f}s</figcaption></figure>"
            )
        rows.append(
            f"<h2>{escape(exercise.name)} ({exercise_id})</h2><div class=row>{''.join(cells)}</div>"
        )
    style = (
        "body{font:14px sans-serif;margin:8px;background:#fff}.row{display:flex;gap:6px}"
        "figure{margin:0;width:230px;border:1px solid #ddd}.pic svg{width:230px;height:170px}"
        "figcaption{text-align:center;color:#555}h2{font-size:15px;margin:10px 0 4px}"
    )
    return f"<!doctype html><meta charset=utf-8><style>{style}</style>{''.join(rows)}"


def phone_sheet(ids: list[str], directory: Path = CONTENT_DIR) -> str:
    """Start and peak of every exercise in `ids`, each picture 360 px wide, two exercises a row."""
    cells = []
    for exercise_id in ids:
        exercise = parse_exercise(directory / f"{exercise_id}.yaml")
        drawing = Drawing(exercise.figure, animate(exercise.figure))
        for mode, caption in (("start", "start"), ("peak", "peak")):
            cells.append(
                f'<figure><div class="pic">{drawing.svg(mode=mode, title=exercise.name)}</div>'
                f"<figcaption><b>{escape(exercise.name)}</b> {caption}</figcaption></figure>"
            )
    style = (
        "body{font:13px sans-serif;margin:8px;background:#fff}"
        ".grid{display:grid;grid-template-columns:repeat(4,"
        f"{PHONE_WIDTH}px);gap:8px}}figure{{margin:0;border:1px solid #ddd}}"
        f".pic svg{{width:{PHONE_WIDTH}px;height:{PHONE_HEIGHT}px;display:block}}"
        "figcaption{padding:2px 4px;color:#333;white-space:nowrap;overflow:hidden}"
    )
    return (
        f"<!doctype html><meta charset=utf-8><title>Exercise figures</title><style>{style}</style>"
        f"<div class=grid>{''.join(cells)}</div>"
    )


def phone_sheet_size(count: int) -> tuple[int, int]:
    """Window size (px) that fits a phone sheet of `count` exercises without scrolling."""
    rows = (count + 1) // 2
    return 4 * (PHONE_WIDTH + 10) + 16, rows * (PHONE_HEIGHT + 30) + 24


def screenshot(html: Path, out: Path, size: tuple[int, int]) -> bool:
    """Save a PNG of the page with headless Chromium; False when Chromium is not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return False
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            f"--screenshot={out}",
            f"--window-size={size[0]},{size[1]}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
    )
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="exercise ids (default: all)")
    parser.add_argument("--out", default="/tmp/figures.png")
    args = parser.parse_args()
    ids = args.ids or sorted(p.stem for p in CONTENT_DIR.glob("*.yaml"))
    out = Path(args.out)
    html = out.with_suffix(".html")
    html.write_text(sheet(ids), encoding="utf-8")
    if not screenshot(html, out, (COLUMNS * 238 + 20, 60 + 215 * len(ids))):
        print(f"wrote {html} (install chromium for a PNG)")
        return
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
