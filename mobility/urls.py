"""The mobility pages."""
app_name = "mobility"
urlpatterns = []
