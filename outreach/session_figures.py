"""Each done session as the analytics read it, and each young person's first named contact: stored, so that the
analytics (outreach/analytics.py) read one row per session instead of every session, staff link, tally and named
contact, and never rank every named contact again.

Two derived tables, refreshed when a row they derive from changes (as the youths app keeps its stored funnel,
youths/funnel.py: signals, and an explicit `refresh()` after bulk writes):
- `SessionFigures`, one row per done session: copies of the fields the analytics group and filter by (place, date,
  weekday, hour of start, month, mode), then what the session adds up to (duration × staff present, young people
  met: all, new, through the entourage and by kind of entourage, named contacts). Refreshed per session when the
  session, one of its tallies or named contacts is saved or deleted, when staff are added to or taken off it (from
  either side), and when a staff member is deleted.
- `FirstNamedContact`, one row per young person named at a done session: the first ever such contact (earliest
  session date, then start time, then the contact logged first). Refreshed per young person when one of their named
  contacts, or a session they were named at, is saved or deleted, and when a record is merged into another (the
  merge moves the contacts with an UPDATE, then saves the merged record's `merged_into`).

Whether the young person later entered a pathway is not stored here: the analytics read it from the stored funnel,
which other apps keep current.

Bulk writes that bypass signals (bulk_create, QuerySet.update, raw saves) call `refresh()` themselves
(outreach/demo.py); `stale()` compares the stored rows with the rows computed now (the outreach tests check it after
each test, the worker's daily check, reflex/reports/derived_check.py, repairs what differs).

Each refresh locks the rows its result is keyed on before it computes (sessions, then young people;
reflex/row_locks.py): a second writer of the same session waits for the first to commit and then counts its rows
(two tallies added at once add up). Migrations never call these refreshes.
"""

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from reflex.derived_data import DerivedCopy
from reflex.row_locks import lock_rows, lock_rows_where

from .enums import Channel, EntourageKind, SessionStatus

KIND_COLUMNS = tuple(f"entourage_{kind}" for kind in EntourageKind.values)
# The stored columns besides the session, in the order the computed rows give them.
COLUMNS = (
    "place_id",
    "date",
    "weekday",
    "hour",
    "month",
    "mode",
    "activity_attendance",
    "staff_minutes",
    "encounters",
    "new_encounters",
    "entourage_encounters",
    *KIND_COLUMNS,
    "named_contacts",
)


def _models():
    from youths.models import Youth

    from .models import EncounterTally, FirstNamedContact, NamedContact, OutreachSession, SessionFigures

    return {
        "youth": Youth,
        "session": OutreachSession,
        "staff": OutreachSession.staff.through,
        "tally": EncounterTally,
        "contact": NamedContact,
        "figures": SessionFigures,
        "first": FirstNamedContact,
    }


def _tables():
    return {name: connection.ops.quote_name(model._meta.db_table) for name, model in _models().items()}


def _ids(values):
    return sorted({value for value in values if value is not None})


# ---------------------------------------------------------------------------------------------------------------
# Computed afresh


def _computed_figures_sql(session_ids=None):
    """One row per done session (of `session_ids`, or all): its id, then COLUMNS in order. The weekday, hour and
    month are those the analytics group by."""
    table = _tables()
    scope, params = ("", []) if session_ids is None else ("AND session.id = ANY(%s)", [list(session_ids)])
    by_kind = "".join(
        ", COALESCE(SUM(count) FILTER (WHERE channel = %s AND entourage_kind = %s), 0)" for _kind in KIND_COLUMNS
    )
    sql = f"""
        SELECT session.id, session.place_id, session.date,
               EXTRACT(ISODOW FROM session.date)::integer,
               EXTRACT(HOUR FROM session.start_time)::integer,
               DATE_TRUNC('month', session.date::timestamp)::date,
               session.mode,
               COALESCE(session.activity_attendance, 0),
               session.duration_minutes
               * (SELECT COUNT(*) FROM {table["staff"]} AS link WHERE link.outreachsession_id = session.id),
               tally.*,
               (SELECT COUNT(*) FROM {table["contact"]} AS contact WHERE contact.session_id = session.id)
        FROM {table["session"]} AS session
        CROSS JOIN LATERAL (
            SELECT COALESCE(SUM(count), 0), COALESCE(SUM(new_count), 0),
                   COALESCE(SUM(count) FILTER (WHERE channel = %s), 0)
                   {by_kind}
            FROM {table["tally"]} WHERE session_id = session.id
        ) AS tally
        WHERE session.status = %s {scope}"""
    entourage = Channel.ENTOURAGE.value
    kinds = [value for kind in EntourageKind.values for value in (entourage, kind)]
    return sql, [entourage, *kinds, SessionStatus.DONE.value, *params]


