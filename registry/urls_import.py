"""The import of partners' spreadsheets: upload, template, preview, confirmation."""
from django.urls import path

from . import views_import

urlpatterns = [
    path("import/", views_import.upload_view, name="import"),
    path("import/modele.<str:fmt>", views_import.template_view, name="import_template"),
    path("import/<int:pk>/", views_import.preview_view, name="import_preview"),
    path("import/<int:pk>/confirmer/", views_import.confirm_view, name="import_confirm"),
]
