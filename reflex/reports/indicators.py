"""Every figure of the reports, computed by SQL aggregation, and the definition of each one, written once.

`compute(period)` returns plain data (numbers, dates as ISO strings, labels as text) that the report pages, the PDFs
and the XLSX export all render: a funder report keeps this snapshot, so its PDF and its export show the same
numbers. `DEFINITIONS` feeds the glossary page.

Scope: young people whose record is current (not merged into another one) and not confirmed out of target.
Funnel dates come from `Youth.objects.with_stage()` (youths app); exits, barriers and actions from accompaniment;
outreach effort and yield from `outreach.analytics`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, models, transaction
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------------------------------------------------------
# Definitions (shown on the glossary page, in the PDF's notes and in the XLSX)


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    text: str


DEFINITIONS = {
    definition.key: definition
    for definition in [
        Definition(
            "scope",
            _("Young people counted"),
            _(
                "Every indicator counts young people of the programme's target: records confirmed out of target "
                "(age at first contact outside the programme's range) and records merged into another one are "
                "left out. Periods include their first and last day."
            ),
        ),
        Definition(
            "contacted",
            _("Contacted (contactés)"),
            _("A record exists: the young person was met at least once, possibly known only by a nickname."),
        ),
        Definition(
            "identified",
            _("Identified (repérés)"),
            _(
                "Young people identified during the period: a first name or nickname and a way to reach them "
                "(phone, e-mail or social network), with the information notice given. The date is the later of "
                "the first contact and the notice."
            ),
        ),
        Definition(
            "mobilised",
            _("Engaged (mobilisés)"),
            _(
                "Young people engaged during the period: the date of the second meaningful contact (a second "
                "named contact during outreach, or the first follow-up), the start of a trust relationship."
            ),
        ),
        Definition(
            "entered",
            _("Started a pathway (entrés en parcours)"),
            _("Young people whose first accompaniment pathway, with a single referent, started during the period."),
        ),
        Definition(
            "exited",
            _("Exits (sortis)"),
            _(
                "Young people with an exit recorded during the period, counted once (with their latest exit of the "
                "period), whatever the outcome."
            ),
        ),
        Definition(
            "exit_groups",
            _("Exits by outcome group"),
            _(
                "The outcomes grouped as the funder counts them: durable employment (permanent contract, fixed-term "
                "or temping contract of 6 months or more, business creation), transitional employment (contract "
                "under 6 months, subsidised contract), work-study (apprenticeship, professionalisation contract), "
                "training (qualifying or pre-qualifying), return to school, civic service, referral to another "
                "programme, other, dropped out or lost contact, moved away."
            ),
        ),
        Definition(
            "durable_job",
            _("Exit to durable employment"),
            _(
                "An exit to a permanent contract, a fixed-term or temping contract of 6 months or more, or a "
                "business creation."
            ),
        ),
        Definition(
            "job_or_training_share",
            _("Share of exits to a job or training"),
            _(
                "Exits to durable or transitional employment, work-study or training, as a share of all exits of "
                "the period."
            ),
        ),
        Definition(
            "cumulated",
            _("Cumulated since the start"),
            _("The same count from the programme's start date to the end of the period."),
        ),
        Definition(
            "target",
            _("Progress towards the target"),
            _(
                "Young people who started a pathway since the programme's start, as a share of the programme's "
                "target number of young people."
            ),
        ),
        Definition(
            "previous",
            _("Previous period"),
            _("The period of the same length just before the chosen one; the change is shown in percent."),
        ),
        Definition(
            "funnel",
            _("Funnel of the stages"),
            _(
                "Young people having reached each stage by the end of the period, since the programme's start; "
                "each rate is the share of the previous stage that reached the next one. A young person may reach a "
                "stage before the previous one is recorded (engaged before the information notice is noted, for "
                "instance), so a rate may exceed 100 %."
            ),
        ),
        Definition(
            "sex",
            _("Sex"),
            _("As stated in the record; not stated when unknown."),
        ),
        Definition(
            "age_band",
            _("Age band at first contact"),
            _(
                "16–17, 18–25 or 26–29 years old on the day of the first contact, from the birth date or, failing "
                "it, from the birth year. Unknown without either."
            ),
        ),
        Definition(
            "residence",
            _("Residence"),
            _(
                "The kind of the neighbourhood the young person lives in: QPV (priority neighbourhood), QVA (active "
                "watch neighbourhood) or elsewhere (another or unknown neighbourhood)."
            ),
        ),
        Definition(
            "qualification",
            _("Qualification level"),
            _("The highest diploma level at first contact (French levels: below 3, 3 = CAP/BEP, 4 = Bac, 5+)."),
        ),
        Definition(
            "partner",
            _("Partner"),
            _(
                "The organisation of the young person's referent or, without a referent, the organisation that "
                "created the record."
            ),
        ),
        Definition(
            "outreach_effort",
            _("Outreach effort"),
            _(
                "Outreach sessions held during the period and their staff-hours: each session's duration times the "
                "number of staff present; online outreach counts its own staff-hours."
            ),
        ),
        Definition(
            "outreach_yield",
            _("Outreach yield"),
            _(
                "Young people met per staff-hour of outreach (tallies and named contacts), how many of them were "
                "new, and how many of those met for the first time later started a pathway. Anonymous encounters "
                "have no age: outreach figures count every young person met."
            ),
        ),
        Definition(
            "barriers",
            _("Barriers identified and lifted"),
            _(
                "Barriers (freins) identified during the period, and barriers lifted during the period, by "
                "category. A health barrier holds a category, never a diagnosis."
            ),
        ),
        Definition(
            "actions",
            _("Actions by type and provider"),
            _(
                "Individual and collective actions starting during the period and not cancelled, by category and by "
                "the partner (or outside body) providing them; young people reached counts each young person once."
            ),
        ),
        Definition(
            "durations",
            _("Time between stages"),
            _(
                "Average and median number of days between two stages, for the young people who reached the later "
                "stage during the period. The median is the middle value: half took less, half took more."
            ),
        ),
    ]
}


def glossary():
    return list(DEFINITIONS.values())


def _label(key):
    return str(DEFINITIONS[key].label)


# ---------------------------------------------------------------------------------------------------------------
# Periods


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous(self):
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def cumulated_from(self, start):
        return Period(min(start, self.end), self.end)

    @property
    def range(self):
        return (self.start, self.end)

    def as_dict(self):
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "days": self.days}


# ---------------------------------------------------------------------------------------------------------------
# SQL building blocks


class Median(models.Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5): the median of a numeric expression."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = models.FloatField()
    allow_distinct = False


class DaysBetween(models.Func):
    """Whole days from one date to a later one (PostgreSQL: date - date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.IntegerField()


def in_scope(prefix=""):
    """The condition keeping a young person (reached through `prefix`, e.g. "pathway__youth__") in the counts."""
    return Q(**{f"{prefix}out_of_target_confirmed": False, f"{prefix}merged_into__isnull": True})


def youths():
    from youths.models import Youth

    return Youth.objects.filter(in_scope())


def exits_in(period):
    from accompaniment.models import Exit

    return Exit.objects.filter(in_scope("pathway__youth__"), exited_on__range=period.range)


def exited_in(period):
    """A correlated condition on the youth (OuterRef "pk"): an exit recorded in the period."""
    return Exists(exits_in(period).filter(pathway__youth=OuterRef("pk")))


def exited_by(day):
    from accompaniment.models import Exit

    return Exists(Exit.objects.filter(pathway__youth=OuterRef("pk"), exited_on__lte=day))


# The four headline stages: (key, the with_stage() date of the stage).
STAGE_DATES = [("identified", "identified_on"), ("mobilised", "mobilised_on"), ("entered", "pathway_started_on")]
HEADLINE_KEYS = ["identified", "mobilised", "entered", "exited"]


def _stage_counts(period, suffix=""):
    counts = {
        f"{key}{suffix}": Count("pk", filter=Q(**{f"{field}__range": period.range})) for key, field in STAGE_DATES
    }
    counts[f"exited{suffix}"] = Count("pk", filter=Q(**{f"exited_in{suffix}": True}))
    return counts


# ---------------------------------------------------------------------------------------------------------------
# Sections


def materialise_facts(period, programme_start):
    """One pass over the young people in scope: every per-person fact the youth indicators need.

    The funnel dates of `Youth.objects.with_stage()` are correlated subqueries: computing them once, into a
    temporary table dropped at the end of the transaction, lets the headline, funnel, breakdown and duration
    aggregations read plain columns (see `YouthFacts`). Must run inside a transaction (`compute()` opens one).
    """
    from .models import YouthFacts

    previous, cumulated = period.previous(), period.cumulated_from(programme_start)
    queryset = (
        youths()
        .with_stage()
        .with_age()
        .annotate(
            exited_in=exited_in(period),
            exited_in_p=exited_in(previous),
            exited_in_c=exited_in(cumulated),
            has_exited=exited_by(period.end),
            **{f"by_{key}": expression for key, expression, _choices in _dimensions()},
        )
        .order_by()
        .values(*(field.attname for field in YouthFacts._meta.concrete_fields))
    )
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(YouthFacts._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} ON COMMIT DROP AS {sql}", params)
    return YouthFacts.objects.all()


def headline(facts, period, programme_start):
    """The four counts for the period, the previous period and since the start: one query."""
    previous, cumulated = period.previous(), period.cumulated_from(programme_start)
    values = facts.aggregate(
        **_stage_counts(period), **_stage_counts(previous, "_p"), **_stage_counts(cumulated, "_c")
    )
    rows = []
    for key in HEADLINE_KEYS:
        value, before = values[key], values[f"{key}_p"]
        rows.append(
            {
                "key": key,
                "label": _label(key),
                "value": value,
                "previous": before,
                "change": _change(value, before),
                "cumulated": values[f"{key}_c"],
            }
        )
    return rows


def _change(value, before):
    """Change in percent from `before` to `value` (None when there was nothing before)."""
    if not before:
        return None
    return round((value - before) * 100 / before, 1)


def _share(part, whole):
    return round(part * 100 / whole, 1) if whole else None


def exits_by_group(period):
    """Exits of the period by outcome group; each young person counted once, with their latest exit."""
    from accompaniment.enums import CHECKED_EXIT_GROUPS, ExitGroup
    from accompaniment.models import exit_group_expression

    latest = exits_in(period).order_by("pathway__youth_id", "-exited_on", "-pk").distinct("pathway__youth_id")
    counts = dict(
        exits_in(period)
        .filter(pk__in=latest.values("pk"))
        .annotate(group=exit_group_expression())
        .values_list("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    total = sum(counts.values())
    job_or_training = sum(counts.get(group, 0) for group in CHECKED_EXIT_GROUPS)
    durable = counts.get(ExitGroup.DURABLE_JOB, 0)
    return {
        "rows": [
            {"key": group.value, "label": str(group.label), "value": counts.get(group.value, 0)} for group in ExitGroup
        ],
        "total": total,
        "durable_job": durable,
        "durable_job_share": _share(durable, total),
        "job_or_training": job_or_training,
        "job_or_training_share": _share(job_or_training, total),
    }


def funnel(facts, period):
    """Young people having reached each stage by the end of the period (since the start of the records)."""
    from youths.enums import Stage

    day = period.end
    values = facts.aggregate(
        contacted=Count("pk", filter=Q(first_contact_on__lte=day)),
        identified=Count("pk", filter=Q(identified_on__lte=day)),
        mobilised=Count("pk", filter=Q(mobilised_on__lte=day)),
        entered=Count("pk", filter=Q(pathway_started_on__lte=day)),
        exited=Count("pk", filter=Q(has_exited=True)),
        lost=Count("pk", filter=Q(stage=Stage.LOST, lost_on__lte=day)),
    )
    steps = ["contacted", "identified", "mobilised", "entered", "exited"]
    rows = []
    for index, key in enumerate(steps):
        before = values[steps[index - 1]] if index else None
        rows.append(
            {
                "key": key,
                "label": _label(key),
                "value": values[key],
                "rate": _share(values[key], before) if index else None,
            }
        )
    return {"rows": rows, "lost": values["lost"]}


def _age_band():
    from outreach.enums import AgeBand

    return models.Case(
        models.When(age_at_first_contact__isnull=True, then=Value(AgeBand.UNKNOWN.value)),
        models.When(Q(age_at_first_contact__gte=16, age_at_first_contact__lte=17), then=Value(AgeBand.UNDER_18.value)),
        models.When(
            Q(age_at_first_contact__gte=18, age_at_first_contact__lte=25), then=Value(AgeBand.FROM_18_TO_25.value)
        ),
        models.When(
            Q(age_at_first_contact__gte=26, age_at_first_contact__lte=29), then=Value(AgeBand.FROM_26_TO_29.value)
        ),
        default=Value(OUT_OF_RANGE),
        output_field=models.CharField(),
    )


OUT_OF_RANGE = "out_of_range"
UNKNOWN = "unknown"


def _dimensions():
    """(key, SQL expression grouping young people, ordered [(value, label)] of the rows)."""
    from outreach.enums import AgeBand
    from partners.enums import NeighbourhoodKind
    from partners.models import Organisation
    from youths.enums import QualificationLevel, Sex

    age_band = _age_band()
    sexes = [(choice.value, str(choice.label)) for choice in Sex] + [("", str(_("Not stated")))]
    bands = [(choice.value, str(choice.label)) for choice in AgeBand if choice != AgeBand.UNKNOWN]
    bands += [(OUT_OF_RANGE, str(_("Outside 16–29 (to check)"))), (AgeBand.UNKNOWN.value, str(_("Unknown")))]
    residences = [
        (NeighbourhoodKind.QPV.value, str(_("QPV"))),
        (NeighbourhoodKind.QVA.value, str(_("QVA"))),
        (NeighbourhoodKind.OTHER.value, str(_("Elsewhere"))),
    ]
    levels = [(choice.value, str(choice.label)) for choice in QualificationLevel]
    partners = [
        (organisation.pk, organisation.short_name or organisation.name)
        for organisation in Organisation.objects.order_by("name")
    ]
    partners.append((None, str(_("No partner recorded"))))
    return [
        ("sex", F("sex"), sexes),
        ("age_band", age_band, bands),
        ("residence", Coalesce(F("neighbourhood__kind"), Value(NeighbourhoodKind.OTHER.value)), residences),
        ("qualification", F("qualification_level"), levels),
        ("partner", Coalesce(F("referent__organisation_id"), F("created_by_organisation_id")), partners),
    ]


def breakdowns(facts, period):
    """The four headline counts of the period by sex, age band, residence, qualification level and partner.

    One query groups the young people by the five dimensions at once; each table adds up its groups.
    """
    dimensions = _dimensions()
    groups = list(
        facts.order_by()
        .values(*(f"by_{key}" for key, _expression, _choices in dimensions))
        .annotate(**_stage_counts(period))
    )
    result = []
    for key, _expression, choices in dimensions:
        sums = {}
        for group in groups:
            counts = sums.setdefault(group[f"by_{key}"], dict.fromkeys(HEADLINE_KEYS, 0))
            for name in HEADLINE_KEYS:
                counts[name] += group[name]
        rows = []
        for value, label in choices:
            counts = sums.pop(value, dict.fromkeys(HEADLINE_KEYS, 0))
            rows.append({"key": value, "label": label, **counts})
        for value, counts in sums.items():  # a value the choices do not know (old data): still counted
            rows.append({"key": value, "label": str(value), **counts})
        rows = [row for row in rows if any(row[k] for k in HEADLINE_KEYS) or row["key"] not in (None, "")]
        totals = {k: sum(row[k] for row in rows) for k in HEADLINE_KEYS}
        result.append({"key": key, "label": _label(key), "rows": rows, "totals": totals})
    return result


def barriers(period):
    """Barriers identified and barriers lifted during the period, by category."""
    from accompaniment.enums import BarrierCategory
    from accompaniment.models import Barrier

    counts = {
        row["category"]: row
        for row in Barrier.objects.filter(in_scope("pathway__youth__"))
        .filter(Q(identified_on__range=period.range) | Q(lifted_on__range=period.range))
        .order_by()
        .values("category")
        .annotate(
            identified=Count("pk", filter=Q(identified_on__range=period.range)),
            lifted=Count("pk", filter=Q(lifted_on__range=period.range)),
        )
    }
    rows = [
        {
            "key": category.value,
            "label": str(category.label),
            "identified": counts.get(category.value, {}).get("identified", 0),
            "lifted": counts.get(category.value, {}).get("lifted", 0),
        }
        for category in BarrierCategory
    ]
    return {
        "rows": rows,
        "identified": sum(row["identified"] for row in rows),
        "lifted": sum(row["lifted"] for row in rows),
    }


def _actions_in(period):
    from accompaniment.enums import ActionKind, ActionStatus
    from accompaniment.models import Action

    return (
        Action.objects.filter(starts_on__range=period.range)
        .exclude(status=ActionStatus.CANCELLED)
        .filter(Q(kind=ActionKind.COLLECTIVE) | in_scope("pathway__youth__"))
    )


def actions(period):
    """Actions of the period by category (individual / collective) and by provider, with young people reached."""
    from accompaniment.enums import ActionCategory, ActionKind, ActionStatus, Attendance
    from accompaniment.models import Action, Participation

    actions_in = _actions_in(period)
    by_category = {
        row["category"]: row
        for row in actions_in.order_by()
        .values("category")
        .annotate(
            individual=Count("pk", filter=Q(kind=ActionKind.INDIVIDUAL)),
            collective=Count("pk", filter=Q(kind=ActionKind.COLLECTIVE)),
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
    }
    category_rows = []
    for category in ActionCategory:
        row = by_category.get(category.value, {})
        category_rows.append(
            {
                "key": category.value,
                "label": str(category.label),
                "individual": row.get("individual", 0),
                "collective": row.get("collective", 0),
                "done": row.get("done", 0),
            }
        )
    provider_rows = [
        {
            "key": row["provider_organisation_id"] or row["provider_name"],
            "label": row["provider_organisation__short_name"] or row["provider_name"] or str(_("Not stated")),
            "partner": row["provider_organisation_id"] is not None,
            "actions": row["n"],
        }
        for row in actions_in.order_by()
        .values("provider_organisation_id", "provider_organisation__short_name", "provider_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "provider_organisation__short_name", "provider_name")
    ]
    individual_youths = Action.objects.filter(pk__in=actions_in.values("pk"), kind=ActionKind.INDIVIDUAL).values(
        "pathway__youth_id"
    )
    collective_youths = (
        Participation.objects.filter(in_scope("youth__"), action__in=actions_in.filter(kind=ActionKind.COLLECTIVE))
        .exclude(attendance=Attendance.ABSENT)
        .values("youth_id")
    )
    reached = youths().filter(Q(pk__in=individual_youths) | Q(pk__in=collective_youths)).count()
    return {
        "by_category": [row for row in category_rows if row["individual"] or row["collective"]],
        "by_provider": provider_rows,
        "total": sum(row["individual"] + row["collective"] for row in category_rows),
        "youths_reached": reached,
    }


def durations(facts, period):
    """Average and median days between stages, for young people reaching the later stage during the period."""
    from accompaniment.models import Exit

    spans = [
        ("contact_to_identified", _("First contact → identified"), "first_contact_on", "identified_on"),
        ("identified_to_mobilised", _("Identified → engaged"), "identified_on", "mobilised_on"),
        ("mobilised_to_entered", _("Engaged → pathway started"), "mobilised_on", "pathway_started_on"),
        ("contact_to_entered", _("First contact → pathway started"), "first_contact_on", "pathway_started_on"),
    ]
    aggregates = {}
    for key, _label_text, earlier, later in spans:
        condition = Q(**{f"{later}__range": period.range, f"{earlier}__isnull": False, f"{later}__gte": F(earlier)})
        days = DaysBetween(F(later), F(earlier))
        aggregates[f"{key}_n"] = Count("pk", filter=condition)
        aggregates[f"{key}_avg"] = Avg(days, filter=condition, output_field=models.FloatField())
        aggregates[f"{key}_median"] = Median(days, filter=condition)
    values = facts.aggregate(**aggregates)
    exit_days = DaysBetween(F("exited_on"), F("pathway__started_on"))
    exit_values = Exit.objects.filter(in_scope("pathway__youth__"), exited_on__range=period.range).aggregate(
        n=Count("pk"), avg=Avg(exit_days, output_field=models.FloatField()), median=Median(exit_days)
    )
    rows = [
        {
            "key": key,
            "label": str(label),
            "count": values[f"{key}_n"],
            "average": _round(values[f"{key}_avg"]),
            "median": _round(values[f"{key}_median"]),
        }
        for key, label, _earlier, _later in spans
    ]
    rows.append(
        {
            "key": "entered_to_exited",
            "label": str(_("Pathway started → exit")),
            "count": exit_values["n"],
            "average": _round(exit_values["avg"]),
            "median": _round(exit_values["median"]),
        }
    )
    return rows


def _round(value):
    return None if value is None else round(value, 1)


OUTREACH_SUMMARY = [
    ("sessions", _("Outreach sessions held")),
    ("staff_hours", _("Staff-hours of presence")),
    ("encounters", _("Young people met (anonymous tallies)")),
    ("new_encounters", _("of whom new")),
    ("named_contacts", _("Named contacts")),
    ("new_youths", _("First contacts with a named young person")),
    ("reach", _("Young people reached")),
    ("reach_per_staff_hour", _("Young people reached per staff-hour")),
    ("new_per_staff_hour", _("New young people per staff-hour")),
    ("pathway_entries", _("Met for the first time, then started a pathway")),
    ("entries_per_staff_hour", _("Pathway entries per staff-hour")),
]
ONLINE_SUMMARY = [
    ("actions", _("Online outreach actions")),
    ("staff_hours", _("Online staff-hours")),
    ("messages_sent", _("Messages sent")),
    ("replies", _("Replies")),
    ("contacts_generated", _("Contacts generated online")),
]
OUTREACH_COLUMNS = ["sessions", "staff_hours", "reach", "reach_per_staff_hour", "new_youths", "pathway_entries"]


def _outreach_rows(rows):
    return [
        {"key": str(row["key"]), "label": str(row["label"]), **{column: row[column] for column in OUTREACH_COLUMNS}}
        for row in rows
    ]


def outreach(period, *, detailed=False):
    """Outreach effort and yield for the period, from the outreach app's analytics (plain data).

    The funder report shows the summary and the breakdowns by mode, season and neighbourhood; the outreach report
    (`detailed`) adds places, weekdays, hours of start, the weekday × hour grid and the entourage.
    """
    from outreach import analytics

    start, end = period.range
    summary = analytics.summary(start, end)
    online = analytics.online_summary(start, end)
    figures = {
        "summary": [{"key": key, "label": str(label), "value": summary[key]} for key, label in OUTREACH_SUMMARY],
        "online": [{"key": key, "label": str(label), "value": online[key]} for key, label in ONLINE_SUMMARY],
        "by_mode": _outreach_rows(analytics.breakdown(start, end, "mode")),
        "by_season": _outreach_rows(analytics.breakdown(start, end, "season")),
        "by_neighbourhood": _outreach_rows(analytics.breakdown(start, end, "neighbourhood")),
    }
    if detailed:
        grid = analytics.heat_map(start, end)
        entourage = analytics.entourage(start, end)
        figures |= {
            "by_place": _outreach_rows(analytics.places_ranked(start, end)),
            "by_weekday": _outreach_rows(analytics.breakdown(start, end, "weekday")),
            "by_hour": _outreach_rows(analytics.breakdown(start, end, "hour")),
            "by_month": _outreach_rows(analytics.breakdown(start, end, "month")),
            "heat_map": {
                "weekdays": [str(label) for _number, label in grid["weekdays"]],
                "hours": [f"{hour:02d} h" for hour in grid["hours"]],
                "matrix": grid["matrix"],
            },
            "entourage": {
                "direct": entourage["direct"],
                "entourage": entourage["entourage"],
                "by_kind": [
                    {"key": row["key"], "label": str(row["label"]), "count": row["count"]}
                    for row in entourage["by_kind"]
                ],
            },
        }
    return figures


def recommended_schedule(period):
    """The outreach app's recommended slots for the coming season, from the period's sessions (plain data)."""
    from outreach import analytics

    schedule = analytics.recommended_schedule(*period.range)
    return {
        "season": schedule["season"],
        "season_label": str(schedule["season_label"]),
        "slots": [
            {
                "place": slot["place"],
                "weekday": str(slot["weekday_label"]),
                "hour": f"{slot['hour']:02d} h",
                "sessions": slot["sessions"],
                "staff_hours": slot["staff_hours"],
                "reach": slot["reach"],
                "reach_per_staff_hour": slot["reach_per_staff_hour"],
                "pathway_entries": slot["pathway_entries"],
                "low_confidence": slot["low_confidence"],
            }
            for slot in schedule["slots"]
        ],
    }


# ---------------------------------------------------------------------------------------------------------------
# The whole report


def target_progress(programme, headline_rows):
    entered = next(row for row in headline_rows if row["key"] == "entered")["cumulated"]
    target = programme.target_youths if programme else 0
    return {"value": entered, "target": target, "percent": _share(entered, target)}


def compute(period, programme=None):
    """Every figure of the funder report for the period, as plain data (JSON-serialisable)."""
    from partners.models import Programme

    programme = programme or Programme.objects.current()
    programme_start = programme.start_date if programme else period.start
    with transaction.atomic():
        facts = materialise_facts(period, programme_start)
        rows = headline(facts, period, programme_start)
        figures = {
            "period": period.as_dict(),
            "previous_period": period.previous().as_dict(),
            "cumulated_period": period.cumulated_from(programme_start).as_dict(),
            "programme": _programme(programme),
            "headline": rows,
            "target": target_progress(programme, rows),
            "exits": exits_by_group(period),
            "funnel": funnel(facts, period),
            "breakdowns": breakdowns(facts, period),
            "barriers": barriers(period),
            "actions": actions(period),
            "durations": durations(facts, period),
            "outreach": outreach(period),
        }
    return figures


def _programme(programme):
    if programme is None:
        return None
    return {
        "name": programme.name,
        "funder": programme.funder,
        "territory": programme.territory,
        "target": programme.target_youths,
        "start": programme.start_date.isoformat(),
        "end": programme.end_date.isoformat(),
    }
