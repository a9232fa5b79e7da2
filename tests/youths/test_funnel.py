import datetime

import pytest
from django.db import models
from django.db.models import Case, OuterRef, Value, When

from tests.youths.factories import YouthFactory
from youths.enums import Stage
from youths.models import Youth

D = datetime.date


def dated(day, youth=None):
    """A provider that returns `day` for one youth (or all), as later apps' correlated subqueries do."""
    if youth is None:
        return lambda: Value(day, output_field=models.DateField())
    return lambda: Case(When(pk=youth.pk, then=Value(day)), default=None, output_field=models.DateField())


def stage_of(youth):
    row = Youth.objects.with_stage().get(pk=youth.pk)
    return row.stage, row.stage_on


@pytest.mark.django_db
def test_contacted_then_identified_needs_notice_name_and_a_way_to_reach(only_these_facts):
    only_these_facts()
    no_way_to_reach = YouthFactory(information_notice_given_on=D(2026, 3, 5))
    no_notice = YouthFactory(phone="0612345678")
    identified = YouthFactory(identified=True)
    by_social_handle = YouthFactory(
        first_name="", nickname="Zizou", social_handle="@zizou", information_notice_given_on=D(2026, 3, 1)
    )
    assert stage_of(no_way_to_reach) == (Stage.CONTACTED, D(2026, 3, 2))
    assert stage_of(no_notice)[0] == Stage.CONTACTED
    assert stage_of(identified) == (Stage.IDENTIFIED, D(2026, 3, 9))
    # The notice given before the (recorded) first contact: identified on the first contact.
    assert stage_of(by_social_handle) == (Stage.IDENTIFIED, D(2026, 3, 2))


@pytest.mark.django_db
def test_each_later_stage_comes_from_registered_facts(only_these_facts):
    mobilised, in_pathway, exited = (YouthFactory(identified=True) for _ in range(3))
    only_these_facts(
        mobilised_on=[dated(D(2026, 4, 1), mobilised), dated(D(2026, 4, 2), in_pathway), dated(D(2026, 4, 3), exited)],
        pathway_started_on=[dated(D(2026, 5, 1), in_pathway), dated(D(2026, 5, 2), exited)],
        exited_on=[dated(D(2026, 9, 1), exited)],
    )
    assert stage_of(mobilised) == (Stage.MOBILISED, D(2026, 4, 1))
    assert stage_of(in_pathway) == (Stage.IN_PATHWAY, D(2026, 5, 1))
    assert stage_of(exited) == (Stage.EXITED, D(2026, 9, 1))
    row = Youth.objects.with_stage().get(pk=exited.pk)
    assert (row.identified_on, row.mobilised_on, row.pathway_started_on) == (
        D(2026, 3, 9),
        D(2026, 4, 3),
        D(2026, 5, 2),
    )


@pytest.mark.django_db
def test_several_providers_combine_earliest_for_mobilised_latest_for_last_contact(only_these_facts):
    youth = YouthFactory(identified=True)
    only_these_facts(
        mobilised_on=[dated(D(2026, 4, 10)), dated(None), dated(D(2026, 4, 2))],
        last_contact_on=[dated(D(2026, 6, 1)), dated(None), dated(D(2026, 7, 14))],
    )
    row = Youth.objects.with_stage().get(pk=youth.pk)
    assert row.mobilised_on == D(2026, 4, 2)
    assert row.last_contact_on == D(2026, 7, 14)


@pytest.mark.django_db
def test_last_contact_defaults_to_the_first_contact(only_these_facts):
    only_these_facts()
    youth = YouthFactory()
    assert Youth.objects.with_stage().get(pk=youth.pk).last_contact_on == D(2026, 3, 2)


@pytest.mark.django_db
def test_lost_contact_at_any_stage_until_a_later_contact(only_these_facts):
    lost = YouthFactory(identified=True, lost_contact_on=D(2026, 6, 1))
    found_again = YouthFactory(identified=True, lost_contact_on=D(2026, 6, 1))
    only_these_facts(
        mobilised_on=[dated(D(2026, 4, 1))],
        last_contact_on=[dated(D(2026, 7, 1), found_again)],
    )
    assert stage_of(lost) == (Stage.LOST, D(2026, 6, 1))
    assert stage_of(found_again) == (Stage.MOBILISED, D(2026, 4, 1))


@pytest.mark.django_db
def test_the_stage_is_filterable_in_sql(only_these_facts, django_assert_num_queries):
    only_these_facts()
    YouthFactory.create_batch(3)
    YouthFactory.create_batch(2, identified=True)
    with django_assert_num_queries(1):
        assert Youth.objects.with_stage().filter(stage=Stage.IDENTIFIED).count() == 2


def test_unknown_fact_names_are_refused():
    from youths import funnel

    with pytest.raises(ValueError):
        funnel.register_fact("born_on", lambda: OuterRef("pk"))
