"""Exercise text in the reader's language (bundled translations; English where there is none)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.library import load_library
from backrehab.clinical.translations import LANGUAGES, ExerciseText, load_translations, localize


@lru_cache(maxsize=len(LANGUAGES) + 1)
def _translations(language: str) -> dict[str, ExerciseText]:
    # Translation files ship with the code, so reading them once per process is enough.
    if language not in LANGUAGES:
        return {}
    return load_translations(language, load_library())


def current_language() -> str:
    return (get_language() or "en").split("-")[0]


def localized(exercise: Exercise, language: str | None = None) -> Exercise:
    """The exercise in `language` (default: the active one), or as written if not translated."""
    texts = _translations(language or current_language())
    return localize(exercise, texts.get(exercise.id))


def localized_names(language: str | None = None) -> dict[str, tuple[str, str]]:
    """id -> (name, summary) in the language, for lists."""
    texts = _translations(language or current_language())
    return {exercise_id: (t.name, t.summary) for exercise_id, t in texts.items()}
