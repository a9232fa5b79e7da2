"""Demo outreach of Nord-Isère: places in every neighbourhood, sessions since the programme started with weekly and
seasonal patterns, tallies, named contacts of the demo young people, online outreach and the coming planning.

The patterns are there so that the analytics show an answer: sports grounds on summer evenings, malls on winter
afternoons, school exits outside the holidays, Wednesday afternoons everywhere, Monday mornings seldom worth it.
About 90 done sessions per unit of scale (≈ 8,000 at scale 100), inserted with bulk_create. Deterministic
(context.rng, context.today) and idempotent: nothing is added once sessions exist.
"""

from bisect import bisect_left
from datetime import time, timedelta

from partners.models import Neighbourhood, Programme, User

from . import session_figures
from .enums import (
    AgeBand,
    Channel,
    ContactKind,
    ContactOutcome,
    EntourageKind,
    OnlineKind,
    PlaceKind,
    Platform,
    SessionMode,
    SessionStatus,
    TallySex,
    Weather,
)
from .models import (
    EncounterTally,
    NamedContact,
    OnlineOutreach,
    OutreachSession,
    Place,
    Relay,
    SessionSeries,
    minutes_between,
)

SESSIONS_PER_SCALE = 90
ONLINE_PER_SCALE = 40
BATCH = 2000

# (name, kind, index of the neighbourhood in partners.demo.NEIGHBOURHOODS order, latitude, longitude)
PLACES = [
    ("City stade de Champ-Fleuri", PlaceKind.SPORTS_GROUND, 0, "45.5905", "5.2853"),
    ("Place Jean-Moulin", PlaceKind.SQUARE, 0, "45.5889", "5.2822"),
    ("Sortie du lycée L'Oiselet", PlaceKind.SCHOOL_EXIT, 1, "45.5958", "5.2690"),
    ("Square de Champaret", PlaceKind.SQUARE, 1, "45.5972", "5.2730"),
    ("Gare de Bourgoin-Jallieu", PlaceKind.TRANSPORT_HUB, 2, "45.5860", "5.2740"),
    ("Stade des Fougères", PlaceKind.SPORTS_GROUND, 4, "45.6100", "5.1490"),
    ("Centre commercial Saint-Bonnet", PlaceKind.MALL, 3, "45.6140", "5.1530"),
    ("Parvis de la médiathèque", PlaceKind.SQUARE, 3, "45.6127", "5.1502"),
    ("Centre commercial Les Halles", PlaceKind.MALL, 5, "45.6150", "5.2310"),
    ("Gare de L'Isle-d'Abeau", PlaceKind.TRANSPORT_HUB, 5, "45.6080", "5.2290"),
    ("City stade Pierre-Louve", PlaceKind.SPORTS_GROUND, 5, "45.6190", "5.2250"),
    ("Sortie du collège Les Moines", PlaceKind.SCHOOL_EXIT, 6, "45.6400", "5.1080"),
    ("Place du marché de Chavanoz", PlaceKind.SQUARE, 7, "45.7770", "5.1780"),
    ("Espace jeunes des Aubépines", PlaceKind.PARTNER_SITE, 7, "45.7790", "5.1810"),
]

# Slots the teams use: (place kind, ISO weekday, start, end, mode).
SLOTS = [
    (PlaceKind.SQUARE, 3, time(14, 0), time(17, 0), SessionMode.TRUCK),
    (PlaceKind.SPORTS_GROUND, 3, time(14, 0), time(17, 0), SessionMode.ON_FOOT),
    (PlaceKind.SPORTS_GROUND, 5, time(18, 0), time(21, 0), SessionMode.ON_FOOT),
    (PlaceKind.SPORTS_GROUND, 2, time(18, 0), time(20, 30), SessionMode.TRUCK),
    (PlaceKind.MALL, 6, time(14, 0), time(17, 0), SessionMode.ON_FOOT),
    (PlaceKind.MALL, 3, time(15, 0), time(18, 0), SessionMode.ON_FOOT),
    (PlaceKind.SCHOOL_EXIT, 2, time(16, 0), time(18, 0), SessionMode.TRUCK),
    (PlaceKind.SCHOOL_EXIT, 4, time(16, 0), time(18, 0), SessionMode.TRUCK),
    (PlaceKind.TRANSPORT_HUB, 1, time(9, 0), time(11, 30), SessionMode.TRUCK),
    (PlaceKind.TRANSPORT_HUB, 4, time(17, 0), time(19, 0), SessionMode.ON_FOOT),
    (PlaceKind.SQUARE, 1, time(10, 0), time(12, 0), SessionMode.ON_FOOT),
    (PlaceKind.PARTNER_SITE, 5, time(14, 0), time(17, 0), SessionMode.PARTNER_EVENT),
]

