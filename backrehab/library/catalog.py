"""The exercise library as one clinic sees it, in one language: the one way to read exercises.

Bundled exercises (from the data files) are everyone's. A clinic's own exercises belong to that
clinic: its staff and its patients see them, and the engine is given them only when it builds or
adjusts a program for one of its patients. Nobody else reads them, so one clinic's text can
never reach another clinic's patient.

`Catalog.for_clinic(clinic, language)` asks the database once (figures, which are large, only
when a page shows them: `figures()`). Pages build one catalog per request and pass it down;
the parsed exercises behind it are kept per content hash for the life of the process, so a
catalog costs one query, not thirty schema validations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from backrehab.clinic.models import Clinic
from backrehab.clinical.exercises import Exercise
from backrehab.clinical.library import Library
from backrehab.library.localization import current_language, localized
from backrehab.library.models import ExerciseRecord, Origin

FIGURES = {"figure": "figure_animated", "start": "figure_start", "peak": "figure_peak"}

ClinicRef = Clinic | int | None


@dataclass(frozen=True)
class Entry:
    """One exercise in the catalog; `original` is as written (English), what the engine reads."""

    slug: str
    origin: str
    clinic_id: int | None
    retired: bool
    content_hash: str
    original: Exercise

    @property
    def bundled(self) -> bool:
        return self.origin == Origin.LIBRARY

    @property
    def equipment(self) -> list[str]:
        return [e.value for e in self.original.equipment]


# --- Process-wide caches, keyed by content (a changed exercise has a new hash) ----------------

_parsed: dict[str, Exercise] = {}
_in_language: dict[tuple[str, str], Exercise] = {}
_libraries: dict[tuple[tuple[str, str], ...], Library] = {}
_CACHE_LIMIT = 2000


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()  # a crude bound; a full catalog refills it in one request
    cache[key] = value


def _exercise(content_hash: str, document: Any) -> Exercise:
    exercise = _parsed.get(content_hash) if content_hash else None
    if exercise is None:
        exercise = Exercise.model_validate(document)
        if content_hash:
            _remember(_parsed, content_hash, exercise)
    return exercise


def scope(clinic: ClinicRef) -> Q:
    """The rows a clinic may read: the bundled library and its own exercises."""
    clinic_id = clinic.pk if isinstance(clinic, Clinic) else clinic
    bundled = Q(origin=Origin.LIBRARY)
    return bundled if clinic_id is None else bundled | Q(origin=Origin.CLINIC, clinic_id=clinic_id)


def clinic_of(user: Any) -> int | None:
    """The clinic whose exercises a signed-in person sees (staff or patient), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    for role in ("staff", "patient"):
        member = getattr(user, role, None)
        if member is not None:
            return int(member.clinic_id)
    return None


