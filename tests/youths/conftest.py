import pytest

from youths import funnel


@pytest.fixture
def only_these_facts(monkeypatch):
    """Replace the registered funnel providers (other apps') with the test's own, for the duration of a test, and
    store the facts they give the young people recorded so far."""

    def install(**factories):
        for name in funnel.FACT_NAMES:
            monkeypatch.setitem(funnel._providers, name, list(factories.get(name, [])))
        funnel.refresh()

    return install
