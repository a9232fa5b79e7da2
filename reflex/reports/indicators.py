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
from django.db.models import Avg, Count, ExpressionWrapper, F, Q, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from youths import figures

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
                "left out. Each young person counts once in each figure. The dashboard and the home pages use the "
                "same scope and show the funnel by today. Periods include their first and last day. Two screens "
                "count more widely, and say so: the outreach figures count every young person met, in the target "
                "or not (anonymous encounters have no age), and the young people list counts every record one may "
                "see."
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
            "retention",
            _("Job and training held at +3 and +6 months"),
            _(
                "For the exits to a job or training, the checks due by the end of the period 3 and 6 months after "
                "the exit: how many the referents recorded, and the share where the job or training held."
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
                "target number of young people; against the expected pace, the share of the target due by the end "
                "of the period were entries spread evenly over the programme; the projection, the number reached at "
                "the programme's end at the pace so far."
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
                "Young people having reached each stage or a later one by the end of the period, since the first "
                "records; each rate is the share of the previous stage that reached the next one. A young person "
                "who reached a later stage counts at every earlier one (engaged before the information notice was "
                "noted counts as identified), so no stage shows more young people than the one before it. Exited: "
                "young people with an exit recorded by the end of the period, each once, even if they came back."
            ),
        ),
        Definition(
            "lost",
            _("Lost contact (perdus de vue)"),
            _(
                "Young people whose contact was lost by the end of the period, noted on the record or by an exit "
                'whose outcome is "dropped out" or "lost contact" (whichever came last), with no contact since. '
                'The exits table counts the same exits of the period in the group "Dropped out / lost contact"; '
                "a young person met again since is no longer lost."
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
                "Contacts per staff-hour of outreach (anonymous encounters and named contacts: a young person met "
                "twice counts twice), how many of them were new, and how many of those met for the first time later "
                "started a pathway; the named young people met are also counted each once. Anonymous encounters "
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
    """The condition keeping a young person (reached through `prefix`, e.g. "pathway__youth__") in the counts: the
    programme's target (youths.figures.Scope.IN_TARGET)."""
    from youths.figures import Scope
    from youths.figures import in_scope as youths_in_scope

    return youths_in_scope(Scope.IN_TARGET, prefix)


def youths():
    from youths.models import Youth

    return Youth.objects.filter(in_scope())


def counted(facts, youth_field):
    """The condition keeping a row whose young person (`youth_field`, e.g. "pathway__youth_id") is in `facts`.

    The same young people as `in_scope()`, read from the small table of facts rather than from every record.
    """
    return Q(**{f"{youth_field}__in": facts.values("pk")})


def _youth_has(condition):
    """A condition on the young person, as a boolean column. Conditions on other tables are written
    `pk IN (uncorrelated subquery)`: PostgreSQL runs the subquery once and hashes it, where a correlated EXISTS may
    run once per young person (and, priced so, have the whole query JIT-compiled, which costs more than it runs)."""
    return ExpressionWrapper(condition, output_field=models.BooleanField())


def exited_in(period):
    """An exit recorded in the period, as a column of the young person."""
    from accompaniment.models import Exit

    return _youth_has(Q(pk__in=Exit.objects.filter(exited_on__range=period.range).values("pathway__youth_id")))


# The four headline stages: (key, the with_stage() date of the stage).
STAGE_DATES = [("identified", "identified_on"), ("mobilised", "mobilised_on"), ("entered", "pathway_started_on")]
HEADLINE_KEYS = ["identified", "mobilised", "entered", "exited"]


def _stage_counts(period, suffix=""):
    """Young people reaching each headline stage in the period (aggregates over the facts; exits: see
    `exit_totals()`)."""
    return {f"{key}{suffix}": Count("pk", filter=Q(**{f"{field}__range": period.range})) for key, field in STAGE_DATES}


def _exited_in_period():
    return {"exited": Count("pk", filter=Q(exited_in=True))}


# ---------------------------------------------------------------------------------------------------------------
# Sections


def materialise_facts(period):
    """One pass over the young people in scope: every per-person fact the youth indicators need.

    Computing them once, into a temporary table dropped at the end of the transaction, lets the headline, funnel,
    breakdown and duration aggregations read plain columns (see `YouthFacts`), and the other sections keep to the
    young people in scope by reading its ids. The exits are uncorrelated subqueries, hashed once; the age at first
    contact is computed once per young person (its band is a CASE over the stored age). Must run inside a
    transaction (`compute()` opens one).
    """
    from youths import figures

    from .models import YouthFacts

    queryset = (
        youths()
        .with_stage()
        .with_age()
        .annotate(
            lost_by_end=_youth_has(figures.lost_by(period.end)),
            exited_in=exited_in(period),
            reached_by_action=reached_by_action(period),
            **{f"by_{key}": expression for key, expression in _youth_dimensions().items()},
        )
        .order_by()
        .values(*(field.attname for field in YouthFacts._meta.concrete_fields))
    )
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(YouthFacts._meta.db_table)
    with connection.cursor() as cursor:
        # One round trip; dropping first lets one transaction compute twice.
        cursor.execute(
            f"DROP TABLE IF EXISTS pg_temp.{table}; CREATE TEMPORARY TABLE {table} ON COMMIT DROP AS {sql}", params
        )
    return YouthFacts.objects.all()


def youth_totals(facts, period, programme_start):
    """Every total over the young people, in one query: the headline counts (period, previous period, since the
    start), the funnel at the end of the period, the times between stages and the young people reached by actions.
    """
    previous, cumulated = period.previous(), period.cumulated_from(programme_start)
    return facts.aggregate(
        **_stage_counts(period),
        **_exited_in_period(),
        **_stage_counts(previous, "_p"),
        **_stage_counts(cumulated, "_c"),
        **_funnel_counts(period.end),
        **_duration_aggregates(period),
        reached=Count("pk", filter=Q(reached_by_action=True)),
    )


def exit_totals(facts, period, programme_start):
    """Every total over the exits until the end of the period, in one query: young people with an exit in the
    previous period, since the start and by the end of the period (the funnel), the time from the start of the
    pathway to the exit for the exits of the period, and the exits of the period by outcome group, each young person
    counted once with their latest exit of the period (`exit_group_<group>`, `exit_group_total`).

    The latest exit of the period is the first of its young person's exits of the period by date then id, newest
    first: a window over the same rows, one pass over the exits instead of a second query with DISTINCT ON. The ORM
    writes the rows (one per exit, with its flags); the sums over them are written here, as Django's aggregate()
    over a window rebuilds every aggregate for each one before it (tens of milliseconds for these seventeen).
    """
    from accompaniment.enums import ExitGroup
    from accompaniment.models import Exit, exit_group_expression

    previous, cumulated = period.previous(), period.cumulated_from(programme_start)
    youth = "pathway__youth_id"
    in_period = Q(exited_on__range=period.range)
    rows = (
        Exit.objects.filter(counted(facts, youth), exited_on__lte=period.end)
        .annotate(
            exit_youth=F(youth),
            days=DaysBetween(F("exited_on"), F("pathway__started_on")),
            in_period=_flag(in_period),
            in_previous=_flag(Q(exited_on__range=previous.range)),
            in_cumulated=_flag(Q(exited_on__range=cumulated.range)),
            exit_group=exit_group_expression(),
            rank_in_period=Window(
                RowNumber(),
                partition_by=[F(youth), _flag(in_period)],
                order_by=[F("exited_on").desc(), F("pk").desc()],
            ),
        )
        .order_by()
        .values("exit_youth", "days", "in_period", "in_previous", "in_cumulated", "exit_group", "rank_in_period")
    )
    latest = "in_period AND rank_in_period = 1"
    sums = {
        "exited_p": ("COUNT(DISTINCT exit_youth) FILTER (WHERE in_previous)", []),
        "exited_c": ("COUNT(DISTINCT exit_youth) FILTER (WHERE in_cumulated)", []),
        "funnel_exited": ("COUNT(DISTINCT exit_youth)", []),
        "entered_to_exited_n": ("COUNT(*) FILTER (WHERE in_period)", []),
        "entered_to_exited_avg": ("AVG(days) FILTER (WHERE in_period)", []),
        "entered_to_exited_median": ("PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE in_period)", []),
        "exit_group_total": (f"COUNT(*) FILTER (WHERE {latest})", []),
        **{
            f"exit_group_{group.value}": (f"COUNT(*) FILTER (WHERE {latest} AND exit_group = %s)", [group.value])
            for group in ExitGroup
        },
    }
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(expression for expression, _params in sums.values())} FROM ({sql}) AS exit",
            [*(param for _expression, sum_params in sums.values() for param in sum_params), *params],
        )
        totals = dict(zip(sums, cursor.fetchone(), strict=True))
    average = totals["entered_to_exited_avg"]
    totals["entered_to_exited_avg"] = None if average is None else float(average)  # numeric, as Avg() gave it
    return totals


