import pytest

from service.lexicon.loader import load_bundled
from service.lexicon.similarity import CharSimilarity
from service.text.engine import Engine

import lexfixture


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory):
    return lexfixture.write(tmp_path_factory.mktemp("lexicon"))


@pytest.fixture(scope="session")
def similarity(fixture_dir):
    return CharSimilarity.load(fixture_dir / "charsim")


@pytest.fixture(scope="session")
def engine(fixture_dir, similarity):
    return Engine(load_bundled(fixture_dir), similarity)


@pytest.fixture(scope="session")
def bundled_engine():
    """The engine over the bundled national lexicons (what `make serve` loads)."""
    from service.config import Settings

    d = Settings().lexicon_dir
    sim = CharSimilarity.load(f"{d}/charsim")
    return Engine(load_bundled(d), sim)
