from django.urls import path

from . import views_suggestions

urlpatterns = [
    path("suggestions/", views_suggestions.suggestion_list, name="suggestions"),
]
