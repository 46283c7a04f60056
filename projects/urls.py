from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("nouveau/", views.project_create, name="create"),
    path("mesures/a-valider/", views.measurement_queue, name="measurement_queue"),
    path("corbeille/", views.deleted_list, name="deleted_list"),
    path("corbeille/<int:history_id>/restaurer/", views.restore_deleted, name="restore"),
    path("corbeille/<slug:kind>/<int:history_id>/restaurer/", views.restore_deleted, name="restore_item"),
    path("publication/a-decider/", views.publication_queue, name="publication_queue"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/modifier/", views.project_edit, name="edit"),
    path("<int:pk>/historique/", views.project_history, name="history"),
    path("<int:pk>/publication/demande/", views.publication_request, name="publication_request"),
    path("<int:pk>/publication/decision/", views.publication_decide, name="publication_decide"),
    path("<int:pk>/journal/ajouter/", views.update_add, name="update_add"),
    path("<int:pk>/partenaires/ajouter/", views.partner_add, name="partner_add"),
    path("<int:pk>/<slug:kind>/ajouter/", views.item_add, name="item_add"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/modifier/", views.item_edit, name="item_edit"),
    path("<int:pk>/<slug:kind>/<int:item_pk>/supprimer/", views.item_delete, name="item_delete"),
    path("<int:pk>/documents/<int:document_pk>/fichier/", views.document_download, name="document_download"),
    path("<int:pk>/indicateurs/<int:indicator_pk>/mesures/ajouter/", views.measurement_add, name="measurement_add"),
    path("<int:pk>/mesures/<int:measurement_pk>/examen/", views.measurement_review, name="measurement_review"),
]
