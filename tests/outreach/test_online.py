import datetime

from django.urls import reverse

from outreach.models import OnlineOutreach
from reflex.typography import french_spacing as fr
from tests.submission_tokens import with_token
from tests.youths.factories import YouthFactory

from .factories import OnlineOutreachFactory


def online_data(staff, **extra):
    return {
        "date": "2026-11-24",
        "start_time": "18:00",
        "end_time": "19:30",
        "platform": "snapchat",
        "kind": "messages",
        "staff": [member.pk for member in staff],
        "messages_sent": "25",
        "replies": "9",
        "contacts_generated": "3",
        **extra,
    }


def test_online_outreach_is_logged_then_named_young_people_are_added(professional_client, professional):
    response = professional_client.post(reverse("outreach:online_create"), with_token(online_data([professional])))
    online = OnlineOutreach.objects.get()
    assert response.url == reverse("outreach:online_edit", args=[online.pk])
    assert (online.platform, online.kind, online.duration_minutes, online.created_by) == (
        "snapchat",
        "messages",
        90,
        professional,
    )
    assert (online.messages_sent, online.replies, online.contacts_generated) == (25, 9, 3)
    youth = YouthFactory(first_name="Lina")
    professional_client.post(reverse("outreach:online_youth_add", args=[online.pk]), {"youth": youth.pk})
    assert list(online.youths.all()) == [youth]
    page = professional_client.get(reverse("outreach:online_edit", args=[online.pk])).content.decode()
    assert "Lina" in page
    professional_client.post(reverse("outreach:online_youth_remove", args=[online.pk, youth.pk]))
    assert not online.youths.exists()


def test_bad_online_input_gets_french_messages(professional_client, professional):
    cases = [
        ({"date": "2026-12-01"}, fr("La maraude numérique se renseigne une fois faite : la date est dans le futur.")),
        ({"end_time": "17:00"}, "La fin doit être après le début."),
        ({"replies": "-1"}, "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ({"messages_sent": "0", "replies": "0", "contacts_generated": "4"}, "Plus de contacts que de messages"),
        ({"platform": "myspace"}, "Sélectionnez un choix valide."),
    ]
    for extra, message in cases:
        response = professional_client.post(
            reverse("outreach:online_create"), with_token(online_data([professional], **extra))
        )
        assert response.status_code == 200
        assert message in response.content.decode(), extra
    assert not OnlineOutreach.objects.exists()


def test_the_online_list_has_a_fixed_number_of_queries(
    professional_client, professional, colleague, django_assert_max_num_queries
):
    for day in range(20):
        online = OnlineOutreachFactory(
            date=datetime.date(2026, 10, 1) + datetime.timedelta(days=day), staff=[professional, colleague]
        )
        online.youths.add(YouthFactory())
    with django_assert_max_num_queries(11):
        response = professional_client.get(reverse("outreach:online_list"))
    assert response.content.decode().count("Instagram") == 20


def test_a_young_person_one_may_not_see_cannot_be_unlinked_nor_probed(outsider_client, outsider, professional):
    from django.utils import timezone

    online = OnlineOutreachFactory(date=timezone.localdate(), created_by=outsider, staff=[outsider])
    hidden_linked = YouthFactory(referent=professional)  # referred by another partner, not shared
    hidden_unlinked = YouthFactory(referent=professional)
    online.youths.add(hidden_linked)
    answers = {
        youth.pk: outsider_client.post(reverse("outreach:online_youth_remove", args=[online.pk, youth.pk])).status_code
        for youth in (hidden_linked, hidden_unlinked)
    }
    assert answers == {hidden_linked.pk: 404, hidden_unlinked.pk: 404}  # the same answer: linked or not
    assert list(online.youths.all()) == [hidden_linked]
    visible = YouthFactory()  # nobody refers them yet: every professional may see them
    online.youths.add(visible)
    response = outsider_client.post(reverse("outreach:online_youth_remove", args=[online.pk, visible.pk]))
    assert response.status_code == 302 and list(online.youths.all()) == [hidden_linked]
