"""Manual review state: cases (with their lease and decisions) and outcome events.

Timestamps are UTC text of one fixed width (``YYYY-MM-DDTHH:MM:SS.ffffffZ``) so they
compare and sort as text on both backends. Every state change is one conditional UPDATE
(``WHERE … AND version = ?`` or the lease condition): of two reviewers or replicas racing
for a case, exactly one changes the row (``rowcount == 1``), the other sees 0.

The queue is read oldest first with keyset pagination on ``(created_at, id)``; the indexes
below serve every filter of ListCases at 100,000 open cases without a sort step.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Sequence

from service.store.db import Database


@dataclass(frozen=True)
class StoredCase:
    id: str
    dedupe_key: str
    kind: str
    status: str
    account_id: str
    platform: str
    category: str
    entity_id: str
    snapshot: str         # JSON
    lexicon_version: str
    created_at: str
    updated_at: str
    deadline_at: str      # "" when none
    assignee: str         # lease holder ("" when none)
    lease_until: str      # "" when none
    pending: str          # JSON of the first four-eyes decision ("" when none)
    pending_by: str
    decision: str         # JSON of the final decision ("" when none)
    decided_by: str
    confirmed_by: str
    effects: str          # JSON
    related_case_id: str
    verification_id: str
    decided_at: str
    version: int


@dataclass(frozen=True)
class StoredOutcome:
    id: int
    at: str
    case_id: str
    kind: str
    outcome: str
    status: str
    account_id: str
    platform: str
    verdict: str
    actions: str          # comma-separated
    reason_code: str


@dataclass(frozen=True)
class StoredProposal:
    id: int
    case_id: str
    kind: str           # ALIAS | ABBREVIATION
    entity_id: str
    phrase: str
    note: str
    status: str         # PENDING | ACCEPTED | REFUSED
    proposed_by: str
    proposed_at: str
    decided_by: str
    decided_at: str
    decision_note: str
    lexicon_version: str  # the lexicon version an accepted proposal produced


_PROPOSAL_COLS = ", ".join(f.name for f in fields(StoredProposal))
_DELIVERY_COLS = ("id, platform, event_id, case_id, body, status, attempts, next_attempt_at, last_attempt_at, "
                  "last_status, last_error, created_at")
_CASE_COLS = ", ".join(f.name for f in fields(StoredCase))
_EVENT_COLS = ", ".join(f.name for f in fields(StoredOutcome))
_MUTABLE = frozenset({"status", "updated_at", "deadline_at", "assignee", "lease_until", "pending", "pending_by",
                      "decision", "decided_by", "confirmed_by", "effects", "decided_at", "category", "entity_id"})


def _case(row: tuple) -> StoredCase:
    return StoredCase(*row[:-1], int(row[-1]))


class ReviewRepository:
    MIGRATIONS = [
        ("0601_review", """
        CREATE TABLE IF NOT EXISTS review_cases (
            id TEXT PRIMARY KEY,
            dedupe_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            account_id TEXT NOT NULL,
            platform TEXT NOT NULL,
            category TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            snapshot TEXT NOT NULL,
            lexicon_version TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deadline_at TEXT NOT NULL,
            assignee TEXT NOT NULL,
            lease_until TEXT NOT NULL,
            pending TEXT NOT NULL,
            pending_by TEXT NOT NULL,
            decision TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            confirmed_by TEXT NOT NULL,
            effects TEXT NOT NULL,
            related_case_id TEXT NOT NULL,
            verification_id TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            version {bigint} NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS review_cases_dedupe ON review_cases (dedupe_key);
        CREATE INDEX IF NOT EXISTS review_cases_queue ON review_cases (status, created_at, id);
        CREATE INDEX IF NOT EXISTS review_cases_kind ON review_cases (kind, status, created_at, id);
        CREATE INDEX IF NOT EXISTS review_cases_category ON review_cases (category, status, created_at, id);
        CREATE INDEX IF NOT EXISTS review_cases_platform ON review_cases (platform, status, created_at, id);
        CREATE INDEX IF NOT EXISTS review_cases_age ON review_cases (created_at, id);
        CREATE INDEX IF NOT EXISTS review_cases_assignee ON review_cases (assignee, lease_until);
        CREATE INDEX IF NOT EXISTS review_cases_lease ON review_cases (lease_until);
        CREATE INDEX IF NOT EXISTS review_cases_counts ON review_cases (status, kind, category);
        CREATE INDEX IF NOT EXISTS review_cases_account ON review_cases (account_id, created_at);
        CREATE INDEX IF NOT EXISTS review_cases_deadline ON review_cases (status, deadline_at);
        CREATE INDEX IF NOT EXISTS review_cases_verification ON review_cases (verification_id);
        CREATE INDEX IF NOT EXISTS review_cases_related ON review_cases (related_case_id);
        CREATE TABLE IF NOT EXISTS review_events (
            id {serial_pk},
            at TEXT NOT NULL,
            case_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            outcome TEXT NOT NULL,
            status TEXT NOT NULL,
            account_id TEXT NOT NULL,
            platform TEXT NOT NULL,
            verdict TEXT NOT NULL,
            actions TEXT NOT NULL,
            reason_code TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS review_events_platform ON review_events (platform, id)
        """),
        ("0602_review_proposals", """
        CREATE TABLE IF NOT EXISTS review_proposals (
            id {serial_pk},
            case_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            phrase TEXT NOT NULL,
            note TEXT NOT NULL,
            status TEXT NOT NULL,
            proposed_by TEXT NOT NULL,
            proposed_at TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            decision_note TEXT NOT NULL,
            lexicon_version TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS review_proposals_status ON review_proposals (status, id);
        CREATE INDEX IF NOT EXISTS review_proposals_case ON review_proposals (case_id)
        """),
        ("0603_review_webhooks", """
        CREATE TABLE IF NOT EXISTS review_webhooks (
            platform TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            secret_enc {blob} NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            active INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_webhook_cursor (
            id INTEGER PRIMARY KEY,
            event_id {bigint} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_webhook_deliveries (
            id {serial_pk},
            platform TEXT NOT NULL,
            event_id {bigint} NOT NULL,
            case_id TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at TEXT NOT NULL,
            last_attempt_at TEXT NOT NULL,
            last_status INTEGER NOT NULL,
            last_error TEXT NOT NULL,
            lease_until TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS review_webhook_deliveries_event
            ON review_webhook_deliveries (platform, event_id);
        CREATE INDEX IF NOT EXISTS review_webhook_deliveries_due
            ON review_webhook_deliveries (status, next_attempt_at)
        """),
    ]

    def __init__(self, db: Database):
        self.db = db

    # -- cases ---------------------------------------------------------------------------
    def insert_case(self, c: StoredCase) -> bool:
        """Inserts a case unless one with its ``dedupe_key`` exists; True when inserted."""
        marks = ", ".join("?" * len(fields(StoredCase)))
        return self.db.execute(
            f"INSERT INTO review_cases ({_CASE_COLS}) VALUES ({marks}) ON CONFLICT (dedupe_key) DO NOTHING",
            [getattr(c, f.name) for f in fields(StoredCase)]) == 1

    def get(self, case_id: str) -> StoredCase | None:
        row = self.db.one(f"SELECT {_CASE_COLS} FROM review_cases WHERE id = ?", (case_id,))
        return _case(row) if row else None

    def by_dedupe_key(self, key: str) -> StoredCase | None:
        row = self.db.one(f"SELECT {_CASE_COLS} FROM review_cases WHERE dedupe_key = ?", (key,))
        return _case(row) if row else None

    def by_verification(self, verification_id: str) -> StoredCase | None:
        row = self.db.one(f"SELECT {_CASE_COLS} FROM review_cases WHERE verification_id = ? AND kind = ? "
                          "ORDER BY created_at DESC LIMIT 1", (verification_id, "CREDENTIAL"))
        return _case(row) if row else None

    def appeals_of(self, case_id: str) -> list[StoredCase]:
        return [_case(r) for r in self.db.query(
            f"SELECT {_CASE_COLS} FROM review_cases WHERE related_case_id = ? ORDER BY created_at, id", (case_id,))]

    def claim(self, case_id: str, actor: str, now: str, lease_until: str, claimable: Sequence[str]) -> bool:
        """Takes the lease if nobody holds a live one (or ``actor`` already does); one
        conditional UPDATE, so of concurrent claimers exactly one wins. A four-eyes case
        cannot be claimed by the reviewer who made its first decision."""
        marks = ", ".join("?" * len(claimable))
        return self.db.execute(
            "UPDATE review_cases SET assignee = ?, lease_until = ?, updated_at = ?, version = version + 1 "
            f"WHERE id = ? AND status IN ({marks}) AND (assignee = '' OR lease_until <= ? OR assignee = ?) "
            "AND pending_by <> ?",
            (actor, lease_until, now, case_id, *claimable, now, actor, actor)) == 1

    def release(self, case_id: str, actor: str, now: str) -> bool:
        return self.db.execute(
            "UPDATE review_cases SET assignee = '', lease_until = '', updated_at = ?, version = version + 1 "
            "WHERE id = ? AND assignee = ? AND lease_until > ?", (now, case_id, actor, now)) == 1

    def update(self, case_id: str, version: int, changes: dict[str, Any]) -> bool:
        """Writes ``changes`` if the row is still at ``version`` (compare-and-set)."""
        unknown = set(changes) - _MUTABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        cols = sorted(changes)
        sets = ", ".join(f"{c} = ?" for c in cols)
        return self.db.execute(
            f"UPDATE review_cases SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
            [*(changes[c] for c in cols), case_id, version]) == 1

    def list(self, *, statuses: Sequence[str] = (), kind: str = "", category: str = "", created_before: str = "",
             assignee: str = "", leased_after: str = "", unleased_at: str = "", account_id: str = "",
             due_before: str = "", platform: str | None = None, after: tuple[str, str] | None = None,
             limit: int = 50) -> list[StoredCase]:
        """Cases matching every given filter, oldest first, after the keyset ``after``."""
        where, params = [], []
        if statuses:
            where.append(f"status IN ({', '.join('?' * len(statuses))})")
            params.extend(statuses)
        for col, value in (("kind", kind), ("category", category), ("assignee", assignee),
                           ("account_id", account_id)):
            if value:
                where.append(f"{col} = ?")
                params.append(value)
        if platform is not None:
            where.append("platform = ?")
            params.append(platform)
        if created_before:
            where.append("created_at <= ?")
            params.append(created_before)
        if leased_after:
            where.append("lease_until > ? AND assignee <> ''")
            params.append(leased_after)
        if unleased_at:
            where.append("(assignee = '' OR lease_until <= ?)")
            params.append(unleased_at)
        if due_before:
            where.append("deadline_at <> '' AND deadline_at <= ?")
            params.append(due_before)
        if after is not None:
            where.append("(created_at, id) > (?, ?)")  # a row comparison: one index range on both backends
            params.extend([after[0], after[1]])
        sql = f"SELECT {_CASE_COLS} FROM review_cases"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at, id LIMIT ?"
        return [_case(r) for r in self.db.query(sql, [*params, limit])]

    def counts(self, open_statuses: Sequence[str], now: str) -> tuple[list[tuple], str | None, int]:
        """(kind, category, status, count) rows of open cases, the oldest open time, overdue count."""
        marks = ", ".join("?" * len(open_statuses))
        rows = self.db.query(f"SELECT kind, category, status, COUNT(*) FROM review_cases WHERE status IN ({marks}) "
                             "GROUP BY kind, category, status", list(open_statuses))
        oldest = self.db.one(f"SELECT MIN(created_at) FROM review_cases WHERE status IN ({marks})",
                             list(open_statuses))
        overdue = self.db.one(f"SELECT COUNT(*) FROM review_cases WHERE status IN ({marks}) AND deadline_at <> '' "
                              "AND deadline_at < ?", [*open_statuses, now])
        return [tuple(r) for r in rows], (oldest[0] if oldest else None), int(overdue[0]) if overdue else 0

    # -- webhooks -------------------------------------------------------------------------
    def set_webhook(self, platform: str, url: str, secret_enc: bytes, at: str, actor: str) -> None:
        if self.db.execute("UPDATE review_webhooks SET url = ?, secret_enc = ?, created_at = ?, created_by = ?, "
                           "active = 1 WHERE platform = ?", (url, secret_enc, at, actor, platform)) == 0:
            self.db.execute("INSERT INTO review_webhooks (platform, url, secret_enc, created_at, created_by, active) "
                            "VALUES (?, ?, ?, ?, ?, 1)", (platform, url, secret_enc, at, actor))

    def remove_webhook(self, platform: str) -> bool:
        return self.db.execute("UPDATE review_webhooks SET active = 0 WHERE platform = ? AND active = 1",
                               (platform,)) == 1

    def webhooks(self) -> dict[str, tuple[str, bytes]]:
        """Active webhooks: platform → (url, encrypted secret)."""
        return {r[0]: (r[1], bytes(r[2])) for r in self.db.query(
            "SELECT platform, url, secret_enc FROM review_webhooks WHERE active = 1")}

    def webhook_cursor(self) -> int:
        row = self.db.one("SELECT event_id FROM review_webhook_cursor WHERE id = 1")
        return int(row[0]) if row else 0

    def advance_webhook_cursor(self, old: int, new: int) -> bool:
        """Moves the enqueue cursor from ``old`` to ``new``; False if another replica moved it."""
        if old == 0 and self.db.one("SELECT 1 FROM review_webhook_cursor WHERE id = 1") is None:
            return self.db.execute("INSERT INTO review_webhook_cursor (id, event_id) VALUES (1, ?) "
                                   "ON CONFLICT (id) DO NOTHING", (new,)) == 1
        return self.db.execute("UPDATE review_webhook_cursor SET event_id = ? WHERE id = 1 AND event_id = ?",
                               (new, old)) == 1

    def add_delivery(self, platform: str, event_id: int, case_id: str, body: str, at: str) -> None:
        self.db.execute(
            "INSERT INTO review_webhook_deliveries (platform, event_id, case_id, body, status, attempts, "
            "next_attempt_at, last_attempt_at, last_status, last_error, lease_until, created_at) "
            "VALUES (?, ?, ?, ?, 'PENDING', 0, ?, '', 0, '', '', ?) ON CONFLICT (platform, event_id) DO NOTHING",
            (platform, event_id, case_id, body, at, at))

    def claim_due_deliveries(self, now: str, lease_until: str, limit: int) -> list[tuple]:
        """Due PENDING deliveries this caller now holds (conditional UPDATE per row)."""
        rows = self.db.query(
            f"SELECT {_DELIVERY_COLS} FROM review_webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= ? "
            "AND lease_until <= ? ORDER BY next_attempt_at, id LIMIT ?", (now, now, limit))
        mine = []
        for r in rows:
            if self.db.execute("UPDATE review_webhook_deliveries SET lease_until = ? WHERE id = ? AND "
                               "status = 'PENDING' AND lease_until <= ?", (lease_until, r[0], now)) == 1:
                mine.append(r)
        return mine

    def finish_delivery(self, delivery_id: int, status: str, attempts: int, next_attempt_at: str, at: str,
                        http_status: int, error: str) -> None:
        self.db.execute(
            "UPDATE review_webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_attempt_at = ?, "
            "last_status = ?, last_error = ?, lease_until = '' WHERE id = ?",
            (status, attempts, next_attempt_at, at, http_status, error[:500], delivery_id))

    def redeliver(self, delivery_id: int, now: str) -> bool:
        return self.db.execute("UPDATE review_webhook_deliveries SET status = 'PENDING', next_attempt_at = ?, "
                               "lease_until = '' WHERE id = ?", (now, delivery_id)) == 1

    def deliveries(self, platform: str = "", status: str = "", limit: int = 100) -> list[tuple]:
        sql, params = f"SELECT {_DELIVERY_COLS} FROM review_webhook_deliveries WHERE 1 = 1", []
        if platform:
            sql, params = sql + " AND platform = ?", [*params, platform]
        if status:
            sql, params = sql + " AND status = ?", [*params, status]
        return [tuple(r) for r in self.db.query(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])]

    # -- lexicon proposals -----------------------------------------------------------------
    def add_proposal(self, p: StoredProposal) -> int:
        return self.db.insert_returning_id(
            f"INSERT INTO review_proposals ({_PROPOSAL_COLS.replace('id, ', '', 1)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (p.case_id, p.kind, p.entity_id, p.phrase, p.note, p.status, p.proposed_by, p.proposed_at,
             p.decided_by, p.decided_at, p.decision_note, p.lexicon_version))

    def get_proposal(self, proposal_id: int) -> StoredProposal | None:
        row = self.db.one(f"SELECT {_PROPOSAL_COLS} FROM review_proposals WHERE id = ?", (proposal_id,))
        return StoredProposal(*row) if row else None

    def list_proposals(self, status: str = "", case_id: str = "", after: int = 0,
                       limit: int = 50) -> list[StoredProposal]:
        sql, params = f"SELECT {_PROPOSAL_COLS} FROM review_proposals WHERE id > ?", [after]
        if status:
            sql, params = sql + " AND status = ?", [*params, status]
        if case_id:
            sql, params = sql + " AND case_id = ?", [*params, case_id]
        return [StoredProposal(*r) for r in self.db.query(sql + " ORDER BY id LIMIT ?", [*params, limit])]

    def decide_proposal(self, proposal_id: int, status: str, actor: str, at: str, note: str,
                        lexicon_version: str) -> bool:
        """PENDING → ``status``; False when it was decided meanwhile."""
        return self.db.execute(
            "UPDATE review_proposals SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, "
            "lexicon_version = ? WHERE id = ? AND status = 'PENDING'",
            (status, actor, at, note, lexicon_version, proposal_id)) == 1

    # -- outcome events -------------------------------------------------------------------
    def add_event(self, e: StoredOutcome) -> int:
        return self.db.insert_returning_id(
            "INSERT INTO review_events (at, case_id, kind, outcome, status, account_id, platform, verdict, actions, "
            "reason_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e.at, e.case_id, e.kind, e.outcome, e.status, e.account_id, e.platform, e.verdict, e.actions,
             e.reason_code))

    def events_after(self, cursor: int, limit: int = 100, platform: str | None = None,
                     case_id: str = "") -> list[StoredOutcome]:
        sql, params = f"SELECT {_EVENT_COLS} FROM review_events WHERE id > ?", [cursor]
        if platform is not None:
            sql, params = sql + " AND platform = ?", [*params, platform]
        if case_id:
            sql, params = sql + " AND case_id = ?", [*params, case_id]
        return [StoredOutcome(*r) for r in self.db.query(sql + " ORDER BY id LIMIT ?", [*params, limit])]

    def last_event_id(self) -> int:
        row = self.db.one("SELECT MAX(id) FROM review_events")
        return int(row[0]) if row and row[0] is not None else 0
