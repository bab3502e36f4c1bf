"""The authenticated caller, as the rest of the service sees it.

The transport layer (``service.api``) authenticates each call (bearer token or client
certificate), binds the resulting :class:`Principal` with :func:`bind` for the duration of
the call, and servicers read it with :func:`current_principal` to pass the actor, the
platform scope and what may be revealed *explicitly* into the domain core. Nothing below
``service.api`` reads the context variable.
"""
from __future__ import annotations

import contextvars
import enum
from dataclasses import dataclass


class Role(enum.Enum):
    #: ScreenProfile, SubmitCredential, CheckPublishing, reports and appeals.
    SCREENING = "screening"
    #: Manual review and ReviewVerification.
    REVIEWER = "reviewer"
    #: Lexicons, reference banks, registries, tokens.
    ADMIN = "admin"
    #: Read-only audit and export.
    AUDITOR = "auditor"


#: Roles that read every platform's verifications and events.
UNSCOPED_ROLES = frozenset({Role.REVIEWER, Role.ADMIN, Role.AUDITOR})
#: Roles that see holder names in clear.
REVEAL_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})


@dataclass(frozen=True)
class Principal:
    #: Stable identifier of the credential (token id, or certificate fingerprint).
    id: str
    #: Human-readable name given when the token was created (a platform, a person).
    name: str
    roles: frozenset[Role]
    #: Scope of a screening caller: it sees only what was submitted under this platform.
    platform: str = ""

    def has(self, role: Role) -> bool:
        return role in self.roles

    def platform_scope(self) -> str | None:
        """The platform this caller is confined to; None (every platform) for reviewers, admins
        and auditors."""
        return None if self.roles & UNSCOPED_ROLES else self.platform

    def sees_holder_names(self) -> bool:
        """Holder names are shown in clear only to reviewers and admins."""
        return bool(self.roles & REVEAL_ROLES)

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        return self.name if self.name == self.id else f"{self.name} ({self.id})"


ANONYMOUS = Principal(id="anonymous", name="anonymous", roles=frozenset())

_current: contextvars.ContextVar[Principal] = contextvars.ContextVar("zhenwei_principal", default=ANONYMOUS)


def current_principal() -> Principal:
    return _current.get()


def bind(principal: Principal) -> contextvars.Token:
    return _current.set(principal)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)
