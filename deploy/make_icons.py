"""Render the app icons (PNG) from our own logo, backrehab/static/backrehab/icon.svg.

The PNGs are committed (generated files); run this again after changing the logo:
`.venv/bin/python deploy/make_icons.py`. It uses the headless Chromium the browser tests use.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "backrehab" / "static" / "backrehab"
# name: (size in px, padding as a share of the size; maskable icons keep a safe zone)
ICONS = {
    "icon-192.png": (192, 0.0),
    "icon-512.png": (512, 0.0),
    "maskable-512.png": (512, 0.1),
    "apple-touch-icon.png": (180, 0.0),
    "favicon-32.png": (32, 0.0),
}


def main() -> None:
    from playwright.sync_api import sync_playwright

    svg = (STATIC / "icon.svg").read_text(encoding="utf-8")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for name, (size, pad) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            inner = round(size * (1 - 2 * pad))
            # A maskable icon is cropped to a circle or squircle: fill the edge with the logo blue.
            drawing = svg.replace("<svg ", '<svg width="100%" height="100%" ', 1)
            html = (
                f'<body style="margin:0;background:{"#2f6f95" if pad else "transparent"};'
                f'display:grid;place-items:center;height:{size}px">'
                f'<div style="width:{inner}px;height:{inner}px">'
                f"{drawing}</div></body>"
            )
            page.set_content(html)
            page.screenshot(path=str(STATIC / "icons" / name), omit_background=not pad)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