ACTIVITIES = ["Tournoi de foot", "Atelier CV express", "Stand prévention santé", "Quiz code de la route", ""]


def _season_factor(kind, month, weekday, hour):
    """How many young people a slot reaches per staff-hour, relative: the pattern the analytics should reveal."""
    summer, winter = month in (6, 7, 8), month in (12, 1, 2)
    school_holidays = month in (7, 8)
    factor = 1.0
    if kind == PlaceKind.SPORTS_GROUND:
        factor = 2.4 if summer and hour >= 18 else 1.6 if summer or month in (5, 9) else 0.5 if winter else 1.0
    elif kind == PlaceKind.MALL:
        factor = 2.0 if winter else 1.4 if month in (11, 3) else 0.6 if summer else 1.0
    elif kind == PlaceKind.SCHOOL_EXIT:
        factor = 0.2 if school_holidays else 1.5
    elif kind == PlaceKind.TRANSPORT_HUB:
        factor = 0.8 if hour < 12 else 1.2
    elif kind == PlaceKind.SQUARE:
        factor = 0.7 if winter else 1.3
    if weekday == 3 and 14 <= hour < 18:
        factor *= 1.5  # Wednesday afternoons: no school in the afternoon for many
    if weekday == 1 and hour < 12:
        factor *= 0.4  # Monday mornings
    return factor


def seed(context):
    if OutreachSession.objects.exists():
        return
    rng, today, scale = context.rng, context.today, context.scale
    places = _places()
    staff = list(User.objects.professionals().order_by("pk"))
    if not places or not staff:
        return
    programme = Programme.objects.current()
    first_day = min(programme.start_date if programme else today, today - timedelta(days=365))
    _territory()
    sessions = _done_sessions(rng, today, first_day, places, staff, SESSIONS_PER_SCALE * scale)
    _contacts(rng, sessions)
    _relays(rng, places)
    _online(rng, today, first_day, staff, ONLINE_PER_SCALE * scale)
    upcoming = _upcoming(rng, today, places, staff, min(scale, 20))
    session_figures.refresh()  # the bulk writes above sent no signal
    context.say(
        f"outreach: {len(places)} places, {len(sessions)} sessions logged, {upcoming} planned, "
        f"{NamedContact.objects.count()} named contacts"
    )


def _territory():
    """The demo neighbourhoods' outlines (invented shapes around the demo places, not the official ones), imported as
    a coordinator would (outreach.territory checks the file)."""
    from pathlib import Path

    from . import territory
    from .models import TerritoryOutline

    if not TerritoryOutline.objects.exists():
        content = (Path(__file__).parent / "demo_data" / "quartiers-demo.geojson").read_bytes()
        TerritoryOutline.objects.create(name="Quartiers de démonstration", areas=territory.parse(content))


def _places():
    neighbourhoods = list(Neighbourhood.objects.order_by("pk"))
    if not neighbourhoods:
        return []
    places = []
    for name, kind, index, latitude, longitude in PLACES:
        place, _ = Place.objects.get_or_create(
            name=name,
            neighbourhood=neighbourhoods[index % len(neighbourhoods)],
            defaults={"kind": kind, "latitude": latitude, "longitude": longitude},
        )
        places.append(place)
    return places


def _slot_day(rng, first_day, today, weekday):
    span = (today - first_day).days
    day = first_day + timedelta(days=rng.randrange(span))
    return day + timedelta(days=(weekday - day.isoweekday()) % 7)


def _weather(rng, month):
    if month in (12, 1, 2):
        return rng.choice([Weather.COLD, Weather.RAIN, Weather.CLOUDY, Weather.SUNNY])
    if month in (6, 7, 8):
        return rng.choice([Weather.SUNNY, Weather.HOT, Weather.SUNNY, Weather.CLOUDY])
    return rng.choice([Weather.SUNNY, Weather.CLOUDY, Weather.RAIN, ""])


