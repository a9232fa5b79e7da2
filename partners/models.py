from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import NeighbourhoodKind, OrganisationKind, Role
from .logos import validate_logo


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind, default=OrganisationKind.OTHER)
    is_lead = models.BooleanField(_("lead partner"), default=False)
    logo = models.ImageField(
        _("logo for reports"),
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG or JPEG, at most 2 MB and 16 million pixels."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.short_name or self.name


class ProgrammeQuerySet(models.QuerySet):
    def current(self):
        """The programme the application runs: there is one per installation."""
        return self.order_by("-start_date").first()


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    target_youths = models.PositiveIntegerField(_("target number of young people"), default=190)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), default=29)
    inactivity_threshold_days = models.PositiveIntegerField(
        _("inactivity threshold (days)"),
        default=45,
        help_text=_("A young person without contact for longer than this appears in the referent's alerts."),
    )
    caseload_target = models.PositiveSmallIntegerField(
        _("caseload target per referent"),
        default=20,
        help_text=_(
            "Young people in an open pathway a full-time referent follows well; above it, the dashboard flags "
            "an overload."
        ),
    )
    reminder_text = models.CharField(
        _("appointment reminder text"),
        max_length=300,
        default="Rappel : rendez-vous le {date} à {heure}, {lieu}. Un empêchement ? Appelez votre référent·e.",
        help_text=_(
            "Sent the day before to young people who agreed. {date}, {heure} and {lieu} are replaced; write nothing "
            "about the person or their situation."
        ),
    )
    invisibility_threshold_days = models.PositiveIntegerField(
        _("invisibility threshold (days)"),
        default=150,
        help_text=_("Unknown to or inactive with the public employment service for at least this long."),
    )
    # The information notice shown to a young person on the field screen (GDPR art. 13), and its easy-to-read
    # version ("facile à lire et à comprendre"); empty: the default texts of partners/notice.py.
    information_notice = models.TextField(_("information notice"), blank=True)
    information_notice_easy = models.TextField(_("information notice, easy-to-read version"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="programme_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(max_age__gte=models.F("min_age")), name="programme_age_range"),
        ]

    def __str__(self):
        return self.name

    REMINDER_FIELDS = ("date", "heure", "lieu")

    def clean(self):
        import string

        if self.reminder_text:
            try:
                names = {name for _text, name, _spec, _conv in string.Formatter().parse(self.reminder_text) if name}
            except ValueError:
                names = {"?"}
            if names - set(self.REMINDER_FIELDS):
                raise ValidationError({"reminder_text": _("Use only {date}, {heure} and {lieu} between braces.")})
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})
        if self.min_age and self.max_age and self.max_age < self.min_age:
            raise ValidationError({"max_age": _("The maximum age must not be below the minimum age.")})


class Neighbourhood(models.Model):
    name = models.CharField(_("name"), max_length=200)
    town = models.CharField(_("town"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=NeighbourhoodKind, default=NeighbourhoodKind.QPV)
    official_code = models.CharField(_("official code"), max_length=20, blank=True)
    is_active = models.BooleanField(_("in the programme"), default=True)

    class Meta:
        ordering = ["town", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [models.UniqueConstraint(fields=["town", "name"], name="unique_neighbourhood_per_town")]

    def __str__(self):
        return f"{self.name} ({self.town})"


class UserQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def professionals(self):
        """Staff who can refer young people and log outreach: professionals and coordinators."""
        return self.active().filter(role__in=[Role.PROFESSIONAL, Role.COORDINATOR]).select_related("organisation")

    def as_choices(self):
        """[(id, name)] sorted by name, read as plain values: a department's staff lists build in milliseconds."""
        rows = self.order_by("last_name", "first_name", "pk").values_list("pk", "first_name", "last_name", "email")
        return [(pk, f"{first} {last}".strip() or email) for pk, first, last, email in rows]

    def named(self, ids):
        """{id: account} of these accounts, read by primary key for their names: lists that name their authors
        (follow-ups, referent changes) read them this way rather than joining the whole staff table."""
        ids = set(ids) - {None}
        if not ids:
            return {}
        return self.only("first_name", "last_name", "email", "is_active").in_bulk(ids)

    def attach_to(self, objects_and_fields):
        """Set the accounts that each object names in `fields`, from (object, fields) pairs, in one query."""
        pairs = list(objects_and_fields)
        accounts = self.named(getattr(obj, f"{field}_id") for obj, fields in pairs for field in fields)
        for obj, fields in pairs:
            for field in fields:
                setattr(obj, field, accounts.get(getattr(obj, f"{field}_id")))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.COORDINATOR)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.PROFESSIONAL)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    is_data_protection_officer = models.BooleanField(
        _("data-protection officer"),
        default=False,
        help_text=_(
            "Produces the young people's subject-access exports, confidential notes included. "
            "Named by an administrator."
        ),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name

    @property
    def is_coordinator(self):
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def is_professional(self):
        return self.is_active and self.role == Role.PROFESSIONAL

    @property
    def is_funder(self):
        return self.is_active and self.role == Role.FUNDER

    @property
    def is_named_data_protection_officer(self):
        """The person an administrator named to answer the young people's requests for their data."""
        return self.is_active and self.is_data_protection_officer

    @property
    def is_field_staff(self):
        """Coordinators and professionals: the people who meet and follow young people."""
        return self.is_active and self.role in (Role.COORDINATOR, Role.PROFESSIONAL)
