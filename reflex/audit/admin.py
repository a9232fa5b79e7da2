from django.contrib import admin

from .models import AccessEntry


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
