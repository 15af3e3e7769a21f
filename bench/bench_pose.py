"""Camera coach: frames per second of the whole pipeline in headless Chromium on this machine.

The pipeline is the player's own: the camera (Chromium's fake device playing two photographs of
people in turn, arms straight then elbows bent, bench/fake_camera.py, 1.5 s each) -> MediaPipe
Pose (@mediapipe/pose from node_modules, loaded by player/camera.js) -> landmarks -> the
framing check and the rep counter (motion/coach.js, motion/counter.js). Each model (lite,
full) runs with its inference on the CPU (WebAssembly SIMD, XNNPACK) and through WebGL, which
headless Chromium gives by SwiftShader, a software GPU, even with --disable-gpu; no extra flag
is needed. The player picks the CPU when the renderer is a software one (camera.js
softwareRenderer). A phone's real GPU and cores give other figures: these are this machine's.
The counter follows a wall push-up, so each turn of the video is a repetition (one per 3 s).
"""

from __future__ import annotations

import functools
import http.server
import json
import tempfile
import threading
from pathlib import Path
from typing import Any

from backrehab.clinical.library import load_library
from backrehab.motion.model import tracking_model
from bench.fake_camera import ROOT, NoPhotograph, camera_flags, write_repetitions

STATIC = ROOT / "backrehab" / "static"
POSE = ROOT / "node_modules" / "@mediapipe" / "pose"
CHROMIUM = "/usr/bin/chromium"
WARM_SECONDS = 3
MEASURE_SECONDS = 8
CAMERA_FPS = 30  # the ceiling: the pipeline cannot go faster than the camera
RUNS = [("lite", 0, True), ("lite", 0, False), ("full", 1, True), ("full", 1, False)]

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script type="module" src="/bench.js"></script></head><body><video></video></body></html>"""
SCRIPT = """
import { createCamera } from "/static/backrehab/player/camera.js";
import { createCounter } from "/static/backrehab/motion/counter.js";
import { framing } from "/static/backrehab/motion/coach.js";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
window.measure = async ({ files, model, complexity, cpu, warm, seconds }) => {
  const video = document.querySelector("video");
  const camera = createCamera({ files, video, complexity, cpu });
  let frames = 0, found = 0, framed = 0, counter = null;
  const loading = performance.now();
  await camera.start((frame, time, aspect) => {
    if (!counter) counter = createCounter(model, { aspect });
    counter.push(frame, time);
    if (framing(frame, model).ok) framed += 1;
    frames += 1;
    if (frame) found += 1;
  });
  const loaded = performance.now() - loading;
  await sleep(warm * 1000);
  const start = frames, started = performance.now();
  await sleep(seconds * 1000);
  const fps = (frames - start) / ((performance.now() - started) / 1000);
  camera.close();
  const all = Math.max(1, frames);
  const reps = counter ? counter.count : 0;
  return { fps, loadMs: loaded, found: found / all, framed: framed / all, reps };
};
window.ready = true;
"""


class Files(http.server.SimpleHTTPRequestHandler):
    """This site's static files and the pose model, as the app serves them (no Django needed)."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path in ("/bench.html", "/bench.js"):
            return str(Path(self.directory) / path.lstrip("/"))
        if path.startswith("/static/vendor/mediapipe-pose/"):
            return str(POSE / path.rsplit("/", 1)[1])
        if path.startswith("/static/"):
            return str(STATIC / path.removeprefix("/static/"))
        return str(Path(self.directory) / "missing")

    def end_headers(self) -> None:
        # The policy the session page has: nothing from elsewhere, WebAssembly allowed.
        self.send_header(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'",
        )
        super().end_headers()


def model_sizes() -> list[str]:
    names = ["pose_landmark_lite.tflite", "pose_landmark_full.tflite", "pose_landmark_heavy.tflite"]
    names += ["pose_solution_packed_assets.data", "pose_solution_simd_wasm_bin.wasm"]
    return [f"{n} {(POSE / n).stat().st_size / 1e6:.1f} MB" for n in names]


def main() -> None:
    if not (POSE / "pose.js").exists():
        print("   @mediapipe/pose is not installed (npm ci): skipped")
        return
    from playwright.sync_api import sync_playwright

    model = tracking_model(load_library()["wall-push-up"])
    files = {p.name: f"/static/vendor/mediapipe-pose/{p.name}" for p in POSE.iterdir()}
    print("   " + ", ".join(model_sizes()))
    with tempfile.TemporaryDirectory() as folder:
        try:
            video = write_repetitions(Path(folder) / "reps.y4m", fps=CAMERA_FPS)
        except NoPhotograph as exc:
            print(f"   {exc}: skipped")
            return
        (Path(folder) / "bench.html").write_text(PAGE, encoding="utf-8")
        (Path(folder) / "bench.js").write_text(SCRIPT, encoding="utf-8")
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Files, directory=folder)
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        args += ["--disable-component-update", *camera_flags(video)]
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_port}/bench.html")
                while not page.evaluate("window.ready === true"):
                    page.wait_for_timeout(100)
                renderer = page.evaluate(
                    "(() => { const gl = document.createElement('canvas').getContext('webgl2');"
                    " const i = gl && gl.getExtension('WEBGL_debug_renderer_info');"
                    " return i ? gl.getParameter(i.UNMASKED_RENDERER_WEBGL) : String(!!gl); })()"
                )
                print(f"   WebGL renderer: {renderer}")
                print(f"   {'model':5} {'inference':9} {'fps':>6} {'load s':>7} {'person':>7}")
                for name, complexity, cpu in RUNS:
                    options = {"files": files, "model": model, "complexity": complexity}
                    options |= {"cpu": cpu, "warm": WARM_SECONDS, "seconds": MEASURE_SECONDS}
                    result = page.evaluate("(o) => window.measure(o)", options)
                    where = "CPU" if cpu else "WebGL"
                    print(
                        f"   {name:5} {where:9} {result['fps']:6.1f} "
                        f"{result['loadMs'] / 1000:7.1f} {result['found']:7.0%}"
                        f"  (framing ok {result['framed']:.0%}, {result['reps']} reps counted)",
                        flush=True,
                    )
                browser.close()
        finally:
            server.shutdown()
    print(f"   fps: frames through pose + framing + counter per second (camera: {CAMERA_FPS})")
    print("   " + json.dumps({"chromium": CHROMIUM, "flags": args[:5]}))


if __name__ == "__main__":
    main()
