from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accompaniment.enums import BarrierCategory
from partners.models import User

from .directory_import import MAX_BYTES
from .enums import OrientationStatus
from .models import Orientation, Service, Structure
from .themes import MODE_CHOICES, PUBLIC_CHOICES, THEME_CHOICES


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    barrier = forms.ChoiceField(label=_("Barrier"), required=False, choices=[("", _("All"))] + BarrierCategory.choices)
    town = forms.CharField(label=_("Town or postcode"), required=False, max_length=100)
    mode = forms.ChoiceField(label=_("Mode"), required=False, choices=[("", _("All"))] + MODE_CHOICES)


class StructureForm(forms.ModelForm):
    class Meta:
        model = Structure
        fields = ["name", "organisation", "description", "address", "postcode", "town", "phone", "email", "website"]
        fields += ["hours"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "hours": forms.Textarea(attrs={"rows": 2})}


class ServiceForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes (data·inclusion)"), choices=THEME_CHOICES, required=False, widget=forms.SelectMultiple
    )
    barrier_categories = forms.MultipleChoiceField(
        label=_("Barriers it helps lift"),
        choices=BarrierCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Filled from the themes when left empty."),
    )
    publics = forms.MultipleChoiceField(
        label=_("Publics"), choices=PUBLIC_CHOICES, required=False, widget=forms.SelectMultiple
    )
    modes = forms.MultipleChoiceField(
        label=_("Modes"), choices=MODE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Service
        fields = ["structure", "name", "description", "themes", "barrier_categories", "publics", "conditions"]
        fields += ["modes", "address", "postcode", "town", "area", "hours", "phone", "email", "contact_name"]
        fields += ["how_to_get_there", "what_to_bring", "contact_person", "is_closed"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "hours": forms.Textarea(attrs={"rows": 2}),
            "how_to_get_there": forms.Textarea(attrs={"rows": 2}),
            "what_to_bring": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = User.objects.active().filter(role__in=["coordinator", "professional"])


class ImportForm(forms.Form):
    structures = forms.FileField(label=_("Structures file (JSON or CSV)"), required=False)
    services = forms.FileField(label=_("Services file (JSON or CSV)"), required=False)

    def clean(self):
        files = [f for f in (self.cleaned_data.get("structures"), self.cleaned_data.get("services")) if f]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        for uploaded in files:
            if uploaded.size > MAX_BYTES:
                raise forms.ValidationError(
                    _("The file %(name)s is larger than %(size)s MB.")
                    % {"name": uploaded.name, "size": MAX_BYTES // 2**20}
                )
        self.cleaned_data["files"] = files
        return self.cleaned_data


class OrientationForm(forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["service", "oriented_on", "expected_answer_on"]
        widgets = {
            "oriented_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expected_answer_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, barrier, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.barrier = barrier
        services = Service.objects.select_related("structure")
        self.fields["service"].queryset = services
        matching = services.open().filter(barrier_categories__contains=[barrier.category])
        self.fields["service"].help_text = _("Services for this barrier come first.")
        self.fields["service"].choices = [("", "---------")] + [
            (service.pk, str(service)) for service in [*matching, *services.open().exclude(pk__in=matching)]
        ]
        if not self.is_bound:
            self.initial.setdefault("oriented_on", timezone.localdate())


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect)
    answered_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=300)

    def __init__(self, *args, orientation, **kwargs):
        super().__init__(*args, **kwargs)
        self.orientation = orientation
        allowed = [OrientationStatus.DONE]
        if orientation.status == OrientationStatus.SENT:
            allowed = [OrientationStatus.ACCEPTED, OrientationStatus.DECLINED, OrientationStatus.DONE]
        self.fields["status"].choices = [(status.value, status.label) for status in allowed]
        self.initial.setdefault("answered_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        answered_on = data.get("answered_on")
        if answered_on and answered_on < self.orientation.oriented_on:
            self.add_error("answered_on", _("The answer cannot be dated before the orientation."))
        if answered_on and answered_on > timezone.localdate():
            self.add_error("answered_on", _("This date is in the future."))
        if data.get("status") == OrientationStatus.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for declining."))
        return data
