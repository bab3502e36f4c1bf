"""Structured logs: one JSON object a line on stderr, for every line the server writes.

Every record carries ``ts`` (UTC, ISO 8601), ``level``, ``logger``, ``msg``, ``pid`` and, while
an RPC is being handled, its ``request_id``, the caller (``caller``: the token's name,
``caller_id``: its id, never the token) and the ``rpc``. The access log (logger
``zhenwei.access``, one line per RPC) adds ``status`` and ``duration_ms``.

No personal data: the code never logs holder names or numbers in clear, and as a safety net
every message and traceback is scrubbed here of bearer tokens (``zw_…``), long digit runs
(ID, certificate and licence numbers: ``1370**********4801``) and unified social credit codes.
The one deliberate exception is the first-start admin token, shown once
(:class:`SecretOnceStream`).
"""
from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os
import re
import sys
import threading

#: The request being handled by this thread / task (set by the API interceptor).
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("zhenwei_request_id", default=None)
caller: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("zhenwei_caller", default=None)
rpc: contextvars.ContextVar[str | None] = contextvars.ContextVar("zhenwei_rpc", default=None)

#: Set once per process (worker index); added to every line when set.
_process_fields: dict[str, object] = {}

_TOKEN = re.compile(r"zw_[A-Za-z0-9_\-]{8,}")
_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{10,}[\dXx](?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NP-RTUWY]{2}\d{6})[0-9A-HJ-NP-RTUWXY]{10}(?![0-9A-Z])")

#: Attributes every LogRecord has; anything else given through ``extra=`` becomes a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def _mask_digits(m: re.Match) -> str:
    run = m.group(0)
    keep = 4 if len(run) >= 14 else 3
    return run[:keep] + "*" * (len(run) - keep - 4) + run[-4:]


def redact(text: str) -> str:
    """Masks tokens, long digit runs (ID and certificate numbers) and credit codes in ``text``."""
    if not text:
        return text
    text = _TOKEN.sub("zw_[redacted]", text)
    text = _DIGITS.sub(_mask_digits, text)
    return _USCC.sub(lambda m: m.group(1)[:2] + "*" * 12 + m.group(0)[-4:], text)


def set_process_fields(**fields) -> None:
    _process_fields.update(fields)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": redact(record.getMessage()),
            "pid": record.process,
        }
        out.update(_process_fields)
        rid = request_id.get()
        if rid:
            out["request_id"] = rid
        who = caller.get()
        if who:
            out["caller"], out["caller_id"] = who
        method = rpc.get()
        if method:
            out["rpc"] = method
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            out["exc"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            out["exc"] = redact(record.exc_text)
        if record.stack_info:
            out["stack"] = redact(self.formatStack(record.stack_info))
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The human format (``ZHENWEI_LOG_FORMAT=text``), scrubbed the same way."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = redact(super().format(record))
        rid = request_id.get()
        return f"{line} [request {rid}]" if rid else line


class SecretOnceStream:
    """A stream for the one line that must show a secret (the first admin token): written as
    one JSON object (``"secret_shown_once": true``) without scrubbing, or as plain text."""

    def __init__(self, fmt: str = "json", stream=None):
        self.fmt = fmt
        self.stream = stream or sys.stderr
        self._buf: list[str] = []

    def write(self, text: str) -> int:
        self._buf.append(text)
        return len(text)

    def flush(self) -> None:
        text = "".join(self._buf).strip()
        self._buf.clear()
        if not text:
            return
        if self.fmt == "json":
            # the secret stays a whitespace-separated word of the line, as in the text format
            text += " (printed once; never logged again)"
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            text = json.dumps({"ts": now, "level": "WARNING", "logger": "zhenwei.bootstrap", "msg": text,
                               "pid": os.getpid(), "secret_shown_once": True, **_process_fields},
                              ensure_ascii=False)
        self.stream.write(text + "\n")
        self.stream.flush()


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test captures replace it)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def setup_logging(level: str = "INFO", fmt: str = "json", stream=None) -> None:
    """Routes every log record (and warnings, and uncaught exceptions) to one handler on stderr."""
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.captureWarnings(True)
    logging.getLogger("faiss").setLevel(max(root.level, logging.WARNING))  # its loader narrates at INFO
    crash = logging.getLogger("zhenwei.crash")

    def excepthook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            return sys.__excepthook__(exc_type, exc, tb)
        crash.critical("uncaught exception", exc_info=(exc_type, exc, tb))

    def thread_excepthook(args):
        if args.exc_type is SystemExit:
            return
        crash.critical("uncaught exception in thread %s", getattr(args.thread, "name", "?"),
                       exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
