"""Hot-reloadable lexicon: build the new engine aside, swap it in atomically.

The bundled files are read once; the store's changes (entries, owners, closed
names) are merged on every rebuild. If a rebuild fails, the old engine keeps
serving and the error is raised to the caller (the poller logs it).

Start fails closed: a missing, empty or unreadable lexicon folder or similarity
table raises :class:`LexiconUnavailable` instead of serving an engine that would
allow every name.
"""
from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

from service.domain.errors import FailedPrecondition
from service.lexicon.loader import load_bundled, merge_store
from service.lexicon.similarity import CharSimilarity
from service.lexicon.tsv import read_tsv
from service.text.engine import Engine
from service.text.normalize import Normalizer

log = logging.getLogger("zhenwei.lexicon")

#: Bundled files without which screening would silently allow what it should catch.
REQUIRED_FILES = ("divisions.tsv", "organ_patterns.tsv", "claims.tsv", "words.tsv")
#: Similarity tables (in ``charsim/``) without which lookalikes and homophones go unseen.
REQUIRED_SIMILARITY = ("shape.tsv", "sound.tsv", "confusables.tsv", "variants.tsv")
#: Hand-curated ordinary words that are also place short names (optional; see its header).
COMMON_WORDS_FILE = "common_words.tsv"


class LexiconUnavailable(FailedPrecondition):
    """The bundled lexicon or similarity data is missing, empty or unreadable: refuse to start."""


def _require_files(directory: Path) -> None:
    """Every required file is a non-empty regular file we may read, before anything is parsed."""
    if not directory.is_dir():
        raise LexiconUnavailable(f"lexicon folder {directory} does not exist or is not a folder "
                                 "(set ZHENWEI_LEXICON_DIR); refusing to start without a lexicon")
    entity_files = sorted((directory / "entities").glob("*.tsv")) if (directory / "entities").is_dir() else []
    if not entity_files:
        raise LexiconUnavailable(f"lexicon folder {directory} has no entities/*.tsv; refusing to start")
    wanted = [*entity_files, *(directory / n for n in REQUIRED_FILES),
              *(directory / "charsim" / n for n in REQUIRED_SIMILARITY)]
    for path in wanted:
        if not path.is_file():
            raise LexiconUnavailable(f"lexicon file {path} is missing; refusing to start")
        try:
            rows = _data_lines(path)
        except OSError as exc:
            raise LexiconUnavailable(f"lexicon file {path} cannot be read ({exc.strerror or type(exc).__name__}); "
                                     "refusing to start") from None
        except UnicodeDecodeError:
            raise LexiconUnavailable(f"lexicon file {path} cannot be loaded: not UTF-8 text; "
                                     "refusing to start") from None
        if rows == 0:
            raise LexiconUnavailable(f"lexicon file {path} is empty; refusing to start")
        if rows == 1 and path.parent.name != "entities":  # entity files are counted together, after loading
            raise LexiconUnavailable(f"lexicon file {path} has a header and no rows; refusing to start")


def _data_lines(path: Path) -> int:
    """Non-comment, non-blank lines at the start of a TSV file, counting at most two
    (the header and a first row): enough to tell an empty table, without reading it all."""
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                n += 1
                if n == 2:
                    break
    return n


def _load(what: str, directory: Path, loader):
    """Runs a loader; any failure to read or parse becomes LexiconUnavailable naming it."""
    try:
        return loader()
    except LexiconUnavailable:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        raise LexiconUnavailable(f"{what} in {directory} cannot be loaded: {detail}; refusing to start") from None
    except Exception as exc:  # noqa: BLE001 - InvalidArgument from the loader: bad rows
        raise LexiconUnavailable(f"{what} in {directory} is invalid: {exc}; refusing to start") from None


def load_similarity(directory: str | Path) -> CharSimilarity:
    """The similarity tables of a lexicon folder; fails closed on missing or empty tables."""
    d = Path(directory)
    _require_files(d)
    sim = _load("the similarity tables", d / "charsim", lambda: CharSimilarity.load(d / "charsim"))
    for name, table in (("shape.tsv", sim.shape), ("sound.tsv", sim.readings),
                        ("confusables.tsv", sim.confusables), ("variants.tsv", sim.variants)):
        if not table:
            raise LexiconUnavailable(f"similarity table {d / 'charsim' / name} has no usable rows; "
                                     "refusing to start")
    return sim


