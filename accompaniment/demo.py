"""Demo accompaniment: pathways at every step for the demo young people, with barriers, actions, follow-ups, exits.

Reads the young people youths/demo.py created (nothing happens without them). About 60 % of the named young people
enter a pathway (a few several times), 15 % are engaged by follow-ups only; mobility and housing are the most
frequent barriers; every partner provides actions; collective actions have participants; exits of every group,
with their +3/+6 month checks. Deterministic (context.rng, context.today) and idempotent (nothing is added when
pathways exist). Rows go in with bulk_create in batches, so scale 100 (≈ 300,000 follow-ups) runs in minutes.
"""

import random
from bisect import bisect_right
from datetime import datetime, time, timedelta

from django.utils import timezone

from partners.enums import Role
from partners.models import Organisation, User
from youths.models import Youth

from .enums import (
    CHECKED_EXIT_GROUPS,
    EXIT_CHECK_MONTHS,
    EXIT_GROUP_OF_OUTCOME,
    ActionCategory,
    ActionKind,
    ActionStatus,
    AppointmentStatus,
    Attendance,
    BarrierCategory,
    BarrierStatus,
    ExitOutcome,
    FollowUpMode,
    PathwayStatus,
    ReminderChannel,
)
from .models import (
    Action,
    Appointment,
    Barrier,
    Exit,
    ExitCheck,
    FollowUp,
    Participation,
    Pathway,
    ReferentChange,
    ReminderConsent,
    Todo,
    add_months,
)

