"""Wiring: builds the store and the engines from settings, once per process.

Transport-free: the gRPC layer (``service.api``), the CLI and batch jobs all
take an :class:`App` and call its parts.
"""
from __future__ import annotations

import logging
import threading

from service.config import Settings
from service.credentials.verifier import CredentialVerifier
from service.credentials import uscc
from service.image.screener import AvatarScreener
from service.lexicon.admin import LexiconAdmin
from service.lexicon.draft import DraftService, parse_draft_id
from service.text.manager import LexiconManager
from service.review.service import ReviewService
from service.screening import DraftEngineSource, Screener, Shadow
from service.store import open_store
from service.store.draft_repo import drafts_of

log = logging.getLogger("zhenwei.app")


class App:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = open_store(settings.database_url)
        self.lexicons = LexiconManager(settings.lexicon_dir, self.store)
        self.lexicon_admin = LexiconAdmin(self.store, self.lexicons, validate_uscc=uscc.validate)
        self.credentials = CredentialVerifier(self.store, settings)
        self.credentials.registries.extend(self._remote_registries(settings))
        self.avatars = AvatarScreener(self.store, settings)
        self.review = ReviewService(self.store, settings, self.lexicon_admin, self.credentials)
        self.credentials.on_needs_review.append(self.review.open_credential_case)
        self.screener = Screener(self.lexicons, settings, verified_domains=self.credentials.verified_domains,
                                 avatar_screener=self.avatars)
        #: lexicon drafts (staged changes, not served): what-if runs, shadow screening, publishing
        self.drafts = DraftService(drafts_of(self.store), self.lexicon_admin, self.lexicons)
        if settings.shadow_draft:
            self._start_shadow(parse_draft_id(settings.shadow_draft))
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @staticmethod
    def _remote_registries(settings: Settings) -> list:
        """An authority's HTTP query endpoint, consulted after the embedded roster table."""
        if not settings.registry_http_url:
            return []
        from service.credentials.base import CredentialType
        from service.credentials.registries import HttpRegistry
        from service.domain.errors import InvalidArgument

        names = [t.strip() for t in settings.registry_http_types.split(",") if t.strip()]
        unknown = [t for t in names if t not in CredentialType.__members__]
        if unknown:
            raise InvalidArgument(f"ZHENWEI_REGISTRY_HTTP_TYPES: unknown types {unknown}")
        return [HttpRegistry("http", settings.registry_http_url, [CredentialType[t] for t in names] or None,
                             timeout_s=settings.registry_http_timeout_s)]

    def _start_shadow(self, draft_id: int) -> None:
        """ZHENWEI_SHADOW_DRAFT: every profile is screened under the draft too (see Shadow)."""
        source = DraftEngineSource(self.drafts, self.lexicons, draft_id, self.settings.reload_interval_s)
        key = ("shadow:" + (self.settings.secret_key or self.store.db.url)).encode("utf-8")
        self.screener.shadow = Shadow(source, f"draft.{draft_id}", key)
        source.refresh()  # the first build starts now, in the background
        log.warning("shadow screening under lexicon draft %d: differing would-be results are counted and logged",
                    draft_id)

    def begin_shutdown(self) -> None:
        """Ends open event streams; called before the transport's graceful stop."""
        self.credentials.close()
        self.review.close()

    def lexicon_version(self) -> str:
        return self.lexicons.current().version

    def start_background(self) -> None:
        """Starts the poller that hot-reloads lexicon changes made on any replica."""
        t = threading.Thread(target=self._poll, name="reload", daemon=True)
        t.start()
        self._threads.append(t)

    def _poll(self) -> None:
        while not self._stop.wait(self.settings.reload_interval_s):
            try:
                self.lexicons.reload_if_changed()
            except Exception:  # noqa: BLE001 - keep serving the old lexicon
                log.exception("lexicon reload failed; still serving %s", self.lexicon_version())
            try:
                self.avatars.reload_if_changed()
            except Exception:  # noqa: BLE001 - keep serving the old reference index
                log.exception("reference index reload failed; still serving the previous one")
            try:
                if self.review.webhooks is not None:
                    self.review.webhooks.run_once()  # review outcomes to platforms' webhooks
            except Exception:  # noqa: BLE001 - retried on the next round
                log.exception("review webhook delivery failed; retrying on the next round")

    def close(self) -> None:
        self._stop.set()
        self.credentials.close()
        self.review.close()
        for t in self._threads:
            t.join(timeout=5)
        self.store.close()
