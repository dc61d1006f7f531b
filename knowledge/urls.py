from django.urls import path

from . import suggestions

app_name = "knowledge"

urlpatterns = [
    # Suggestions before asking: an HTML fragment for the question forms (htmx).
    path("mirip/", suggestions.similar, name="similar"),
]