BATCH = 5000
BARRIER_WEIGHTS = [
    (BarrierCategory.MOBILITY, 30),
    (BarrierCategory.HOUSING, 24),
    (BarrierCategory.RESOURCES, 15),
    (BarrierCategory.CONFIDENCE, 12),
    (BarrierCategory.QUALIFICATION, 12),
    (BarrierCategory.DIGITAL, 9),
    (BarrierCategory.RIGHTS, 9),
    (BarrierCategory.HEALTH, 7),
    (BarrierCategory.LANGUAGE, 5),
    (BarrierCategory.CHILDCARE, 4),
    (BarrierCategory.JUSTICE, 3),
]
BARRIER_NOTES = {
    BarrierCategory.MOBILITY: ["Pas de permis, bus rare le soir", "Pas de véhicule, horaires décalés", ""],
    BarrierCategory.HOUSING: ["Hébergé chez un ami", "Hébergée chez sa tante, sur-occupation", "Demande FJT en cours"],
    BarrierCategory.RESOURCES: ["Aucun revenu", "Dettes de téléphone", ""],
    BarrierCategory.DIGITAL: ["Pas d'adresse e-mail", "Pas d'ordinateur", ""],
    BarrierCategory.RIGHTS: ["Pas de carte Vitale", "Titre de séjour à renouveler", ""],
    BarrierCategory.CONFIDENCE: ["Très isolé depuis la sortie du lycée", ""],
}
# (category, title, organisation short name or None, outside body, barrier category it addresses)
INDIVIDUAL_ACTIONS = [
    (ActionCategory.MOBILITY, "Permis B accompagné", "Mobil'Isère", "", BarrierCategory.MOBILITY),
    (ActionCategory.MOBILITY, "Location de scooter solidaire", "Mobil'Isère", "", BarrierCategory.MOBILITY),
    (ActionCategory.MOBILITY, "Aide au titre de transport", "MLNI", "", BarrierCategory.MOBILITY),
    (ActionCategory.HOUSING, "Demande de logement en FJT", None, "CLLAJ Nord-Isère", BarrierCategory.HOUSING),
    (ActionCategory.HOUSING, "Dossier FSL accès", "Tremplin", "", BarrierCategory.HOUSING),
    (ActionCategory.RIGHTS, "Ouverture des droits CSS", "Prév'Santé", "", BarrierCategory.RIGHTS),
    (ActionCategory.RIGHTS, "Demande de prime d'activité", None, "CAF de l'Isère", BarrierCategory.RESOURCES),
    (ActionCategory.HEALTH, "Bilan de santé", "Prév'Santé", "", BarrierCategory.HEALTH),
    (ActionCategory.HEALTH, "Orientation vers un psychologue", "Prév'Santé", "", BarrierCategory.HEALTH),
    (ActionCategory.DIGITAL, "Création de l'espace France Travail", "MLNI", "", BarrierCategory.DIGITAL),
    (ActionCategory.TRAINING, "Remise à niveau savoirs de base", None, "GRETA Nord-Isère", BarrierCategory.LANGUAGE),
    (ActionCategory.TRAINING, "Formation pré-qualifiante logistique", None, "AFPA", BarrierCategory.QUALIFICATION),
    (ActionCategory.WORK_PLACEMENT, "Immersion en entreprise (PMSMP)", "MLNI", "", BarrierCategory.QUALIFICATION),
    (ActionCategory.JOB_SEARCH, "Préparation aux entretiens", "Tremplin", "", BarrierCategory.CONFIDENCE),
    (ActionCategory.JOB_SEARCH, "Inscription au Contrat d'engagement jeune", "MLNI", "", None),
    (ActionCategory.CULTURE, "Chantier éducatif d'été", "Tremplin", "", BarrierCategory.CONFIDENCE),
    (
        ActionCategory.OTHER,
        "Recherche d'une place en crèche",
        None,
        "Relais petite enfance",
        BarrierCategory.CHILDCARE,
    ),
]
COLLECTIVE_ACTIONS = [
    (ActionCategory.WORKSHOP, "Atelier CV et lettre de motivation", "MLNI", ""),
    (ActionCategory.JOB_DATING, "Job dating logistique et transport", "MLNI", ""),
    (ActionCategory.JOB_DATING, "Job dating hôtellerie-restauration", None, "France Travail Bourgoin-Jallieu"),
    (ActionCategory.SPORT, "Futsal du jeudi soir", "Tremplin", ""),
    (ActionCategory.SPORT, "Randonnée au lac de Paladru", "Tremplin", ""),
    (ActionCategory.PREVENTION_DAY, "Journée prévention santé et addictions", "Prév'Santé", ""),
    (ActionCategory.WORKSHOP, "Atelier code de la route", "Mobil'Isère", ""),
    (ActionCategory.WORKSHOP, "Atelier budget et démarches en ligne", "Tremplin", ""),
]
FOLLOW_UP_MODES = [
    (FollowUpMode.OFFICE, 35),
    (FollowUpMode.PHONE, 25),
    (FollowUpMode.SMS, 12),
    (FollowUpMode.TRUCK, 8),
    (FollowUpMode.SOCIAL_NETWORK, 8),
    (FollowUpMode.HOME_VISIT, 7),
    (FollowUpMode.VIDEO, 5),
]
SUMMARIES = [
    "Point sur les démarches en cours, motivation en hausse.",
    "Travail sur le CV, projet dans la logistique.",
    "Échange sur le logement : dossier FJT complété ensemble.",
    "Relance après un rendez-vous manqué, reprise de contact.",
    "Préparation de l'immersion en entreprise.",
    "Bilan de la formation code : examen prévu le mois prochain.",
    "Accompagnement physique à la CAF pour les droits.",
    "Discussion sur le projet professionnel, pistes dans la restauration.",
    "Message de rappel du rendez-vous, réponse positive.",
    "Point sur le budget, aide pour une facture en retard.",
]
NEXT_STEPS = ["Envoyer le CV à trois entreprises", "Rapporter les justificatifs", "Rendez-vous à la CAF", ""]
CONFIDENTIAL_SUMMARIES = ["Situation familiale difficile, hébergement à sécuriser.", "Évoque un suivi en cours."]
REFERENT_CHANGE_REASONS = [
    "Départ du référent de la structure",
    "Projet santé : relais vers l'équipe de prévention",
    "Rééquilibrage des portefeuilles",
    "Demande du jeune",
]
# Every group appears; job and training exits dominate, as the programme aims.
EXIT_OUTCOMES = [
    (ExitOutcome.PERMANENT_CONTRACT, 6),
    (ExitOutcome.LONG_FIXED_TERM, 8),
    (ExitOutcome.BUSINESS_CREATION, 1),
    (ExitOutcome.SHORT_FIXED_TERM, 10),
    (ExitOutcome.SUBSIDISED_CONTRACT, 5),
    (ExitOutcome.APPRENTICESHIP, 7),
    (ExitOutcome.PROFESSIONALISATION, 3),
    (ExitOutcome.QUALIFYING_TRAINING, 9),
    (ExitOutcome.PREQUALIFYING_TRAINING, 6),
    (ExitOutcome.SCHOOL, 3),
    (ExitOutcome.CIVIC_SERVICE, 4),
    (ExitOutcome.REFERRAL, 6),
    (ExitOutcome.OTHER, 2),
    (ExitOutcome.DROPOUT, 5),
    (ExitOutcome.LOST_CONTACT, 5),
    (ExitOutcome.MOVED, 3),
]
# The two demo professionals people log in with get larger caseloads.
FEATURED_REFERENTS = ("karim.benali@mlnordisere.fr", "nadia.haddad@tremplin-insertion.fr")


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _batched_create(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


class _Seeder:
    def __init__(self, context):
        self.rng, self.today, self.context = context.rng, context.today, context
        self.staff = list(User.objects.professionals().filter(role=Role.PROFESSIONAL).order_by("pk"))
        featured = [user for user in self.staff if user.email in FEATURED_REFERENTS]
        self.referent_pool = self.staff + featured * 3
        self.organisations = {org.short_name: org for org in Organisation.objects.all()}
        self.coordinator = User.objects.filter(role=Role.COORDINATOR, is_superuser=False).order_by("pk").first()
        self.pathways, self.changes, self.barriers, self.actions, self.follow_ups = [], [], [], [], []
        self.action_barriers = []  # (action index, barrier index)
        self.exits = []  # (pathway index, exit)
        self.appointments, self.todos, self.consents, self.consenting = [], [], [], set()
        self.appointment_rng = random.Random(f"{context.seed}-appointments")

    def run(self, youths):
        rng, today = self.rng, self.today
        engaged = []
        for youth in youths:
            roll = rng.random()
            latest_start = today - timedelta(days=10)
            earliest_start = youth.first_contact_on + timedelta(days=14)
            if roll < 0.25 or earliest_start > latest_start:
                if roll >= 0.25 and youth.first_contact_on < today:
                    self._follow_ups(youth, None, youth.first_contact_on, today, count=rng.randint(1, 2))
                    engaged.append(youth)
                continue
            if roll < 0.40:  # engaged by follow-ups, not (yet) in a pathway
                self._follow_ups(youth, None, youth.first_contact_on, today, count=rng.randint(1, 4))
                engaged.append(youth)
                continue
            engaged.append(youth)
            start = earliest_start + timedelta(days=rng.randrange(max((latest_start - earliest_start).days, 1)))
            start = min(start, latest_start)
            self._follow_ups(youth, None, youth.first_contact_on, start, count=1)
            ends = rng.random() < 0.34 and (today - start).days > 60
            self._pathway(youth, start, ends=ends)
            if ends and rng.random() < 0.08:
                # Came back: a second pathway after the exit.
                exit_on = self.exits[-1][1].exited_on
                restart = exit_on + timedelta(days=rng.randint(20, 60))
                if restart < latest_start:
                    self._pathway(youth, restart, ends=False)
        self._save()
        self._collective(engaged)

    def _pathway(self, youth, start, *, ends):
        rng, today = self.rng, self.today
        referent = rng.choice(self.referent_pool) if self.staff else None
        if rng.random() < 0.01:
            referent = None  # awaiting assignment: shows on the coordinator's dashboard
        pathway = Pathway(
            youth=youth,
            referent=referent,
            started_on=start,
            planned_review_on=start + timedelta(days=rng.choice([60, 90, 120])),
            created_by=referent or self.coordinator,
        )
        index = len(self.pathways)
        self.pathways.append(pathway)
        self.changes.append(
            ReferentChange(pathway=pathway, changed_on=start, to_referent=referent, changed_by=pathway.created_by)
        )
        end = today
        if ends:
            length = rng.randint(60, 330)
            end = min(start + timedelta(days=length), today - timedelta(days=1))
            if len(self.exits) < len(EXIT_OUTCOMES):  # every outcome at least once, then as weighted
                outcome = EXIT_OUTCOMES[len(self.exits)][0]
            else:
                outcome = _weighted(rng, EXIT_OUTCOMES)
            pathway.status, pathway.ended_on = PathwayStatus.ENDED, end
            self.exits.append((index, Exit(pathway=pathway, exited_on=end, outcome=outcome, recorded_by=referent)))
        elif rng.random() < 0.1:
            pathway.status = PathwayStatus.PAUSED
            pathway.paused_on = today - timedelta(days=rng.randint(5, 40))
            pathway.paused_on = max(pathway.paused_on, start)
        if referent and rng.random() < 0.12 and (end - start).days > 40:
            successor = rng.choice(self.staff)
            if successor != referent:
                on = start + timedelta(days=rng.randint(20, (end - start).days - 10))
                self.changes.append(
                    ReferentChange(
                        pathway=pathway,
                        changed_on=on,
                        reason=rng.choice(REFERENT_CHANGE_REASONS),
                        from_referent=referent,
                        to_referent=successor,
                        changed_by=self.coordinator,
                    )
                )
                pathway.referent = successor
        youth.referent = pathway.referent
        self._barriers_and_actions(pathway, start, end)
        if not ends:
            # Most were seen lately; some were not, for longer than the programme's inactivity threshold.
            end = max(start, today - timedelta(days=rng.choice([0, 1, 2, 4, 7, 10, 15, 25, 40, 60, 80])))
        days = (end - start).days
        count = max(3, min(days // 5, 40) + rng.randint(-2, 2))  # more than weekly: calls, texts, meetings
        expects_them = pathway.status == PathwayStatus.ACTIVE and (today - end).days <= 25
        self._follow_ups(youth, pathway, start, end, count=count, last=expects_them)

    def _barriers_and_actions(self, pathway, start, end):
        rng = self.rng
        categories = {_weighted(rng, BARRIER_WEIGHTS) for _ in range(rng.choice([1, 2, 2, 3, 3, 4]))}
        by_category = {}
        for category in sorted(categories):
            identified = start + timedelta(days=rng.randint(0, 14))
            identified = min(identified, end)
            barrier = Barrier(
                pathway=pathway, category=category, identified_on=identified, created_by=pathway.referent
            )
            age = (end - identified).days
            roll = rng.random() + (0.3 if pathway.status == PathwayStatus.ENDED else 0)
            if age > 20 and roll > 0.65:
                barrier.status = BarrierStatus.LIFTED
                barrier.addressed_on = identified + timedelta(days=rng.randint(1, max(age // 3, 1)))
                barrier.lifted_on = min(barrier.addressed_on + timedelta(days=rng.randint(7, 90)), end)
            elif age > 7 and roll > 0.3:
                barrier.status = BarrierStatus.ADDRESSED
                barrier.addressed_on = identified + timedelta(days=rng.randint(1, min(age, 30)))
            if category not in (BarrierCategory.HEALTH, BarrierCategory.JUSTICE):
                barrier.notes = rng.choice(BARRIER_NOTES.get(category, [""]))
            by_category[category] = len(self.barriers)
            self.barriers.append(barrier)
        candidates = [entry for entry in INDIVIDUAL_ACTIONS if entry[4] in categories or entry[4] is None]
        for category, title, org, outside, addresses in rng.sample(
            candidates, min(len(candidates), rng.randint(1, 4))
        ):
            begins = min(start + timedelta(days=rng.randint(3, 60)), end)
            status = ActionStatus.DONE if (end - begins).days > 30 else ActionStatus.PLANNED
            if rng.random() < 0.07:
                status = ActionStatus.CANCELLED
            action = Action(
                kind=ActionKind.INDIVIDUAL,
                pathway=pathway,
                category=category,
                title=title,
                provider_organisation=self.organisations.get(org) if org else None,
                provider_name=outside if not org or org not in self.organisations else "",
                status=status,
                starts_on=begins,
                created_by=pathway.referent,
            )
            if not action.provider_organisation_id and not action.provider_name:
                action.provider_name = org or outside
            self.actions.append(action)
            if addresses in by_category:
                self.action_barriers.append((len(self.actions) - 1, by_category[addresses]))

    def _follow_ups(self, youth, pathway, start, end, *, count, last=False):
        rng, today = self.rng, self.today
        span = max((end - start).days, 1)
        referent = pathway.referent if pathway else None
        for number in range(count):
            on = start + timedelta(days=round(span * (number + rng.random()) / count))
            on = min(on, today)
            author = referent if referent and rng.random() < 0.8 else rng.choice(self.staff)
            confidential = referent is not None and author == referent and rng.random() < 0.05
            follow_up = FollowUp(
                youth=youth,
                pathway=pathway,
                happened_on=on,
                mode=_weighted(rng, FOLLOW_UP_MODES),
                duration_minutes=rng.choice([10, 15, 20, 30, 45, 45, 60, 90]),
                author=author,
                summary=rng.choice(CONFIDENTIAL_SUMMARIES if confidential else SUMMARIES),
                next_step=rng.choice(NEXT_STEPS),
                confidential=confidential,
            )
            self.follow_ups.append(follow_up)
            if last and number == count - 1:
                self._appointments(youth, pathway, follow_up)

    def _appointments(self, youth, pathway, follow_up):
        """The latest exchange of an active pathway set the next appointment, often this week; earlier ones were
        attended, some missed; its next step is a to-do. A random generator of their own, so that adding them left
        the rest of the demo as it was."""
        rng, today = self.appointment_rng, self.today
        staff = follow_up.author
        hours = [9, 10, 11, 14, 15, 16]
        for back in (rng.randint(20, 40), rng.randint(3, 15)):
            day = today - timedelta(days=back)
            status = AppointmentStatus.MISSED if rng.random() < 0.25 else AppointmentStatus.ATTENDED
            self.appointments.append(
                Appointment(
                    youth=youth,
                    pathway=pathway,
                    staff=staff,
                    starts_at=_at(day, rng.choice(hours), 0),
                    status=status,
                    status_changed_at=_at(day, 18),
                    status_changed_by=staff,
                    created_by=staff,
                )
            )
        if youth.phone and youth.pk not in self.consenting and rng.random() < 0.6:
            self.consenting.add(youth.pk)
            # Most young people reachable by phone agreed to a text message the day before their appointments.
            self.consents.append(ReminderConsent(youth=youth, channel=ReminderChannel.SMS, recorded_by=staff))
        upcoming = today + timedelta(days=rng.randint(0, 12))
        self.appointments.append(
            Appointment(
                youth=youth,
                pathway=pathway,
                staff=staff,
                starts_at=_at(upcoming, rng.choice(hours), 30),
                mode=rng.choice([FollowUpMode.OFFICE, FollowUpMode.OFFICE, FollowUpMode.PHONE, FollowUpMode.TRUCK]),
                follow_up=follow_up,
                created_by=staff,
            )
        )
        if follow_up.next_step:
            self.todos.append(
                Todo(
                    youth=youth,
                    owner=staff,
                    title=follow_up.next_step,
                    due_on=today + timedelta(days=rng.randint(-5, 14)),
                    confidential=follow_up.confidential,
                    follow_up=follow_up,
                )
            )

    def _save(self):
        _batched_create(Pathway, self.pathways)
        for change in self.changes:
            change.pathway_id = change.pathway.pk
        _batched_create(ReferentChange, self.changes)
        for barrier in self.barriers:
            barrier.pathway_id = barrier.pathway.pk
        _batched_create(Barrier, self.barriers)
        for action in self.actions:
            action.pathway_id = action.pathway.pk
        _batched_create(Action, self.actions)
        through = Action.barriers.through
        _batched_create(
            through,
            [through(action_id=self.actions[a].pk, barrier_id=self.barriers[b].pk) for a, b in self.action_barriers],
        )
        for follow_up in self.follow_ups:
            follow_up.pathway_id = follow_up.pathway.pk if follow_up.pathway else None
        _batched_create(FollowUp, self.follow_ups)
        for row in (*self.appointments, *self.todos):
            row.follow_up_id = row.follow_up.pk if row.follow_up else None
            row.pathway_id = row.pathway.pk if getattr(row, "pathway", None) else None
        _batched_create(Appointment, self.appointments)
        _batched_create(Todo, self.todos)
        _batched_create(ReminderConsent, self.consents)
        exits = []
        for index, exit in self.exits:
            exit.pathway_id = self.pathways[index].pk
            exits.append(exit)
        _batched_create(Exit, exits)
        checks = []
        for exit in exits:
            if EXIT_GROUP_OF_OUTCOME[ExitOutcome(exit.outcome)] not in CHECKED_EXIT_GROUPS:
                continue
            for months in EXIT_CHECK_MONTHS:
                check = ExitCheck(exit=exit, months=months, due_on=add_months(exit.exited_on, months))
                if check.due_on < self.today - timedelta(days=30) and self.rng.random() < 0.85:
                    check.held = self.rng.random() < 0.7
                    check.checked_on = check.due_on + timedelta(days=self.rng.randint(0, 9))
                    check.checked_by = exit.recorded_by
                checks.append(check)
        _batched_create(ExitCheck, checks)
        youths = {pathway.youth.pk: pathway.youth for pathway in self.pathways}
        Youth.objects.bulk_update(youths.values(), ["referent"], batch_size=BATCH)

    def _collective(self, engaged):
        rng, today = self.rng, self.today
        if not engaged:
            return
        actions, participations = [], []
        count = len(COLLECTIVE_ACTIONS) * 2 * self.context.scale
        for number in range(count):
            category, title, org, outside = COLLECTIVE_ACTIONS[number % len(COLLECTIVE_ACTIONS)]
            on = today + timedelta(days=rng.randint(-420, 30))
            actions.append(
                Action(
                    kind=ActionKind.COLLECTIVE,
                    category=category,
                    title=title,
                    provider_organisation=self.organisations.get(org) if org else None,
                    provider_name=outside if not org or org not in self.organisations else "",
                    status=ActionStatus.DONE if on < today else ActionStatus.PLANNED,
                    starts_on=on,
                    created_by=rng.choice(self.staff) if self.staff else None,
                )
            )
        for action in actions:
            if not action.provider_organisation and not action.provider_name:
                action.provider_name = "Partenaire"
        _batched_create(Action, actions)
        engaged = sorted(engaged, key=lambda youth: (youth.first_contact_on, youth.pk))
        contact_days = [youth.first_contact_on for youth in engaged]
        for action in actions:
            met = engaged[: bisect_right(contact_days, action.starts_on)]  # met before the action
            for youth in rng.sample(met, min(len(met), rng.randint(4, 14))):
                if action.status == ActionStatus.DONE:
                    attendance = Attendance.PRESENT if rng.random() < 0.78 else Attendance.ABSENT
                else:
                    attendance = Attendance.REGISTERED
                participations.append(
                    Participation(action=action, youth=youth, attendance=attendance, added_by=action.created_by)
                )
        _batched_create(Participation, participations)


def seed(context):
    if Pathway.objects.exists() or FollowUp.objects.exists():
        return
    youths = list(
        Youth.objects.filter(merged_into__isnull=True, refused_consent=False, anonymised_at__isnull=True)
        .exclude(first_name="", nickname="")
        .filter(lost_contact_on__isnull=True, first_contact_on__lte=context.today)
        .order_by("pk")
    )
    if not youths:
        return
    seeder = _Seeder(context)
    if not seeder.staff:
        return
    seeder.run(youths)
    context.say(
        f"accompaniment: {len(seeder.pathways)} pathways, {len(seeder.follow_ups)} follow-ups, "
        f"{len(seeder.exits)} exits"
    )
