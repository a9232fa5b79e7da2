import datetime

import pytest
from django.db import models
from django.db.models import Value

from tests.youths.factories import YouthFactory
from youths import timeline
from youths.enums import Institution
from youths.models import InstitutionKnowledge

pytestmark = pytest.mark.django_db


def test_the_detail_shows_identity_situation_consent_funnel_and_timeline(
    professional_client, professional, programme, monkeypatch, only_these_facts
):
    youth = YouthFactory(identified=True, referent=professional, qualification_level="3", shared=True)
    InstitutionKnowledge.objects.create(youth=youth, institution=Institution.CAF, since=datetime.date(2024, 1, 1))
    only_these_facts(mobilised_on=[lambda: Value(datetime.date(2026, 4, 1), output_field=models.DateField())])
    seen_by = []

    def later_app(record, user, limit=None):
        seen_by.append(user)
        return [timeline.TimelineEntry(on=datetime.date(2026, 4, 1), kind="contact", title="Second contact (test)")]

    monkeypatch.setattr(timeline, "_providers", [*timeline._providers, later_app])
    content = professional_client.get(f"/jeunes/{youth.pk}/").content.decode()
    for text in [
        "Identité",
        "06 12 34 56 78",
        "Niveau 3 (CAP, BEP)",
        "CAF",
        "depuis le 01/01/2024",
        "remise le 09/03/2026",
        "accepté",
        "Mobilisé",
        "01/04/2026",
        "Second contact (test)",
        "Premier contact",
        "Notice d&#x27;information remise",
    ]:
        assert text in content, text
    assert seen_by == [professional]
    # Later entries come first.
    assert content.index("Second contact (test)") < content.index("Notice d&#x27;information remise")


def test_refused_and_out_of_target_records_say_so(coordinator_client, programme):
    refused = YouthFactory(refused_consent=True, first_name="", last_name="", nickname="Yaya", birth_date=None)
    late = YouthFactory(out_of_target_confirmed=True)
    assert "seule une fiche pseudonyme demeure" in coordinator_client.get(f"/jeunes/{refused.pk}/").content.decode()
    assert "Hors cible" in coordinator_client.get(f"/jeunes/{late.pk}/").content.decode()


def test_the_record_page_leads_to_the_progress_report(coordinator_client, programme):
    from django.urls import reverse

    from tests.youths.factories import YouthFactory

    youth = YouthFactory()
    content = coordinator_client.get(reverse("youths:detail", args=[youth.pk])).content.decode()
    assert reverse("reports:youth_report", args=[youth.pk]) in content
    assert "Rapport de parcours (PDF)" in content


def test_the_timeline_shows_the_latest_entries_and_the_whole_history_on_request(professional_client, professional):
    from tests.accompaniment.factories import FollowUpFactory

    youth = YouthFactory(referent=professional, first_contact_on=datetime.date(2025, 1, 6))
    start = datetime.date(2025, 2, 3)
    for week in range(40):
        FollowUpFactory(youth=youth, author=professional, happened_on=start + datetime.timedelta(weeks=week))
    url = f"/jeunes/{youth.pk}/"

    response = professional_client.get(url)
    entries = response.context["entries"]
    assert len(entries) == 30 and entries[0].on == start + datetime.timedelta(weeks=39)
    assert "?timeline=all" in response.content.decode()

    everything = professional_client.get(url, {"timeline": "all"}).context
    assert len(everything["entries"]) == 41  # 40 follow-ups and the first contact
    assert everything["entries"][-1].kind == "first_contact" and not everything["more_entries"]
