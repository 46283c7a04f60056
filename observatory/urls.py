"""The observatory's pages under /observatoire/."""
from django.urls import path

from . import views

app_name = "observatory"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("export.<str:fmt>", views.practice_export, name="export"),
    path("recherche/", views.search_page, name="search"),
    path("pratiques/nouvelle/", views.practice_create, name="create"),
    path("depuis-projet/<int:project_pk>/", views.practice_create, name="from_project"),
    path("pratiques/<int:pk>/", views.practice_detail, name="detail"),
    path("pratiques/<int:pk>/modifier/", views.practice_edit, name="edit"),
    path("pratiques/<int:pk>/soumettre/", views.practice_submit, name="submit"),
    path("pratiques/<int:pk>/publier/", views.practice_publish, name="publish"),
    path("pratiques/<int:pk>/renvoyer/", views.practice_send_back, name="send_back"),
]
