"""Behind the reverse proxy every request comes from the proxy's address (issue 10, Medium 5).

django-axes counted failed log-ins per (username, REMOTE_ADDR): behind nginx, one guesser locked
an account for everyone, and the audit log showed the proxy's address. With PROXY_COUNT set, the
client address is the one the proxy appended to X-Forwarded-For; a header the client made up
itself is never believed.
"""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory

from backrehab.audit.models import AuditEvent
from backrehab.client_address import client_ip
from tests import personas

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"  # nginx on the same machine


def through_nginx(client_address: str, sent_by_client: str = "") -> dict[str, str]:
    """The request as gunicorn gets it: nginx appends the address it saw to the header."""
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def request_with(meta: dict[str, str]) -> HttpRequest:
    request = RequestFactory().get("/")
    request.META.update(meta)
    return request


def sign_in(password: str, client_address: str, sent_by_client: str = "") -> int:
    client = Client()
    client.defaults.update(through_nginx(client_address, sent_by_client))
    return client.post("/login/", {"username": "alex", "password": password}).status_code


@pytest.fixture
def alex():
    """A patient who signs in with the username "alex" and `personas.PASSWORD`."""
    return personas.patient(personas.clinic("Home Clinic", "home"), None, "alex")


@pytest.fixture
def behind_nginx(settings):
    settings.PROXY_COUNT = 1


def test_a_guesser_behind_the_proxy_does_not_lock_the_patient_out(alex, behind_nginx):
    for _ in range(5):
        sign_in("wrong-guess", "203.0.113.9")
    assert sign_in("wrong-guess", "203.0.113.9") == 429
    assert sign_in(personas.PASSWORD, "198.51.100.7") == 302


def test_a_made_up_forwarded_header_does_not_dodge_the_lock_out(alex, behind_nginx):
    for n in range(5):
        sign_in("wrong-guess", "203.0.113.9", sent_by_client=f"10.9.9.{n}")
    assert sign_in(personas.PASSWORD, "203.0.113.9", sent_by_client="10.9.9.99") == 429


def test_the_audit_log_keeps_the_clients_address_not_the_proxys(library_in_db, behind_nginx):
    world = personas.build_world()
    client = Client()
    client.defaults.update(through_nginx("198.51.100.7", sent_by_client="10.6.6.6"))
    client.force_login(world.users["clinician"])  # type: ignore[arg-type]
    assert client.get(f"/clinic/patients/{world.subject.pk}/").status_code == 200
    assert AuditEvent.objects.latest("pk").ip == "198.51.100.7"


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    request = request_with(through_nginx("198.51.100.7"))
    assert client_ip(request) == PROXY


def test_two_proxies_take_the_address_the_outer_one_saw(settings):
    settings.PROXY_COUNT = 2
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7, 10.0.0.1"}
    assert client_ip(request_with(meta)) == "198.51.100.7"


def test_a_request_that_bypassed_the_proxy_counts_under_its_own_address(settings):
    settings.PROXY_COUNT = 1
    request = request_with({"REMOTE_ADDR": "192.0.2.50"})
    assert client_ip(request) == "192.0.2.50"
