"""Console accounts: argon2id password hashes, lock-out, server-side sessions (no Flask here).

- Passwords are hashed with argon2id (argon2-cffi's defaults: 64 MiB, 3 passes, 4 lanes);
  a hash made with older parameters is rehashed at the next successful login.
- Five failed logins in a row lock the account for 15 minutes (the correct password is refused
  too meanwhile); an unknown name costs the same hash time as a known one.
- A session id is 256 random bits held by the browser; the store keeps its SHA-256, the
  session's CSRF token and its expiry (``ZHENWEI_CONSOLE_SESSION_S``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from service.auth.principal import Principal, Role
from service.auth.tokens import parse_roles
from service.domain.errors import InvalidArgument, NotFound

#: Failed logins in a row that lock an account, and for how long.
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024
MAX_NAME_CHARS = 64
#: Roles a console account may hold (the screening role is a platform's, not a person's).
CONSOLE_ROLES = frozenset({Role.REVIEWER, Role.ADMIN, Role.AUDITOR})

_hasher = PasswordHasher()
#: Verified against when the name is unknown, so that both answers take as long.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii", "replace")).hexdigest()


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_CHARS or not name.isprintable() or any(c in name for c in "()<>\"'&"):
        raise InvalidArgument(f"a console user name is 1 to {MAX_NAME_CHARS} printable characters, "
                              "without ( ) < > \" ' &")
    return name


def check_password(password: str) -> str:
    if not isinstance(password, str) or not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise InvalidArgument(f"a console password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")
    return password


def console_roles(text: str | list[str]) -> frozenset[Role]:
    roles = parse_roles(text)
    if not roles <= CONSOLE_ROLES:
        raise InvalidArgument("console users have the roles reviewer, admin and auditor only")
    return roles


@dataclass(frozen=True)
class Login:
    """A successful login: the session id for the cookie, its CSRF token and the caller."""
    session_id: str
    csrf: str
    principal: Principal
    expires_at: dt.datetime


@dataclass(frozen=True)
class SessionInfo:
    principal: Principal
    csrf: str
    expires_at: str


def principal_of(user) -> Principal:
    roles = frozenset(r for r in Role if r.value in user.roles) & CONSOLE_ROLES
    return Principal(id=user.id, name=user.name, roles=roles, platform="")


class ConsoleAccounts:
    """Users, logins and sessions over ``store.console``; ``clock`` returns aware UTC time."""

    def __init__(self, store, session_s: int, clock: Callable[[], dt.datetime] | None = None):
        self.repo = store.console
        self.session_s = session_s
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))

    # -- administration (CLI) --------------------------------------------------------------
    def add_user(self, name: str, roles: str | list[str], password: str, actor: str):
        name = check_name(name)
        role_set = console_roles(roles)
        check_password(password)
        return self.repo.create_user(name, sorted(r.value for r in role_set), hash_password(password), actor,
                                     self.clock())

    def list_users(self, include_disabled: bool = False):
        return self.repo.list_users(include_disabled)

    def disable_user(self, name_or_id: str, actor: str):
        user = self.repo.find_user(name_or_id.strip())
        if user is None:
            user = self.repo.get_user(name_or_id.strip())
        return self.repo.disable_user(user.id, actor, self.clock())

    # -- login -----------------------------------------------------------------------------
    def login(self, name: str, password: str) -> Login | None:
        """A new session for the right name and password of an active, unlocked account; None
        otherwise (the reason is not told: wrong name, wrong password, disabled or locked)."""
        now = self.clock()
        user = self.repo.find_user((name or "").strip()) if name and len(name) <= MAX_NAME_CHARS else None
        if not isinstance(password, str) or len(password) > MAX_PASSWORD_CHARS:
            password = ""
        if user is None or not user.active:
            _verify(_DUMMY_HASH, password)
            return None
        if user.locked_until and user.locked_until > _ts(now):
            _verify(_DUMMY_HASH, password)
            return None
        if not _verify(user.password_hash, password):
            self.repo.record_failure(user.id, MAX_FAILURES, now + LOCKOUT)
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            self.repo.set_password(user.id, hash_password(password), actor="")
        self.repo.record_success(user.id, now)
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = now + dt.timedelta(seconds=self.session_s)
        self.repo.create_session(_session_hash(session_id), user.id, csrf, now, expires)
        return Login(session_id, csrf, principal_of(user), expires)

    def session(self, session_id: str) -> SessionInfo | None:
        """The live session behind a cookie value (None: unknown, expired, or its user disabled)."""
        if not session_id or len(session_id) > 128:
            return None
        s = self.repo.get_session(_session_hash(session_id), self.clock())
        if s is None:
            return None
        try:
            user = self.repo.get_user(s.user_id)
        except NotFound:
            return None
        if not user.active:
            return None
        return SessionInfo(principal_of(user), s.csrf, s.expires_at)

    def logout(self, session_id: str) -> None:
        if session_id and len(session_id) <= 128:
            self.repo.delete_session(_session_hash(session_id))


def _ts(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
