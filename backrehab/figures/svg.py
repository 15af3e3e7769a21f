"""Drawing the figure as SVG: an animated loop for screens, still start/end pictures for print.

The animation is SMIL (`<animate>` inside the SVG), so it plays in any browser with no script,
offline, and inside an <img> as well as inline. Coordinates are centimetres.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from backrehab.figures.animation import Animation, animate
from backrehab.figures.skeleton import (
    HEAD_RADIUS,
    WIDTH,
    Body,
    Mat,
    Vec,
    apply,
    mat_mul,
    rot_x,
    rot_y,
    segments,
    width_of,
)
from backrehab.figures.spec import FigureSpec

# Near-side limbs dark, far-side limbs light: depth reads at a glance, in colour or grey print.
COLOURS = {"near": "#1d4e6e", "far": "#9cc3d9", "trunk": "#2f6f95"}
# The working part in warm colours, same dark-near / light-far rule, so it stands out in colour
# and still reads by depth in grey print.
HIGHLIGHT = {"near": "#b5520f", "far": "#f3b47a", "trunk": "#d9731f"}
SPINE_LINE = "#ffffff"
SPINE_EDGE = "#16384f"
BAND_COLOUR = "#2e8b57"
WEIGHT_COLOUR = "#33393d"
FLOOR_COLOUR = "#c9d3d9"
PROP_COLOUR = "#dfe6ea"
PROP_EDGE = "#8a9aa5"
STRAP_COLOUR = "#c46a1b"
MARGIN = 8.0  # cm around the drawing


def camera(spec: FigureSpec) -> Mat:
    return mat_mul(rot_x(spec.camera.elevation), rot_y(-spec.camera.yaw))


@dataclass(frozen=True)
class Projected:
    """A body seen through the camera, in screen centimetres (y grows downward)."""

    points: dict[str, tuple[float, float]]
    depth: dict[str, float]


def project(body: Body, cam: Mat) -> Projected:
    points: dict[str, tuple[float, float]] = {}
    depth: dict[str, float] = {}
    for name, p in body.points.items():
        v = apply(cam, p)
        points[name] = (v[0] * 100, -v[1] * 100)
        depth[name] = v[2]
    return Projected(points, depth)


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def _line(a: tuple[float, float], b: tuple[float, float]) -> str:
    return f"M{_fmt(a[0])} {_fmt(a[1])}L{_fmt(b[0])} {_fmt(b[1])}"


@dataclass(frozen=True)
class Part:
    """One drawn piece of the body and how to find its ends in any frame."""

    name: str
    start: str
    end: str
    width: float  # cm
    colour: str


def highlighted(name: str, highlight: Iterable[str]) -> bool:
    """Whether segment `name` (e.g. thigh_near) is one of the working parts."""
    base = name.removesuffix("_near").removesuffix("_far")
    return any(part in (name, base) for part in highlight)


def body_parts(body: Body, highlight: Iterable[str] = ()) -> list[Part]:
    parts = []
    wanted = list(highlight)
    for name, (a, b) in segments(body).items():
        ends = {v: k for k, v in body.points.items()}
        side = "near" if name.endswith("_near") else "far" if name.endswith("_far") else "trunk"
        palette = HIGHLIGHT if highlighted(name, wanted) else COLOURS
        parts.append(Part(name, ends[a], ends[b], width_of(name) * 100, palette[side]))
    return parts


def _mid_depth(part: Part, view: Projected) -> float:
    return (view.depth[part.start] + view.depth[part.end]) / 2


def _depth_order(parts: list[Part], view: Projected) -> list[Part]:
    return sorted(parts, key=lambda part: _mid_depth(part, view))


def _bounds(
    views: Iterable[Projected], extra: Iterable[tuple[float, float]]
) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    pad = 16.0  # the thickest part's half-width, head included
    for view in views:
        for x, y in view.points.values():
            xs.append(x)
            ys.append(y)
    for x, y in extra:
        xs.append(x)
        ys.append(y)
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


class Drawing:
    """Builds the SVG text for one figure."""

    def __init__(self, spec: FigureSpec, animation: Animation) -> None:
        self.spec = spec
        self.animation = animation
        self.cam = camera(spec)
        self.start = project(animation.start, self.cam)
        self.peak = project(animation.peak, self.cam)
        self.frames = [project(f.body, self.cam) for f in animation.frames]
        self.parts = _depth_order(body_parts(animation.start, spec.highlight), self.peak)

    def world(self, p: Vec) -> tuple[float, float]:
        v = apply(self.cam, p)
        return (v[0] * 100, -v[1] * 100)

    # Props are placed from the first keyframe, so they stay put while the body moves.
    def props(self) -> tuple[list[str], list[str], list[tuple[float, float]]]:
        """(shapes behind the body, shapes in front, points that must fit in the view)."""
        behind: list[str] = []
        front: list[str] = []
        extent: list[tuple[float, float]] = []
        body = self.animation.start
        xs = [x for view in self.frames for x, _ in view.points.values()]
        left, right = min(xs) / 100 - 0.25, max(xs) / 100 + 0.25
        if "floor" in self.spec.props:
            if self.spec.camera.elevation == 0:
                a, b = self.world((left, 0, 0)), self.world((right, 0, 0))
                behind.append(
                    f'<rect x="{_fmt(a[0])}" y="{_fmt(a[1])}" width="{_fmt(b[0] - a[0])}" '
                    f'height="4" fill="{FLOOR_COLOUR}"/>'
                )
                extent += [a, (b[0], b[1] + 4)]
            else:
                zs = [p[2] for frame in self.animation.frames for p in frame.body.points.values()]
                near, far = max(zs) + 0.3, min(zs) - 0.3
                corners = [
                    self.world((x, 0, z))
                    for x, z in ((left, far), (right, far), (right, near), (left, near))
                ]
                behind.append(f'<polygon points="{_points(corners)}" fill="{FLOOR_COLOUR}"/>')
                extent += corners
        if "wall" in self.spec.props:
            top = max(p[1] for p in body.points.values()) + 0.15
            hands = max(body["fingertip_near"][0], body["fingertip_far"][0])
            if abs(self.spec.keyframes[0].pose.get("body_yaw", 0.0)) > 45:
                # Seen from behind or in front (a lateral shift correction): the wall is at the
                # left shoulder, which leans on it.
                side = min(body["shoulder_near"][0], body["shoulder_far"][0]) - 0.06
                a, b = self.world((side - 0.06, top, 0)), self.world((side, 0, 0))
            elif hands - body["pelvis"][0] > 0.3:
                # Hands reaching well forward (a wall push-up): the wall is in front, at the hands.
                front_face = hands + 0.02
                a, b = self.world((front_face, top, 0)), self.world((front_face + 0.06, 0, 0))
            else:
                back = min(body[p][0] for p in ("pelvis", "lumbar_top", "neck_base")) - 0.14
                a, b = self.world((back - 0.06, top, 0)), self.world((back, 0, 0))
            behind.append(
                f'<rect x="{_fmt(a[0])}" y="{_fmt(a[1])}" width="{_fmt(b[0] - a[0])}" '
                f'height="{_fmt(b[1] - a[1])}" fill="{PROP_COLOUR}" stroke="{PROP_EDGE}"/>'
            )
            extent += [a, b]
        if "chair" in self.spec.props and body["pelvis"][1] > 0.75:
            # Standing: the chair stands in front, its backrest to hold for support.
            toes = max(body["toe_near"][0], body["toe_far"][0])
            x0 = max(toes + 0.05, max(body["fingertip_near"][0], body["fingertip_far"][0]) - 0.04)
            outline = [
                (x0, 0.9),
                (x0, 0),
                (x0 + 0.03, 0),
                (x0 + 0.03, 0.42),
                (x0 + 0.41, 0.42),
                (x0 + 0.41, 0),
                (x0 + 0.44, 0),
                (x0 + 0.44, 0.45),
                (x0 + 0.03, 0.45),
                (x0 + 0.03, 0.9),
            ]
            pts = [self.world((x, y, -0.1)) for x, y in outline]
            behind.append(
                f'<polygon points="{_points(pts)}" fill="{PROP_COLOUR}" stroke="{PROP_EDGE}"/>'
            )
            extent += pts
        elif "chair" in self.spec.props:
            seat = min(body["hip_near"][1], body["hip_far"][1]) - 0.075
            x0 = body["pelvis"][0] - 0.22
            x1 = body["pelvis"][0] + 0.22
            outline = [
                (x0, seat + 0.45),
                (x0, 0),
                (x0 + 0.03, 0),
                (x0 + 0.03, seat - 0.03),
                (x1 - 0.03, seat - 0.03),
                (x1 - 0.03, 0),
                (x1, 0),
                (x1, seat),
                (x0 + 0.03, seat),
                (x0 + 0.03, seat + 0.45),
            ]
            pts = [self.world((x, y, -0.1)) for x, y in outline]
            behind.append(
                f'<polygon points="{_points(pts)}" fill="{PROP_COLOUR}" stroke="{PROP_EDGE}"/>'
            )
            extent += pts
        if "pillow" in self.spec.props:
            hx, hy = self.world((body["head"][0], body["head"][1] - HEAD_RADIUS - 0.03, 0))
            behind.append(
                f'<ellipse cx="{_fmt(hx)}" cy="{_fmt(hy)}" rx="14" ry="4" fill="{PROP_COLOUR}" '
                f'stroke="{PROP_EDGE}"/>'
            )
        if "wedge" in self.spec.props:
            low, high = body["pelvis"], body["neck_base"]
            shape = [(low[0], 0.0), (high[0], 0.0), (high[0], max(high[1] - 0.14, 0.0))]
            pts = [self.world((x, y, 0)) for x, y in shape]
            behind.append(
                f'<polygon points="{_points(pts)}" fill="{PROP_COLOUR}" stroke="{PROP_EDGE}"/>'
            )
        if "step" in self.spec.props:
            pts = [self.world(p) for p in self._step_outline(body)]
            behind.append(
                f'<polygon points="{_points(pts)}" fill="{PROP_COLOUR}" stroke="{PROP_EDGE}"/>'
            )
            extent += pts
        if "bike" in self.spec.props:
            shapes, points = self._bike(body)
            behind += shapes
            extent += points
        if "strap" in self.spec.props:
            front.append("strap")
        if self.spec.band_anchor is not None:
            extent.append(self.world(self._band_anchor()))
        return behind, front, extent

    def _step_outline(self, body: Body) -> list[Vec]:
        """A step box under whichever foot starts higher (the one standing on the step)."""
        side = max(("near", "far"), key=lambda s: min(body[f"heel_{s}"][1], body[f"toe_{s}"][1]))
        top = max(min(body[f"heel_{side}"][1], body[f"toe_{side}"][1]) - 0.035, 0.05)
        x0 = min(body[f"heel_{side}"][0], body[f"toe_{side}"][0]) - 0.10
        x1 = max(body[f"heel_{side}"][0], body[f"toe_{side}"][0]) + 0.06
        return [(x0, 0, -0.05), (x0, top, -0.05), (x1, top, -0.05), (x1, 0, -0.05)]

    def _bike(self, body: Body) -> tuple[list[str], list[tuple[float, float]]]:
        """An upright exercise bike: saddle under the pelvis, pedals where the feet circle."""
        feet = [f.body["ankle_near"] for f in self.animation.frames]
        cx = sum(p[0] for p in feet) / len(feet)
        cy = sum(p[1] for p in feet) / len(feet)
        crank = max(math.dist((cx, cy), (p[0], p[1])) for p in feet)
        seat = (body["pelvis"][0], min(body["hip_near"][1], body["hip_far"][1]) - 0.08)
        hands = body["wrist_near"]
        wheel = (cx + 0.38, max(cy, 0.3))
        z = -0.2
        lines = [
            ((seat[0] - 0.12, seat[1]), (seat[0] + 0.08, seat[1])),  # saddle
            (seat, (cx - 0.05, cy)),  # seat tube
            ((cx - 0.05, cy), wheel),  # down tube
            (wheel, (hands[0] - 0.03, hands[1])),  # stem to the handlebars
            ((cx - 0.45, 0.02), (wheel[0] + 0.25, 0.02)),  # feet on the floor
            ((cx - 0.05, cy), (cx - 0.3, 0.02)),
            (wheel, (wheel[0] + 0.1, 0.02)),
        ]
        shapes = []
        pts: list[tuple[float, float]] = []
        for a, b in lines:
            wa, wb = self.world((a[0], a[1], z)), self.world((b[0], b[1], z))
            pts += [wa, wb]
            shapes.append(
                f'<path d="{_line(wa, wb)}" stroke="{PROP_EDGE}" stroke-width="3.5" '
                'stroke-linecap="round" fill="none"/>'
            )
        centre = self.world((wheel[0], wheel[1], z))
        shapes.append(
            f'<circle cx="{_fmt(centre[0])}" cy="{_fmt(centre[1])}" r="22" fill="{PROP_COLOUR}" '
            f'stroke="{PROP_EDGE}" stroke-width="2"/>'
        )
        pedal = self.world((cx, cy, z))
        shapes.append(
            f'<circle cx="{_fmt(pedal[0])}" cy="{_fmt(pedal[1])}" r="{_fmt(crank * 100)}" '
            f'fill="none" stroke="{PROP_EDGE}" stroke-width="1" stroke-dasharray="2 2"/>'
        )
        pts += [(centre[0] - 22, centre[1] - 22), (centre[0] + 22, centre[1] + 22)]
        return shapes, pts

    def _band_anchor(self) -> Vec:
        assert self.spec.band_anchor is not None
        pelvis = self.animation.start["pelvis"]
        dx, dy, dz = self.spec.band_anchor
        return (pelvis[0] + dx, pelvis[1] + dy, pelvis[2] + dz)

    def still(self, mode: str) -> Projected:
        """The view a still picture shows: "start", "peak" or "frame-N" (for previews)."""
        if mode.startswith("frame-"):
            return self.frames[int(mode.removeprefix("frame-")) % len(self.frames)]
        return self.start if mode == "start" else self.peak

    def svg(self, *, mode: str, title: str) -> str:
        behind, front, extent = self.props()
        views = self.frames if mode == "animated" else [self.still(mode)]
        x0, y0, x1, y1 = _bounds(views, extent)
        x0, y0, x1, y1 = x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN
        view_box = f"{_fmt(x0)} {_fmt(y0)} {_fmt(x1 - x0)} {_fmt(y1 - y0)}"
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" role="img" '
            f'aria-label="{escape(title)}" class="figure figure-{mode}">',
            f"<title>{escape(title)}</title>",
            *behind,
            '<g stroke-linecap="round" stroke-linejoin="round" fill="none">',
        ]
        # The head takes its place in the depth order too: seen from the feet it is behind the legs.
        head_depth = self.peak.depth["head"]
        head_drawn = False
        for part in self.parts:
            if not head_drawn and _mid_depth(part, self.peak) > head_depth:
                out.append(self._head(mode))
                head_drawn = True
            out.append(self._segment(part, mode))
        if not head_drawn:
            out.append(self._head(mode))
        if self.spec.spine_line:
            out.append(self._spine(mode))
        if self.spec.inner_muscle is not None:
            out.append(self._inner_muscle(mode))
        out.append("</g>")
        for point in self.spec.holding:
            out.append(self._weight(point, mode))
        if self.spec.band_anchor is not None:
            out.append(self._band(mode))
        if "strap" in front:
            out.append(
                self._segment(Part("strap", "fingertip_near", "toe_near", 1.2, STRAP_COLOUR), mode)
            )
        out.append("</svg>")
        return "".join(out)

    def _values(self, fn: object) -> str:
        return ";".join(fn(view) for view in self.frames)  # type: ignore[operator]

    def _animate(self, attribute: str, values: str) -> str:
        times = ";".join(_fmt_time(f.time / self.animation.duration) for f in self.animation.frames)
        return (
            f'<animate attributeName="{attribute}" dur="{self.animation.duration:.2f}s" '
            f'repeatCount="indefinite" keyTimes="{times}" values="{values}"/>'
        )

    def _segment(self, part: Part, mode: str) -> str:
        attrs = f'stroke="{part.colour}" stroke-width="{_fmt(part.width)}"'
        if part.name == "strap":
            attrs += ' stroke-dasharray="3 2" fill="none" stroke-linecap="round"'
        if mode == "animated":
            first = self.frames[0]
            values = self._values(lambda v: _line(v.points[part.start], v.points[part.end]))
            d = _line(first.points[part.start], first.points[part.end])
            return f'<path class="{part.name}" d="{d}" {attrs}>{self._animate("d", values)}</path>'
        view = self.still(mode)
        d = _line(view.points[part.start], view.points[part.end])
        return f'<path class="{part.name}" d="{d}" {attrs}/>'

    def _spine(self, mode: str) -> str:
        """The line of the back from the sacrum to the shoulders: its bend shows a pelvic tilt.

        A smooth curve through the sacrum, the lumbosacral joint, the top of the lumbar spine and
        the base of the neck, white on a dark edge so it reads on the accent colour and on the
        trunk's blue alike at phone size."""
        names = ("pelvis", "lumbosacral", "lumbar_top", "neck_base")

        def path(view: Projected) -> str:
            return _smooth([view.points[n] for n in names])

        lines = []
        for cls, colour, width in (
            ("spine-line-edge", SPINE_EDGE, 3.4),
            ("spine-line", SPINE_LINE, 2.0),
        ):
            attrs = f'class="{cls}" stroke="{colour}" stroke-width="{width}" fill="none"'
            if mode == "animated":
                lines.append(
                    f'<path {attrs} d="{path(self.frames[0])}">'
                    f"{self._animate('d', self._values(path))}</path>"
                )
            else:
                lines.append(f'<path {attrs} d="{path(self.still(mode))}"/>')
        return "".join(lines)

    def _effort(self, mode: str) -> float:
        if mode == "start":
            return 0.0
        if mode == "peak":
            return 1.0
        frames = self.animation.frames
        return frames[int(mode.removeprefix("frame-")) % len(frames)].effort

    def _muscle_arc(self, view: Projected, effort: float) -> str:
        """The inner muscle as a curve in screen space, for a view and an effort (0 to 1)."""
        kind = self.spec.inner_muscle
        a, b = view.points["lumbosacral"], view.points["lumbar_top"]
        length = math.dist(a, b) or 1.0
        along = ((b[0] - a[0]) / length, (b[1] - a[1]) / length)  # up the spine
        normal = (-along[1], along[0])
        head, face = view.points["head"], view.points["face"]
        if (face[0] - head[0]) * normal[0] + (face[1] - head[1]) * normal[1] < 0:
            normal = (-normal[0], -normal[1])  # toward the front of the body
        half = WIDTH["lumbar"] * 50  # cm from the spine line to the drawn surface

        def at(base: tuple[float, float], up: float, front: float) -> tuple[float, float]:
            return (
                base[0] + along[0] * up + normal[0] * front,
                base[1] + along[1] * up + normal[1] * front,
            )

        if kind == "pelvic-floor":
            # A sling under the pelvis, from the pubic bone to the tailbone: sags, then lifts.
            base = view.points["pelvis"]
            ends = (at(base, -8, half * 0.7), at(base, -8, -half * 0.7))
            middle = at(base, -14 + 8 * effort, 0)
        else:
            # Along the front of the belly (drawn in) or beside the lower spine (swelling).
            side = 1 if kind == "deep-abdominals" else -1
            bulge = 4 - 7 * effort if kind == "deep-abdominals" else 1 + 4 * effort
            ends = (at(a, 2, side * (half + 1)), at(b, -2, side * (half + 1)))
            middle = at(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), 0, side * (half + 1 + bulge))
        control = (
            2 * middle[0] - (ends[0][0] + ends[1][0]) / 2,
            2 * middle[1] - (ends[0][1] + ends[1][1]) / 2,
        )
        return (
            f"M{_fmt(ends[0][0])} {_fmt(ends[0][1])}"
            f"Q{_fmt(control[0])} {_fmt(control[1])} {_fmt(ends[1][0])} {_fmt(ends[1][1])}"
        )

    def _inner_muscle(self, mode: str) -> str:
        """The working inner muscle: an accent arc on a white edge that tightens at the peak."""
        lines = []
        for cls, colour, width in (
            ("inner-muscle-edge", SPINE_LINE, 4.8),
            ("inner-muscle", HIGHLIGHT["near"], 3.0),
        ):
            attrs = f'class="{cls}" stroke="{colour}" stroke-width="{width}" fill="none"'
            if mode == "animated":
                values = ";".join(
                    self._muscle_arc(view, frame.effort)
                    for view, frame in zip(self.frames, self.animation.frames, strict=True)
                )
                d = self._muscle_arc(self.frames[0], self.animation.frames[0].effort)
                lines.append(f'<path {attrs} d="{d}">{self._animate("d", values)}</path>')
            else:
                d = self._muscle_arc(self.still(mode), self._effort(mode))
                lines.append(f'<path {attrs} d="{d}"/>')
        return "".join(lines)

    def _weight(self, point: str, mode: str) -> str:
        """A hand weight, drawn where the hand grips (between the wrist and the fingertips)."""
        side = point.removeprefix("wrist_")

        def grip(view: Projected) -> tuple[float, float]:
            w, f = view.points[f"wrist_{side}"], view.points[f"fingertip_{side}"]
            return ((w[0] + f[0]) / 2, (w[1] + f[1]) / 2)

        colour = WEIGHT_COLOUR if side == "near" else "#7d868c"
        # A white rim keeps the weight visible where it passes in front of the dark near leg.
        attrs = f'class="weight" r="7.5" fill="{colour}" stroke="#ffffff" stroke-width="1.5"'
        if mode == "animated":
            x0, y0 = grip(self.frames[0])
            cx = self._animate("cx", self._values(lambda v: _fmt(grip(v)[0])))
            cy = self._animate("cy", self._values(lambda v: _fmt(grip(v)[1])))
            return f'<circle {attrs} cx="{_fmt(x0)}" cy="{_fmt(y0)}">{cx}{cy}</circle>'
        x, y = grip(self.still(mode))
        return f'<circle {attrs} cx="{_fmt(x)}" cy="{_fmt(y)}"/>'

    def _band(self, mode: str) -> str:
        """The resistance band from its fixing point to the near hand."""
        anchor = self.world(self._band_anchor())
        attrs = f'class="band" stroke="{BAND_COLOUR}" stroke-width="1.4" stroke-linecap="round"'
        fixing = (
            f'<circle cx="{_fmt(anchor[0])}" cy="{_fmt(anchor[1])}" r="2.5" fill="{BAND_COLOUR}"/>'
        )
        if mode == "animated":
            values = self._values(lambda v: _line(anchor, v.points["wrist_near"]))
            d = _line(anchor, self.frames[0].points["wrist_near"])
            return f'<path {attrs} d="{d}">{self._animate("d", values)}</path>{fixing}'
        d = _line(anchor, self.still(mode).points["wrist_near"])
        return f'<path {attrs} d="{d}"/>{fixing}'

    def _head(self, mode: str) -> str:
        r = _fmt(HEAD_RADIUS * 100)
        if mode == "animated":
            f0 = self.frames[0]
            hx = self._animate("cx", self._values(lambda v: _fmt(v.points["head"][0])))
            hy = self._animate("cy", self._values(lambda v: _fmt(v.points["head"][1])))
            ex = self._animate("cx", self._values(lambda v: _fmt(v.points["face"][0])))
            ey = self._animate("cy", self._values(lambda v: _fmt(v.points["face"][1])))
            head, face = f0.points["head"], f0.points["face"]
            return (
                f'<circle class="head" cx="{_fmt(head[0])}" cy="{_fmt(head[1])}" r="{r}" '
                f'fill="{COLOURS["trunk"]}">{hx}{hy}</circle>'
                f'<circle class="face" cx="{_fmt(face[0])}" cy="{_fmt(face[1])}" r="2.2" '
                f'fill="#ffffff">{ex}{ey}</circle>'
            )
        view = self.still(mode)
        head, face = view.points["head"], view.points["face"]
        return (
            f'<circle class="head" cx="{_fmt(head[0])}" cy="{_fmt(head[1])}" r="{r}" '
            f'fill="{COLOURS["trunk"]}"/>'
            f'<circle class="face" cx="{_fmt(face[0])}" cy="{_fmt(face[1])}" r="2.2" '
            'fill="#ffffff"/>'
        )


