from django.contrib import admin

from reflex.date_range import BoundedDatesAdmin

from .models import GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["pk", "kind", "period_start", "period_end", "author", "created_at", "status", "published"]
    list_filter = ["kind", "status", "published"]
    raw_id_fields = ["youth", "author", "published_by"]
    readonly_fields = ["checksum", "figures", "task_result_id", "file", "error"]
