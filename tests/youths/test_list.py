import datetime

import pytest
from django.utils import timezone

from partners.models import Neighbourhood
from tests.partners.factories import NeighbourhoodFactory, OrganisationFactory, UserFactory
from tests.youths.factories import YouthFactory
from youths.models import Youth

pytestmark = pytest.mark.django_db


def listed(response):
    return [youth.pk for youth in response.context["page"].object_list]


def test_the_list_is_in_french_and_counts(coordinator_client, programme):
    YouthFactory.create_batch(3)
    YouthFactory(identified=True)
    response = coordinator_client.get("/jeunes/")
    content = response.content.decode()
    assert "4 jeunes" in content
    assert "Repéré" in content and "Nouvelle fiche" in content and "Exporter en CSV" in content


def test_merged_records_are_hidden(coordinator_client, programme):
    kept = YouthFactory()
    YouthFactory(merged_into=kept)
    assert listed(coordinator_client.get("/jeunes/")) == [kept.pk]


def test_search_by_name_nickname_and_phone_through_the_keys(coordinator_client, programme):
    elodie = YouthFactory(first_name="Élodie", last_name="MARTIN")
    zizou = YouthFactory(first_name="", last_name="", nickname="Zizou", birth_date=None)
    phone = YouthFactory(first_name="Moussa", phone="06 12 34 56 78")
    assert listed(coordinator_client.get("/jeunes/", {"q": "martin elo"})) == [elodie.pk]
    assert listed(coordinator_client.get("/jeunes/", {"q": "ZIZ"})) == [zizou.pk]
    assert listed(coordinator_client.get("/jeunes/", {"q": "+33 6 12 34"})) == [phone.pk]
    assert listed(coordinator_client.get("/jeunes/", {"q": "0612345678"})) == [phone.pk]


def test_filters(coordinator_client, programme, professional, outsider):
    today = timezone.localdate()
    place = NeighbourhoodFactory(town="Villefontaine")
    teen = YouthFactory(birth_date=datetime.date(2009, 1, 1), neighbourhood=place, sex="F")  # 17 at first contact
    adult = YouthFactory(birth_date=datetime.date(2000, 1, 1), referent=professional, qualification_level="4")
    late = YouthFactory(
        birth_year=1996, birth_date=None, out_of_target_confirmed=True, created_by_organisation=outsider.organisation
    )
    recent = YouthFactory(first_contact_on=today, birth_date=datetime.date(2004, 1, 1))
    identified = YouthFactory(identified=True, birth_date=datetime.date(2004, 1, 1), town="Villefontaine")

    def get(**params):
        return sorted(listed(coordinator_client.get("/jeunes/", params)))

    assert get(age_band="16-17") == [teen.pk]
    assert get(age_band="26-29") == [adult.pk]
    assert get(age_band="18-25") == sorted([recent.pk, identified.pk])
    assert get(neighbourhood=place.pk) == [teen.pk]
    assert teen.pk not in get(neighbourhood="null") and adult.pk in get(neighbourhood="null")
    assert get(town="Villefontaine") == sorted([teen.pk, identified.pk])
    assert get(referent=professional.pk) == [adult.pk]
    assert adult.pk not in get(referent="null")
    assert get(organisation=professional.organisation.pk) == [adult.pk]
    assert get(organisation=outsider.organisation.pk) == [late.pk]
    assert get(sex="F") == [teen.pk]
    assert get(qualification_level="4") == [adult.pk]
    assert get(out_of_target="true") == [late.pk]
    assert get(stage="identified") == [identified.pk]
    assert recent.pk not in get(no_contact_days=30) and teen.pk in get(no_contact_days=30)
    assert listed(coordinator_client.get("/jeunes/", {"sort": "-first_contact"}))[0] == recent.pk


def test_bad_filter_values_do_not_break_the_page(coordinator_client, programme):
    YouthFactory()
    for params in [
        {"age_band": "99"},
        {"neighbourhood": "abc"},
        {"no_contact_days": "-4"},
        {"page": "x"},
        {"sort": "pk"},
    ]:
        assert coordinator_client.get("/jeunes/", params).status_code == 200, params


def _make(count):
    neighbourhoods = list(Neighbourhood.objects.all()) or NeighbourhoodFactory.create_batch(3)
    organisation = OrganisationFactory()
    referents = UserFactory.create_batch(3, organisation=organisation)
    for index in range(count):
        YouthFactory(
            neighbourhood=neighbourhoods[index % len(neighbourhoods)],
            referent=referents[index % 3],
            created_by_organisation=organisation,
            identified=index % 2 == 0,
        )


def test_the_list_runs_a_fixed_number_of_queries(coordinator_client, programme, django_assert_max_num_queries):
    _make(5)
    coordinator_client.get("/jeunes/")  # warm the session and the caches
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # a full query log (earlier tests) would capture nothing
    with CaptureQueriesContext(connection) as captured:
        coordinator_client.get("/jeunes/", {"stage": "", "q": ""})
    few = len(captured)  # now: the next request empties the log it reads
    _make(200)
    coordinator_client.get("/jeunes/")  # new staff accounts: the referent options are read again, once
    with django_assert_max_num_queries(few):
        response = coordinator_client.get("/jeunes/", {"stage": "", "q": ""})
    assert response.context["page"].paginator.count == 205
    with django_assert_max_num_queries(few):
        coordinator_client.get("/jeunes/", {"sort": "-last_contact", "page": "3"})


