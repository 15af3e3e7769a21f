"""Every list in the API is paged: `?limit=` (1-200, default 50) and `?offset=`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 200


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"items per page, at most {MAX_LIMIT}")
    # Bounded so that no database is asked for an offset it cannot represent.
    offset: int = Field(0, ge=0, le=1_000_000_000, description="items to skip")


class Paged(LimitOffsetPagination):
    Input = PageParams  # type: ignore[assignment]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class Mapped:
    """A query whose page is turned into response dicts: the pager slices and counts it in the
    database, and only the page's rows are read and converted."""

    def __init__(self, rows: Any, convert: Callable[[Any], Any]) -> None:
        self.rows = rows
        self.convert = convert

    def __len__(self) -> int:
        return int(self.rows.count()) if hasattr(self.rows, "count") else len(self.rows)

    def __getitem__(self, page: slice) -> list[Any]:
        return [self.convert(row) for row in self.rows[page]]
