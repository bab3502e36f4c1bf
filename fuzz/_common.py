"""Shared pieces of the atheris harnesses (``fuzz/fuzz_*.py``).

The invariant every harness checks: only the domain's own error classes
(:class:`service.domain.errors.ZhenweiError` and its subclasses — InvalidArgument …)
may escape the code under test. Any other exception (KeyError, IndexError,
TypeError, ValueError, AssertionError, …) propagates out of ``TestOneInput`` and
atheris reports it as a crash, writing the input to ``crash-<sha1>``.

A harness is an ordinary script: ``python fuzz/fuzz_normalize.py [libFuzzer flags]
[corpus dirs]``; ``fuzz/run.py`` runs them with the flags the CI budget and the longer
runs use.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def text_from(data: bytes) -> str:
    """A string from fuzz bytes, three ways so mutations of UTF-8 seeds stay meaningful:

    first byte % 3 == 0: the rest as UTF-8 (invalid sequences dropped — what protobuf lets
    through is valid UTF-8 only); 1: UTF-16-LE (reaches every BMP character, CJK included,
    two bytes each); 2: UTF-32-LE code points modulo 0x110000 with surrogates skipped
    (astral planes: CJK Extension B+, tags, variation selectors).
    """
    if not data:
        return ""
    mode, rest = data[0] % 3, data[1:]
    if mode == 0:
        return rest.decode("utf-8", "ignore")
    if mode == 1:
        return rest[: len(rest) // 2 * 2].decode("utf-16-le", "ignore").encode(
            "utf-8", "ignore").decode("utf-8")  # drops lone surrogates
    out = []
    for i in range(0, len(rest) - 3, 4):
        cp = int.from_bytes(rest[i:i + 4], "little") % 0x110000
        if not 0xD800 <= cp <= 0xDFFF:
            out.append(chr(cp))
    return "".join(out)


def settings():
    """Default settings over a throw-away SQLite file (no server, no network)."""
    from service.config import Settings

    tmp = Path(tempfile.mkdtemp(prefix="zw-fuzz-"))
    return Settings(database_url=f"sqlite:///{tmp / 'fuzz.sqlite3'}", secret_key="fuzz-secret",
                    avatar_ocr=False, avatar_keypoints=False)


class FixedLexicons:
    """Stands in for :class:`service.text.manager.LexiconManager`: one engine, never reloaded."""

    def __init__(self, engine, normalizer, bundled, similarity=None):
        self._engine = engine
        self.similarity = similarity
        self.normalizer = normalizer
        self.bundled = bundled

    def current(self):
        return self._engine

    def reload(self) -> bool:  # pragma: no cover - the harnesses never write lexicon changes
        return False


_LEXICONS = None


def lexicons() -> FixedLexicons:
    """The engine over the bundled lexicon (what ``make serve`` loads), built once per process."""
    global _LEXICONS
    if _LEXICONS is None:
        from service.config import Settings
        from service.lexicon.loader import load_bundled
        from service.lexicon.similarity import CharSimilarity
        from service.text.engine import Engine
        from service.text.normalize import Normalizer

        d = Settings().lexicon_dir
        sim = CharSimilarity.load(f"{d}/charsim")
        normalizer = Normalizer(sim.variants, sim.confusables)
        bundled = load_bundled(d)
        _LEXICONS = FixedLexicons(Engine(bundled, sim, normalizer), normalizer, bundled, sim)
    return _LEXICONS


def write_dictionary(words, name: str) -> str:
    """A libFuzzer ``-dict`` file of tokens (str as UTF-8, or raw bytes)."""
    path = os.path.join(tempfile.gettempdir(), f"zw-fuzz-{name}-{os.getpid()}.dict")
    with open(path, "w", encoding="ascii") as f:
        for w in words:
            b = w if isinstance(w, bytes) else w.encode("utf-8")
            if 0 < len(b) <= 64:
                f.write('"' + "".join(f"\\x{c:02x}" for c in b) + '"\n')
    return path


def main(test_one_input, dictionary=None) -> None:
    """atheris.Setup + Fuzz; adds ``-dict=`` with the harness's tokens unless one was given."""
    import atheris

    argv = list(sys.argv)
    if dictionary is not None and not any(a.startswith("-dict=") for a in argv):
        argv.append("-dict=" + write_dictionary(dictionary(), Path(argv[0]).stem))
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()