def _flag(condition):
    return ExpressionWrapper(condition, output_field=models.BooleanField())


def headline(totals):
    """The four counts for the period, the previous period and since the start."""
    rows = []
    for key in HEADLINE_KEYS:
        value, before = totals[key], totals[f"{key}_p"]
        rows.append(
            {
                "key": key,
                "label": _label(key),
                "value": value,
                "previous": before,
                "change": _change(value, before),
                "cumulated": totals[f"{key}_c"],
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


def exits_by_group(totals):
    """Exits of the period by outcome group; each young person counted once, with their latest exit (counted by
    `exit_totals()`)."""
    from accompaniment.enums import CHECKED_EXIT_GROUPS, ExitGroup

    counts = {group: totals[f"exit_group_{group.value}"] for group in ExitGroup}
    total = totals["exit_group_total"]
    job_or_training = sum(counts[group] for group in CHECKED_EXIT_GROUPS)
    durable = counts[ExitGroup.DURABLE_JOB]
    return {
        "rows": [{"key": group.value, "label": str(group.label), "value": counts[group]} for group in ExitGroup],
        "total": total,
        "durable_job": durable,
        "durable_job_share": _share(durable, total),
        "job_or_training": job_or_training,
        "job_or_training_share": _share(job_or_training, total),
    }


FUNNEL_STEPS = list(figures.FUNNEL_KEYS)


def _funnel_counts(day):
    """Young people having reached each stage or a later one by `day`, and those who lost contact by the end of the
    period (aggregates over the facts, as youths.figures defines them for every screen)."""
    from youths import figures

    counts = figures.funnel_aggregates(day)
    counts["funnel_lost"] = Count("pk", filter=Q(lost_by_end=True))  # figures.lost_by(end), stored per young person
    return counts


def funnel(totals):
    """Young people having reached each stage by the end of the period (since the start of the records)."""
    rows = []
    for index, key in enumerate(FUNNEL_STEPS):
        value = totals[f"funnel_{key}"]
        before = totals[f"funnel_{FUNNEL_STEPS[index - 1]}"] if index else None
        rows.append(
            {"key": key, "label": _label(key), "value": value, "rate": _share(value, before) if index else None}
        )
    return {"rows": rows, "lost": totals["funnel_lost"]}


def _age_band():
    from youths.figures import age_band

    return age_band("age_at_first_contact")


OUT_OF_RANGE = "out_of_range"  # youths.figures.OUT_OF_RANGE
UNKNOWN = "unknown"
DIMENSION_KEYS = ["sex", "age_band", "residence", "qualification", "partner"]
EMPTY_ROWS = "none"  # the key of the line collapsing a breakdown's rows that count nobody


def _youth_dimensions():
    """The dimensions stored with each young person's facts, as expressions on the young person (the age band is
    derived from the stored `age_at_first_contact`, see `_dimension_columns()`)."""
    from partners.enums import NeighbourhoodKind

    return {
        "sex": F("sex"),
        "residence": Coalesce(F("neighbourhood__kind"), Value(NeighbourhoodKind.OTHER.value)),
        "qualification": F("qualification_level"),
        "partner": Coalesce(F("referent__organisation_id"), F("created_by_organisation_id")),
    }


def _dimension_columns():
    """{key: expression on the facts grouping young people by that dimension}, in DIMENSION_KEYS order."""
    return {key: _age_band() if key == "age_band" else F(f"by_{key}") for key in DIMENSION_KEYS}


def _dimension_rows():
    """{key: ordered [(value, label)] of the rows of that dimension's table}."""
    from outreach.enums import AgeBand
    from partners.enums import NeighbourhoodKind
    from partners.models import Organisation
    from youths.enums import QualificationLevel, Sex

    sexes = [(choice.value, str(choice.label)) for choice in Sex] + [("", str(_("Not stated")))]
    bands = [(choice.value, str(choice.label)) for choice in AgeBand if choice != AgeBand.UNKNOWN]
    bands += [(OUT_OF_RANGE, str(_("Outside 16–29 (to check)"))), (AgeBand.UNKNOWN.value, str(_("Unknown")))]
    residences = [
        (NeighbourhoodKind.QPV.value, str(_("QPV"))),
        (NeighbourhoodKind.QVA.value, str(_("QVA"))),
        (NeighbourhoodKind.OTHER.value, str(_("Elsewhere"))),
    ]
    levels = [(choice.value, str(choice.label)) for choice in QualificationLevel]
    # Full names, in a stable order (a funder does not know the acronyms).
    partners = [(organisation.pk, organisation.name) for organisation in Organisation.objects.order_by("name", "pk")]
    partners.append((None, str(_("No partner recorded"))))
    return {"sex": sexes, "age_band": bands, "residence": residences, "qualification": levels, "partner": partners}


def breakdowns(facts, period):
    """The four headline counts of the period by sex, age band, residence, qualification level and partner.

    One query groups the young people by the five dimensions at once; each table adds up its groups.
    """
    groups = list(
        facts.order_by()
        .annotate(**{f"group_{key}": expression for key, expression in _dimension_columns().items()})
        .values(*(f"group_{key}" for key in DIMENSION_KEYS))
        .annotate(**_stage_counts(period), **_exited_in_period())
    )
    result = []
    for key, choices in _dimension_rows().items():
        sums = {}
        for group in groups:
            counts = sums.setdefault(group[f"group_{key}"], dict.fromkeys(HEADLINE_KEYS, 0))
            for name in HEADLINE_KEYS:
                counts[name] += group[name]
        rows = []
        for value, label in choices:
            counts = sums.pop(value, dict.fromkeys(HEADLINE_KEYS, 0))
            rows.append({"key": value, "label": label, **counts})
        for value, counts in sums.items():  # a value the choices do not know (old data): still counted
            rows.append({"key": value, "label": str(value), **counts})
        # The rows counting nobody are collapsed to one line naming them, so a table never lists a column of zeros.
        empty = [row for row in rows if not any(row[k] for k in HEADLINE_KEYS)]
        rows = [row for row in rows if any(row[k] for k in HEADLINE_KEYS)]
        if empty:
            names = ", ".join(str(row["label"]) for row in empty)
            label = (
                _("None in the period: %(names)s") % {"names": names} if rows else _("No young person in the period")
            )
            rows.append({"key": EMPTY_ROWS, "label": str(label), **dict.fromkeys(HEADLINE_KEYS, 0)})
        totals = {k: sum(row[k] for row in rows) for k in HEADLINE_KEYS}
        result.append({"key": key, "label": _label(key), "rows": rows, "totals": totals})
    return result


def barriers(period, facts):
    """Barriers identified and barriers lifted during the period, by category."""
    from accompaniment.enums import BarrierCategory
    from accompaniment.models import Barrier

    counts = {
        row["category"]: row
        for row in Barrier.objects.filter(counted(facts, "pathway__youth_id"))
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
    """Actions starting in the period, not cancelled (young people in scope or not: see `actions()`)."""
    from accompaniment.enums import ActionStatus
    from accompaniment.models import Action

    return Action.objects.filter(starts_on__range=period.range).exclude(status=ActionStatus.CANCELLED)


def reached_by_action(period):
    """A young person with an individual action of the period, or taking part (not absent) in a collective one, as
    a column of the young person (two uncorrelated subqueries, hashed once)."""
    from accompaniment.enums import ActionKind, Attendance
    from accompaniment.models import Participation

    actions_in = _actions_in(period)
    individual = actions_in.filter(kind=ActionKind.INDIVIDUAL).values("pathway__youth_id")
    collective = (
        Participation.objects.filter(action__in=actions_in.filter(kind=ActionKind.COLLECTIVE).values("pk"))
        .exclude(attendance=Attendance.ABSENT)
        .values("youth_id")
    )
    return _youth_has(Q(pk__in=individual) | Q(pk__in=collective))


def actions(period, facts, totals):
    """Actions of the period by category (individual / collective) and by provider, with young people reached.

    Collective actions count whoever takes part; individual ones count for a young person in scope. One query
    groups them by category, kind, status and provider; both tables add up its groups.
    """
    from accompaniment.enums import ActionCategory, ActionKind, ActionStatus

    provider = ("provider_organisation_id", "provider_organisation__name", "provider_name")
    groups = (
        _actions_in(period)
        .filter(Q(kind=ActionKind.COLLECTIVE) | counted(facts, "pathway__youth_id"))
        .values("category", "kind", "status", *provider)
        .annotate(n=Count("pk"))
        # The partners' full names in the order of the partner breakdown, then the outside bodies by name.
        .order_by("provider_organisation__name", "provider_organisation_id", "provider_name")
    )
    by_category, by_provider = {}, {}
    for group in groups:
        counts = by_category.setdefault(group["category"], {"individual": 0, "collective": 0, "done": 0})
        counts[group["kind"]] += group["n"]
        counts["done"] += group["n"] if group["status"] == ActionStatus.DONE else 0
        key = tuple(group[name] for name in provider)
        by_provider[key] = by_provider.get(key, 0) + group["n"]
    category_rows = [
        {"key": category.value, "label": str(category.label), **by_category.get(category.value, {})}
        for category in ActionCategory
        if category.value in by_category
    ]
    provider_rows = [
        {
            "key": organisation_id or name,
            "label": full_name or name or str(_("Not stated")),
            "partner": organisation_id is not None,
            "actions": n,
        }
        # Partners first, outside bodies after, each in the database's order of names (a stable sort): the same
        # order from one report to the next, whatever the counts.
        for (organisation_id, full_name, name), n in sorted(by_provider.items(), key=lambda item: item[0][0] is None)
    ]
    return {
        "by_category": category_rows,
        "by_provider": provider_rows,
        "total": sum(row["individual"] + row["collective"] for row in category_rows),
        "youths_reached": totals["reached"],
    }


DURATION_SPANS = [
    ("contact_to_identified", _("First contact → identified"), "first_contact_on", "identified_on"),
    ("identified_to_mobilised", _("Identified → engaged"), "identified_on", "mobilised_on"),
    ("mobilised_to_entered", _("Engaged → pathway started"), "mobilised_on", "pathway_started_on"),
    ("contact_to_entered", _("First contact → pathway started"), "first_contact_on", "pathway_started_on"),
]


def _duration_aggregates(period):
    """Count, average and median of the days between two stages, for young people reaching the later stage during
    the period (aggregates over the facts)."""
    aggregates = {}
    for key, _label_text, earlier, later in DURATION_SPANS:
        condition = Q(**{f"{later}__range": period.range, f"{earlier}__isnull": False, f"{later}__gte": F(earlier)})
        days = DaysBetween(F(later), F(earlier))
        aggregates[f"{key}_n"] = Count("pk", filter=condition)
        aggregates[f"{key}_avg"] = Avg(days, filter=condition, output_field=models.FloatField())
        aggregates[f"{key}_median"] = Median(days, filter=condition)
    return aggregates


def durations(totals):
    """Average and median days between stages, for young people reaching the later stage during the period (and
    for the exits of the period, from the start of their pathway)."""
    spans = [*DURATION_SPANS, ("entered_to_exited", _("Pathway started → exit"), "pathway__started_on", "exited_on")]
    return [
        {
            "key": key,
            "label": str(label),
            "count": totals[f"{key}_n"],
            "average": _round(totals[f"{key}_avg"]),
            "median": _round(totals[f"{key}_median"]),
        }
        for key, label, _earlier, _later in spans
    ]


def _round(value):
    return None if value is None else round(value, 1)


OUTREACH_SUMMARY = [
    ("sessions", _("Outreach sessions held")),
    ("staff_hours", _("Staff-hours of presence")),
    ("encounters", _("Young people met (anonymous tallies)")),
    ("new_encounters", _("of whom new")),
    ("named_contacts", _("Named contacts")),
    ("new_youths", _("First contacts with a named young person")),
    ("reach", _("Contacts (anonymous encounters and named contacts)")),
    ("named_youths", _("Named young people met, each once")),
    ("reach_per_staff_hour", _("Contacts per staff-hour")),
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


def outreach_figures(period):
    """The outreach app's figures for the period: computed on first use, then read by every breakdown."""
    from outreach import analytics

    return analytics.OutreachFigures(*period.range)


def outreach(period, *, detailed=False, source=None):
    """Outreach effort and yield for the period, from the outreach app's analytics (plain data).

    The funder report shows the summary and the breakdowns by mode, season and neighbourhood; the outreach report
    (`detailed`) adds places, weekdays, hours of start, the weekday × hour grid and the entourage. `source`: the
    period's `outreach_figures()`, when the caller reads them for something else too.
    """
    source = source or outreach_figures(period)
    summary = source.summary()
    online = source.online_summary()
    figures = {
        "summary": [{"key": key, "label": str(label), "value": summary[key]} for key, label in OUTREACH_SUMMARY],
        "online": [{"key": key, "label": str(label), "value": online[key]} for key, label in ONLINE_SUMMARY],
        "by_mode": _outreach_rows(source.breakdown("mode")),
        "by_season": _outreach_rows(source.breakdown("season")),
        "by_neighbourhood": _outreach_rows(source.breakdown("neighbourhood")),
    }
    if detailed:
        grid = source.heat_map()
        entourage = source.entourage()
        figures |= {
            "by_place": _outreach_rows(source.places_ranked()),
            "by_weekday": _outreach_rows(source.breakdown("weekday")),
            "by_hour": _outreach_rows(source.breakdown("hour")),
            "by_month": _outreach_rows(source.breakdown("month")),
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


REPORT_SLOTS = 6  # the schedule's slots a report shows (the page shows more)


def recommended_schedule(period):
    """The outreach app's recommended schedule (outreach.schedule) for the month after the report's period, from the
    done sessions of the same season up to the period's end: the top slots with their expected yield per staff-hour,
    the sessions each rests on and its 80 % credible interval, exploration slots marked (plain data, place names
    only)."""
    from outreach import schedule

    month = schedule.month_period(schedule.next_month(period.end))
    plan = schedule.recommend(month, period.end, slots=REPORT_SLOTS)

    def row(slot):
        return {
            "place": slot["place"],
            "weekday": str(slot["weekday_label"]),
            "band": str(slot["band_label"]),
            "sessions": slot["sessions"],
            "expected": slot["expected"],
            "low": slot["low"],
            "high": slot["high"],
            "few_data": slot["few_data"],
            "exploration": slot["exploration"],
        }

    return {
        "month": month.key,
        "month_label": f"{month.start:%m/%Y}",
        "season_label": str(schedule.season_label(month.season)),
        "evidence_start": plan["evidence_start"].isoformat(),
        "evidence_sessions": plan["evidence_sessions"],
        "average": plan["prior_rate"],
        "slots": [row(slot) for slot in plan["slots"] + plan["exploration"]],
        "holidays": [
            {"label": special["label"], "start": f"{special['start']:%d/%m/%Y}", "end": f"{special['end']:%d/%m/%Y}"}
            for special in plan["specials"]
        ],
    }


# ---------------------------------------------------------------------------------------------------------------
# The whole report


def _retention(day):
    """Job and training exits still holding at +3 and +6 months (accompaniment/figures.py)."""
    from accompaniment.figures import retention

    return retention(day)


def target_progress(programme, headline_rows, period=None):
    """Pathways started since the programme's start against the target, and against the expected pace: the share of
    the target due by the end of the period if entries came evenly over the programme, and the number the programme
    would reach at its end at the pace so far (None without a programme or before it starts)."""
    entered = next(row for row in headline_rows if row["key"] == "entered")["cumulated"]
    target = programme.target_youths if programme else 0
    progress = {"value": entered, "target": target, "percent": _share(entered, target)}
    progress |= {"expected": None, "pace_percent": None, "projection": None}
    if programme and period and target:
        total_days = (programme.end_date - programme.start_date).days + 1
        elapsed = (min(period.end, programme.end_date) - programme.start_date).days + 1
        if total_days > 0 and elapsed > 0:
            expected = round(target * elapsed / total_days)
            progress |= {
                "expected": expected,
                "pace_percent": _share(entered, expected),
                "projection": round(entered * total_days / elapsed),
            }
    return progress


def compute(period, programme=None):
    """Every figure of the funder report for the period, as plain data (JSON-serialisable)."""
    from partners.models import Programme

    programme = programme or Programme.objects.current()
    programme_start = programme.start_date if programme else period.start
    # A transaction holds the temporary table of facts; inside a request's, no savepoint is needed for it.
    with transaction.atomic(savepoint=False):
        facts = materialise_facts(period)
        totals = youth_totals(facts, period, programme_start) | exit_totals(facts, period, programme_start)
        rows = headline(totals)
        figures = {
            "period": period.as_dict(),
            "previous_period": period.previous().as_dict(),
            "cumulated_period": period.cumulated_from(programme_start).as_dict(),
            "programme": _programme(programme),
            "headline": rows,
            "target": target_progress(programme, rows, period),
            "exits": exits_by_group(totals),
            "retention": _retention(period.end),
            "funnel": funnel(totals),
            "breakdowns": breakdowns(facts, period),
            "barriers": barriers(period, facts),
            "actions": actions(period, facts, totals),
            "durations": durations(totals),
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
