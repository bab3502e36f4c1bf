"""Registries: the sources of truth a credential number is looked up in.

Every registry implements :class:`Registry` (``lookup(ctype, number)`` returns a
:class:`RegistryRecord`, ``None`` when the number is not listed, or raises
:class:`~service.domain.errors.Unavailable`). Two are provided:

- :class:`LocalRegistry` (the embedded default): a table in the store, loaded
  from an authority's published roster by :meth:`LocalRegistry.import_roster`
  (``zhenwei registry import --type TYPE FILE.csv``);
- :class:`HttpRegistry`: an authority's query endpoint, with a per-attempt
  timeout, retries with exponential backoff and a circuit breaker.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from service.credentials.base import CredentialType, ValidationError, spec
from service.credentials.crypto import NumberCipher, mask
from service.domain.errors import InvalidArgument, Unavailable
from service.store.credential_repo import RegistryRow

log = logging.getLogger("zhenwei.credentials.registry")

STATUSES = ("valid", "revoked", "suspended")
ROSTER_COLUMNS = ("number", "holder_name", "organization", "status", "valid_until")


@dataclass(frozen=True)
class RegistryRecord:
    holder_name: str
    organization: str
    status: str                       # valid | revoked | suspended
    valid_until: dt.date | None       # None: no expiry
    source: str


class Registry(Protocol):
    name: str

    def lookup(self, ctype: CredentialType, number: str) -> RegistryRecord | None:
        """The record for a validated, compact number; None if not listed; raises Unavailable."""


def _utc_text(now: dt.datetime) -> str:
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- embedded registry -----------------------------------------------------------------------

@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    #: (line number, reason) for each row not imported.
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.rejected)} rejected")


class LocalRegistry:
    """The registry table in the store, keyed by the number's keyed hash."""

    name = "local"

    def __init__(self, store, cipher: NumberCipher):
        self.store = store
        self.cipher = cipher

    def lookup(self, ctype: CredentialType, number: str) -> RegistryRecord | None:
        row = self.store.credentials.registry_get(ctype.value, self.cipher.keyed_hash(ctype.value, number))
        if row is None:
            return None
        return RegistryRecord(row.holder_name, row.organization, row.status,
                              dt.date.fromisoformat(row.valid_until) if row.valid_until else None,
                              f"{self.name}:{row.source}")

    def import_roster(self, ctype: CredentialType, text: Iterable[str] | str, source: str,
                      now: dt.datetime | None = None, batch_size: int = 5000) -> ImportReport:
        """Loads a roster (UTF-8 CSV with a header row naming :data:`ROSTER_COLUMNS`).

        Idempotent: a row equal to the stored one counts as unchanged. Rows that fail
        are reported with their line number and reason and the rest are imported.
        """
        now = now or dt.datetime.now(dt.timezone.utc)
        stamp = _utc_text(now)
        module = spec(ctype).module
        needs_expiry = spec(ctype).validity_years is not None
        lines = io.StringIO(text) if isinstance(text, str) else text
        reader = csv.reader(lines)
        report = ImportReport()
        try:
            header = next(reader)
        except StopIteration:
            raise InvalidArgument("the roster is empty (a header row is required)") from None
        header = [h.strip().lstrip("\ufeff").lower() for h in header]
        missing = [c for c in ROSTER_COLUMNS if c not in header]
        if missing:
            raise InvalidArgument(f"roster header lacks column(s) {', '.join(missing)}; "
                                  f"expected {','.join(ROSTER_COLUMNS)}")
        pos = {c: header.index(c) for c in ROSTER_COLUMNS}
        batch: list[tuple[int, RegistryRow]] = []

        def flush():
            outcomes, _ = self.store.credentials.registry_upsert([r for _, r in batch])
            for outcome in outcomes:
                if outcome is True:
                    report.added += 1
                elif outcome is False:
                    report.updated += 1
                else:
                    report.unchanged += 1
            batch.clear()

        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                report.rejected.append((line, f"expected {len(header)} columns, found {len(cells)}"))
                continue
            raw = {c: cells[pos[c]].strip() for c in ROSTER_COLUMNS}
            try:
                number = module.validate(raw["number"])
            except ValidationError as exc:
                report.rejected.append((line, f"number {mask(raw['number'])}: {type(exc).__name__}: {exc}"))
                continue
            if not raw["holder_name"]:
                report.rejected.append((line, "holder_name is empty"))
                continue
            status = raw["status"].lower()
            if status not in STATUSES:
                report.rejected.append((line, f"status {raw['status']!r} is not one of {', '.join(STATUSES)}"))
                continue
            valid_until = raw["valid_until"]
            if valid_until:
                try:
                    valid_until = dt.date.fromisoformat(valid_until).isoformat()
                except ValueError:
                    report.rejected.append((line, f"valid_until {valid_until!r} is not an ISO date (YYYY-MM-DD)"))
                    continue
            elif needs_expiry:
                report.rejected.append((line, f"valid_until is required: a {spec(ctype).name} is valid "
                                              f"{spec(ctype).validity_years} years"))
                continue
            batch.append((line, RegistryRow(
                ctype.value, self.cipher.keyed_hash(ctype.value, number), self.cipher.encrypt(ctype.value, number),
                mask(number), raw["holder_name"], raw["organization"], status, valid_until, source, stamp)))
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        log.info("imported %s roster %s: %s", ctype.value, source, report.summary())
        return report