def _done_sessions(rng, today, first_day, places, staff, count):
    by_kind = {}
    for place in places:
        by_kind.setdefault(place.kind, []).append(place)
    sessions, plans = [], []
    while len(sessions) < count:
        kind, weekday, start, end, mode = rng.choice(SLOTS)
        day = _slot_day(rng, first_day, today, weekday)
        if day >= today or kind not in by_kind:
            continue
        team = rng.sample(staff, k=min(len(staff), rng.choice([2, 2, 3])))
        factor = _season_factor(kind, day.month, weekday, start.hour)
        session = OutreachSession(
            date=day,
            start_time=start,
            end_time=end,
            duration_minutes=minutes_between(start, end),
            place=rng.choice(by_kind[kind]),
            mode=mode,
            status=SessionStatus.CANCELLED if rng.random() < 0.04 else SessionStatus.DONE,
            weather=_weather(rng, day.month),
            activity=rng.choice(ACTIVITIES) if mode == SessionMode.PARTNER_EVENT or rng.random() < 0.2 else "",
        )
        if session.activity and session.status == SessionStatus.DONE:
            session.activity_attendance = rng.randint(3, 18)
        sessions.append(session)
        plans.append((team, factor))
    OutreachSession.objects.bulk_create(sessions, batch_size=BATCH)
    staff_links, org_links, tallies = [], [], []
    StaffLink, OrgLink = OutreachSession.staff.through, OutreachSession.organisations.through
    for session, (team, factor) in zip(sessions, plans, strict=True):
        staff_links += [StaffLink(outreachsession_id=session.pk, user_id=member.pk) for member in team]
        org_ids = {member.organisation_id for member in team if member.organisation_id}
        org_links += [OrgLink(outreachsession_id=session.pk, organisation_id=org) for org in sorted(org_ids)]
        if session.status == SessionStatus.DONE:
            tallies += _tallies(rng, session, factor * len(team) * session.duration_minutes / 60)
    StaffLink.objects.bulk_create(staff_links, batch_size=BATCH)
    OrgLink.objects.bulk_create(org_links, batch_size=BATCH)
    EncounterTally.objects.bulk_create(tallies, batch_size=BATCH)
    return [session for session in sessions if session.status == SessionStatus.DONE]


def _tallies(rng, session, expected_per_session):
    """About 0.9 young people per staff-hour at factor 1, split in a few lines."""
    met = max(0, round(rng.gauss(expected_per_session * 0.9, expected_per_session * 0.25)))
    tallies = []
    while met > 0:
        count = min(met, rng.randint(1, 6))
        met -= count
        entourage = rng.random() < 0.25
        tallies.append(
            EncounterTally(
                session=session,
                count=count,
                new_count=sum(rng.random() < 0.4 for _ in range(count)),
                channel=Channel.ENTOURAGE if entourage else Channel.DIRECT,
                entourage_kind=rng.choice(EntourageKind.values) if entourage else "",
                age_band=rng.choices(AgeBand.values, weights=[15, 60, 20, 5])[0],
                sex=rng.choices(TallySex.values, weights=[35, 45, 20])[0],
            )
        )
    return tallies


def _contacts(rng, sessions):
    """Demo young people met in person get a first named contact at a session close to their first contact date,
    and some of them one or two repeat contacts at later sessions."""
    from youths.enums import FirstReachedVia
    from youths.models import Youth

    youths = list(
        Youth.objects.filter(first_reached_via__in=[FirstReachedVia.OUTREACH_SESSION, FirstReachedVia.ENTOURAGE])
        .order_by("pk")
        .values_list("pk", "first_contact_on", "first_reached_via")
    )
    if not youths or not sessions:
        return
    sessions = sorted(sessions, key=lambda session: (session.date, session.pk))
    dates = [session.date for session in sessions]
    contacts, seen = [], set()
    for youth_id, first_contact_on, reached_via in youths:
        index = bisect_left(dates, first_contact_on)
        if index >= len(sessions) or (dates[index] - first_contact_on).days > 21:
            continue
        visits = [index]
        for _ in range(rng.choices([0, 1, 2], weights=[45, 35, 20])[0]):
            later = visits[-1] + rng.randint(1, 12)
            if later < len(sessions):
                visits.append(later)
        for order, position in enumerate(visits):
            session = sessions[position]
            if (session.pk, youth_id) in seen:
                continue
            seen.add((session.pk, youth_id))
            outcome = rng.choices(ContactOutcome.values, weights=[50, 25, 15, 10])[0]
            contacts.append(
                NamedContact(
                    session=session,
                    youth_id=youth_id,
                    kind=ContactKind.FIRST if order == 0 else ContactKind.REPEAT,
                    channel=Channel.ENTOURAGE
                    if reached_via == FirstReachedVia.ENTOURAGE and order == 0
                    else Channel.DIRECT,
                    outcome=outcome,
                )
            )
    NamedContact.objects.bulk_create(contacts, batch_size=BATCH)


# Demo relays: labels, never a person's identity (kind, label, index of the place they are usually met at or None).
RELAYS = (
    (EntourageKind.SHOPKEEPER, "La boulangère de la place", 0),
    (EntourageKind.COACH, "L'entraîneur des U17", 1),
    (EntourageKind.SIBLING, "Le grand frère du bâtiment C", 2),
    (EntourageKind.YOUTH_WORKER, "L'animateur de la MJC", 3),
    (EntourageKind.PARENT, "Une mère du conseil citoyen", None),
    (EntourageKind.FRIEND, "Les amis du city stade", 1),
)