def _youths_sql(youth_ids=None, session_ids=None):
    """The young people a first-contact refresh covers: these, or those named at these sessions or whose stored
    first contact is at one of them (None: everyone, no condition)."""
    table = _tables()
    if youth_ids is not None:
        return "SELECT unnest(%s::bigint[])", [list(youth_ids)]
    if session_ids is not None:
        return (
            f"SELECT youth_id FROM {table['contact']} WHERE session_id = ANY(%s) "
            f"UNION SELECT youth_id FROM {table['first']} WHERE session_id = ANY(%s)",
            [list(session_ids), list(session_ids)],
        )
    return None, []


def _computed_first_contacts_sql(youths_sql=None):
    """Each young person's first named contact at a done session: youth id, session id, session date."""
    table = _tables()
    scope = "" if youths_sql is None else f"AND contact.youth_id IN ({youths_sql})"
    sql = f"""
        SELECT DISTINCT ON (contact.youth_id) contact.youth_id, contact.session_id, session.date
        FROM {table["contact"]} AS contact
        JOIN {table["session"]} AS session ON session.id = contact.session_id
        WHERE session.status = %s {scope}
        ORDER BY contact.youth_id, session.date, session.start_time, contact.id"""
    return sql, [SessionStatus.DONE.value]


# ---------------------------------------------------------------------------------------------------------------
# Stored


def refresh_sessions(session_ids=None):
    """Recompute the stored figures of these sessions (every session when None): one statement."""
    if session_ids is not None:
        session_ids = _ids(session_ids)
        if not session_ids:
            return
    with transaction.atomic(savepoint=False):
        # A concurrent writer of the same session waits here, then computes from what this one committed
        # (reflex/row_locks.py).
        lock_rows(_models()["session"], session_ids)
        _write_sessions(session_ids)


def _write_sessions(session_ids):
    table = _tables()
    computed, params = _computed_figures_sql(session_ids)
    columns = ", ".join(COLUMNS)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in COLUMNS)
    stored = ", ".join(f"{table['figures']}.{name}" for name in COLUMNS)
    fresh = ", ".join(f"EXCLUDED.{name}" for name in COLUMNS)
    scope, scope_params = ("", []) if session_ids is None else ("session_id = ANY(%s) AND", [session_ids])
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH computed (session_id, {columns}) AS ({computed}),
            written AS (
                INSERT INTO {table["figures"]} (session_id, {columns}) SELECT * FROM computed
                ON CONFLICT (session_id) DO UPDATE SET {updates}
                WHERE ({stored}) IS DISTINCT FROM ({fresh})  -- unchanged rows are not rewritten
            )
            DELETE FROM {table["figures"]}
            WHERE {scope} session_id NOT IN (SELECT session_id FROM computed)""",
            [*params, *scope_params],
        )


def refresh_first_contacts(youth_ids=None, *, session_ids=None):
    """Recompute the stored first contact of these young people, or of those named at these sessions (everyone's
    when both are None): one statement."""
    if youth_ids is not None:
        youth_ids = _ids(youth_ids)
        if not youth_ids:
            return
    elif session_ids is not None:
        session_ids = _ids(session_ids)
        if not session_ids:
            return
    models = _models()
    with transaction.atomic(savepoint=False):
        # Sessions first, then the young people (reflex/row_locks.py); the young people named at these sessions are
        # read again by the computation, after the locks.
        youths, youths_params = _youths_sql(youth_ids, session_ids)
        if youth_ids is None:
            lock_rows(models["session"], session_ids)
        if youths is None:
            lock_rows(models["youth"])
        else:
            lock_rows_where(models["youth"], youths, youths_params)
        _write_first_contacts(youths, youths_params)


def _write_first_contacts(youths, youths_params):
    table = _tables()
    if youths is None:
        with_youths, scope = "", ""
        computed, params = _computed_first_contacts_sql()
    else:
        with_youths, scope = f"youths (youth_id) AS ({youths}),", "youth_id IN (SELECT youth_id FROM youths) AND"
        computed, params = _computed_first_contacts_sql("SELECT youth_id FROM youths")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH {with_youths}
            computed (youth_id, session_id, session_date) AS ({computed}),
            written AS (
                INSERT INTO {table["first"]} (youth_id, session_id, session_date) SELECT * FROM computed
                ON CONFLICT (youth_id) DO UPDATE
                SET session_id = EXCLUDED.session_id, session_date = EXCLUDED.session_date
                WHERE ({table["first"]}.session_id, {table["first"]}.session_date)
                    IS DISTINCT FROM (EXCLUDED.session_id, EXCLUDED.session_date)
            )
            DELETE FROM {table["first"]} WHERE {scope} youth_id NOT IN (SELECT youth_id FROM computed)""",
            [*youths_params, *params],
        )


