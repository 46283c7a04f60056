"""The fund's pages under /fonds/: the application's pages (urls_pages) and its feeds,
exports and calendar (urls_feeds)."""
from .urls_feeds import urlpatterns as feed_patterns
from .urls_pages import urlpatterns as page_patterns

app_name = "fund"
urlpatterns = [*page_patterns, *feed_patterns]
