import datetime

from django.urls import reverse
from django.utils import timezone

from accompaniment.models import Appointment, FollowUp, Todo
from reflex.audit.models import AccessEntry
from reflex.typography import french_spacing as fr
from tests.submission_tokens import with_token

from .factories import FollowUpFactory


def quick_entry(client, youth, **data):
    fields = {"happened_on": timezone.localdate().isoformat(), "mode": "phone", "duration_minutes": "15"}
    fields.update(data)
    return client.post(
        reverse("accompaniment:follow_up_create", args=[youth.pk]), with_token(fields), headers={"HX-Request": "true"}
    )


def test_the_panel_is_a_fragment_with_the_quick_form(htmx_client, pathway):
    response = htmx_client.get(reverse("accompaniment:youth_panel", args=[pathway.youth.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and 'id="accompaniment-panel"' in content
    assert "Saisir un entretien" in content and 'hx-post="' in content
    assert AccessEntry.objects.filter(youth_id=pathway.youth.pk, action="view").exists()


def test_quick_entry_saves_and_returns_the_panel_without_a_reload(htmx_client, professional, pathway):
    in_two_days = timezone.localtime() + datetime.timedelta(days=2)
    response = quick_entry(
        htmx_client,
        pathway.youth,
        summary="Appel : motivée pour la formation",
        next_step="Envoyer le dossier",
        next_step_due_on=(timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        next_appointment_at=in_two_days.strftime("%Y-%m-%dT10:30"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "L'entretien a été enregistré." in content and "Appel : motivée pour la formation" in content
    follow_up = FollowUp.objects.get()
    assert (follow_up.author, follow_up.pathway, follow_up.youth) == (professional, pathway, pathway.youth)
    appointment = Appointment.objects.get()  # the next appointment is in the agenda
    assert (appointment.youth, appointment.staff, appointment.follow_up) == (pathway.youth, professional, follow_up)
    assert timezone.localtime(appointment.starts_at).strftime("%d/%m %H:%M") == in_two_days.strftime("%d/%m 10:30")
    todo = Todo.objects.get()  # the next step is a to-do
    assert (todo.title, todo.owner, todo.due_on) == (
        "Envoyer le dossier",
        professional,
        timezone.localdate() + datetime.timedelta(days=1),
    )
    assert AccessEntry.objects.filter(action="create", object_type="accompaniment.followup").exists()


def test_quick_entry_errors_come_back_in_french_in_the_panel(htmx_client, pathway):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = quick_entry(htmx_client, pathway.youth, happened_on=tomorrow.isoformat(), summary="Texte saisi")
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "Un entretien ne peut pas être daté dans le futur." in content
    assert "Texte saisi" in content  # nothing typed is lost
    assert not FollowUp.objects.exists()


def test_without_htmx_the_form_page_redirects_to_the_pathway(professional_client, pathway):
    response = professional_client.post(
        reverse("accompaniment:follow_up_create", args=[pathway.youth.pk]),
        with_token({"happened_on": "2026-11-20", "mode": "office", "summary": "Bilan"}),
    )
    assert response.url == reverse("accompaniment:youth", args=[pathway.youth.pk])


def test_a_follow_up_may_precede_any_pathway(professional_client, youth):
    professional_client.post(
        reverse("accompaniment:follow_up_create", args=[youth.pk]),
        with_token({"happened_on": "2026-11-20", "mode": "truck", "summary": "Rencontre au camion"}),
    )
    assert FollowUp.objects.get().pathway is None


def test_confidential_notes_are_hidden_from_everyone_but_the_referent_and_author(
    professional_client, coordinator_client, colleague_client, colleague, pathway
):
    FollowUpFactory(youth=pathway.youth, author=pathway.referent, confidential_note=True)
    FollowUpFactory(youth=pathway.youth, author=colleague, summary="Point CV partagé")
    url = reverse("accompaniment:youth", args=[pathway.youth.pk])
    assert "Difficultés familiales importantes" in professional_client.get(url).content.decode()
    for client in (coordinator_client, colleague_client):
        page = client.get(url).content.decode()
        assert "Difficultés familiales importantes" not in page
        assert f"Note confidentielle, détenue par {pathway.referent.get_full_name()}." in page
        assert "Point CV partagé" in page
    panel = colleague_client.get(reverse("accompaniment:youth_panel", args=[pathway.youth.pk])).content.decode()
    assert "Difficultés familiales importantes" not in panel


def test_the_author_edits_a_follow_up_and_its_version_grows(colleague_client, colleague, professional_client, pathway):
    follow_up = FollowUpFactory(youth=pathway.youth, author=colleague)
    url = reverse("accompaniment:follow_up_edit", args=[follow_up.pk])
    assert professional_client.get(url).status_code == 403
    colleague_client.post(url, {"happened_on": "2026-05-04", "mode": "video", "summary": "Corrigé"})
    follow_up.refresh_from_db()
    assert (follow_up.summary, follow_up.version) == ("Corrigé", 2)


def test_a_too_long_follow_up_gets_a_french_message(htmx_client, pathway):
    content = quick_entry(htmx_client, pathway.youth, duration_minutes="900").content.decode()
    assert "Un entretien dure au plus 10 heures (600 minutes)." in content


def test_the_page_lists_each_follow_up_with_its_details_in_the_reader_s_language(professional_client, pathway):
    FollowUpFactory(
        youth=pathway.youth,
        author=pathway.referent,
        happened_on=datetime.date(2026, 11, 20),
        mode="phone",
        duration_minutes=25,
        summary="Appel <b>motivé</b>\nRelance lundi",
        next_step="Envoyer le CV",
    )
    url = reverse("accompaniment:youth", args=[pathway.youth.pk])
    page = professional_client.get(url).content.decode()
    assert "<strong>20/11/2026</strong> · Téléphone · 25 min" in page
    assert "Appel &lt;b&gt;motivé&lt;/b&gt;<br>Relance lundi" in page  # escaped, line breaks kept
    assert fr("Prochaine étape :</span> Envoyer le CV") in page
    follow_up = FollowUp.objects.get()
    assert reverse("accompaniment:follow_up_edit", args=[follow_up.pk]) in page  # its author may edit it

    professional_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = professional_client.get(url).content.decode()
    assert "Phone · 25 min" in page and "Téléphone" not in page
    assert "Next step:</span> Envoyer le CV" in page


def test_a_next_appointment_or_due_date_in_the_past_is_refused_in_french_and_nothing_is_saved(htmx_client, pathway):
    an_hour_ago = timezone.localtime() - datetime.timedelta(hours=1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    content = quick_entry(
        htmx_client,
        pathway.youth,
        summary="Texte saisi",
        next_step="Appeler la CAF",
        next_step_due_on=yesterday.isoformat(),
        next_appointment_at=an_hour_ago.strftime("%Y-%m-%dT%H:%M"),
    ).content.decode()
    assert fr("Cette heure est passée : le prochain rendez-vous est à venir.") in content
    assert "Cette date est passée." in content
    assert "Texte saisi" in content
    assert not FollowUp.objects.exists() and not Appointment.objects.exists() and not Todo.objects.exists()


def test_a_due_date_without_a_next_step_is_refused(htmx_client, pathway):
    content = quick_entry(
        htmx_client, pathway.youth, next_step_due_on=timezone.localdate().isoformat()
    ).content.decode()
    assert "Dites quelle est la prochaine étape, ou laissez sa date vide." in content
    assert not FollowUp.objects.exists()


def test_a_confidential_follow_up_gives_a_to_do_the_others_cannot_read(
    htmx_client, colleague_client, professional, pathway
):
    quick_entry(htmx_client, pathway.youth, next_step="Accompagner au CMP", confidential="on")
    todo = Todo.objects.get()
    assert todo.confidential
    page = colleague_client.get(reverse("accompaniment:youth", args=[pathway.youth.pk])).content.decode()
    assert "Accompagner au CMP" not in page