# -- HTTP adapter --------------------------------------------------------------------------

class CircuitBreaker:
    """Opens after ``threshold`` consecutive failures; lets one trial call through after ``reset_s``."""

    def __init__(self, threshold: int = 5, reset_s: float = 30.0, clock=time.monotonic):
        self.threshold = threshold
        self.reset_s = reset_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial = False
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if self._clock() - self._opened_at >= self.reset_s else "open"

    def allow(self) -> bool:
        with self._lock:
            if self._opened_at is None:
                return True
            if self._clock() - self._opened_at < self.reset_s or self._trial:
                return False
            self._trial = True  # one trial call in half-open state
            return True

    def success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial = False

    def failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._trial or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._trial = False


class HttpRegistry:
    """An authority's query endpoint.

    Protocol: ``POST url`` with JSON ``{"type": "CN_…", "number": "…"}`` (the number in
    the body, never in the URL, so it stays out of access logs). Answers: 200 with
    ``{"found": true, "holder_name", "organization", "status", "valid_until"}`` or
    ``{"found": false}``; 404 also means not listed. 5xx, timeouts and connection
    errors are retried (``retries`` more times, sleeping ``backoff_s × 2^attempt``);
    then the lookup fails with :class:`Unavailable` and counts against the breaker.
    """

    def __init__(self, name: str, url: str, types: Iterable[CredentialType] | None = None,
                 timeout_s: float = 2.0, retries: int = 2, backoff_s: float = 0.2,
                 breaker: CircuitBreaker | None = None, headers: dict[str, str] | None = None,
                 sleep=time.sleep):
        self.name = name
        self.url = url
        self.types = frozenset(types) if types is not None else None
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.breaker = breaker or CircuitBreaker()
        self.headers = dict(headers or {})
        self._sleep = sleep

    def lookup(self, ctype: CredentialType, number: str) -> RegistryRecord | None:
        if self.types is not None and ctype not in self.types:
            return None
        if not self.breaker.allow():
            raise Unavailable(f"registry {self.name}: circuit open after repeated failures")
        body = json.dumps({"type": ctype.value, "number": number}).encode()
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff_s * 2 ** (attempt - 1))
            request = urllib.request.Request(self.url, data=body, method="POST",
                                             headers={"Content-Type": "application/json", **self.headers})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_s) as resp:
                    payload = json.loads(resp.read().decode("utf-8"))
                record = self._record(payload)
                self.breaker.success()
                return record
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    self.breaker.success()
                    return None
                last = f"HTTP {exc.code}"
                if exc.code < 500 and exc.code != 429:
                    break  # a client error will not go away by retrying
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                last = type(getattr(exc, "reason", exc)).__name__
            except (ValueError, KeyError, TypeError) as exc:
                last = f"malformed answer ({type(exc).__name__})"
                break
        self.breaker.failure()
        log.warning("registry %s unavailable for %s %s: %s", self.name, ctype.value, mask(number), last)
        raise Unavailable(f"registry {self.name} unavailable: {last}")

    def _record(self, payload: dict) -> RegistryRecord | None:
        if not payload.get("found"):
            return None
        status = str(payload["status"]).lower()
        if status not in STATUSES:
            raise ValueError(f"status {status!r}")
        valid = payload.get("valid_until") or ""
        return RegistryRecord(str(payload["holder_name"]), str(payload.get("organization") or ""), status,
                              dt.date.fromisoformat(valid) if valid else None, self.name)