def test_the_search_fragment_for_the_picker(professional_client, programme, professional, colleague):
    mine = YouthFactory(first_name="Élodie", last_name="Martin", referent=professional)
    hidden = YouthFactory(first_name="Élodie", last_name="Martineau", referent=colleague)
    response = professional_client.get("/jeunes/recherche/", {"q": "elodie mar"})
    content = response.content.decode()
    assert f'data-youth-pick="{mine.pk}"' in content
    assert 'data-youth-label="Élodie Martin"' in content
    assert 'class="list-group-item list-group-item-action"' in content
    assert f'data-youth-pick="{hidden.pk}"' not in content
    assert "Aucun jeune trouvé." in professional_client.get("/jeunes/recherche/", {"q": "zzz"}).content.decode()
    assert professional_client.get("/jeunes/recherche/", {"q": "e"}).content.strip() == b""


def test_search_text_is_redacted_from_request_logs():
    import logging

    from youths.logging import RedactSearchText

    record = logging.LogRecord(
        "django.server", 20, "", 0, '"%s" %s %s', ("GET /jeunes/?q=Martin&page=2 HTTP/1.1", "200", "5"), None
    )
    RedactSearchText().filter(record)
    assert "Martin" not in record.getMessage() and "page=2" in record.getMessage()
    assert any(isinstance(f, RedactSearchText) for f in logging.getLogger("django.server").filters)


def test_records_count_at_every_stage_in_statistics(programme):
    YouthFactory(refused_consent=True, first_name="", last_name="", nickname="Yaya", birth_date=None, birth_year=2005)
    assert Youth.objects.current().with_stage().count() == 1


def test_sorting_by_name_is_by_last_name_then_first_name(coordinator_client, programme):
    b = YouthFactory(first_name="Adam", last_name="Bernard")
    a2 = YouthFactory(first_name="Zoé", last_name="Amrani")
    a1 = YouthFactory(first_name="Inès", last_name="Amrani")
    assert listed(coordinator_client.get("/jeunes/", {"sort": "name"})) == [a1.pk, a2.pk, b.pk]
    assert listed(coordinator_client.get("/jeunes/", {"sort": "-name"})) == [b.pk, a2.pk, a1.pk]


def stage_counts(response):
    return {value: count for value, _label, count in response.context["stages"]}


def test_stage_counts_hold_only_what_the_user_may_see(client, programme, professional, colleague):
    """Without filters the counts come from the stored funnel: they must follow the same visibility rule."""
    YouthFactory(referent=professional, identified=True)
    YouthFactory()  # no referent yet: visible to every professional
    YouthFactory(referent=colleague, shared=True)
    YouthFactory(referent=colleague)  # the colleague's, not shared: hidden
    YouthFactory(merged_into=YouthFactory(referent=colleague))  # merged: never counted
    client.force_login(professional)

    response = client.get("/jeunes/")
    assert stage_counts(response)["contacted"] == 2 and stage_counts(response)["identified"] == 1
    assert response.context["page"].paginator.count == 3 == len(listed(response))

    only_identified = client.get("/jeunes/", {"stage": "identified", "sort": "name"})
    assert stage_counts(only_identified) == {**dict.fromkeys(stage_counts(response), 0), "identified": 1}

    referent_made_visible = YouthFactory(referent=colleague)
    referent_made_visible.referent = professional
    referent_made_visible.save()
    assert client.get("/jeunes/").context["page"].paginator.count == 4


def test_stage_counts_follow_the_filters_on_the_records(coordinator_client, programme):
    YouthFactory(first_name="Inès", identified=True)
    YouthFactory(first_name="Inès")
    YouthFactory(first_name="Yanis")
    response = coordinator_client.get("/jeunes/", {"q": "ines"})
    assert stage_counts(response)["identified"] == 1 and stage_counts(response)["contacted"] == 1
    assert response.context["page"].paginator.count == 2
    assert stage_counts(coordinator_client.get("/jeunes/", {"q": "ines", "stage": "contacted"}))["contacted"] == 1
    unfiltered = stage_counts(coordinator_client.get("/jeunes/"))
    assert unfiltered["contacted"] == 2 and unfiltered["identified"] == 1
    assert stage_counts(coordinator_client.get("/jeunes/", {"no_contact_days": "abc"})) == unfiltered


def test_the_filter_form_offers_the_neighbourhoods_and_partners_by_name(coordinator_client, programme, organisation):
    place = NeighbourhoodFactory(name="Champfleuri")
    page = coordinator_client.get("/jeunes/", {"neighbourhood": place.pk}).content.decode()
    assert f'<option value="{place.pk}" selected>{place}</option>' in page
    assert f'<option value="{organisation.pk}">{organisation}</option>' in page
    assert '<option value="null">Hors des quartiers</option>' in page


