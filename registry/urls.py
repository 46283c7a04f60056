"""The registry's pages under /ententes-jumelages/: lists, records and their editing
(urls_records), the import of spreadsheets (urls_import), complementarity, growth of
twinning and the map (urls_views)."""
from .urls_import import urlpatterns as import_patterns
from .urls_records import urlpatterns as record_patterns
from .urls_views import urlpatterns as view_patterns

app_name = "registry"
urlpatterns = [*record_patterns, *import_patterns, *view_patterns]
