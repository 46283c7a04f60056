"""The matchmaking's pages: profiles, the bourse, staff exchanges, expressions of interest,
the user's space and the connections (the suggestions' are in urls_suggestions)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.profile_list, name="profile_list"),
    path("mon-espace/", views.my_space, name="my_space"),
    path("connexions/", views.connections, name="connections"),
    path("collectivites/<int:collectivity_pk>/", views.collectivity_profile, name="collectivity_profile"),
    path("profils/nouveau/", views.profile_create, name="profile_create"),
    path("profils/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("profils/<int:pk>/modifier/", views.profile_edit, name="profile_edit"),
    path("profils/<int:pk>/interet/", views.interest_create, name="interest_create"),
    path("profils/<int:pk>/bourse/nouvelle/", views.posting_create, name="posting_create"),
    path("profils/<int:pk>/echanges/nouveau/", views.exchange_create, name="exchange_create"),
    path("bourse/", views.posting_list, name="posting_list"),
    path("bourse/<int:pk>/", views.posting_detail, name="posting_detail"),
    path("bourse/<int:pk>/modifier/", views.posting_edit, name="posting_edit"),
    path("echanges/", views.exchange_list, name="exchange_list"),
    path("echanges/<int:pk>/", views.exchange_detail, name="exchange_detail"),
    path("echanges/<int:pk>/modifier/", views.exchange_edit, name="exchange_edit"),
    path("interets/<int:pk>/", views.interest_detail, name="interest_detail"),
    path("interets/<int:pk>/reponse/", views.interest_answer, name="interest_answer"),
]
