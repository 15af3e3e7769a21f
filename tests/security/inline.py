"""Finds what a `script-src 'self'; style-src 'self'` policy would block in a page or template."""

from __future__ import annotations

from html.parser import HTMLParser

# Data blocks (e.g. Django's json_script) are not run, so the policy does not apply to them.
DATA_TYPES = {"application/json", "application/ld+json"}


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None  # the tag, while inside an inline <script>
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> (inline event handler)")
            if name == "style":
                self.problems.append(f"<{tag} style=...> (inline style)")
        if tag == "style":
            self.problems.append("<style> element (inline style)")
        if tag == "script" and "src" not in names and names.get("type") not in DATA_TYPES:
            self._script, self._text = tag, ""
        if any(v and v.strip().lower().startswith("javascript:") for _, v in attrs):
            self.problems.append(f"<{tag} ...javascript:...> (script in a link)")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if self._text.strip():
                self.problems.append(f"inline <script>: {self._text.strip()[:60]!r}")
            self._script = None


def inline_problems(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.problems
