from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MaillageConfig(AppConfig):
    default = True
    name = "maillage"
    verbose_name = "Maillage"


class MaillageAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "maillage.admin.SecretariatAdminSite"
