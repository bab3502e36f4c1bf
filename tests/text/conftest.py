import pytest

from service.lexicon.loader import load_bundled
from service.lexicon.similarity import CharSimilarity
from service.text.engine import Engine

import lexfixture
from service import policy


class Assessed:
    """The text detector followed by the policy, as the data plane runs them: tests here
    check severities, which the policy alone sets (``service.policy.FINDING_RULES``)."""

    def __init__(self, engine: Engine):
        self.detector = engine

    def screen_text(self, field, text, deadline=None):
        return list(policy.assess(self.detector.screen_text(field, text, deadline)))

    def screen_field(self, field, text, deadline=None):
        found, claims = self.detector.screen_field(field, text, deadline)
        return list(policy.assess(found)), claims

    def __getattr__(self, name):
        return getattr(self.detector, name)


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory):
    return lexfixture.write(tmp_path_factory.mktemp("lexicon"))


@pytest.fixture(scope="session")
def similarity(fixture_dir):
    return CharSimilarity.load(fixture_dir / "charsim")


@pytest.fixture(scope="session")
def engine(fixture_dir, similarity):
    return Assessed(Engine(load_bundled(fixture_dir), similarity))


@pytest.fixture(scope="session")
def bundled_engine():
    """The engine over the bundled national lexicons (what `make serve` loads)."""
    from service.config import Settings

    d = Settings().lexicon_dir
    sim = CharSimilarity.load(f"{d}/charsim")
    return Assessed(Engine(load_bundled(d), sim))
