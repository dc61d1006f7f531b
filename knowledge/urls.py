from django.urls import path

from . import editorial_views, suggestions, views

app_name = "knowledge"

urlpatterns = [
    # The public knowledge base: list and search, one article, its "Apakah ini membantu?".
    path("", views.index, name="index"),
    path("artikel/<slug:slug>/", views.article, name="article"),
    path("artikel/<slug:slug>/nilai/", views.vote, name="vote"),
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
