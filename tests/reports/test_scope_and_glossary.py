"""Every screen of figures says which young people it counts and links each figure to its line of the glossary
(the PDFs print those lines at their end); the funder report collapses what counts nobody to one line."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from reflex.reports import indicators
from reflex.typography import french_spacing as fr
from tests.submission_tokens import with_token

pytestmark = pytest.mark.django_db

OUTREACH_SCOPE = fr("Périmètre : tous les jeunes rencontrés en aller-vers, du public cible ou non")


def _glossary_links(page):
    glossary = reverse("reports:glossary")
    return {key for key in indicators.DEFINITIONS if f'href="{glossary}#{key}"' in page}


def test_the_indicators_page_links_every_figure_to_its_definition(coordinator_client, dataset):
    response = coordinator_client.get(reverse("reports:indicators"), {"start": "2026-01-01", "end": "2026-03-31"})
    page = response.content.decode()
    assert fr("Périmètre : jeunes du public cible du programme") in page
    assert OUTREACH_SCOPE in page  # the outreach section counts more widely, and says so
    # Every definition but the stages only met in the funnel's rows (contacted) is linked from the figure it defines.
    assert _glossary_links(page) >= set(indicators.DEFINITIONS) - {"contacted", "outreach_effort", "outreach_yield"}


def test_the_funder_report_collapses_the_outcome_groups_counting_nobody(coordinator_client, dataset):
    response = coordinator_client.get(reverse("reports:indicators"), {"start": "2026-01-01", "end": "2026-03-31"})
    page = response.content.decode()
    exits = response.context["figures"]["exits"]
    empty = [row["label"] for row in exits["rows"] if not row["value"]]
    assert empty and exits["total"]
    table = page.split("<th>Type de sortie</th>")[1].split("</table>")[0]
    assert escape(fr("Aucune sortie sur la période : ") + ", ".join(empty)) in table
    for label in empty:
        assert f"<tr><td>{escape(label)}</td>" not in table


def test_the_outreach_analytics_page_states_its_scope_and_links_the_glossary(professional_client):
    page = professional_client.get(reverse("outreach:analytics")).content.decode()
    assert OUTREACH_SCOPE in page
    assert "les indicateurs ne comptent que la cible" in page
    assert _glossary_links(page) >= {"scope", "outreach_effort", "outreach_yield"}


def test_the_youth_report_states_its_scope_and_defines_its_stage(professional_client, dataset, captured_html):
    y1 = dataset["y1"]
    professional_client.post(reverse("reports:youth_report", args=[y1.pk]), with_token())
    (html,) = captured_html
    assert fr("Périmètre : un jeune du public cible du programme, compté dans les indicateurs") in html
    assert "<dt>Jeunes comptés</dt>" in html and "<dt>Entonnoir</dt>" in html
    assert "<dt>Sorties par type</dt>" in html  # Y1 has an exit


def test_the_outreach_report_states_its_scope(coordinator_client, programme, captured_html):
    coordinator_client.post(
        reverse("reports:generate_outreach"),
        with_token({"outreach-start": "2026-01-01", "outreach-end": "2026-03-31"}),
    )
    (html,) = captured_html
    assert OUTREACH_SCOPE in html


def test_a_later_stage_above_an_earlier_one_in_the_period_says_why(coordinator_client, dataset):
    response = coordinator_client.get(reverse("reports:indicators"), {"start": "2026-01-01", "end": "2026-03-31"})
    rows = {row["key"]: row for row in response.context["figures"]["headline"]}
    page = response.content.decode()
    widened = [
        (later, earlier)
        for earlier, later in zip(indicators.HEADLINE_KEYS, indicators.HEADLINE_KEYS[1:], strict=False)
        if rows[later]["value"] > rows[earlier]["value"]
    ]
    assert ('id="headline-widening"' in page) == bool(widened)
    for later, earlier in widened:
        assert escape(f"{rows[later]['label']} ({rows[later]['value']}) > {rows[earlier]['label']}") in page


def test_the_widening_filter_names_each_later_stage_above_the_one_before():
    from reflex.reports.templatetags.report_rows import widening

    rows = [{"label": "Repérés", "value": 29}, {"label": "Mobilisés", "value": 34}, {"label": "Entrés", "value": 28}]
    assert widening(rows) == "Mobilisés (34) > Repérés (29)"
    assert widening(rows[:1]) == widening([]) == ""
