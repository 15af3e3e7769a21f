"""A push service of the tests' own on 127.0.0.1, and a browser's side of a subscription.

The server posts to it exactly as to a real push service (pywebpush, VAPID, aes128gcm); the
test reads what arrived, checks the VAPID signature with the server's public key and decrypts
the body with the keys only the "browser" holds. Nothing leaves the machine.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Arrival:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class BrowserKeys:
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def as_json(self) -> dict[str, str]:
        """The keys as PushSubscription.toJSON() gives them."""
        return {"p256dh": self.p256dh, "auth": self.auth}

    def private_number(self) -> str:
        """The private key's 32 bytes in base64url (for the page's stand-in of the browser)."""
        return b64url(self.private_key.private_numbers().private_value.to_bytes(32, "big"))

    def decrypt(self, arrival: Arrival) -> dict[str, Any]:
        assert arrival.headers.get("content-encoding") == "aes128gcm"
        plain = http_ece.decrypt(
            arrival.body,
            private_key=self.private_key,
            auth_secret=self.auth_secret,
            version="aes128gcm",
        )
        return json.loads(plain)


class PushService:
    """Records every POST; answers `status` (201 unless a test changes it)."""

    def __init__(self) -> None:
        self.arrivals: list[Arrival] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                service.arrivals.append(
                    Arrival(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PushService:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def endpoint(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/push/{name}"


def vapid_claims(arrival: Arrival, server_public_key: str) -> dict[str, Any]:
    """The VAPID JWT's claims, after checking its ES256 signature with the server's public key
    (the `k=` in the header must be that key). AssertionError when it does not verify."""
    scheme, _, params = arrival.headers["authorization"].partition(" ")
    assert scheme == "vapid", arrival.headers["authorization"]
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == server_public_key
    header, claims, signature = fields["t"].split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(fields["k"]))
    raw = unb64url(signature)
    assert len(raw) == 64
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise AssertionError("the VAPID signature does not verify") from exc
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    return dict(json.loads(unb64url(claims)))
