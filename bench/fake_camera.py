"""A fake phone camera for headless Chromium: a still photograph of a person as a Y4M video.

Chromium plays the file as the camera with `--use-fake-device-for-media-stream
--use-file-for-fake-video-capture=FILE.y4m`. The photograph is the full-length figure in the
`@vladmandic/human` npm package's assets (a devDependency, installed by `npm ci`, never
committed). Used by the camera coach's browser test and by bench_pose.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "node_modules" / "@vladmandic" / "human" / "assets" / "samples.jpg"
# People in the thumbnails along the top of samples.jpg, each seen whole or nearly: a woman
# standing with her arms straight and a little out, and one with her elbows bent, hands at the
# waist. Shown in turn, the second is the peak of an arm exercise whose rest is the first (a
# wall push-up's elbows straighten and bend): the camera coach counts one repetition per turn.
PEOPLE = {"standing": (4, 4, 154, 156), "hands-at-waist": (645, 2, 788, 158)}
WIDTH, HEIGHT = 640, 480
BACKGROUND = (236, 236, 236)  # the light wall each person is shown against


class NoPhotograph(Exception):
    pass


def i420_frame(rgb: bytes, width: int, height: int) -> bytes:
    """One Y4M frame (4:2:0, full-range BT.601 as in JPEG) of an RGB picture, pure Python."""
    y_plane = bytearray(width * height)
    u_plane = bytearray((width // 2) * (height // 2))
    v_plane = bytearray((width // 2) * (height // 2))
    for row in range(height):
        for col in range(width):
            i = 3 * (row * width + col)
            r, g, b = rgb[i], rgb[i + 1], rgb[i + 2]
            y_plane[row * width + col] = max(0, min(255, round(0.299 * r + 0.587 * g + 0.114 * b)))
    for row in range(0, height, 2):
        for col in range(0, width, 2):
            rs = gs = bs = 0
            for dr in (0, 1):
                for dc in (0, 1):
                    i = 3 * ((row + dr) * width + col + dc)
                    rs, gs, bs = rs + rgb[i], gs + rgb[i + 1], bs + rgb[i + 2]
            red, green, blue = rs / 4, gs / 4, bs / 4
            k = (row // 2) * (width // 2) + col // 2
            u = 128 - 0.168736 * red - 0.331264 * green + 0.5 * blue
            v = 128 + 0.5 * red - 0.418688 * green - 0.081312 * blue
            u_plane[k] = max(0, min(255, round(u)))
            v_plane[k] = max(0, min(255, round(v)))
    return b"FRAME\n" + bytes(y_plane) + bytes(u_plane) + bytes(v_plane)


def y4m(frames: list[bytes], width: int, height: int, fps: int = 30) -> bytes:
    header = f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode()
    return header + b"".join(frames)


def y4m_from_rgb(rgb: bytes, width: int, height: int, frames: int = 2) -> bytes:
    """A Y4M video of one still RGB picture."""
    return y4m([i420_frame(rgb, width, height)] * frames, width, height)


def person_picture(person: str = "standing", photo: Path = PHOTO) -> bytes:
    """The person, enlarged and centred on a light 640x480 background, as RGB bytes (Pillow
    reads the JPEG; the colour conversion above needs nothing but Python)."""
    if not photo.exists():
        raise NoPhotograph(f"{photo} is missing: run `npm ci` (@vladmandic/human)")
    from PIL import Image

    found = Image.open(photo).convert("RGB").crop(PEOPLE[person])
    found = found.resize((found.width * 3, found.height * 3), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    canvas.paste(found, ((WIDTH - found.width) // 2, (HEIGHT - found.height) // 2))
    return canvas.tobytes()


def write_fake_camera(path: Path) -> Path:
    """The standing person, still."""
    path.write_bytes(y4m_from_rgb(person_picture(), WIDTH, HEIGHT))
    return path


def write_repetitions(
    path: Path,
    seconds_each: float = 1.5,
    fps: int = 10,
    peak_seconds: float | None = None,
    away_seconds: float = 0,
) -> Path:
    """The two people in turn, `seconds_each` each, looped by Chromium: one repetition a turn.
    With `peak_seconds`, the second (the peak) stays that long: a repetition held still; with
    `away_seconds`, the empty background follows for that long: the person out of view."""
    still = round(seconds_each * fps)
    held = round((peak_seconds if peak_seconds is not None else seconds_each) * fps)
    rest = i420_frame(person_picture("standing"), WIDTH, HEIGHT)
    peak = i420_frame(person_picture("hands-at-waist"), WIDTH, HEIGHT)
    frames = [rest] * still + [peak] * held
    if away_seconds:
        empty = i420_frame(bytes(BACKGROUND) * (WIDTH * HEIGHT), WIDTH, HEIGHT)
        frames += [empty] * round(away_seconds * fps)
    path.write_bytes(y4m(frames, WIDTH, HEIGHT, fps))
    return path


def camera_flags(video: Path) -> list[str]:
    """Chromium's flags for a camera that is allowed without a prompt and plays `video`."""
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