def test_the_referent_filter_lists_staff_as_they_are_now(coordinator_client, programme, organisation):
    coordinator_client.get("/jeunes/")  # the options are now cached
    newcomer = UserFactory(organisation=organisation, role="professional", first_name="Nadia", last_name="Newcomer")
    assert "Nadia Newcomer" in coordinator_client.get("/jeunes/").content.decode()
    newcomer.last_name = "Renamed"
    newcomer.save()
    content = coordinator_client.get("/jeunes/").content.decode()
    assert "Nadia Renamed" in content and "Nadia Newcomer" not in content


def test_a_filtered_list_pages_in_order_and_counts_every_match(coordinator_client, programme):
    first_day = datetime.date(2026, 1, 1)
    matches = [
        YouthFactory(first_name="Inès", first_contact_on=first_day + datetime.timedelta(days=n), identified=n < 4)
        for n in range(30)
    ]
    YouthFactory(first_name="Yanis")
    first_page = coordinator_client.get("/jeunes/", {"q": "ines"})
    assert listed(first_page) == [youth.pk for youth in reversed(matches)][:25]  # latest first contact first
    assert first_page.context["page"].paginator.count == 30
    assert stage_counts(first_page)["identified"] == 4 and stage_counts(first_page)["contacted"] == 26
    second_page = coordinator_client.get("/jeunes/", {"q": "ines", "page": "2"})
    assert listed(second_page) == [youth.pk for youth in reversed(matches[:5])]
    by_name = coordinator_client.get("/jeunes/", {"q": "ines", "sort": "-first_contact", "page": "2"})
    assert listed(by_name) == listed(second_page)


def test_the_search_and_age_band_follow_changes_to_the_record(coordinator_client, programme):
    youth = YouthFactory(first_name="Inès", birth_date=datetime.date(2000, 1, 1))  # 26 at first contact
    assert listed(coordinator_client.get("/jeunes/", {"q": "ines"})) == [youth.pk]
    assert listed(coordinator_client.get("/jeunes/", {"age_band": "26-29"})) == [youth.pk]
    youth.first_name = "Anaïs"
    youth.birth_date = datetime.date(2006, 1, 1)
    youth.save()
    assert listed(coordinator_client.get("/jeunes/", {"q": "ines"})) == []
    assert listed(coordinator_client.get("/jeunes/", {"q": "anais"})) == [youth.pk]
    response = coordinator_client.get("/jeunes/", {"age_band": "18-25"})
    assert listed(response) == [youth.pk] and stage_counts(response)["contacted"] == 1
    assert stage_counts(coordinator_client.get("/jeunes/", {"age_band": "26-29"}))["contacted"] == 0


def test_the_search_uses_trigram_indexes_where_the_server_offers_pg_trgm_and_reads_every_row_elsewhere(db):
    """Migration youths/0008 creates the indexes where pg_trgm is available (the machine's PostgreSQL), not on the
    embedded server: CI runs the suite on both, so each branch below is taken by one of its runs."""
    from django.db import connection

    YouthFactory(first_name="Maëlle", last_name="Martin")
    with connection.cursor() as cursor:
        cursor.execute("SELECT FROM pg_available_extensions WHERE name = 'pg_trgm'")
        offers_trigrams = cursor.fetchone() is not None
        sql, params = Youth.objects.search("ma").values_list("pk").query.sql_with_params()
        # The test's tables are too small to need an index: leave the planner nothing but bitmap scans.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'youths_funnelfacts_%%_trgm'")
        (trigram_indexes,) = cursor.fetchone()
    assert Youth.objects.search("ma").count() == 1
    if offers_trigrams:
        for index in ("name_key", "nickname_key", "email_key"):
            assert f"youths_funnelfacts_{index}_trgm" in plan, plan
    else:
        assert trigram_indexes == 0 and "_trgm" not in plan


def test_the_referent_filter_lists_the_staff_marks_the_choice_and_follows_account_changes(
    coordinator_client, programme, professional, colleague
):
    def referent_select(**query):
        page = coordinator_client.get("/jeunes/", query).content.decode()
        return page[
            page.index('<select name="referent"') : page.index("</select>", page.index('<select name="referent"'))
        ]

    select = referent_select()
    leading = '<option value="" selected>Indifférent</option><option value="null">Pas encore de référent</option>'
    assert leading in select
    assert f'<option value="{professional.pk}">{professional.get_full_name()}</option>' in select
    chosen = referent_select(referent=professional.pk)
    assert f'<option value="{professional.pk}" selected>' in chosen
    assert f'<option value="{colleague.pk}">' in chosen
    assert '<option value="null" selected>' in referent_select(referent="null")

    colleague.first_name, colleague.last_name = "Zoé", "<Renommée>"
    colleague.save()
    assert "Zoé &lt;Renommée&gt;</option>" in referent_select()  # escaped, and the cached options cleared
    colleague.is_active = False
    colleague.save()
    assert f'<option value="{colleague.pk}">' not in referent_select()
