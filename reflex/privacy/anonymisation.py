"""Anonymise one young person: erase who they are and what was written about them, keep what the statistics count.

Kept (the reports read them): sex, neighbourhood and town, qualification level, situation and how first reached,
consent dates and flags, the dates of the funnel facts (first contact, notice, follow-ups, pathways, exits, lost
contact), stages and statuses, barrier categories and dates, actions' category, provider and dates, exits and their
checks, outreach contacts, institutions and their dates, referents and authors (staff, counted by partner).

Erased, table by table (read from each app's models):
- youths.Youth: first and last name, nickname (replaced by the neutral pseudonym "Anonyme <number>"), phone,
  e-mail, social handle, notes, date left school; the birth date becomes a birth year, the one that gives the same
  age at first contact (at most one year off the real one) so that age bands stay the same; the normalised keys
  used for duplicate detection are emptied, so the record is never proposed as a duplicate again. The identified
  stage needs "a way to reach them": when the young person had one, the social handle keeps the neutral marker
  ERASED_CONTACT, which identifies nobody.
- accompaniment: follow-ups' summary and next step, barriers' notes, notes and titles of individual actions (the
  title becomes the action's category), exits' notes and employer, exit checks' notes, reasons of referent
  changes, to-dos (deleted: a to-do is its text) and the place of appointments.
- orientation: the reasons given for declining their orientations (a declined one keeps a neutral dash).
- reflex.reports: youth progress reports about them (the PDF file and its archive line).
- the change history of all these rows (privacy event tables), which holds the former values;
- the admin site's log lines naming the record.
Records merged into this one are the same person: they are anonymised too.

Not erased: the access journal (ids only, no content; it ages out after ACCESS_JOURNAL_RETENTION_MONTHS) and the
notes of outreach sessions and online outreach, which are about a session, not about one person.
"""

from functools import partial

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone, translation

from accompaniment.enums import ActionCategory
from accompaniment.models import (
    Action,
    Appointment,
    Barrier,
    Exit,
    ExitCheck,
    FollowUp,
    Pathway,
    ReferentChange,
    Todo,
)
from orientation.models import Orientation
from outreach.models import NamedContact
from reflex.audit.enums import AccessAction
from reflex.audit.journal import record_access
from reflex.reports.enums import ReportKind
from reflex.reports.models import GeneratedReport
from youths import funnel, identity
from youths.models import Youth

PSEUDONYM = "Anonyme {pk}"  # stored data, in the programme's language (French)
ERASED_CONTACT = "(anonymisé)"  # a way to reach them existed (the identified stage counts it); it was erased


def statistical_birth_year(youth):
    """The birth year that gives the same age at first contact as the full birth date (ages in reports)."""
    if youth.birth_date is None:
        return youth.birth_year
    age = identity.age_on(youth.first_contact_on, youth.birth_date)
    return youth.first_contact_on.year - age


def anonymise_youth(youth, by=None):
    """Anonymise `youth` (and the records merged into it). Idempotent: True when it was anonymised now, False when
    it already was (rows added since are still cleared). Writes one ANONYMISE journal entry per record anonymised.
    """
    with transaction.atomic():
        youth = Youth.objects.select_for_update().get(pk=youth.pk)
        for merged in Youth.objects.filter(merged_into=youth.pk).exclude(pk=youth.pk):
            anonymise_youth(merged, by=by)
        newly = youth.anonymised_at is None
        now = timezone.now()
        reachable = bool(youth.phone or youth.email or youth.social_handle)
        erased = {
            "first_name": "",
            "last_name": "",
            "nickname": PSEUDONYM.format(pk=youth.pk),
            "birth_date": None,
            "birth_year": statistical_birth_year(youth),
            "phone": "",
            "email": "",
            "social_handle": ERASED_CONTACT if reachable else "",
            "notes": "",
            "left_school_on": None,
            "anonymised_at": youth.anonymised_at or now,
            **dict.fromkeys(Youth.KEY_FIELDS, ""),
        }
        if any(getattr(youth, name) != value for name, value in erased.items()):
            # A queryset update: Youth.save() would compute the duplicate-detection keys again.
            Youth.objects.filter(pk=youth.pk).update(**erased, version=F("version") + 1, updated_at=now)
            funnel.refresh([youth.pk])  # no signal after an UPDATE: the erased identity may end "identified"
        _erase_related_text(youth)
        _erase_history(youth)
        _erase_documents(youth)
        if newly:
            record_access(by, AccessAction.ANONYMISE, youth=youth)
    return newly


def _erase_related_text(youth):
    pathways = Pathway.objects.filter(youth=youth)
    FollowUp.objects.filter(youth=youth).exclude(summary="", next_step="").update(summary="", next_step="")
    Todo.objects.filter(youth=youth).delete()  # a to-do is its text
    Appointment.objects.filter(youth=youth).exclude(place="").update(place="")
    Barrier.objects.filter(pathway__in=pathways).exclude(notes="").update(notes="")
    ReferentChange.objects.filter(pathway__in=pathways).exclude(reason="").update(reason="")
    Exit.objects.filter(pathway__in=pathways).exclude(notes="", employer="").update(notes="", employer="")
    ExitCheck.objects.filter(exit__pathway__in=pathways).exclude(notes="").update(notes="")
    Orientation.objects.filter(barrier__pathway__in=pathways).exclude(decline_reason__in=["", "—"]).update(
        decline_reason=Case(When(status="declined", then=Value("—")), default=Value(""))
    )
    actions = Action.objects.filter(pathway__in=pathways)
    actions.exclude(notes="").update(notes="")
    with translation.override(settings.LANGUAGE_CODE):
        for category in actions.values_list("category", flat=True).distinct():
            label = str(ActionCategory(category).label) if category in ActionCategory.values else category
            actions.filter(category=category).exclude(title=label).update(title=label)


def _erase_history(youth):
    """The change history goes through a function that runs as the tables' owner (the application's role may not
    delete history: reflex/audit/database_roles.py); it refuses a young person who is not anonymised."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT privacy_erase_history(%s)", [youth.pk])
    LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Youth), object_id=str(youth.pk))
        | Q(
            content_type=ContentType.objects.get_for_model(NamedContact),
            object_id__in=[str(pk) for pk in NamedContact.objects.filter(youth=youth).values_list("pk", flat=True)],
        )
    ).delete()


def _erase_documents(youth):
    for report in GeneratedReport.objects.filter(youth=youth, kind=ReportKind.YOUTH):
        if report.file:
            # The file goes once the rows are gone for good (not if the transaction is rolled back).
            transaction.on_commit(partial(report.file.storage.delete, report.file.name))
        report.delete()


def forget_refused_identity(sender, instance, **kwargs):
    """post_save of a young person: after a refusal of consent only a pseudonymous record is kept (youths.forms
    empties the identifying fields), so the change history forgets them too."""
    if instance.refused_consent:
        # As the tables' owner (see _erase_history): the function blanks CLEARED_ON_REFUSAL (privacy migration 0003,
        # checked by tests/privacy/test_database_roles.py).
        with connection.cursor() as cursor:
            cursor.execute("SELECT privacy_forget_refused_identity(%s)", [instance.pk])
