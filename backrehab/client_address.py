"""The address a request came from, seen through the trusted reverse proxies (django-ipware).

Behind nginx every request arrives from the proxy's own address (REMOTE_ADDR); the client's is
the entry the proxy appended to X-Forwarded-For. Only entries added by proxies we run can be
trusted - a client may send any X-Forwarded-For it likes - so with PROXY_COUNT=N proxies in
front, the client is the N-th entry from the right. Without a trusted proxy (the default) the
header is ignored. django-axes (failed log-ins) and the audit log both use this address.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware.ip import get_client_ip


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies: int = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    # python-ipware counts only the proxies listed in the header (the one that connected to us
    # is REMOTE_ADDR), and with "left-most" order and no strict chain check picks the entry
    # that many places left of the right-most one: the address our first proxy saw.
    address, _ = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    # No or too short a header: the request did not come through all our proxies.
    return address or remote
