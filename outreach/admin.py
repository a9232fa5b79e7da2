from django.contrib import admin

from reflex.date_range import BoundedDatesAdmin

from .models import CalendarFeed, EncounterTally, NamedContact, OnlineOutreach, OutreachSession, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "neighbourhood", "kind", "is_active"]
    list_filter = ["kind", "is_active", "neighbourhood"]
    search_fields = ["name"]


class EncounterTallyInline(admin.TabularInline):
    model = EncounterTally
    extra = 0


@admin.register(OutreachSession)
class OutreachSessionAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["date", "start_time", "end_time", "place", "mode", "status"]
    list_filter = ["status", "mode", "place"]
    date_hierarchy = "date"
    inlines = [EncounterTallyInline]
    filter_horizontal = ["staff", "organisations"]


@admin.register(NamedContact)
class NamedContactAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["session", "kind", "outcome"]
    raw_id_fields = ["session", "youth"]


@admin.register(OnlineOutreach)
class OnlineOutreachAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["date", "platform", "kind", "messages_sent", "replies", "contacts_generated"]
    list_filter = ["platform", "kind"]
    raw_id_fields = ["youths"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    exclude = ["token"]
