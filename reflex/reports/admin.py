from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reflex.date_range import BoundedDatesAdmin

from .models import DerivedDataCheck, GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["pk", "kind", "period_start", "period_end", "author", "created_at", "status", "published"]
    list_filter = ["kind", "status", "published"]
    raw_id_fields = ["youth", "author", "published_by"]
    readonly_fields = ["checksum", "figures", "task_result_id", "file", "error"]


@admin.register(DerivedDataCheck)
class DerivedDataCheckAdmin(admin.ModelAdmin):
    """The journal of the daily check of the stored copies (reflex/reports/derived_check.py): read only."""

    list_display = ["checked_at", "rows_repaired", "found_drift", "copies"]
    readonly_fields = ["checked_at", "drift", "rows_repaired", "error"]

    @admin.display(boolean=True, description=_("drift found"))
    def found_drift(self, check):
        return check.found_drift

    @admin.display(description=_("copies repaired"))
    def copies(self, check):
        return ", ".join(sorted(check.drift)) or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
