"""The matchmaking pages under /partenaires/: profiles, the bourse, staff exchanges and
expressions of interest (urls_pages), suggestions (urls_suggestions)."""
from .urls_pages import urlpatterns as page_patterns
from .urls_suggestions import urlpatterns as suggestion_patterns

app_name = "matching"
urlpatterns = [*page_patterns, *suggestion_patterns]