def _smooth(points: list[tuple[float, float]]) -> str:
    """A path through `points` as cubic curves (Catmull-Rom), the same commands in every frame
    so it animates."""
    pts = [points[0], *points, points[-1]]
    out = [f"M{_fmt(pts[1][0])} {_fmt(pts[1][1])}"]
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append(
            f"C{_fmt(c1[0])} {_fmt(c1[1])} {_fmt(c2[0])} {_fmt(c2[1])} {_fmt(p2[0])} {_fmt(p2[1])}"
        )
    return "".join(out)


def _fmt_time(value: float) -> str:
    return f"{min(max(value, 0.0), 1.0):.4f}".rstrip("0").rstrip(".") or "0"


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)


def render(
    spec: FigureSpec, *, mode: str = "animated", title: str = "Exercise demonstration"
) -> str:
    """The figure as SVG text.

    `mode`: "animated" (a loop), "start" or "peak" (stills for print), "frame-N" (previews).
    """
    if mode not in ("animated", "start", "peak") and not mode.startswith("frame-"):
        raise ValueError(f"unknown mode {mode!r}")
    return Drawing(spec, animate(spec)).svg(mode=mode, title=title)


def render_all(spec: FigureSpec, title: str) -> dict[str, str]:
    """All three pictures from one animation pass (the inverse kinematics is the slow part)."""
    drawing = Drawing(spec, animate(spec))
    return {mode: drawing.svg(mode=mode, title=title) for mode in ("animated", "start", "peak")}
