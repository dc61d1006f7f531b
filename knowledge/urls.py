from django.urls import path

from . import editorial_views, suggestions

app_name = "knowledge"

urlpatterns = [
    # Suggestions before asking: an HTML fragment for the question forms (htmx).
    path("mirip/", suggestions.similar, name="similar"),
    # The editorial desk (staff): propose a delivered answer, edit it with the redaction
    # findings, approve or withdraw (knowledge.publishing).
    path("redaksi/usulkan/<str:number>/", editorial_views.propose, name="propose"),
    path("redaksi/", editorial_views.proposals, name="proposals"),
    path("redaksi/<int:pk>/", editorial_views.editor, name="editor"),
    path("redaksi/<int:pk>/setujui/", editorial_views.approve, name="approve"),
    path("redaksi/<int:pk>/tarik/", editorial_views.withdraw, name="withdraw"),
]
