from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Exchange, Target


@admin.register(Exchange)
class ExchangeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "direction", "start_date", "participants")
    list_filter = ("kind", "direction")
    search_fields = ("title", "sending_body", "host_body")
    raw_id_fields = ("sending_collectivity", "host_collectivity", "created_by")
    date_hierarchy = "start_date"


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("year", "max_imbalance", "min_per_direction")
