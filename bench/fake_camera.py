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
# The first thumbnail of samples.jpg: a person standing, seen whole, on a plain background.
PERSON_BOX = (4, 4, 154, 156)
WIDTH, HEIGHT = 640, 480


class NoPhotograph(Exception):
    pass


def y4m_from_rgb(rgb: bytes, width: int, height: int, frames: int = 2) -> bytes:
    """A Y4M video (4:2:0, full-range BT.601 as in JPEG) of one RGB picture, pure Python."""
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
    header = f"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg\n".encode()
    frame = b"FRAME\n" + bytes(y_plane) + bytes(u_plane) + bytes(v_plane)
    return header + frame * frames


def person_picture(photo: Path = PHOTO) -> bytes:
    """The person, enlarged and centred on a light 640x480 background, as RGB bytes (Pillow
    reads the JPEG; the colour conversion above needs nothing but Python)."""
    if not photo.exists():
        raise NoPhotograph(f"{photo} is missing: run `npm ci` (@vladmandic/human)")
    from PIL import Image

    person = Image.open(photo).convert("RGB").crop(PERSON_BOX)
    person = person.resize((person.width * 3, person.height * 3), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (WIDTH, HEIGHT), (236, 236, 236))
    canvas.paste(person, ((WIDTH - person.width) // 2, (HEIGHT - person.height) // 2))
    return canvas.tobytes()


def write_fake_camera(path: Path) -> Path:
    path.write_bytes(y4m_from_rgb(person_picture(), WIDTH, HEIGHT))
    return path


def camera_flags(video: Path) -> list[str]:
    """Chromium's flags for a camera that is allowed without a prompt and plays `video`."""
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