def _relays(rng, places):
    """A few relays, recorded on about half the tallies and named contacts that came through the entourage."""
    relays = Relay.objects.bulk_create(
        Relay(kind=kind, label=label, place=places[index % len(places)] if index is not None else None)
        for kind, label, index in RELAYS
    )
    by_kind = {relay.kind: relay for relay in relays}
    tallies = list(
        EncounterTally.objects.filter(channel=Channel.ENTOURAGE).order_by("pk").only("pk", "entourage_kind")
    )
    for tally in tallies:
        if tally.entourage_kind in by_kind and rng.random() < 0.5:
            tally.relay = by_kind[tally.entourage_kind]
    EncounterTally.objects.bulk_update([tally for tally in tallies if tally.relay_id], ["relay"], batch_size=BATCH)
    contacts = list(NamedContact.objects.filter(channel=Channel.ENTOURAGE).order_by("pk").only("pk"))
    for contact in contacts:
        if rng.random() < 0.5:
            relay = rng.choice(relays)
            contact.relay, contact.entourage_kind = relay, relay.kind
    NamedContact.objects.bulk_update(
        [contact for contact in contacts if contact.relay_id], ["relay", "entourage_kind"], batch_size=BATCH
    )


def _online(rng, today, first_day, staff, count):
    from youths.enums import FirstReachedVia
    from youths.models import Youth

    span = (today - first_day).days
    items, teams = [], []
    for _ in range(count):
        day = first_day + timedelta(days=rng.randrange(span))
        start = time(rng.choice([12, 17, 18, 19, 20]), rng.choice([0, 30]))
        end = time(start.hour + 1, start.minute)
        messages = rng.randint(5, 40)
        replies = rng.randint(0, messages // 2)
        items.append(
            OnlineOutreach(
                date=day,
                start_time=start,
                end_time=end,
                duration_minutes=minutes_between(start, end),
                platform=rng.choices(Platform.values, weights=[30, 30, 15, 10, 5, 5, 5])[0],
                kind=rng.choice(OnlineKind.values),
                messages_sent=messages,
                replies=replies,
                contacts_generated=rng.randint(0, max(replies // 2, 0)),
            )
        )
        teams.append(rng.sample(staff, k=1))
    OnlineOutreach.objects.bulk_create(items, batch_size=BATCH)
    StaffLink = OnlineOutreach.staff.through
    StaffLink.objects.bulk_create(
        [
            StaffLink(onlineoutreach_id=item.pk, user_id=member.pk)
            for item, team in zip(items, teams, strict=True)
            for member in team
        ],
        batch_size=BATCH,
    )
    online_youths = list(
        Youth.objects.filter(first_reached_via=FirstReachedVia.SOCIAL_NETWORK)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    YouthLink = OnlineOutreach.youths.through
    links = {(rng.choice(items).pk, youth_id) for youth_id in online_youths if rng.random() < 0.5}
    YouthLink.objects.bulk_create(
        [YouthLink(onlineoutreach_id=item_id, youth_id=youth_id) for item_id, youth_id in sorted(links)],
        batch_size=BATCH,
    )


def _upcoming(rng, today, places, staff, copies):
    """The coming six weeks: weekly series on the slots that work in the season, as planned sessions."""
    winter = today.month in (11, 12, 1, 2)
    wanted = (
        [(PlaceKind.MALL, 6, time(14, 0), time(17, 0)), (PlaceKind.SQUARE, 3, time(14, 0), time(17, 0))]
        if winter
        else [(PlaceKind.SPORTS_GROUND, 5, time(18, 0), time(21, 0)), (PlaceKind.SQUARE, 3, time(14, 0), time(17, 0))]
    )
    wanted.append((PlaceKind.SCHOOL_EXIT, 2, time(16, 0), time(18, 0)))
    created = 0
    StaffLink = OutreachSession.staff.through
    for copy in range(copies):
        for kind, weekday, start, end in wanted:
            candidates = [place for place in places if place.kind == kind]
            if not candidates:
                continue
            first = today + timedelta(days=(weekday - today.isoweekday()) % 7 or 7)
            days = [first + timedelta(weeks=week) for week in range(6)]
            series = SessionSeries.objects.create(starts_on=days[0], until=days[-1])
            place = candidates[copy % len(candidates)]
            team = rng.sample(staff, k=min(len(staff), 2))
            sessions = OutreachSession.objects.bulk_create(
                [
                    OutreachSession(
                        date=day,
                        start_time=start,
                        end_time=end,
                        duration_minutes=minutes_between(start, end),
                        place=place,
                        mode=SessionMode.TRUCK,
                        series=series,
                    )
                    for day in days
                ]
            )
            StaffLink.objects.bulk_create(
                [StaffLink(outreachsession_id=s.pk, user_id=member.pk) for s in sessions for member in team]
            )
            created += len(sessions)
    return created
