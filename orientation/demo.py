"""Demo directory: a few services around Nord-Isère (two of them run by consortium partners, with a contact person)
and orientations of some open barriers, a few of them overdue."""

import datetime

from accompaniment.models import Barrier
from partners.models import Organisation, User

from .enums import OrientationStatus
from .models import Orientation, Service, Structure

RIGHTS = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
JUSTICE = "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"
HOUSING = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
# (structure, town, postcode, address, partner short name or None, service, themes, modes, hours, what to bring)
SERVICES = [
    (
        "Plateforme Mobilité Porte de l'Isère",
        "Bourgoin-Jallieu",
        "38300",
        "5 avenue Henri Barbusse",
        "Mobil'Isère",
        "Préparer son permis (code et conduite)",
        ["mobilite--preparer-un-permis"],
        ["en-presentiel"],
        "Lundi au vendredi, 9h-12h et 14h-17h",
        "Pièce d'identité, justificatif de domicile",
    ),
    (
        "Équipe Prévention Santé Jeunes",
        "Villefontaine",
        "38090",
        "2 place Robert Schuman",
        "Prév'Santé",
        "Point écoute santé jeunes",
        ["sante--acces-aux-soins", "sante--sante-mentale"],
        ["en-presentiel", "a-distance"],
        "Mardi et jeudi, 13h30-18h",
        "Carte vitale si vous l'avez",
    ),
    (
        "CPAM de l'Isère — accueil de Bourgoin",
        "Bourgoin-Jallieu",
        "38300",
        "12 rue de la Libération",
        None,
        "Ouverture des droits santé (C2S)",
        [RIGHTS],
        ["en-presentiel", "a-distance"],
        "Sur rendez-vous, du lundi au vendredi",
        "Pièce d'identité, RIB, avis d'imposition",
    ),
    (
        "Résidence Habitat Jeunes Les Tisserands",
        "L'Isle-d'Abeau",
        "38080",
        "8 rue des Tisserands",
        None,
        "Logement temporaire pour jeunes de 18 à 30 ans",
        [HOUSING],
        ["en-presentiel"],
        "Lundi au vendredi, 9h-17h",
        "Pièce d'identité, dernières ressources",
    ),
    (
        "Point-justice Nord-Isère",
        "Bourgoin-Jallieu",
        "38300",
        "Maison de la justice et du droit",
        None,
        "Consultation juridique gratuite",
        [JUSTICE],
        ["en-presentiel"],
        "Mercredi, 9h-12h, sur rendez-vous",
        "Les courriers reçus",
    ),
]


def seed(context):
    if Structure.objects.exists():
        return
    partners = {organisation.short_name: organisation for organisation in Organisation.objects.all()}
    services = []
    for structure_name, town, postcode, address, partner, name, themes, modes, hours, bring in SERVICES:
        organisation = partners.get(partner)
        structure = Structure.objects.create(
            name=structure_name, town=town, postcode=postcode, address=address, organisation=organisation
        )
        contact = (
            User.objects.filter(organisation=organisation, is_active=True, role="professional").order_by("pk").first()
            if organisation
            else None
        )
        services.append(
            Service.objects.create(
                structure=structure,
                name=name,
                themes=themes,
                modes=modes,
                hours=hours,
                what_to_bring=bring,
                contact_person=contact,
            )
        )
    orientations = 0
    barriers = Barrier.objects.open().filter(pathway__status="active").select_related("pathway").order_by("pk")
    for index, barrier in enumerate(barriers[:40]):
        matching = [service for service in services if barrier.category in service.barrier_categories]
        if not matching:
            continue
        oriented_on = max(barrier.identified_on, context.today - datetime.timedelta(days=context.rng.randint(2, 40)))
        status = context.rng.choice([OrientationStatus.SENT, OrientationStatus.ACCEPTED, OrientationStatus.DONE])
        Orientation.objects.create(
            barrier=barrier,
            service=matching[index % len(matching)],
            oriented_on=oriented_on,
            expected_answer_on=oriented_on + datetime.timedelta(days=14),
            status=status,
            answered_on=None if status == OrientationStatus.SENT else oriented_on,
            oriented_by=barrier.pathway.referent,
        )
        orientations += 1
    context.say(f"orientation: {len(services)} services, {orientations} orientations")
