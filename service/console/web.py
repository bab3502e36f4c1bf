"""The reviewer console: server-rendered pages (Flask + Jinja2, autoescaped) over ``app.review``.

Every request resolves the session cookie to a :class:`~service.auth.principal.Principal`
(``service.console.auth``) and is checked against ``service.console.access.ROUTE_ROLES``
before its view runs: no session → the login page (GET) or 401 (POST); a role the route does
not list → 403. Every POST carries the session's CSRF token (the login form a cookie-bound
one) and, when the browser sends an Origin, it must be this console's. Decisions and claims
name the logged-in reviewer (``Principal.actor``); nothing in a form can set it.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, abort, g, redirect, render_template, request, url_for

from service.auth.principal import Role
from service.console import access, views
from service.console.auth import ConsoleAccounts
from service.domain.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, ZhenweiError
from service.review.models import (
    Action, CaseFilter, CaseKind, CaseStatus, Decision, ProposalKind, ProposalStatus, Verdict,
)

log = logging.getLogger("zhenwei.console")

SESSION_COOKIE = "zw_console"
LOGIN_CSRF_COOKIE = "zw_login_csrf"
HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
_STATUS_OF = {InvalidArgument: 400, PermissionDenied: 403, NotFound: 404, FailedPrecondition: 409}
DONE = {"claimed": "已认领，租约期间其他审核员不能处理此案件。", "released": "已释放认领。",
        "decided": "已记录决定。", "pending": "已记录首次决定，等待另一位审核员复核（双人复核）。",
        "escalated": "已升级。", "proposed": "已提交词库建议，等待管理员决定。",
        "accepted": "已采纳建议（各副本热加载）。", "refused": "已拒绝建议。"}


def _error_status(exc: ZhenweiError) -> int:
    for cls, code in _STATUS_OF.items():
        if isinstance(exc, cls):
            return code
    return 500


def create_console(app, settings, clock=None) -> Flask:
    """The console's WSGI app over ``app`` (service.app.App); ``clock`` for tests."""
    web = Flask("service.console", root_path=str(HERE), template_folder=str(HERE / "templates"),
                static_folder=str(HERE / "static"))
    web.config.update(MAX_CONTENT_LENGTH=64 * 1024, TEMPLATES_AUTO_RELOAD=False, JSON_AS_ASCII=False)
    web.jinja_env.autoescape = True  # every template, whatever its name
    accounts = ConsoleAccounts(app.store, settings.console_session_s, clock=clock)
    review = app.review
    web.extensions["zhenwei"] = {"accounts": accounts, "app": app}

    def now() -> dt.datetime:
        return clock() if clock else review.now()

    @web.context_processor
    def _globals():
        return {"v": views, "principal": g.get("principal"), "csrf": g.get("csrf", ""),
                "Role": Role, "can": lambda endpoint: g.get("principal") is not None and
                access.allowed(endpoint, g.principal.roles)}

    # -- identity, roles, CSRF --------------------------------------------------------------
    @web.before_request
    def _authenticate():
        g.principal, g.csrf = None, ""
        info = accounts.session(request.cookies.get(SESSION_COOKIE, ""))
        if info is not None:
            g.principal, g.csrf = info.principal, info.csrf
        endpoint = request.endpoint
        if endpoint is None or endpoint in access.PUBLIC:
            return None
        if g.principal is None:
            if request.method == "GET":
                return redirect(url_for("login", next=request.full_path.rstrip("?")))
            abort(401)
        if endpoint not in access.ANY_USER and not access.allowed(endpoint, g.principal.roles):
            abort(403)
        if request.method == "POST":
            _check_origin()
            sent = request.form.get("csrf_token", "")
            if not sent or not hmac.compare_digest(sent, g.csrf):
                abort(400, description="CSRF 令牌无效，请刷新页面后重试。")
        return None

    def _check_origin():
        origin = request.headers.get("Origin")
        if origin and (origin == "null" or urlsplit(origin).netloc != request.host):
            abort(400, description="跨站请求被拒绝。")

    @web.after_request
    def _headers(resp: Response):
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "same-origin"  # no-referrer would make Chromium send Origin: null
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.endpoint != "static":
            resp.headers["Cache-Control"] = "no-store"
        return resp

    def _secure() -> bool:
        return bool(settings.console_secure_cookie or request.is_secure)

    @web.errorhandler(400)
    @web.errorhandler(401)
    @web.errorhandler(403)
    @web.errorhandler(404)
    @web.errorhandler(405)
    @web.errorhandler(413)
    def _http_error(err):
        messages = {400: "请求无效", 401: "请先登录", 403: "没有权限", 404: "未找到", 405: "不允许的请求方法",
                    413: "请求过大"}
        detail = str(err.description) if err.code == 400 and not str(err.description).isascii() else ""
        return render_template("error.html", code=err.code, message=messages.get(err.code, "错误"),
                               detail=detail), err.code

    # -- login -----------------------------------------------------------------------------
    def _login_page(error: str = "", status: int = 200):
        token = secrets.token_urlsafe(32)
        resp = Response(render_template("login.html", login_csrf=token, error=error,
                                        next=_safe_next(request.values.get("next", ""))), status)
        resp.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="Strict", secure=_secure(), path="/login")
        return resp

    @web.get("/login")
    def login():
        if g.principal is not None:
            return redirect(url_for("queue"))
        return _login_page()

    @web.post("/login")
    def login_post():
        _check_origin()
        sent, cookie = request.form.get("csrf_token", ""), request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not sent or not cookie or not hmac.compare_digest(sent, cookie):
            abort(400, description="CSRF 令牌无效，请刷新页面后重试。")
        result = accounts.login(request.form.get("name", ""), request.form.get("password", ""))
        if result is None:
            return _login_page("用户名或密码错误，或账户已停用或暂时锁定（连续 5 次失败锁定 15 分钟）。", 401)
        resp = redirect(_safe_next(request.form.get("next", "")) or url_for("queue"))
        resp.set_cookie(SESSION_COOKIE, result.session_id, httponly=True, samesite="Strict", secure=_secure(),
                        path="/", max_age=settings.console_session_s)
        resp.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
        return resp

    @web.post("/logout")
    def logout():
        accounts.logout(request.cookies.get(SESSION_COOKIE, ""))
        resp = redirect(url_for("login"))
        resp.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Strict", secure=_secure())
        return resp

    # -- queue -----------------------------------------------------------------------------
    @web.get("/")
    def index():
        return redirect(url_for("queue"))

    @web.get("/queue")
    def queue():
        args = request.args
        t = now()
        kind = _enum(CaseKind, args.get("kind", ""))
        status = _enum(CaseStatus, args.get("status", "OPEN")) if args.get("status", "OPEN") != "ALL" else None
        category = args.get("category", "")[:64]
        min_age_h = _number(args.get("min_age_h", ""))
        due = args.get("due", "")
        mine = args.get("mine", "") == "1"
        flt = CaseFilter(status=status, kind=kind, category=category, min_age_s=min_age_h * 3600,
                         assignee=g.principal.actor if mine else "",
                         due_before=t + dt.timedelta(hours=24) if due == "24h" else (t if due == "overdue" else None))
        try:
            page = review.list(flt, page_size=50, page_token=args.get("page", "")[:200])
        except InvalidArgument:
            abort(400)
        counts = review.counts()
        ages = []
        for text, seconds in views.AGE_BUCKETS:
            n = len(review.list(CaseFilter(status=CaseStatus.OPEN, min_age_s=seconds), page_size=100).cases)
            ages.append((text, "100+" if n >= 100 else str(n)))
        due_soon = 0
        for st in (CaseStatus.OPEN, CaseStatus.ESCALATED, CaseStatus.PENDING_SECOND):
            due_soon += len(review.list(CaseFilter(status=st, due_before=t + dt.timedelta(hours=24)),
                                        page_size=100).cases)
        return render_template("queue.html", page=page, counts=counts, ages=ages, due_soon=due_soon, now=t,
                               f={"kind": kind.value if kind else "", "status": status.value if status else "ALL",
                                  "category": category, "min_age_h": min_age_h or "", "due": due,
                                  "mine": mine}, kinds=list(CaseKind), statuses=list(CaseStatus))

    # -- case --------------------------------------------------------------------------------
    def _case_page(case_id: str, error: str = "", status: int = 200):
        try:
            case = review.get(case_id)
        except (NotFound, InvalidArgument):
            abort(404)
        t = now()
        snap = case.snapshot
        # the profile as screened: the case's own, or (an appeal) the contested case's
        profile = snap if ("name" in snap or "findings" in snap) else \
            ((snap.get("original") or {}).get("snapshot") or {})
        findings = list(profile.get("findings", ()))
        name_chars, name_notes = views.highlight(str(profile.get("name", "")), "NAME", findings)
        bio_chars, bio_notes = views.highlight(str(profile.get("bio", "")), "BIO", findings)
        refs = [r for r in (views.reference_of(f) for f in findings) if r]
        trail = review.trail(case.id)
        mine = case.claimed_by == g.principal.actor and case.leased(t)
        reject_needs_second = review.needs_second(case, Decision(Verdict.REJECT, g.principal.actor, t))
        proposals = review.proposals.list(case_id=case.id, page_size=50).proposals
        resp = Response(render_template(
            "case.html", case=case, snap=snap, profile=profile, findings=findings, name_chars=name_chars, name_notes=name_notes,
            bio_chars=bio_chars, bio_notes=bio_notes, refs=refs, trail=trail, mine=mine, now=t,
            leased_by_other=case.leased(t) and not mine, error=error,
            done=views.label(DONE, request.args.get("done", "")) if request.args.get("done") in DONE else "",
            reject_needs_second=reject_needs_second, actions=list(Action), proposal_kinds=list(ProposalKind),
            suggested_reason=views.SUGGESTED_REASON.get(case.category, ""), proposals=proposals,
            claimable=case.status in (CaseStatus.OPEN, CaseStatus.ESCALATED, CaseStatus.PENDING_SECOND)),
            status)
        return resp

    @web.get("/cases/<case_id>")
    def case(case_id):
        return _case_page(case_id)

    def _work(case_id: str, fn, done: str):
        try:
            result = fn()
        except ZhenweiError as exc:
            return _case_page(case_id, error=str(exc), status=_error_status(exc))
        if callable(done):
            done = done(result)
        return redirect(url_for("case", case_id=case_id, done=done))

    @web.post("/cases/<case_id>/claim")
    def claim(case_id):
        return _work(case_id, lambda: review.claim(case_id, g.principal.actor), "claimed")

    @web.post("/cases/<case_id>/release")
    def release(case_id):
        return _work(case_id, lambda: review.release(case_id, g.principal.actor), "released")

    @web.post("/cases/<case_id>/decide")
    def decide(case_id):
        form = request.form
        verdict = _enum(Verdict, form.get("verdict", ""))
        if verdict is None:
            return _case_page(case_id, error="请选择决定：A 通过、R 驳回、E 升级。", status=400)
        actions = [a for a in (_enum(Action, x) for x in form.getlist("actions")) if a is not None]
        if verdict is not Verdict.REJECT:
            actions = []
        register_owner = verdict is Verdict.APPROVE and form.get("register_owner") == "1"
        valid_until = None
        if form.get("valid_until"):
            try:
                valid_until = dt.date.fromisoformat(form["valid_until"])
            except ValueError:
                return _case_page(case_id, error="有效期须为日期（YYYY-MM-DD）。", status=400)

        def run():
            return review.decide(case_id, g.principal.actor, verdict, reason_code=form.get("reason_code", "")[:64],
                                 note=form.get("note", ""), actions=actions, register_owner=register_owner,
                                 feedback=form.get("feedback", ""), valid_until=valid_until)

        def done(c):
            return {"PENDING_SECOND": "pending", "ESCALATED": "escalated"}.get(c.status.value, "decided")

        return _work(case_id, run, done)

    @web.post("/cases/<case_id>/propose")
    def propose(case_id):
        kind = _enum(ProposalKind, request.form.get("kind", ""))
        if kind is None:
            return _case_page(case_id, error="请选择建议类型（别名或简称）。", status=400)
        return _work(case_id, lambda: review.proposals.propose(
            case_id, kind, request.form.get("phrase", ""), g.principal.actor,
            note=request.form.get("note", "")), "proposed")

    @web.get("/references/<int:ref_id>.png")
    def reference_image(ref_id):
        try:
            ref = app.store.images.get_reference(ref_id, with_thumbnail=True)
        except NotFound:
            abort(404)
        return Response(ref.thumbnail, mimetype="image/png")

    # -- proposals -------------------------------------------------------------------------
    @web.get("/proposals")
    def proposals():
        st = request.args.get("status", "PENDING")
        status = _enum(ProposalStatus, st) if st != "ALL" else None
        try:
            page = review.proposals.list(status=status, page_size=100, page_token=request.args.get("page", "")[:200])
        except InvalidArgument:
            abort(400)
        return render_template("proposals.html", page=page, status=st, statuses=list(ProposalStatus),
                               error="", done=DONE.get(request.args.get("done", ""), ""))

    @web.post("/proposals/<proposal_id>/decide")
    def decide_proposal(proposal_id):
        accept = request.form.get("accept") == "1"
        try:
            review.proposals.decide(proposal_id, accept, g.principal.actor, note=request.form.get("note", ""))
        except ZhenweiError as exc:
            page = review.proposals.list(status=ProposalStatus.PENDING, page_size=100)
            return render_template("proposals.html", page=page, status="PENDING", statuses=list(ProposalStatus),
                                   error=str(exc), done=""), _error_status(exc)
        return redirect(url_for("proposals", done="accepted" if accept else "refused"))

    # -- dashboard and audit ------------------------------------------------------------------
    @web.get("/dashboard")
    def dashboard():
        t = now()
        counts = review.counts()
        days = 7
        rows = app.store.console.decisions_by_hour(list(views.DECISION_ACTIONS), t - dt.timedelta(days=days + 1))
        labels, per_day = views.decisions_per_day(rows, days, t)
        qa = review.qa_agreement(since=t - dt.timedelta(days=30))
        depth = sum(counts.by_status.values())
        return render_template("dashboard.html", counts=counts, depth=depth, now=t, labels=labels,
                               per_day=per_day, qa=qa)

    @web.get("/audit/export")
    def audit_export():
        since = request.args.get("since", "")
        if since:
            try:
                value = dt.datetime.fromisoformat(since)
            except ValueError:
                abort(400)
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.timezone.utc)
            since = value.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")
        app.store.audit.record(g.principal.actor, "audit.export", "audit", {"since": since, "via": "console"})
        lines = [json.dumps({"seq": e.seq, "id": e.id, "at": e.at, "actor": e.actor, "action": e.action,
                             "target": e.target, "detail": e.detail, "prev_hash": e.prev_hash, "hash": e.hash},
                            ensure_ascii=False, sort_keys=True) + "\n" for e in app.store.audit.iter_chain(since)]
        return Response("".join(lines), mimetype="application/x-ndjson",
                        headers={"Content-Disposition": 'attachment; filename="zhenwei-audit.jsonl"'})

    return web


def _enum(cls, text: str):
    try:
        return cls(text) if text else None
    except ValueError:
        return None


def _number(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else 0


def _safe_next(target: str) -> str:
    """A local path to return to after login ("" for anything else: no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or \
            any(ord(c) < 32 for c in target):
        return ""
    return target
