from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
    path("<slug:slug>/pistes/<slug:code>/", views.piste_detail, name="piste"),
    path("<slug:slug>/pistes/<slug:code>/suivi/", views.piste_follow_up, name="piste_follow_up"),
]
