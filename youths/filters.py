"""The list page's filters (django-filter). They read the SQL annotations of `with_stage()` and `with_age()`, which
come from the stored funnel facts.

Only ids and codes travel in the query string, except the free search `q` (see youths/README.md: the search text is
redacted from the server's request log by `youths.logging.RedactSearchText`).
"""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Neighbourhood, Organisation
from partners.staff_options import referent_options, referent_options_html
from reflex.data_version import remembered
from reflex.widgets import PrebuiltOptionsSelect, QuickSelect

from .enums import QualificationLevel, Sex, Stage
from .figures import AGE_BANDS  # one definition of the age bands
from .models import FunnelFacts, Youth

ALL = _("Any")
# Filters that the stored funnel (`FunnelFacts`) answers alone, for the counts by stage.
FUNNEL_ONLY_FILTERS = {"stage", "age_band", "sort"}


def _towns():
    return [(town, town) for town in Neighbourhood.objects.order_by("town").values_list("town", flat=True).distinct()]


class YouthOrdering(django_filters.OrderingFilter):
    """Sorting; "name" means last name, then first name, then nickname. The record id breaks ties."""

    EXPANSIONS = {"last_name_key": ["last_name_key", "first_name_key", "nickname_key"]}

    def filter(self, queryset, value):
        if not value:
            return queryset
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            descending = field.startswith("-")
            for name in self.EXPANSIONS.get(field.lstrip("-"), [field.lstrip("-")]):
                ordering.append(f"-{name}" if descending else name)
        return queryset.order_by(*ordering, "pk")


class YouthFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, nickname or phone")}),
    )
    stage = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Stage"),
        help_text=_("Contacted, then identified (notice given, reachable), engaged, in a pathway, exited."),
        choices=Stage.choices,
        field_name="stage",
        widget=QuickSelect,
    )
    neighbourhood = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Neighbourhood"),
        choices=lambda: [(place.pk, str(place)) for place in Neighbourhood.objects.all()],
        null_label=_("Outside the neighbourhoods"),
        widget=QuickSelect,
    )
    town = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Town"),
        choices=_towns,
        method="filter_town",
        widget=QuickSelect,
    )
    referent = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Referent"),
        choices=referent_options,
        null_label=_("No referent yet"),
        # A department's staff: the options come written from the cache (the leading ones mirror the labels above).
        widget=PrebuiltOptionsSelect(referent_options_html, leading=[("", ALL), ("null", _("No referent yet"))]),
    )
    organisation = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Partner organisation"),
        choices=lambda: [(partner.pk, str(partner)) for partner in Organisation.objects.all()],
        method="filter_organisation",
        widget=QuickSelect,
    )
    age_band = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Age at first contact"),
        choices=[
            (key, _("%(low)s–%(high)s years") % {"low": low, "high": high}) for key, (low, high) in AGE_BANDS.items()
        ],
        method="filter_age_band",
        widget=QuickSelect,
    )
    sex = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Sex"),
        choices=Sex.choices,
        widget=QuickSelect,
    )
    qualification_level = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Qualification level"),
        choices=QualificationLevel.choices,
        widget=QuickSelect,
    )
    no_contact_days = django_filters.NumberFilter(
        label=_("No contact for more than (days)"), method="filter_no_contact", min_value=0, max_value=3650
    )
    out_of_target = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Out of target"),
        field_name="out_of_target_confirmed",
        choices=[("true", _("Out of target only")), ("false", _("In the target only"))],
        method="filter_out_of_target",
        widget=QuickSelect,
    )
    sort = YouthOrdering(
        label=_("Sort by"),
        fields=(
            ("last_name_key", "name"),
            ("first_contact_on", "first_contact"),
            ("last_contact_on", "last_contact"),
            ("stage_on", "stage_on"),
        ),
        field_labels={
            "name": _("Name"),
            "-name": _("Name (Z to A)"),
            "first_contact": _("First contact (oldest first)"),
            "-first_contact": _("First contact (latest first)"),
            "last_contact": _("Last contact (oldest first)"),
            "-last_contact": _("Last contact (latest first)"),
            "stage_on": _("Stage reached (oldest first)"),
            "-stage_on": _("Stage reached (latest first)"),
        },
        empty_label=_("Latest first contact first"),
        widget=QuickSelect,
    )

    class Meta:
        model = Youth
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_out_of_target(self, queryset, name, value):
        return queryset.filter(out_of_target_confirmed=value == "true")

    def filter_town(self, queryset, name, value):
        return queryset.filter(Q(town__iexact=value) | Q(neighbourhood__town=value))

    def filter_organisation(self, queryset, name, value):
        """The referent's organisation; for records without a referent, the organisation that created them."""
        return queryset.filter(
            Q(referent__organisation=value) | Q(referent__isnull=True, created_by_organisation=value)
        )

    def filter_age_band(self, queryset, name, value):
        low, high = AGE_BANDS[value]
        return queryset.filter(age_at_first_contact__gte=low, age_at_first_contact__lte=high)

    def filter_no_contact(self, queryset, name, value):
        return queryset.filter(last_contact_on__lt=timezone.localdate() - timedelta(days=int(value)))

    def reads_records(self):
        """Whether a filter reads the records themselves, rather than only the stored funnel (stage, age, sorting).
        Invalid values filter nothing."""
        if not self.is_bound:
            return False
        self.is_valid()  # cleans the form: cleaned_data keeps the valid values
        data = self.form.cleaned_data
        return any(value not in (None, "", []) for name, value in data.items() if name not in FUNNEL_ONLY_FILTERS)

    def funnel_stage_counts(self):
        """How many records are at each stage, from the stored funnel alone (no pass over the records): right
        when no filter reads the records (`reads_records()`). Kept in the cache until the funnel, or the user's role,
        changes (reflex.data_version)."""
        user = self.request.user
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.form.cleaned_data

        def compute():
            facts = FunnelFacts.objects.visible_to(user).filter(current=True)
            if data.get("stage"):
                facts = facts.filter(stage=data["stage"])
            if data.get("age_band"):
                facts = self.filter_age_band(facts, "age_band", data["age_band"])
            return dict(facts.order_by().values_list("stage").annotate(n=Count("pk")))

        visibility = "all" if user.is_coordinator else f"user-{user.pk}"  # FunnelFacts.objects.visible_to()
        counts, _computed_at, _from_cache = remembered(
            compute,
            "stage-counts",
            visibility,
            data.get("stage") or "-",
            data.get("age_band") or "-",
            timezone.localdate().isoformat(),  # a stage may depend on the day: never yesterday's counts
        )
        return counts

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by("-first_contact_on", "-pk")
        return queryset
