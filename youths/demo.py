"""Demo young people of the Nord-Isère neighbourhoods: about 230 per unit of scale, at every stage of identity.

Partial identities (nickname only, birth year only), a few out of target, a few refusals of consent, and near-duplicate
pairs (name order, case, accents, phone formats) for the duplicate search to find. Deterministic (context.rng) and
idempotent: nothing is added when records exist. Records go in with bulk_create, keys computed beforehand.
"""

from datetime import date, timedelta

from partners.models import Neighbourhood, User

from .enums import ConsentChannel, FirstReachedVia, Institution, QualificationLevel, Sex, SituationAtFirstContact
from .models import InstitutionKnowledge, Youth

PER_SCALE = 230
BATCH = 2000
PROGRAMME_START = date(2025, 9, 1)

FEMALE = [
    "Inès",
    "Sarah",
    "Yasmine",
    "Camille",
    "Léa",
    "Manon",
    "Chaïma",
    "Aïcha",
    "Fatoumata",
    "Mariam",
    "Lina",
    "Nour",
    "Emma",
    "Jade",
    "Océane",
    "Kenza",
    "Sofia",
    "Melissa",
    "Rania",
    "Assia",
    "Élodie",
    "Anaïs",
    "Maëlys",
    "Hawa",
    "Khadija",
    "Salomé",
    "Zeynep",
    "Elif",
    "Ana",
    "Laura",
    "Imane",
    "Djeneba",
    "Clara",
    "Louna",
    "Amel",
    "Sabrina",
]
MALE = [
    "Mohamed",
    "Yanis",
    "Rayan",
    "Adam",
    "Ilyes",
    "Bilal",
    "Mehdi",
    "Kylian",
    "Enzo",
    "Lucas",
    "Théo",
    "Nathan",
    "Moussa",
    "Mamadou",
    "Sofiane",
    "Karim",
    "Hamza",
    "Amine",
    "Walid",
    "Ibrahim",
    "Kévin",
    "Dylan",
    "Jordan",
    "Anthony",
    "Emre",
    "Burak",
    "Tiago",
    "Rafael",
    "Hugo",
    "Maxime",
    "Samy",
    "Noah",
    "Issa",
    "Ousmane",
    "Killian",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Benali",
    "Haddad",
    "Diallo",
    "Traoré",
    "Koné",
    "Ben Salah",
    "Bouzid",
    "Cherif",
    "Mansouri",
    "Amrani",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Da Silva",
    "Ferreira",
    "Pereira",
    "Lopes",
    "Garcia",
    "Rodriguez",
    "Roux",
    "Fournier",
    "Girard",
    "Bonnet",
    "Lambert",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Nguyen",
    "Camara",
    "Sissoko",
    "Fofana",
    "Belkacem",
    "Meziane",
    "Hamidi",
    "Petit",
    "Durand",
    "Leroy",
    "Morel",
]
NICKNAMES = [
    "Zizou",
    "Mimi",
    "Bibi",
    "Sisi",
    "Nono",
    "Titi",
    "Lolo",
    "Kiki",
    "Jojo",
    "Dodo",
    "Fafa",
    "Moumou",
    "Le Grand",
    "Petit Mo",
    "Rayou",
    "Yaya",
    "Bilou",
    "Sofi",
    "Kéké",
    "Nanou",
    "Ptit Lu",
    "Doudou",
    "Babou",
    "Loulou",
    "Chacha",
    "Nassou",
    "Mams",
    "Tito",
    "Kenz",
    "Lyly",
    "Max",
    "Didi",
    "Sosso",
    "Minou",
    "Bichette",
    "Djidji",
    "Wawa",
]
OTHER_TOWNS = ["Vienne", "Lyon", "Saint-Priest", "La Verpillière", "Villefontaine", "Meyzieu"]
QUALIFICATIONS = [
    (QualificationLevel.NONE, 40),
    (QualificationLevel.LEVEL_3, 25),
    (QualificationLevel.LEVEL_4, 18),
    (QualificationLevel.LEVEL_5_PLUS, 4),
    (QualificationLevel.UNKNOWN, 13),
]


def _phone(rng):
    """A valid French mobile number: 06 xx or 07 60–99 (07 0x–5x are not mobile ranges)."""
    from .identity import phone_key

    while True:
        prefix = rng.choice(["06", "07"])
        second = rng.randint(10, 99) if prefix == "06" else rng.randint(60, 99)
        number = f"{prefix} {second} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if phone_key(number):
            return number


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _slug(text):
    from .identity import fold

    return fold(text).replace(" ", "")


