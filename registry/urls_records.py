"""The records' pages: lists and exports, each record, its editing, its document, the bin."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("ententes/", views.agreement_list, name="agreement_list"),
    path("ententes/export.<str:fmt>", views.agreement_export, name="agreement_export"),
    path("ententes/nouvelle/", views.agreement_create, name="agreement_create"),
    path("ententes/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("ententes/<int:pk>/modifier/", views.agreement_edit, name="agreement_edit"),
    path("ententes/<int:pk>/supprimer/", views.agreement_delete, name="agreement_delete"),
    path("ententes/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("jumelages/", views.twinning_list, name="twinning_list"),
    path("jumelages/export.<str:fmt>", views.twinning_export, name="twinning_export"),
    path("jumelages/nouveau/", views.twinning_create, name="twinning_create"),
    path("jumelages/<int:pk>/", views.twinning_detail, name="twinning_detail"),
    path("jumelages/<int:pk>/modifier/", views.twinning_edit, name="twinning_edit"),
    path("jumelages/<int:pk>/supprimer/", views.twinning_delete, name="twinning_delete"),
    path("corbeille/", views.deleted_list, name="deleted_list"),
    path("corbeille/<slug:kind>/<int:history_id>/restaurer/", views.restore_deleted, name="restore"),
]
