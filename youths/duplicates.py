"""Finding the same person twice, and merging two records of one person.

`find_candidates(first_name=…, last_name=…, nickname=…, phone=…, email=…, birth_date=…, birth_year=…)` returns up
to `limit` `Candidate(youth, score, reasons)` ranked best first. A cheap SQL prefilter on the indexed normalised
columns (folded first/last names compared with every word typed, nickname, E.164 phone, lower-case e-mail, birth
date) keeps the search fast at 100,000 records; rapidfuzz then scores names order-insensitively.

`merge(kept, merged, by)` moves every row that points to `merged` (found generically through Youth's reverse
relations, so later apps' contacts, follow-ups and actions move without being imported here) to `kept`, fills
kept's empty fields from merged, lets later apps re-derive what the record copies from their rows (the merge steps,
below), marks `merged.merged_into = kept`, refreshes the stored funnel of both and records a `YouthMerge`.

Every copy about the kept record stays equal to a fresh computation: its referent (a merge step registered by
accompaniment: the referent of its open pathway, else of its latest), the stored funnel (`funnel.refresh`), the
outreach first contacts (outreach's signal on the saved `merged_into`) and the data version (its triggers see every
UPDATE).
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from . import funnel, identity
from .models import Youth, YouthMerge

PREFILTER_LIMIT = 500
THRESHOLD = 70
# Rows that document history about a record stay where they are during a merge (see _is_history).
KEEP_IN_PLACE = {"youths.youthmerge", "youths.funnelfacts"}  # the facts are recomputed instead
_merge_steps = []


def register_merge_step(step):
    """`step(kept, merged)` runs inside every merge once the rows have moved, before both records are saved: a later
    app sets on the records what they copy from its rows (accompaniment: the referent), without youths importing it."""
    if step not in _merge_steps:
        _merge_steps.append(step)


@dataclass
class Candidate:
    youth: Youth
    score: int
    reasons: list = field(default_factory=list)


def _words(*names):
    words = set()
    for name in names:
        folded = identity.fold(name)
        if folded:
            words.add(folded)
            words.update(folded.split())
    return words


def find_candidates(
    *,
    first_name="",
    last_name="",
    nickname="",
    phone="",
    email="",
    birth_date=None,
    birth_year=None,
    queryset=None,
    exclude_pk=None,
    limit=5,
):
    """Records that may be the same person, best first (see the module docstring)."""
    queryset = (Youth.objects.all() if queryset is None else queryset).current().filter(anonymised_at__isnull=True)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    words = _words(first_name, last_name, nickname)
    nick = identity.nickname_key(nickname)
    phone_key = identity.phone_key(phone)
    email_key = identity.email_key(email)
    condition = Q()
    if words:
        condition |= Q(first_name_key__in=words) | Q(last_name_key__in=words)
        condition |= Q(nickname_key__in={word.replace(" ", "") for word in words})
    if nick:
        condition |= Q(nickname_key=nick) | Q(first_name_key=nick)
    if phone_key:
        condition |= Q(phone_key=phone_key)
    if email_key:
        condition |= Q(email_key=email_key)
    if birth_date:
        condition |= Q(birth_date=birth_date)
    if not condition:
        return []
    rows = list(queryset.filter(condition).select_related("neighbourhood")[:PREFILTER_LIMIT])
    key = identity.name_key(first_name, last_name)
    candidates = []
    for youth in rows:
        score, reasons = _score(youth, key, nick, phone_key, email_key, birth_date, birth_year)
        if score >= THRESHOLD:
            candidates.append(Candidate(youth, score, reasons))
    candidates.sort(key=lambda candidate: (-candidate.score, candidate.youth.pk))
    return candidates[:limit]


def _keys(first_name="", last_name="", nickname="", phone="", email="", birth_date=None, birth_year=None):
    words = _words(first_name, last_name, nickname)
    return {
        "words": words,
        "joined": {word.replace(" ", "") for word in words},
        "nick": identity.nickname_key(nickname),
        "phone": identity.phone_key(phone),
        "email": identity.email_key(email),
        "birth_date": birth_date,
        "birth_year": birth_year,
        "name": identity.name_key(first_name, last_name),
    }


def _prefilter_matches(youth, keys):
    """The prefilter of `find_candidates`, on a record already read."""
    words, nick = keys["words"], keys["nick"]
    return bool(
        (words and (youth.first_name_key in words or youth.last_name_key in words))
        or (keys["joined"] and youth.nickname_key in keys["joined"])
        or (nick and nick in (youth.nickname_key, youth.first_name_key))
        or (keys["phone"] and youth.phone_key == keys["phone"])
        or (keys["email"] and youth.email_key == keys["email"])
        or (keys["birth_date"] and youth.birth_date == keys["birth_date"])
    )


def find_candidates_for_many(identities, *, limit=5, chunk=200):
    """`find_candidates` for many people at once (an import): one query per `chunk` people instead of one each.
    Returns one list of candidates per identity, in order."""
    results = []
    base = Youth.objects.current().filter(anonymised_at__isnull=True).select_related("neighbourhood")
    for start in range(0, len(identities), chunk):
        keyed = [_keys(**identity_data) for identity_data in identities[start : start + chunk]]
        words = set().union(*(keys["words"] for keys in keyed))
        nicks = {keys["nick"] for keys in keyed if keys["nick"]}
        condition = Q()
        if words:
            condition |= Q(first_name_key__in=words) | Q(last_name_key__in=words)
        joined = set().union(*(keys["joined"] for keys in keyed)) | nicks
        if joined:
            condition |= Q(nickname_key__in=joined)
        if nicks:
            condition |= Q(first_name_key__in=nicks)
        for field_name, key in (("phone_key", "phone"), ("email_key", "email"), ("birth_date", "birth_date")):
            values = {keys[key] for keys in keyed if keys[key]}
            if values:
                condition |= Q(**{f"{field_name}__in": values})
        rows = list(base.filter(condition)) if condition else []
        for keys in keyed:
            candidates = []
            for youth in rows:
                if not _prefilter_matches(youth, keys):
                    continue
                score, reasons = _score(
                    youth, keys["name"], keys["nick"], keys["phone"], keys["email"], keys["birth_date"],
                    keys["birth_year"],
                )  # fmt: skip
                if score >= THRESHOLD:
                    candidates.append(Candidate(youth, score, reasons))
            candidates.sort(key=lambda candidate: (-candidate.score, candidate.youth.pk))
            results.append(candidates[:limit])
    return results


def _score(youth, key, nick, phone_key, email_key, birth_date, birth_year):
    """0–100: the best of the name, nickname, phone and e-mail signals, nudged by the birth date."""
    reasons = []
    scores = [0]
    name_score = None
    if key and youth.name_key:
        name_score = fuzz.token_sort_ratio(key, youth.name_key)
        if len(key.split()) == 1 or len(youth.name_key.split()) == 1:
            # A first name alone against a full name: compare the words present on both sides.
            name_score = max(name_score, 0.85 * fuzz.token_set_ratio(key, youth.name_key))
        if name_score >= THRESHOLD:
            reasons.append(_("similar name"))
        scores.append(name_score)
    own_nick = youth.nickname_key
    if nick and own_nick:
        nick_score = fuzz.ratio(nick, own_nick)
        if nick_score >= 80:
            reasons.append(_("same or similar nickname"))
            # Nicknames repeat in a neighbourhood: when both records have names, the nickname only supports them.
            scores.append(nick_score if name_score is None else min(100, name_score + 15))
    elif nick and youth.first_name_key and fuzz.ratio(nick, youth.first_name_key.replace(" ", "")) >= 90:
        reasons.append(_("nickname like the first name"))
        scores.append(75)
    if phone_key and youth.phone_key == phone_key:
        reasons.append(_("same phone number"))
        scores.append(95)
    if email_key and youth.email_key == email_key:
        reasons.append(_("same e-mail"))
        scores.append(95)
    score = max(scores)
    if birth_date and youth.birth_date:
        if youth.birth_date == birth_date:
            reasons.append(_("same birth date"))
            score = min(100, score + 10) if score >= 50 else max(score, 55)
        else:
            score -= 15
    elif (birth_year or birth_date) and youth.known_birth_year:
        if youth.known_birth_year == (birth_date.year if birth_date else birth_year):
            score = min(100, score + 5)
        else:
            score -= 10
    return int(round(score)), reasons


def _is_history(model):
    """History rows stay with the record they describe: our merge log, and change-history event tables
    (django-pghistory's, recognised by their `pgh_` fields) — the moved rows get new events of their own."""
    if model._meta.label_lower in KEEP_IN_PLACE:
        return True
    return any(field.name.startswith("pgh_") for field in model._meta.concrete_fields)


def reverse_relations():
    """Every (model, field name) that points to Youth, hidden relations included, history tables excluded."""
    relations = []
    for rel in Youth._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        if _is_history(rel.related_model):
            continue
        if rel.many_to_many:
            through = rel.through
            for through_field in through._meta.get_fields():
                if getattr(through_field, "related_model", None) is Youth and through_field.concrete:
                    relations.append((through, through_field.name))
        else:
            relations.append((rel.related_model, rel.field.name))
    return list(dict.fromkeys(relations))


FILLABLE_FIELDS = (
    "first_name",
    "last_name",
    "nickname",
    "sex",
    "birth_date",
    "birth_year",
    "phone",
    "email",
    "social_handle",
    "neighbourhood",
    "town",
    "first_reached_via",
    "left_school_on",
    "situation_at_first_contact",
    "information_notice_given_on",
    "consent_channel",
    "referent",
)


@transaction.atomic
def merge(kept, merged, by):
    """Merge `merged` into `kept` (see the module docstring). Returns the YouthMerge."""
    if kept.pk == merged.pk:
        raise ValueError("A record cannot be merged into itself.")
    kept = Youth.objects.select_for_update().get(pk=kept.pk)
    merged = Youth.objects.select_for_update().get(pk=merged.pk)
    merge_institutions(kept, merged)
    moved = {}
    for model, field_name in reverse_relations():
        label = f"{model._meta.label_lower}.{field_name}"
        rows = model._base_manager.filter(**{field_name: merged})
        count = _move(rows, field_name, kept)
        if count["moved"] or count["left"]:
            moved[label] = count

    for name in FILLABLE_FIELDS:
        if not getattr(kept, name) and getattr(merged, name):
            setattr(kept, name, getattr(merged, name))
    if merged.qualification_level != "unknown" and kept.qualification_level == "unknown":
        kept.qualification_level = merged.qualification_level
    kept.first_contact_on = min(kept.first_contact_on, merged.first_contact_on)
    kept.shares_with_consortium = kept.shares_with_consortium or merged.shares_with_consortium
    if merged.notes:
        kept.notes = "\n\n".join(note for note in (kept.notes, merged.notes) if note)
    for step in _merge_steps:
        step(kept, merged)
    kept.save()
    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "referent"])
    funnel.refresh([kept.pk, merged.pk])  # rows moved by UPDATE: no signal told the funnel
    return YouthMerge.objects.create(kept=kept, merged=merged, by=by, moved=moved)


def _move(rows, field_name, kept):
    """Move rows in one UPDATE; on a uniqueness conflict, row by row, leaving conflicting rows on the old record."""
    try:
        with transaction.atomic():
            return {"moved": rows.update(**{field_name: kept}), "left": 0}
    except IntegrityError:
        pass
    moved = left = 0
    for pk in list(rows.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                rows.model._base_manager.filter(pk=pk).update(**{field_name: kept})
            moved += 1
        except IntegrityError:
            left += 1
    return {"moved": moved, "left": left}


def merge_institutions(kept, merged):
    """Institutions known on both records: keep the earliest "since" and the latest contact on the kept one."""
    from .models import InstitutionKnowledge

    kept_rows = {row.institution: row for row in InstitutionKnowledge.objects.filter(youth=kept)}
    for row in InstitutionKnowledge.objects.filter(youth=merged):
        own = kept_rows.get(row.institution)
        if own is None:
            continue
        own.since = min(filter(None, [own.since, row.since]), default=None)
        own.last_contact_on = max(filter(None, [own.last_contact_on, row.last_contact_on]), default=None)
        own.save()
        row.delete()
