"""The mobility pages under /mobilite/."""
from django.urls import path

from . import views

app_name = "mobility"
urlpatterns = [
    path("", views.exchange_list, name="list"),
    path("export.<str:fmt>", views.exchange_export, name="export"),
    path("echanges/nouveau/", views.exchange_create, name="create"),
    path("echanges/<int:pk>/modifier/", views.exchange_edit, name="edit"),
    path("echanges/<int:pk>/supprimer/", views.exchange_delete, name="delete"),
    path("bilan/", views.balance_page, name="balance"),
    path("bilan/export/<str:table>.<str:fmt>", views.balance_export, name="balance_export"),
    path("objectifs/<int:year>/", views.target_edit, name="target"),
]
