"""Web Push: a notification on the patient's phone, signed with the server's VAPID key.

What a notification says is fixed text in the patient's language ("Time for your back
exercises", "You have a new message from your care team") and where to go: never an exercise,
a pain score, a message or a name, since a phone shows it on a locked screen. The payload is
encrypted for the browser (aes128gcm, RFC 8291) by pywebpush; the push service only carries it.

The key pair: `backrehab setup` writes one into the data directory (settings.VAPID_KEY_FILE),
or production gives it in VAPID_PRIVATE_KEY; the first use makes the file when neither exists.
Browsers subscribe with the public half, so a new key means every phone subscribes again.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from email.utils import parseaddr
from enum import Enum
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

REMINDER = "reminder"
MESSAGE = "message"
# How long a push service keeps a notification for a phone that is off: a reminder is stale
# after the evening, a new-message notice after a day (the e-mail fallback covers the rest).
TTL_SECONDS = {REMINDER: 3 * 60 * 60, MESSAGE: 12 * 60 * 60}
TIMEOUT_SECONDS = 10
ENDPOINT_MAX = 2000
P256DH_BYTES = 65  # an uncompressed P-256 point
AUTH_BYTES = 16
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
_B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class Delivery(Enum):
    SENT = "sent"
    GONE = "gone"  # the push service no longer knows this browser (404/410): forget it
    FAILED = "failed"


# --- The server's key -----------------------------------------------------------------------------


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Base64url with or without padding; ValueError for anything else."""
    if not isinstance(text, str) or not _B64URL.match(text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


def new_private_key_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def write_key_file(path: Path) -> bool:
    """Write a new key pair to `path` (readable by its owner only) unless one is there; True
    when it was written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(new_private_key_pem())
    return True


def load_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key from PEM, or from its raw 32 bytes in base64url (the form web-push
    tools print). ValueError when it is neither."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise ValueError("the VAPID key must be an EC key on the P-256 curve")
        return key
    raw = b64url_decode(text)
    if len(raw) != 32:
        raise ValueError("a raw VAPID private key is 32 bytes in base64url")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


@functools.lru_cache(maxsize=4)
def _key(configured: str, key_file: str) -> ec.EllipticCurvePrivateKey:
    if configured:
        return load_private_key(configured)
    path = Path(key_file)
    if write_key_file(path):
        log.warning("no VAPID key was set up: made one in %s", path)
    return load_private_key(path.read_text(encoding="ascii"))


def private_key() -> ec.EllipticCurvePrivateKey:
    """The server's VAPID key: VAPID_PRIVATE_KEY, else the key file (made on first use)."""
    return _key(str(settings.VAPID_PRIVATE_KEY), str(settings.VAPID_KEY_FILE))


def public_key() -> str:
    """The public half as browsers take it (applicationServerKey): uncompressed, base64url."""
    point = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url_encode(point)


def subject() -> str:
    """Whom a push service contacts about our pushes: VAPID_SUBJECT, else the sender address."""
    configured = str(settings.VAPID_SUBJECT).strip()
    if configured:
        return configured
    address = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1] or "noreply@localhost"
    return f"mailto:{address}"


# --- A browser's subscription ------------------------------------------------------------------


def local_endpoints_allowed() -> bool:
    return bool(settings.DEBUG or settings.PUSH_ALLOW_LOCAL_ENDPOINTS)


def _known_push_service(host: str) -> bool:
    return any(
        host == known or host.endswith("." + known)
        for known in (h.lower().strip(".") for h in settings.PUSH_SERVICE_HOSTS)
    )


def endpoint_problem(endpoint: Any) -> str | None:
    """Why the server will not post to `endpoint`, or None."""
    if not isinstance(endpoint, str) or not endpoint:
        return "endpoint: the push service address is missing"
    if len(endpoint) > ENDPOINT_MAX:
        return f"endpoint: longer than {ENDPOINT_MAX} characters"
    if any(ord(c) < 33 or ord(c) == 127 for c in endpoint):
        return "endpoint: must not contain spaces or control characters"
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return "endpoint: not a valid address"
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None:
        return "endpoint: not a valid address"
    if host in LOCAL_HOSTS and parts.scheme in ("http", "https") and local_endpoints_allowed():
        return None
    if parts.scheme != "https":
        return "endpoint: must be an https address"
    if port not in (None, 443):
        return "endpoint: must use the standard https port"
    try:
        ip_address(host)
    except ValueError:
        pass
    else:
        return "endpoint: must name a push service, not an IP address"
    if not _known_push_service(host):
        return f"endpoint: {host} is not a push service this server sends to"
    return None


def key_problems(p256dh: Any, auth: Any) -> list[str]:
    problems = []
    try:
        point = b64url_decode(p256dh)
    except ValueError:
        problems.append("keys.p256dh: must be base64url")
    else:
        if len(point) != P256DH_BYTES:
            problems.append(f"keys.p256dh: must be {P256DH_BYTES} bytes (got {len(point)})")
        else:
            try:
                ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
            except ValueError:
                problems.append("keys.p256dh: not a point on the P-256 curve")
    try:
        secret = b64url_decode(auth)
    except ValueError:
        problems.append("keys.auth: must be base64url")
    else:
        if len(secret) != AUTH_BYTES:
            problems.append(f"keys.auth: must be {AUTH_BYTES} bytes (got {len(secret)})")
    return problems


def subscription_problems(endpoint: Any, p256dh: Any, auth: Any) -> list[str]:
    problem = endpoint_problem(endpoint)
    return ([problem] if problem else []) + key_problems(p256dh, auth)


_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
]
_BROWSERS = [
    ("SamsungBrowser/", "Samsung Internet"),
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]


def device_label(user_agent: str) -> str:
    """A short, language-neutral name for the device a subscription came from, e.g.
    "Chrome · Android"."""
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or "Browser"


# --- Sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """Everything a notification carries: no health data, by construction."""

    kind: str
    title: str
    body: str
    url: str

    def payload(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


def notice(kind: str) -> Notice:
    """The notification of `kind`, in the active language."""
    if kind == REMINDER:
        return Notice(
            REMINDER,
            _("Time for your back exercises"),
            _("Today is one of your exercise days."),
            reverse("today"),
        )
    if kind == MESSAGE:
        return Notice(
            MESSAGE,
            _("You have a new message from your care team"),
            _("Open backrehab to read it."),
            reverse("my-messages"),
        )
    raise ValueError(f"no notification of kind {kind!r}")


def send(endpoint: str, p256dh: str, auth: str, message: Notice) -> tuple[Delivery, int | None]:
    """Post one encrypted notification to one browser's push service: how it went and the push
    service's HTTP status (None when there was no answer). Never raises."""
    # Imported here: pywebpush brings aiohttp, which every page and command need not load.
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    problem = endpoint_problem(endpoint)
    if problem:
        log.warning("push not sent: %s", problem)
        return Delivery.FAILED, None
    try:
        response = webpush(
            subscription_info={"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
            data=message.payload(),
            vapid_private_key=Vapid(private_key()),
            vapid_claims={"sub": subject()},
            ttl=TTL_SECONDS.get(message.kind, TTL_SECONDS[MESSAGE]),
            timeout=TIMEOUT_SECONDS,
            # A newer notice of the same kind replaces one still waiting for the phone.
            headers={"Urgency": "normal", "Topic": message.kind},
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            return Delivery.GONE, status
        log.warning("push not delivered: the push service answered %s", status)
        return Delivery.FAILED, status
    except Exception:
        log.exception("push not delivered")
        return Delivery.FAILED, None
    return Delivery.SENT, getattr(response, "status_code", None)
