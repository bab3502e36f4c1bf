"""Roles × routes of the console (the console's half of tests/api/test_role_matrix.py): every
route of the app, anonymous (GET → login page, POST → 401), each console role alone (a role
the table does not list → 403, a listed one gets past the check), with a valid CSRF token so
that only the role decides. Default deny: a route missing from the table is refused."""
from __future__ import annotations

import pytest
from console_helpers import csrf_of, open_case

from service.auth.principal import Role
from service.auth.rpc_roles import RPC_ROLES
from service.console import access

SAMPLE = {"case_id": None, "ref_id": 1, "proposal_id": "prp_missing"}
ROLES = ("reviewer", "admin", "auditor")


def _routes(web):
    for rule in web.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _url(web, rule, case_id):
    args = {k: (case_id if k == "case_id" else SAMPLE[k]) for k in rule.arguments}
    with web.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **args)


def test_every_route_is_in_the_table(env):
    endpoints = {rule.endpoint for rule, _ in _routes(env.web)}
    listed = set(access.ROUTE_ROLES) | access.PUBLIC | access.ANY_USER
    assert endpoints <= listed, f"routes missing from ROUTE_ROLES: {endpoints - listed}"
    assert set(access.ROUTE_ROLES) <= endpoints, f"stale entries: {set(access.ROUTE_ROLES) - endpoints}"


def test_roles_by_routes(env, as_role):
    case = open_case(env)
    anonymous = env.web.test_client()
    checked = 0
    for rule, method in _routes(env.web):
        if rule.endpoint in access.PUBLIC or rule.endpoint in access.ANY_USER:
            continue
        url = _url(env.web, rule, case.id)
        resp = anonymous.open(url, method=method)
        if method == "GET":
            assert resp.status_code == 302 and "/login" in resp.headers["Location"], (url, resp.status_code)
        else:
            assert resp.status_code == 401, (url, resp.status_code)
        for role in ROLES:
            client = as_role(role)
            data = {"csrf_token": csrf_of(client.get("/queue").get_data(as_text=True))} if method == "POST" else None
            resp = client.open(url, method=method, data=data)
            if Role(role) in access.ROUTE_ROLES[rule.endpoint]:
                assert resp.status_code not in (401, 403), (role, method, url, resp.status_code)
            else:
                assert resp.status_code == 403, (role, method, url, resp.status_code)
            checked += 1
    assert checked >= 3 * 12


@pytest.mark.parametrize("endpoint, rpc", [
    ("claim", "ReviewService/ClaimCase"), ("release", "ReviewService/ReleaseCase"),
    ("decide", "ReviewService/DecideCase"), ("propose", "ReviewService/ProposeLexiconChange"),
    ("decide_proposal", "ReviewService/DecideProposal"),
])
def test_console_work_needs_the_roles_the_rpcs_need(endpoint, rpc):
    assert access.ROUTE_ROLES[endpoint] == RPC_ROLES["/impersonation.v1." + rpc]


def test_logout_needs_a_session(env, as_role):
    assert env.web.test_client().post("/logout").status_code == 401
    client = as_role("auditor")
    token = csrf_of(client.get("/queue").get_data(as_text=True))
    assert client.post("/logout", data={}).status_code == 400  # CSRF on logout too
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_unknown_role_table_entry_is_denied():
    assert not access.allowed("no_such_page", frozenset(Role))
