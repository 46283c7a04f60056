from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("", views.collectivity_list, name="list"),
    path("choix/", views.picker_choices, name="choices"),
    path("<str:side>/<str:kind>/<str:code>/", views.collectivity_detail, name="detail"),
    path("<str:side>/<str:kind>/<str:code>/modifier/", views.collectivity_edit, name="edit"),
]
