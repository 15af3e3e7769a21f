"""Health records are not kept in shared caches or the browser's back-button cache.

Every answer from the patient's pages (/my/), the clinic's record pages (/clinic/) and the API
carries `Cache-Control: no-store`, unless the view already said how it may be cached.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

PRIVATE_PREFIXES = ("/my/", "/clinic/", "/api/")


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES) and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