def refresh():
    """Recompute every stored row (after bulk writes)."""
    refresh_sessions()
    refresh_first_contacts()


def _rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def stale():
    """Sessions and young people whose stored rows differ from those computed now (a consistency check):
    {"sessions": [ids], "youths": [ids]}."""
    table = _tables()
    stored_figures = _rows(f"SELECT session_id, {', '.join(COLUMNS)} FROM {table['figures']}")
    computed_figures = _rows(*_computed_figures_sql())
    stored_first = _rows(f"SELECT youth_id, session_id, session_date FROM {table['first']}")
    computed_first = _rows(*_computed_first_contacts_sql())

    def differing(stored, computed):
        return sorted(key for key in stored.keys() | computed.keys() if stored.get(key) != computed.get(key))

    return {"sessions": differing(stored_figures, computed_figures), "youths": differing(stored_first, computed_first)}


# ---------------------------------------------------------------------------------------------------------------
# Kept current


def _remember_before_change(sender, instance, raw=False, **kwargs):
    """A saved tally or contact may have moved to another session (or young person): remember where it was."""
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = ["session_id", "youth_id"] if sender is _models()["contact"] else ["session_id"]
    instance._stored_figures_before = sender._base_manager.filter(pk=instance.pk).values(*fields).first() or {}


def _tally_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = instance.__dict__.pop("_stored_figures_before", {})
    refresh_sessions([before.get("session_id"), instance.session_id])


def _contact_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = instance.__dict__.pop("_stored_figures_before", {})
    refresh_sessions([before.get("session_id"), instance.session_id])
    refresh_first_contacts([before.get("youth_id"), instance.youth_id])


def _session_saved(sender, instance, raw=False, **kwargs):
    """Its status, date or start time may have changed: its figures, and which contact is a first one."""
    if raw:
        return
    refresh_sessions([instance.pk])
    refresh_first_contacts(session_ids=[instance.pk])


def _session_deleted(sender, instance, **kwargs):
    """Its tallies and contacts went first (refreshing its rows while it still existed): its rows go now."""
    refresh_sessions([instance.pk])
    refresh_first_contacts(session_ids=[instance.pk])


def _staff_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Staff added to or taken off sessions, from either side (session.staff or user.outreach_sessions)."""
    if action == "pre_clear" and reverse:
        instance._stored_figures_sessions = set(instance.outreach_sessions.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        refresh_sessions(pk_set if reverse else [instance.pk])
    elif action == "post_clear":
        refresh_sessions(instance.__dict__.pop("_stored_figures_sessions", set()) if reverse else [instance.pk])


def _remember_staff_sessions(sender, instance, **kwargs):
    """A deleted user's staff links go in a cascade that sends no signal: remember their sessions."""
    staff = _models()["staff"]
    instance._stored_figures_sessions = set(
        staff.objects.filter(user_id=instance.pk).values_list("outreachsession_id", flat=True)
    )


def _staff_member_deleted(sender, instance, **kwargs):
    refresh_sessions(instance.__dict__.pop("_stored_figures_sessions", set()))


def _youth_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A merged record: its contacts were moved to the kept record by an UPDATE (youths.duplicates.merge)."""
    if raw or not instance.merged_into_id:
        return
    refresh_first_contacts([instance.pk, instance.merged_into_id])


def register():
    from youths.models import Youth

    models = _models()
    connections = [
        (pre_save, _remember_before_change, models["tally"]),
        (post_save, _tally_changed, models["tally"]),
        (post_delete, _tally_changed, models["tally"]),
        (pre_save, _remember_before_change, models["contact"]),
        (post_save, _contact_changed, models["contact"]),
        (post_delete, _contact_changed, models["contact"]),
        (post_save, _session_saved, models["session"]),
        (post_delete, _session_deleted, models["session"]),
        (m2m_changed, _staff_changed, models["staff"]),
        (pre_delete, _remember_staff_sessions, models["staff"].user.field.related_model),
        (post_delete, _staff_member_deleted, models["staff"].user.field.related_model),
        (post_save, _youth_saved, Youth),
    ]
    for signal, receiver, sender in connections:
        uid = f"outreach.session_figures.{receiver.__name__}.{sender._meta.label_lower}"
        signal.connect(receiver, sender=sender, dispatch_uid=uid, weak=False)


DERIVED_COPIES = [
    DerivedCopy("outreach.SessionFigures", stale=lambda: stale()["sessions"], repair=refresh_sessions),
    DerivedCopy("outreach.FirstNamedContact", stale=lambda: stale()["youths"], repair=refresh_first_contacts),
]
