from django.contrib import admin

from .models import EventKind


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    """The kinds of outreach event, as this union names them: rename, reorder, retire or add."""

    list_display = ["name", "position", "active"]
    list_editable = ["position", "active"]
    ordering = ["position", "id"]

    def has_delete_permission(self, request, obj=None):
        # A kind with events stays (retire it instead): the figures of past years name it.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.events.exists())