def seed(context):
    if Youth.objects.exists():
        return
    rng, today = context.rng, context.today
    neighbourhoods = list(Neighbourhood.objects.filter(is_active=True).order_by("pk"))
    staff = list(User.objects.professionals().order_by("pk"))
    total = PER_SCALE * context.scale
    span = max((today - PROGRAMME_START).days, 1)
    youths = []
    for index in range(total):
        youths.append(_youth(rng, today, span, neighbourhoods, staff, index))
    youths.extend(_near_duplicates(rng, youths, max(3, total // 40), today))
    for youth in youths:
        youth.refresh_keys()
    Youth.objects.bulk_create(youths, batch_size=BATCH)
    _institutions(rng, youths)
    context.say(f"youths: {len(youths)} young people")


def _youth(rng, today, span, neighbourhoods, staff, index):
    sex = rng.choices([Sex.FEMALE, Sex.MALE, Sex.OTHER], weights=[44, 54, 2])[0]
    first_name = rng.choice(FEMALE if sex == Sex.FEMALE else MALE)
    last_name = rng.choice(LAST_NAMES)
    first_contact_on = PROGRAMME_START + timedelta(days=rng.randrange(span))
    # Ages 16–29 at first contact, a few outside the range (out of target, confirmed by the professional).
    age = rng.choices([rng.randint(16, 29), rng.choice([14, 15, 30, 31])], weights=[97, 3])[0]
    birth_date = first_contact_on - timedelta(days=365 * age + rng.randrange(365))
    out_of_target = not (16 <= age <= 29)
    author = rng.choice(staff) if staff else None
    neighbourhood = rng.choice(neighbourhoods) if neighbourhoods and rng.random() < 0.85 else None
    youth = Youth(
        first_name=first_name,
        last_name=last_name,
        nickname=rng.choice(NICKNAMES) if rng.random() < 0.3 else "",
        sex=sex,
        birth_date=birth_date,
        birth_year=birth_date.year,
        phone=_phone(rng),
        neighbourhood=neighbourhood,
        town=neighbourhood.town if neighbourhood else rng.choice(OTHER_TOWNS),
        first_contact_on=first_contact_on,
        first_reached_via=rng.choice(FirstReachedVia.values),
        qualification_level=_weighted(rng, QUALIFICATIONS),
        situation_at_first_contact=rng.choice(SituationAtFirstContact.values),
        out_of_target_confirmed=out_of_target,
        created_by=author,
        created_by_organisation=author.organisation if author else None,
    )
    if rng.random() < 0.25:
        youth.email = f"{_slug(first_name)}.{_slug(last_name)}{rng.randint(1, 99)}@exemple.fr"
    if rng.random() < 0.3:
        youth.social_handle = f"@{_slug(youth.nickname or first_name)}_{rng.randint(38, 99)}"
    if rng.random() < 0.5:
        youth.left_school_on = birth_date + timedelta(days=365 * rng.randint(16, 19))
        youth.left_school_on = min(youth.left_school_on, first_contact_on)
    if rng.random() < 0.82:
        youth.information_notice_given_on = min(
            today, first_contact_on + timedelta(days=rng.choice([0, 0, 7, 14, 21]))
        )
        youth.consent_channel = rng.choice(ConsentChannel.values)
        youth.shares_with_consortium = rng.random() < 0.8
    roll = rng.random()
    if roll < 0.12:
        # Met in the street: a nickname (or first name) only, a birth year at best.
        youth.last_name = youth.phone = youth.email = ""
        youth.birth_date = None
        youth.birth_year = youth.birth_year if rng.random() < 0.6 else None
        if rng.random() < 0.6:
            youth.nickname = youth.nickname or rng.choice(NICKNAMES)
            youth.first_name = ""
    elif roll < 0.16:
        # Refused that a record is kept: a pseudonymous record remains.
        youth.refused_consent = True
        youth.nickname = youth.nickname or rng.choice(NICKNAMES)
        youth.first_name = youth.last_name = youth.phone = youth.email = youth.social_handle = ""
        youth.birth_date = None
        youth.shares_with_consortium = False
        youth.information_notice_given_on = first_contact_on
    if rng.random() < 0.05 and first_contact_on < today - timedelta(days=120):
        youth.lost_contact_on = first_contact_on + timedelta(days=rng.randint(30, 90))
    return youth


def _near_duplicates(rng, youths, count, today):
    """Second records of the same people, as another partner would have typed them."""
    named = [youth for youth in youths if youth.first_name and youth.last_name and youth.phone]
    copies = []
    for original in rng.sample(named, min(count, len(named))):
        variant = rng.randrange(4)
        copy = Youth(
            first_name=original.first_name,
            last_name=original.last_name,
            nickname=original.nickname,
            sex=original.sex,
            neighbourhood=original.neighbourhood,
            town=original.town,
            first_contact_on=min(today, original.first_contact_on + timedelta(days=rng.randint(3, 40))),
            qualification_level=QualificationLevel.UNKNOWN,
            created_by=original.created_by,
            created_by_organisation=original.created_by_organisation,
        )
        if variant == 0:  # name order swapped, capitals
            copy.first_name, copy.last_name = original.last_name.upper(), original.first_name
        elif variant == 1:  # no accents, lower case, phone in international form
            from .identity import fold

            copy.first_name, copy.last_name = fold(original.first_name), fold(original.last_name)
            copy.phone = "+33 " + original.phone[1:]
        elif variant == 2:  # nickname and phone only
            copy.first_name = copy.last_name = ""
            copy.nickname = original.nickname or rng.choice(NICKNAMES)
            copy.phone = original.phone.replace(" ", "")
        else:  # a typo in the first name, same birth date
            copy.first_name = original.first_name[:-1] + ("e" if original.first_name[-1] != "e" else "a")
            copy.birth_date = original.birth_date
        copy.birth_year = copy.birth_date.year if copy.birth_date else original.birth_year
        copy.out_of_target_confirmed = original.out_of_target_confirmed
        copies.append(copy)
    return copies


def _institutions(rng, youths):
    rows = []
    for youth in youths:
        if youth.refused_consent or rng.random() > 0.45:
            continue
        for institution in rng.sample(Institution.values, rng.choice([1, 1, 2])):
            since = youth.first_contact_on - timedelta(days=rng.randint(30, 1500))
            rows.append(InstitutionKnowledge(youth=youth, institution=institution, since=since))
    InstitutionKnowledge.objects.bulk_create(rows, batch_size=BATCH)
