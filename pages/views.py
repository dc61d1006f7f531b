from django.shortcuts import render
from django.utils import timezone

from accounts.access import public
from knowledge.selectors import published_articles
from surveys.reports import published_ikm

from .selectors import service_standard_content

# The newest answers of the knowledge base, under "Pertanyaan yang sering diajukan".
STANDARD_ARTICLES = 5


@public
def home(request):
    return render(request, "pages/home.html", {"content": service_standard_content()})


@public
def standard(request):
    # The standard promises a published satisfaction index: the last complete quarter's
    # (one query; None before the first quarter with responses has ended).
    return render(request, "pages/standard.html", {
        "content": service_standard_content(), "ikm": published_ikm(timezone.now()),
        "articles": published_articles().only("title", "slug", "category__name", "category__name_en")[
            :STANDARD_ARTICLES
        ],
    })
