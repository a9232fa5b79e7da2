"""Everything held about one young person (GDPR right of access), as JSON and as the sections of a PDF.

Every field of every row about them: the record (and the records merged into it), institutions, outreach contacts,
online outreach that named them, pathways and referent changes, barriers, actions, collective actions attended,
follow-ups, exits and their checks, youth reports generated about them, the access journal about them and the
change history. Confidential contents are included: the export is for the young person. A fixed number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accompaniment.models import (
    Action,
    Appointment,
    Barrier,
    Exit,
    ExitCheck,
    FollowUp,
    Participation,
    Pathway,
    ReferentChange,
    Reminder,
    ReminderConsent,
    Todo,
)
from orientation.models import Orientation
from outreach.models import NamedContact, OnlineOutreach
from partners.models import Neighbourhood, User
from reflex.audit.models import AccessEntry
from reflex.reports.enums import ReportKind
from reflex.reports.models import GeneratedReport
from youths.models import InstitutionKnowledge, Youth

from .history import history_of

SKIPPED = {
    # Internal columns that say nothing about the person.
    OnlineOutreach: {"messages_sent", "replies", "contacts_generated"},
    GeneratedReport: {"figures", "file", "checksum", "narrative", "task_result_id", "error"},
}


@dataclass
class Section:
    key: str
    title: str
    rows: list = field(default_factory=list)  # model instances (or dicts already plain)
    records: list = field(default_factory=list)  # [{name: value}] for JSON
    display: list = field(default_factory=list)  # [[(label, text)]] for the PDF


def _fields(model):
    skipped = SKIPPED.get(model, set())
    return [f for f in model._meta.concrete_fields if f.name not in skipped]


# Labels of the columns that have none of their own (Django's default is the column's name).
DEFAULT_LABELS = {
    "id": gettext_lazy("number"),
    "youth": gettext_lazy("young person"),
    "pathway": gettext_lazy("pathway"),
    "session": gettext_lazy("outreach session"),
    "action": gettext_lazy("action"),
    "exit": gettext_lazy("exit"),
    "created_by": gettext_lazy("created by"),
    "created_by_organisation": gettext_lazy("created by the partner"),
    "created_at": gettext_lazy("created on"),
    "updated_at": gettext_lazy("last changed on"),
    "version": gettext_lazy("version"),
    "merged_into": gettext_lazy("merged into record"),
    "anonymised_at": gettext_lazy("anonymised on"),
    "added_by": gettext_lazy("added by"),
    "recorded_by": gettext_lazy("recorded by"),
    "logged_by": gettext_lazy("logged by"),
    "logged_at": gettext_lazy("logged on"),
    "duration_minutes": gettext_lazy("duration (minutes)"),
    "finished_at": gettext_lazy("finished at"),
}
# Derived columns (normalised copies of the identity, for duplicate detection): in the JSON, not in the PDF.
NOT_IN_PDF = set(Youth.KEY_FIELDS)


def _label(model_field):
    text = str(model_field.verbose_name)
    if text == model_field.name.replace("_", " "):
        text = str(DEFAULT_LABELS.get(model_field.name, text))
    return text[:1].upper() + text[1:]


class _Resolver:
    def __init__(self):
        self.user_ids, self.neighbourhood_ids = set(), set()
        self.users, self.neighbourhoods = {}, {}

    def collect(self, obj):
        for model_field in _fields(obj.__class__):
            value = getattr(obj, model_field.attname)
            if model_field.is_relation and value is not None:
                if model_field.related_model is User:
                    self.user_ids.add(value)
                elif model_field.related_model is Neighbourhood:
                    self.neighbourhood_ids.add(value)

    def load(self):
        self.users = User.objects.select_related("organisation").in_bulk(self.user_ids)
        self.neighbourhoods = Neighbourhood.objects.in_bulk(self.neighbourhood_ids)

    def person(self, user_id):
        user = self.users.get(user_id)
        if user is None:
            return f"#{user_id}"
        return f"{user} ({user.organisation})" if user.organisation_id else str(user)

    def values(self, obj):
        """(name, JSON value, label, text) for each field of `obj`."""
        for model_field in _fields(obj.__class__):
            value = getattr(obj, model_field.attname)
            text = None
            if value is None or value == "":
                json_value, text = value, "–"
            elif model_field.choices:
                json_value = text = str(dict(model_field.flatchoices).get(value, value))
            elif model_field.is_relation:
                if model_field.related_model is User:
                    json_value = text = self.person(value)
                elif model_field.related_model is Neighbourhood:
                    json_value = text = str(self.neighbourhoods.get(value, f"#{value}"))
                else:
                    json_value, text = value, f"#{value}"
            elif isinstance(value, models.fields.files.FieldFile):
                json_value = text = value.name
            elif isinstance(value, bool):
                json_value, text = value, _("Yes") if value else _("No")
            elif isinstance(value, datetime.datetime):
                json_value = value.isoformat()
                text = formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
            elif isinstance(value, datetime.date):
                json_value, text = value.isoformat(), formats.date_format(value, "SHORT_DATE_FORMAT")
            elif isinstance(value, dict | list):
                json_value, text = value, str(value)
            else:
                json_value, text = value, str(value)
            yield model_field.name, json_value, _label(model_field), text


SECTION_TITLES = {
    "record": gettext_lazy("Young person's record"),
    "merged_records": gettext_lazy("Records merged into this one"),
    "institutions": gettext_lazy("Institutions"),
    "outreach_contacts": gettext_lazy("Outreach contacts"),
    "online_outreach": gettext_lazy("Online outreach"),
    "pathways": gettext_lazy("Pathways"),
    "referent_changes": gettext_lazy("Changes of referent"),
    "barriers": gettext_lazy("Barriers"),
    "actions": gettext_lazy("Actions"),
    "collective_actions": gettext_lazy("Collective actions"),
    "follow_ups": gettext_lazy("Follow-ups"),
    "exits": gettext_lazy("Exits"),
    "exit_checks": gettext_lazy("Exit checks"),
    "orientations": gettext_lazy("Orientations"),
    "appointments": gettext_lazy("Appointments"),
    "todos": gettext_lazy("To do"),
    "reminder_consent": gettext_lazy("Appointment reminders"),
    "reminders": gettext_lazy("Reminders sent"),
    "reports": gettext_lazy("Youth progress reports"),
}


def _sections(youth):
    pathways = list(Pathway.objects.filter(youth=youth).order_by("started_on", "pk"))
    participations = list(
        Participation.objects.filter(youth=youth).select_related("action").order_by("action__starts_on", "pk")
    )
    rows = {
        "record": [youth],
        "merged_records": list(Youth.objects.filter(merged_into=youth).order_by("pk")),
        "institutions": list(InstitutionKnowledge.objects.filter(youth=youth).order_by("pk")),
        "outreach_contacts": list(
            NamedContact.objects.filter(youth=youth).select_related("session__place").order_by("session__date", "pk")
        ),
        "online_outreach": list(OnlineOutreach.objects.filter(youths=youth).order_by("date", "pk")),
        "pathways": pathways,
        "referent_changes": list(ReferentChange.objects.filter(pathway__youth=youth).order_by("changed_on", "pk")),
        "barriers": list(Barrier.objects.filter(pathway__youth=youth).order_by("identified_on", "pk")),
        "actions": list(Action.objects.filter(pathway__youth=youth).order_by("starts_on", "pk")),
        "collective_actions": [participation.action for participation in participations],
        "follow_ups": list(FollowUp.objects.filter(youth=youth).order_by("happened_on", "pk")),
        "exits": list(Exit.objects.filter(pathway__youth=youth).order_by("exited_on", "pk")),
        "exit_checks": list(ExitCheck.objects.filter(exit__pathway__youth=youth).order_by("due_on", "pk")),
        "orientations": list(
            Orientation.objects.filter(barrier__pathway__youth=youth)
            .select_related("service")
            .order_by("oriented_on", "pk")
        ),
        "appointments": list(Appointment.objects.filter(youth=youth).order_by("starts_at", "pk")),
        "todos": list(Todo.objects.filter(youth=youth).order_by("created_at", "pk")),
        "reminder_consent": list(ReminderConsent.objects.filter(youth=youth)),
        "reminders": list(Reminder.objects.filter(appointment__youth=youth).order_by("created_at", "pk")),
        "reports": list(GeneratedReport.objects.filter(youth=youth, kind=ReportKind.YOUTH).order_by("created_at")),
    }
    return rows, participations


def build(youth):
    """The export of `youth`: (data for JSON, sections for the PDF)."""
    rows, participations = _sections(youth)
    resolver = _Resolver()
    for objects in rows.values():
        for obj in objects:
            resolver.collect(obj)
    journal = list(AccessEntry.objects.filter(youth_id=youth.pk).order_by("at", "pk"))
    resolver.user_ids |= {entry.user_id for entry in journal if entry.user_id}
    resolver.load()

    attendance = {participation.action_id: participation for participation in participations}
    sections, data = [], {"generated_at": timezone.now().isoformat(), "young_person_id": youth.pk}
    for key, objects in rows.items():
        section = Section(key=key, title=str(SECTION_TITLES[key]))
        for obj in objects:
            record, display = {}, []
            for name, json_value, label, text in resolver.values(obj):
                record[name] = json_value
                if name not in NOT_IN_PDF:
                    display.append((label, text))
            if key == "outreach_contacts":
                record["session_date"] = obj.session.date.isoformat()
                record["place"] = str(obj.session.place)
                display[:0] = [(_("Date"), formats.date_format(obj.session.date, "SHORT_DATE_FORMAT"))]
                display.insert(1, (_("Place"), str(obj.session.place)))
            if key == "collective_actions":
                participation = attendance[obj.pk]
                record["attendance"] = participation.get_attendance_display()
                display.append((_("Attendance status"), participation.get_attendance_display()))
            section.records.append(record)
            section.display.append(display)
        data[key] = section.records
        sections.append(section)

    journal_section = Section(key="access_journal", title=_("Access journal"))
    for entry in journal:
        who = resolver.person(entry.user_id) if entry.user_id else _("System")
        journal_section.records.append(
            {
                "at": entry.at.isoformat(),
                "user": who,
                "action": entry.get_action_display(),
                "record_type": entry.object_type,
                "record_id": entry.object_id,
                "count": entry.count,
            }
        )
        journal_section.display.append(
            [
                (_("When"), formats.date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT")),
                (_("By"), who),
                (_("Action"), entry.get_action_display()),
            ]
        )
    data["access_journal"] = journal_section.records
    sections.append(journal_section)

    history = history_of(youth, reveal_restricted=True)
    history_section = Section(key="change_history", title=_("Change history"))
    for entry in history.entries:
        who = str(entry.user) if entry.user else _("System")
        history_section.records.append(
            {
                "at": entry.at.isoformat(),
                "by": who,
                "what": entry.title,
                "action": str(entry.action_label),
                "changes": [{"field": c.label, "before": c.before, "after": c.after} for c in entry.changes],
            }
        )
        changes = "; ".join(f"{c.label}: {c.before} → {c.after}" for c in entry.changes)
        history_section.display.append(
            [
                (_("When"), formats.date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT")),
                (_("By"), who),
                (_("What"), f"{entry.title} ({entry.action_label})"),
                (_("Changes"), changes or "–"),
            ]
        )
    data["change_history"] = history_section.records
    sections.append(history_section)
    return data, sections
