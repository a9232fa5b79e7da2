"""The reports pages as each role sees them: landing page, live indicators, glossary."""

import pytest
from django.urls import reverse

from reflex.reports import indicators


def test_the_coordinator_lands_on_both_generation_forms(coordinator_client, programme):
    page = coordinator_client.get(reverse("reports:index")).content.decode()
    assert "Générer le rapport au financeur" in page
    assert "Générer le rapport d&#x27;aller-vers" in page or "Générer le rapport d'aller-vers" in page
    assert 'value="2025-09-01"' in page  # the period starts with the programme by default (ISO for date inputs)


def test_a_professional_generates_outreach_reports_but_not_funder_reports(professional_client, programme):
    page = professional_client.get(reverse("reports:index")).content.decode()
    assert "Générer le rapport au financeur" not in page
    assert reverse("reports:generate_outreach") in page


def test_the_funder_lands_on_the_published_reports(funder_client, programme):
    response = funder_client.get(reverse("reports:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aucun rapport n&#x27;a encore été publié." in page or "Aucun rapport n'a encore été publié." in page
    assert reverse("reports:indicators") not in page
    assert reverse("reports:generate_funder") not in page


def test_the_glossary_lists_every_definition(funder_client):
    page = funder_client.get(reverse("reports:glossary")).content.decode()
    for definition in indicators.glossary():
        assert f'id="{definition.key}"' in page
    assert "Sortie en emploi durable" in page
    assert "Une sortie en CDI, en CDD ou intérim de 6 mois ou plus" in page


def test_the_indicators_page_shows_the_figures_of_the_period(coordinator_client, dataset):
    response = coordinator_client.get(reverse("reports:indicators"), {"start": "2026-01-01", "end": "2026-03-31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Indicateurs clés" in page
    assert "<svg" in page
    assert response.context["figures"]["headline"][0]["value"] == 3


def test_the_indicators_page_refuses_a_bad_period_in_french(coordinator_client, programme):
    response = coordinator_client.get(reverse("reports:indicators"), {"start": "2026-03-31", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "La fin de la période ne peut pas précéder son début." in response.content.decode()
    assert response.context["figures"] is None


@pytest.mark.parametrize("extra_youths", [0, 30])
def test_the_indicators_page_runs_a_fixed_number_of_queries(
    coordinator_client, dataset, django_assert_max_num_queries, extra_youths
):
    from tests.youths.factories import YouthFactory

    YouthFactory.create_batch(extra_youths, identified=True)
    with django_assert_max_num_queries(32):
        response = coordinator_client.get(reverse("reports:indicators"), {"start": "2026-01-01", "end": "2026-03-31"})
    assert response.status_code == 200
