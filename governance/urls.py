"""The governance pages."""
app_name = "governance"
urlpatterns = []
