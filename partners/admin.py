from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from reflex.date_range import BoundedDatesAdmin

from .models import Neighbourhood, Organisation, Programme, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "is_lead"]


@admin.register(Programme)
class ProgrammeAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["name", "funder", "target_youths", "start_date", "end_date"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "kind", "official_code", "is_active"]
    list_filter = ["kind", "town", "is_active"]


@admin.register(User)
class UserAdmin(BoundedDatesAdmin, BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identity"), {"fields": ["first_name", "last_name", "organisation", "role", "job_title"]}),
        (
            _("Access"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "is_data_protection_officer",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    # What gives an account its reach: only a superuser changes it (an administrator with the mere right to change
    # accounts would otherwise make themselves superuser).
    RESERVED_TO_SUPERUSERS = ["is_staff", "is_superuser", "is_data_protection_officer", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += self.RESERVED_TO_SUPERUSERS
        return readonly

    add_fieldsets = [
        (None, {"fields": ["email", "first_name", "last_name", "organisation", "role", "password1", "password2"]}),
    ]
