from django.urls import path

from . import views_insights

urlpatterns = [
    path("complementarite/", views_insights.complementarity_view, name="complementarity"),
    path("croissance/", views_insights.growth_view, name="growth"),
    path("croissance/invitations.<str:fmt>", views_insights.invitations_view, name="invitations"),
    path("carte/", views_insights.map_view, name="map"),
]
