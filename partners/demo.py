"""Demo consortium of Nord-Isère: four partners, twelve professionals, a coordinator and a funder."""

from datetime import date

from .enums import NeighbourhoodKind, OrganisationKind, Role
from .models import Neighbourhood, Organisation, Programme, User

DEMO_PASSWORD = "reflex-demo-2026"  # noqa: S105 - demo accounts only, printed by `make run` (reflex.demo)
ORGANISATIONS = [
    ("Mission Locale Nord-Isère", "MLNI", OrganisationKind.MISSION_LOCALE, True, "mlnordisere.fr"),
    ("Association Tremplin Insertion", "Tremplin", OrganisationKind.INSERTION, False, "tremplin-insertion.fr"),
    ("Équipe Prévention Santé Jeunes", "Prév'Santé", OrganisationKind.HEALTH, False, "prevsante38.fr"),
    ("Plateforme Mobilité Porte de l'Isère", "Mobil'Isère", OrganisationKind.MOBILITY, False, "mobilisere.fr"),
]

NEIGHBOURHOODS = [
    ("Champ-Fleuri", "Bourgoin-Jallieu", NeighbourhoodKind.QPV, "QN03801M"),
    ("Champaret", "Bourgoin-Jallieu", NeighbourhoodKind.QPV, "QN03802M"),
    ("Mozas - Hameau de la Pierre", "Bourgoin-Jallieu", NeighbourhoodKind.QVA, ""),
    ("Saint-Bonnet - Les Roches", "Villefontaine", NeighbourhoodKind.QPV, "QN03803M"),
    ("Les Fougères", "Villefontaine", NeighbourhoodKind.QVA, ""),
    ("Saint-Hubert - Pierre-Louve", "L'Isle-d'Abeau", NeighbourhoodKind.QPV, "QN03804M"),
    ("Les Moines", "Saint-Quentin-Fallavier", NeighbourhoodKind.QVA, ""),
    ("Centre - Les Aubépines", "Chavanoz", NeighbourhoodKind.QPV, "QN03805M"),
]

# (first name, last name, organisation short name, job title)
PROFESSIONALS = [
    ("Karim", "Benali", "MLNI", "Conseiller en insertion"),
    ("Sophie", "Girard", "MLNI", "Conseillère en insertion"),
    ("Julien", "Faure", "MLNI", "Conseiller CEJ"),
    ("Nadia", "Haddad", "Tremplin", "Éducatrice spécialisée"),
    ("Thomas", "Roux", "Tremplin", "Animateur de rue"),
    ("Inès", "Mercier", "Tremplin", "Chargée d'insertion"),
    ("Léa", "Fontaine", "Prév'Santé", "Infirmière de prévention"),
    ("Mehdi", "Saïdi", "Prév'Santé", "Médiateur santé"),
    ("Camille", "Blanc", "Prév'Santé", "Psychologue"),
    ("Yanis", "Durand", "Mobil'Isère", "Conseiller mobilité"),
    ("Élodie", "Perrin", "Mobil'Isère", "Formatrice code de la route"),
    ("Samir", "Chevalier", "Mobil'Isère", "Conseiller mobilité"),
]


def _email(first_name, last_name, domain, suffix=""):
    from django.utils.text import slugify

    return f"{slugify(first_name)}.{slugify(last_name)}{suffix}@{domain}"


def _user(email, password_hash, **fields):
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.password = password_hash
        user.save(update_fields=["password"])
    return user


def seed(context):
    from django.contrib.auth.hashers import make_password

    password_hash = make_password(DEMO_PASSWORD)
    organisations = {}
    for name, short_name, kind, is_lead, domain in ORGANISATIONS:
        organisations[short_name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind, "is_lead": is_lead}
        )
        organisations[short_name].domain = domain

    Programme.objects.get_or_create(
        name="RéFLEX Nord-Isère – Repérer et mobiliser les publics invisibles",
        defaults={
            "funder": "État – Plan d'investissement dans les compétences (PIC)",
            "territory": "Communauté d'agglomération Porte de l'Isère et Chavanoz",
            "target_youths": 190,
            "start_date": date(2025, 9, 1),
            "end_date": date(2027, 8, 31),
        },
    )
    for name, town, kind, code in NEIGHBOURHOODS:
        Neighbourhood.objects.get_or_create(name=name, town=town, defaults={"kind": kind, "official_code": code})

    mlni = organisations["MLNI"]
    _user(
        "claire.morel@mlnordisere.fr",
        password_hash,
        first_name="Claire",
        last_name="Morel",
        organisation=mlni,
        role=Role.COORDINATOR,
        job_title="Coordinatrice du consortium",
    )
    _user(
        "financeur@isere.gouv.fr",
        password_hash,
        first_name="Marc",
        last_name="Lefèvre",
        role=Role.FUNDER,
        job_title="Chargé de mission, DDETS de l'Isère",
    )
    _user(
        "admin@reflex.local",
        password_hash,
        first_name="Admin",
        last_name="RéFLEX",
        organisation=mlni,
        role=Role.COORDINATOR,
        is_staff=True,
        is_superuser=True,
        is_data_protection_officer=True,  # produces the subject-access exports in the demo
    )
    for copy in range(context.scale):
        suffix = f".{copy + 1}" if copy else ""
        for first_name, last_name, short_name, job_title in PROFESSIONALS:
            organisation = organisations[short_name]
            _user(
                _email(first_name, last_name, organisation.domain, suffix),
                password_hash,
                first_name=first_name,
                last_name=last_name,
                organisation=organisation,
                role=Role.PROFESSIONAL,
                job_title=job_title,
            )
    context.say(f"Consortium: {Organisation.objects.count()} partners, {User.objects.count()} accounts.")