def load_common_words(directory: str | Path) -> frozenset[str]:
    path = Path(directory) / COMMON_WORDS_FILE
    if not path.exists():
        return frozenset()
    return _load("common_words.tsv", Path(directory),
                 lambda: frozenset(r["word"] for r in read_tsv(path)[1] if r.get("word")))


def _files_key(directory: Path) -> tuple:
    """What identifies a lexicon folder's content cheaply: every file's path, size and mtime."""
    out = []
    for path in sorted(directory.rglob("*.tsv")):
        st = path.stat()
        out.append((str(path.relative_to(directory)), st.st_size, st.st_mtime_ns))
    return (str(directory.resolve()), tuple(out))


class _Shared:
    """Per-process cache of what a lexicon folder compiles to.

    Several managers in one process (the tests' servers, a CLI command next to a server object)
    read the same folder: the similarity tables, the bundled data and the engine for a store
    without changes are immutable, so they are loaded and built once. One folder version is kept;
    the engine is kept only while no manager has moved past it (see ``LexiconManager.reload``),
    so a long-running server does not hold a stale engine.
    """

    lock = threading.Lock()
    key: tuple | None = None
    parts: tuple | None = None           # (similarity, normalizer, bundled, ordinary words)
    engine: tuple[int, Engine] | None = None  # (store revision, engine) for a store without changes

    @classmethod
    def parts_for(cls, directory: Path) -> tuple:
        key = _files_key(directory)
        with cls.lock:
            if cls.key == key and cls.parts is not None:
                return cls.parts
        similarity = load_similarity(directory)
        normalizer = Normalizer(similarity.variants, similarity.confusables)
        bundled = _load("the lexicon", directory, lambda: load_bundled(directory))
        if not bundled.entities or not bundled.divisions or not bundled.patterns or not bundled.words:
            raise LexiconUnavailable(f"the lexicon in {directory} has no entities, divisions, organ patterns "
                                     "or words; refusing to start")
        parts = (similarity, normalizer, bundled, bundled.words | load_common_words(directory))
        with cls.lock:
            cls.key, cls.parts, cls.engine = key, parts, None
        return parts


def _unchanged(snapshot) -> bool:
    return not (snapshot.entities or snapshot.retired or snapshot.owners or snapshot.closed)


class LexiconManager:
    def __init__(self, lexicon_dir: str | Path, store):
        self.directory = Path(lexicon_dir)
        self.store = store
        _require_files(self.directory)  # fail closed before anything is taken from the cache
        self.similarity, self.normalizer, self.bundled, words = _Shared.parts_for(self.directory)
        #: Ordinary words an operator may not add as a closed name or an alias (see LexiconAdmin).
        self.ordinary_words = words
        self._build_lock = threading.Lock()
        self._engine = self._build(self.store.lexicon.snapshot())

    def _build(self, snapshot) -> Engine:
        plain = _unchanged(snapshot)
        if plain:
            with _Shared.lock:
                cached = _Shared.engine if _Shared.parts is not None and _Shared.parts[2] is self.bundled else None
            if cached is not None and cached[0] == snapshot.revision:
                return cached[1]
        data = merge_store(self.bundled, snapshot)
        engine = Engine(data, self.similarity, self.normalizer)
        if plain:
            with _Shared.lock:
                if _Shared.parts is not None and _Shared.parts[2] is self.bundled:
                    _Shared.engine = (snapshot.revision, engine)
        return engine

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
            with _Shared.lock:  # this process has moved on: do not keep the old engine alive
                if _Shared.engine is not None and _Shared.engine[1] is self._engine and engine is not self._engine:
                    _Shared.engine = None
            self._engine = engine
            gc.freeze()  # the new engine's objects are long-lived too (see Server.start)
            log.info("lexicon swapped %s -> %s", old, engine.version)
            return True
