from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

urlpatterns = [
    path("connexion/", login_not_required(auth_views.LoginView.as_view()), name="login"),
    # Public: an expired session's "Se déconnecter" button must not lead to the login page
    # with next=/comptes/deconnexion/, which would answer 405 after logging in.
    path("deconnexion/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "mot-de-passe/oubli/",
        login_not_required(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("profil/", views.profile, name="profile"),
]