class Catalog(Mapping[str, Entry]):
    """Every exercise one clinic may read (retired ones too: programs may still use them)."""

    def __init__(self, entries: Mapping[str, Entry], clinic_id: int | None, language: str) -> None:
        self._entries = dict(entries)
        self.clinic_id = clinic_id
        self.language = language

    # --- Building one ------------------------------------------------------------------------

    @classmethod
    def for_clinic(cls, clinic: ClinicRef, language: str | None = None) -> Catalog:
        """The bundled exercises and this clinic's (None: bundled only), in `language`
        (default: the active one). One query, and one more for the exercises this process
        has not parsed yet."""
        clinic_id = clinic.pk if isinstance(clinic, Clinic) else clinic
        rows = list(
            ExerciseRecord.objects.filter(scope(clinic_id)).values_list(
                "slug", "origin", "clinic_id", "retired", "content_hash"
            )
        )
        # The documents (5-10 KB of JSON each) are read only for exercises this process has not
        # parsed yet: reading and decoding all of them took 5-10 ms of every page.
        known = {digest: _parsed[digest] for *_, digest in rows if digest in _parsed}
        unparsed = [slug for slug, *_, digest in rows if not digest or digest not in known]
        documents = (
            dict(ExerciseRecord.objects.filter(slug__in=unparsed).values_list("slug", "document"))
            if unparsed
            else {}
        )
        entries = {
            slug: Entry(
                slug,
                origin,
                owner,
                retired,
                digest,
                known[digest] if slug not in documents else _exercise(digest, documents[slug]),
            )
            for slug, origin, owner, retired, digest in rows
        }
        ordered = sorted(entries.values(), key=lambda e: (e.original.name.lower(), e.slug))
        return cls(
            {e.slug: e for e in ordered}, clinic_id, (language or current_language()).split("-")[0]
        )

    @classmethod
    def for_request(cls, request: HttpRequest) -> Catalog:
        """The catalog of whoever is signed in (the public one for visitors), in the page's
        language; built once per request."""
        language = current_language()
        cached: Catalog | None = getattr(request, "_exercise_catalog", None)
        if cached is None or cached.language != language:
            cached = cls.for_clinic(clinic_of(getattr(request, "user", None)), language)
            request._exercise_catalog = cached  # type: ignore[attr-defined]
        return cached

    # --- Mapping of slug -> Entry --------------------------------------------------------------

    def __getitem__(self, slug: str) -> Entry:
        return self._entries[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    # --- Reading -----------------------------------------------------------------------------

    def current(self) -> list[Entry]:
        """The exercises on offer (retired ones left out), by name."""
        return [e for e in self._entries.values() if not e.retired]

    def exercise(self, slug: str, language: str | None = None) -> Exercise | None:
        """The exercise in the catalog's language (or `language`), None when it is not here."""
        entry = self._entries.get(slug)
        if entry is None:
            return None
        language = language or self.language
        if not entry.bundled:
            return entry.original  # translations exist for bundled exercises only
        key = (entry.content_hash, language)
        found = _in_language.get(key)
        if found is None:
            found = localized(entry.original, language)
            _remember(_in_language, key, found)
        return found

    def name(self, slug: str) -> str:
        """The name a reader sees; an exercise no longer here is named from its id."""
        exercise = self.exercise(slug)
        return exercise.name if exercise is not None else slug.replace("-", " ").capitalize()

    def names(self, slugs: Iterable[str] | None = None) -> dict[str, str]:
        wanted = self._entries if slugs is None else slugs
        return {slug: self.name(slug) for slug in wanted}

    def library(self) -> Library:
        """What the engine takes: the current exercises as written. The same content gives the
        same Library object, so the engine's index of it is built once."""
        current = self.current()
        key = tuple((e.slug, e.content_hash) for e in current)
        found = _libraries.get(key)
        if found is None:
            found = Library({e.slug: e.original for e in current})
            _remember(_libraries, key, found)
        return found

    def listing(self, filters: Mapping[str, Any]) -> list[Entry]:
        """The current exercises matching the library's filters; words are searched in the
        name and aliases in the reader's language and as written, and in the id."""
        found = []
        words = str(filters.get("q") or "").lower().split()
        for entry in self.current():
            original = entry.original
            if any(
                filters.get(name) and filters[name] != getattr(original, name).value
                for name in ("category", "position", "bias")
            ):
                continue
            if filters.get("equipment") and filters["equipment"] not in entry.equipment:
                continue
            if words:
                shown = self.exercise(entry.slug) or original
                text = " ".join(
                    [entry.slug, original.name, *original.aliases, shown.name, *shown.aliases]
                ).lower()
                if not all(word in text for word in words):
                    continue
            found.append(entry)
        return sorted(found, key=lambda e: (self.name(e.slug).lower(), e.slug))

    def figures(self, slugs: Iterable[str], *kinds: str) -> dict[str, dict[str, str]]:
        """slug -> kind -> SVG for the exercises here among `slugs`; one query."""
        wanted = [s for s in dict.fromkeys(slugs) if s in self._entries]
        if not wanted:
            return {}
        columns = [FIGURES[kind] for kind in kinds]
        rows = (
            ExerciseRecord.objects.filter(scope(self.clinic_id), slug__in=wanted)
            .values_list("slug", *columns)
            .order_by()
        )
        return {row[0]: dict(zip(kinds, row[1:], strict=True)) for row in rows}


@dataclass(frozen=True)
class Figure:
    svg: str
    content_hash: str
    bundled: bool


def figure(clinic: ClinicRef, slug: str, kind: str) -> Figure | None:
    """One figure if the clinic may read the exercise (None otherwise); one query."""
    row = (
        ExerciseRecord.objects.filter(scope(clinic), slug=slug)
        .values_list(FIGURES[kind], "content_hash", "origin")
        .first()
    )
    return Figure(row[0], row[1], row[2] == Origin.LIBRARY) if row is not None else None


def library_is_loaded() -> bool:
    """Whether `backrehab load-library` has stored the bundled exercises yet."""
    return ExerciseRecord.objects.filter(origin=Origin.LIBRARY).exists()
