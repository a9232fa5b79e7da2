import pytest

from youths import funnel


@pytest.fixture
def only_these_facts(monkeypatch):
    """Replace the registered funnel providers (other apps') with the test's own, for the duration of a test."""

    def install(**factories):
        for name in funnel.FACT_NAMES:
            monkeypatch.setitem(funnel._providers, name, list(factories.get(name, [])))

    return install
