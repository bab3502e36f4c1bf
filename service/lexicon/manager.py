"""Hot-reloadable lexicon: build the new engine aside, swap it in atomically.

The bundled files are read once; the store's changes (entries, owners, closed
names) are merged on every rebuild. If a rebuild fails, the old engine keeps
serving and the error is raised to the caller (the poller logs it).
"""
from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

from service.lexicon.loader import load_bundled, merge_store
from service.lexicon.similarity import CharSimilarity
from service.text.engine import Engine
from service.text.normalize import Normalizer

log = logging.getLogger("zhenwei.lexicon")


class LexiconManager:
    def __init__(self, lexicon_dir: str | Path, store):
        self.directory = Path(lexicon_dir)
        self.store = store
        self.similarity = CharSimilarity.load(self.directory / "charsim")
        self.normalizer = Normalizer(self.similarity.variants, self.similarity.confusables)
        self.bundled = load_bundled(self.directory)
        self._build_lock = threading.Lock()
        self._engine = self._build(self.store.lexicon.snapshot())

    def _build(self, snapshot) -> Engine:
        data = merge_store(self.bundled, snapshot)
        return Engine(data, self.similarity, self.normalizer)

    def current(self) -> Engine:
        return self._engine  # a single reference read: atomic under the GIL

    def reload_if_changed(self) -> bool:
        """Rebuilds when the store's lexicon revision moved; returns whether it swapped."""
        if self.store.lexicon.revision() == self._engine.data.revision:
            return False
        return self.reload()

    def reload(self) -> bool:
        with self._build_lock:
            snapshot = self.store.lexicon.snapshot()
            if snapshot.revision == self._engine.data.revision:
                return False
            engine = self._build(snapshot)  # may raise: the old engine stays
            old = self._engine.version
            self._engine = engine
            gc.freeze()  # the new engine's objects are long-lived too (see Server.start)
            log.info("lexicon swapped %s -> %s", old, engine.version)
            return True
