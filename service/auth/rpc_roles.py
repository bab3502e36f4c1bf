"""THE table of which roles may call which RPC (enforced by one interceptor in ``service.api``).

Keys are full gRPC method names (``/package.Service/Method``) or a whole service
(``/package.Service/*``); a method entry wins over its service's entry. A method that is in
neither is denied to everyone (default deny), so a new RPC stays closed until it is listed.
Health checking and reflection are open (no token needed).
"""
from __future__ import annotations

from service.auth.principal import Role

_PKG = "/impersonation.v1."
SCREENING, REVIEWER, ADMIN, AUDITOR = Role.SCREENING, Role.REVIEWER, Role.ADMIN, Role.AUDITOR

#: Services anyone may call, without a token.
OPEN_SERVICES = frozenset({
    "grpc.health.v1.Health",
    "grpc.reflection.v1alpha.ServerReflection",
    "grpc.reflection.v1.ServerReflection",
})

RPC_ROLES: dict[str, frozenset[Role]] = {
    _PKG + "ScreeningService/*": frozenset({SCREENING}),
    _PKG + "CredentialService/SubmitCredential": frozenset({SCREENING}),
    _PKG + "CredentialService/CheckPublishing": frozenset({SCREENING}),
    _PKG + "CredentialService/GetVerification": frozenset({SCREENING, REVIEWER}),
    _PKG + "CredentialService/WatchVerificationEvents": frozenset({SCREENING, REVIEWER}),
    _PKG + "CredentialService/ReviewVerification": frozenset({REVIEWER}),
    _PKG + "LexiconAdminService/*": frozenset({ADMIN}),
    _PKG + "LexiconAdminService/ListAuditLog": frozenset({ADMIN, AUDITOR}),
    _PKG + "ReferenceBankService/*": frozenset({ADMIN}),
    # review: reviewers work the queue, auditors read it, platforms report, appeal and watch
    _PKG + "ReviewService/ListCases": frozenset({REVIEWER, AUDITOR}),
    _PKG + "ReviewService/GetCase": frozenset({REVIEWER, AUDITOR}),
    _PKG + "ReviewService/ClaimCase": frozenset({REVIEWER}),
    _PKG + "ReviewService/ReleaseCase": frozenset({REVIEWER}),
    _PKG + "ReviewService/DecideCase": frozenset({REVIEWER}),
    _PKG + "ReviewService/SubmitReport": frozenset({SCREENING}),
    _PKG + "ReviewService/SubmitAppeal": frozenset({SCREENING}),
    _PKG + "ReviewService/WatchCaseOutcomes": frozenset({SCREENING, REVIEWER}),
    _PKG + "ReviewService/ProposeLexiconChange": frozenset({REVIEWER}),
    _PKG + "ReviewService/ListProposals": frozenset({REVIEWER, ADMIN, AUDITOR}),
    _PKG + "ReviewService/DecideProposal": frozenset({ADMIN}),
}

#: RPCs a caller without a token may use when ``ZHENWEI_ANONYMOUS_SCREENING`` is on.
ANONYMOUS_WHEN_ALLOWED = frozenset({_PKG + "ScreeningService/ScreenProfile"})


def service_of(method: str) -> str:
    """``/pkg.Service/Method`` → ``pkg.Service``."""
    return method.lstrip("/").split("/", 1)[0]


def is_open(method: str) -> bool:
    return service_of(method) in OPEN_SERVICES


def roles_for(method: str) -> frozenset[Role]:
    """Roles allowed to call ``method``; empty for an unlisted method (nobody)."""
    if method in RPC_ROLES:
        return RPC_ROLES[method]
    return RPC_ROLES.get("/" + service_of(method) + "/*", frozenset())
