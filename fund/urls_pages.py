"""The fund's pages: calls, applications, reviews, the committee's and the secretariat's."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("appels/<int:pk>/", views.call_detail, name="call_detail"),
    path("appels/<int:pk>/candidater/", views.application_create, name="application_create"),
    path("enveloppes/", views.envelopes, name="envelopes"),
    path("bilan/", views.reports, name="reports"),
    path("mes-candidatures/", views.my_applications, name="my_applications"),
    path("demandes/", views.application_list, name="application_list"),
    path("demandes/<int:pk>/", views.application_detail, name="application_detail"),
    path("demandes/<int:pk>/modifier/", views.application_edit, name="application_edit"),
    path("demandes/<int:pk>/<slug:part>/ajouter/", views.draft_add, name="draft_add"),
    path("demandes/<int:pk>/<slug:part>/<int:item_pk>/retirer/", views.draft_remove, name="draft_remove"),
    path("demandes/<int:pk>/<slug:part>/<int:item_pk>/fichier/", views.application_file, name="application_file"),
    path("demandes/<int:pk>/etapes/<slug:step>/", views.application_step, name="application_step"),
    path("evaluations/", views.review_list, name="review_list"),
    path("evaluations/<int:pk>/", views.review_form, name="review_form"),
    path("evaluations/<int:pk>/conflit/", views.review_conflict, name="review_conflict"),
]
