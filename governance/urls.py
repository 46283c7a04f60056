"""The governance pages under /gouvernance/ (the calendar is at /calendrier.ics)."""
from django.urls import path

from . import calendar, views

app_name = "governance"
urlpatterns = [
    path("", views.body_list, name="bodies"),
    path("instances/<slug:slug>/", views.body_detail, name="body"),
    path("reunions/", views.meeting_list, name="meetings"),
    path("reunions/export.<str:fmt>", views.meeting_export, name="meeting_export"),
    path("reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting"),
    path("reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/calendrier.ics", calendar.meeting_entry, name="meeting_ics"),
    path("reunions/<int:pk>/presences/", views.attendance_edit, name="attendance_edit"),
    path("reunions/<int:pk>/decisions/ajouter/", views.decision_create, name="decision_create"),
    path("reunions/<int:pk>/decisions/<int:decision_pk>/modifier/", views.decision_edit, name="decision_edit"),
    path("reunions/<int:pk>/actions/ajouter/", views.action_item_create, name="action_item_create"),
    path("reunions/<int:pk>/actions/<int:item_pk>/modifier/", views.action_item_edit, name="action_item_edit"),
    path("actions/en-retard/", views.overdue_action_items, name="overdue"),
    path("actions/export.<str:fmt>", views.action_item_export, name="action_item_export"),
]
