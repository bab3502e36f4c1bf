"""A real ``zhenwei serve`` in a subprocess, with its stderr captured line by line."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class ServerProcess:
    def __init__(self, env_overrides: dict[str, str], ready_pattern: str):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWEI_", "PROMETHEUS_"))}
        env.update(env_overrides)
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=ROOT, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                     start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        line = self.wait_for(ready_pattern, timeout=90)
        self.port = int(re.search(r"serving on [^ ]+:(\d+)", line).group(1))
        self.address = f"127.0.0.1:{self.port}"

    def _read(self):
        for line in self.proc.stderr:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()

    def wait_for(self, pattern: str, timeout: float = 30) -> str:
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for line in self.lines[seen:]:
                    if rx.search(line):
                        return line
                seen = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(f"no line matching {pattern!r}; got:\n" + "\n".join(self.lines[-30:]))
                self._cond.wait(min(left, 0.5))

    def records(self) -> list[dict]:
        with self._cond:
            return [json.loads(line) for line in self.lines]

    def terminate(self, timeout: float = 60) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


def base_env(tmp_path, **extra) -> dict[str, str]:
    env = {"ZHENWEI_LISTEN_ADDR": "127.0.0.1:0",
           "ZHENWEI_DATABASE_URL": f"sqlite:///{tmp_path / 'z.sqlite3'}",
           "ZHENWEI_SECRET_KEY": "ops-test-secret", "ZHENWEI_GRACE_PERIOD_S": "2",
           "ZHENWEI_RELOAD_INTERVAL_S": "0.5", "ZHENWEI_AVATAR_OCR": "0",
           "ZHENWEI_BOOTSTRAP_ADMIN_TOKEN": "0"}
    env.update(extra)
    return env
