"""THE table of which console roles may open which page or send which form (default deny).

Keys are Flask endpoint names (``service.console.web``). An endpoint that is not listed is
refused to everyone (403), so a new page stays closed until it is listed; a test walks every
route of the app against this table.
"""
from __future__ import annotations

from service.auth.principal import Role

REVIEWER, ADMIN, AUDITOR = Role.REVIEWER, Role.ADMIN, Role.AUDITOR
#: Everyone who may read the queue, the cases, the trail and the dashboard.
READERS = frozenset({REVIEWER, ADMIN, AUDITOR})
#: Open without a session (the login form, the stylesheet and the key script).
PUBLIC = frozenset({"login", "login_post", "static"})
#: Any logged-in console user.
ANY_USER = frozenset({"logout"})

ROUTE_ROLES: dict[str, frozenset[Role]] = {
    "index": READERS,
    "queue": READERS,
    "case": READERS,
    "reference_image": READERS,
    "dashboard": READERS,
    "proposals": READERS,
    "audit_export": frozenset({AUDITOR, ADMIN}),
    # work: reviewers claim, release, decide and propose; admins decide proposals
    "claim": frozenset({REVIEWER}),
    "release": frozenset({REVIEWER}),
    "decide": frozenset({REVIEWER}),
    "propose": frozenset({REVIEWER}),
    "decide_proposal": frozenset({ADMIN}),
}


def allowed(endpoint: str, roles: frozenset[Role]) -> bool:
    return bool(ROUTE_ROLES.get(endpoint, frozenset()) & roles)
