"""The observatory pages."""
app_name = "observatory"
urlpatterns = []
