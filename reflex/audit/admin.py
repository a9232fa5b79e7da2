from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import second_factor
from .models import AccessEntry, EnrolmentLink


@admin.register(AccessEntry)
class AccessEntryAdmin(admin.ModelAdmin):
    """Read only: the journal is append-only (the database refuses changes anyway)."""

    list_display = ["at", "user", "action", "youth_id", "object_type", "object_id", "count"]
    list_filter = ["action"]
    search_fields = ["=youth_id", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EnrolmentLinkForm(forms.ModelForm):
    request = None  # set by EnrolmentLinkAdmin.get_form

    class Meta:
        model = EnrolmentLink
        fields = ["user"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.request is not None and user.pk == self.request.user.pk:
            raise forms.ValidationError(_("Another administrator must send you your enrolment link."))
        if not user.is_active:
            raise forms.ValidationError(_("This account is deactivated."))
        return user


@admin.register(EnrolmentLink)
class EnrolmentLinkAdmin(admin.ModelAdmin):
    """Send a one-time enrolment link (a new account, a lost phone without backup codes): pick the account, save;
    the link goes to the account's e-mail address. The person sets up a new app with it, which replaces the old."""

    form = EnrolmentLinkForm
    list_display = ["user", "issued_by", "issued_at", "expires_at", "used_at"]
    list_select_related = ["user", "issued_by"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def save_model(self, request, obj, form, change):
        link = second_factor.send_enrolment_link(obj.user, by=request.user, request=request)
        obj.pk, obj.token_hash, obj.issued_by = link.pk, link.token_hash, link.issued_by
        obj.issued_at, obj.expires_at = link.issued_at, link.expires_at

    def has_change_permission(self, request, obj=None):
        return False
