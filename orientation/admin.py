from django.contrib import admin

from .models import Orientation, Service, Structure


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "town", "organisation", "source_id"]
    search_fields = ["name", "source_id"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "structure", "is_closed", "source_id"]
    list_filter = ["is_closed"]
    search_fields = ["name", "source_id"]
    raw_id_fields = ["structure", "contact_person"]


@admin.register(Orientation)
class OrientationAdmin(admin.ModelAdmin):
    """No young person's name here: the barrier and the service only."""

    list_display = ["pk", "service", "status", "oriented_on", "expected_answer_on"]
    list_filter = ["status"]
    raw_id_fields = ["barrier", "service", "oriented_by", "answered_by"]
