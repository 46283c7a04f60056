from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("", views.collectivity_list, name="list"),
]
