"""Contact sheet of demonstration figures, for content authors checking their keyframes.

    python -m backrehab.figures.preview glute-bridge cat-camel --out /tmp/figures.png

Writes an HTML page with six evenly spaced frames of each exercise's loop (first and peak
labelled) and, when Chromium is installed, a PNG screenshot of it.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="exercise ids (default: all)")
    parser.add_argument("--out", default="/tmp/figures.png")
    args = parser.parse_args()
    ids = args.ids or sorted(p.stem for p in CONTENT_DIR.glob("*.yaml"))
    out = Path(args.out)
    html = out.with_suffix(".html")
    html.write_text(sheet(ids), encoding="utf-8")
    browser = shutil.which("chromium")
    if browser is None:
        print(f"wrote {html} (install chromium for a PNG)")
        return
    height = 60 + 215 * len(ids)
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
            f"--window-size={COLUMNS * 238 + 20},{height}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
