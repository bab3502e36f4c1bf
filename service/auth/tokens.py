"""Bearer tokens and client certificates → :class:`Principal`.

- A token is ``zw_`` + 43 URL-safe characters (256 random bits). Only its SHA-256 is
  stored: with that much entropy a plain hash cannot be reversed or guessed, and no
  server secret is needed to check it (so rotating ``ZHENWEI_SECRET_KEY`` keeps tokens valid).
- A client certificate stands for a token when its SHA-256 fingerprint (of the DER bytes)
  was registered with ``zhenwei token create --cert FILE``. The subject CN is not trusted
  on its own: any certificate the CA signs could carry any CN.
- :class:`Authenticator` looks credentials up in the store on each call through a small
  in-process cache (``ttl_s``), so tokens created by the CLI work at once and a revoked
  one stops working within ``ttl_s`` seconds, on every replica.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import sys
import threading
import time
from collections import OrderedDict

from service.auth.principal import Principal, Role
from service.domain.errors import InvalidArgument

log = logging.getLogger("zhenwei.auth")

TOKEN_PREFIX = "zw_"
_MAX_TOKEN_CHARS = 256
_MAX_NAME_CHARS = 120
BOOTSTRAP_ADMIN_NAME = "bootstrap-admin"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str | bytes) -> str:
    data = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hashlib.sha256(data).hexdigest()


def parse_roles(text: str | list[str]) -> frozenset[Role]:
    """``"screening,reviewer"`` → roles; an unknown or missing role is InvalidArgument."""
    names = [n.strip().lower() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    if not names:
        raise InvalidArgument(f"at least one role is required ({', '.join(r.value for r in Role)})")
    known = {r.value: r for r in Role}
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise InvalidArgument(f"unknown role {', '.join(unknown)}; roles are {', '.join(known)}")
    return frozenset(known[n] for n in names)


def cert_fingerprint(pem: bytes | str) -> str:
    """SHA-256 fingerprint (hex) of a PEM certificate's DER encoding."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    data = pem.encode("ascii") if isinstance(pem, str) else pem
    try:
        cert = x509.load_pem_x509_certificate(data)
    except ValueError:
        raise InvalidArgument("not a PEM certificate") from None
    return cert.fingerprint(hashes.SHA256()).hex()


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > _MAX_NAME_CHARS or any(ord(c) < 32 for c in name):
        raise InvalidArgument(f"a name of 1 to {_MAX_NAME_CHARS} printable characters is required")
    return name


def _principal(record) -> Principal:
    roles = frozenset(r for r in Role if r.value in record.roles)
    return Principal(id=record.id, name=record.name, roles=roles, platform=record.platform or record.name)


class TokenAdmin:
    """Creates, lists and revokes API credentials (the CLI and the server's first start)."""

    def __init__(self, store):
        self.repo = store.tokens

    def create_token(self, name: str, roles: str | list[str], actor: str, platform: str = ""):
        """Returns ``(record, token)``; the token is shown this once and never stored."""
        name = _check_name(name)
        role_set = parse_roles(roles)
        token = new_token()
        record = self.repo.create("token", hash_secret(token), name, sorted(r.value for r in role_set),
                                  platform.strip() or name, actor)
        return record, token

    def register_certificate(self, name: str, roles: str | list[str], pem: bytes, actor: str, platform: str = ""):
        """Lets a client certificate (mutual TLS) stand for a token; returns ``(record, fingerprint)``."""
        name = _check_name(name)
        role_set = parse_roles(roles)
        fingerprint = cert_fingerprint(pem)
        record = self.repo.create("cert", "cert:" + fingerprint, name, sorted(r.value for r in role_set),
                                  platform.strip() or name, actor)
        return record, fingerprint

    def list(self, include_revoked: bool = False):
        return self.repo.list(include_revoked)

    def revoke(self, cred_id: str, actor: str):
        return self.repo.revoke(cred_id.strip(), actor)

    def ensure_admin_token(self, stream=None) -> str | None:
        """First start: when no active credential has the admin role, creates one and prints the
        token once on ``stream`` (stderr); returns it (None when an admin existed)."""
        if self.repo.any_active_with_role(Role.ADMIN.value):
            return None
        record, token = self.create_token(BOOTSTRAP_ADMIN_NAME, [Role.ADMIN.value], actor="server:first-start")
        log.warning("no admin token existed: created %s (%s); the token is printed once on stderr",
                    record.id, record.name)
        print(f"zhenwei: first admin token (shown once, store it now): {token}",
              file=stream or sys.stderr, flush=True)
        return token


class Authenticator:
    """Resolves a bearer token or a client certificate to a Principal (None: not valid)."""

    def __init__(self, store, ttl_s: float = 2.0, max_entries: int = 10_000):
        self.repo = store.tokens
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._cache: OrderedDict[str, tuple[float, Principal | None]] = OrderedDict()
        self._lock = threading.Lock()

    def by_token(self, token: str) -> Principal | None:
        if not token or len(token) > _MAX_TOKEN_CHARS or not token.startswith(TOKEN_PREFIX):
            return None
        return self._lookup(hash_secret(token))

    def by_certificate(self, pem: bytes | str) -> Principal | None:
        try:
            return self._lookup("cert:" + cert_fingerprint(pem))
        except InvalidArgument:
            return None

    def _lookup(self, key: str) -> Principal | None:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] > now:
                self._cache.move_to_end(key)
                return hit[1]
        record = self.repo.find_active(key)
        principal = _principal(record) if record is not None else None
        with self._lock:
            self._cache[key] = (now + self.ttl_s, principal)
            self._cache.move_to_end(key)
            while len(self._cache) > self.max_entries:
                self._cache.popitem(last=False)
        return principal
