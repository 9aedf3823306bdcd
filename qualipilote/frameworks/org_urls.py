app_name = "scope"

urlpatterns = []
