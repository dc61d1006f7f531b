"""The staff search page (``search:cases``): one box over every case and complaint the
person may open, with filters, ranked, highlighted and paginated."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.access import roles
from accounts.roles import CASE_ROLES, COMPLAINT_DESK_ROLES
from consultations.selectors import visible_cases

from . import panels, query, selectors
from .forms import SearchForm

# Everyone who opens case pages (CASE_ROLES) or the complaints desk; what each of them
# finds is what they may open (selectors.scoped).
SEARCH_ROLES = CASE_ROLES | COMPLAINT_DESK_ROLES
PER_PAGE = 20


@roles(SEARCH_ROLES)
def cases(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    typed, filters = form.values() if request.GET else ("", selectors.Filters())
    terms = query.parse(typed)
    context = {
        "cap": selectors.RANK_WINDOW, "form": form, "typed": typed, "page": None, "results": [], "message": "",
        "partial": False, "more": False,
    }
    if not typed.strip():
        context["message"] = _("Ketik kata yang dicari: perihal, isi pertanyaan, jawaban, nomor surat atau nama paket.")
    elif not terms:
        context["message"] = _("Ketik sedikitnya satu kata dari dua huruf atau lebih.")
    else:
        found = selectors.search(request.user, terms, filters)
        if not found and len(terms.words) > 1:
            # No case has every word: the cases with some of them, said so.
            found = selectors.search(request.user, terms, filters, mode="or")
            context["partial"] = bool(found)
        page = Paginator(found.ids, PER_PAGE).get_page(request.GET.get("halaman"))
        context.update(page=page, more=found.more)
        context["results"] = selectors.results(request.user, selectors.page_entries(page.object_list), terms)
        if not context["results"]:
            context["message"] = _("Tidak ada kasus yang Anda dapat buka yang memuat kata itu.")
    return render(request, "search/cases.html", context)


@roles(CASE_ROLES)
def similar(request: HttpRequest, number: str) -> HttpResponse:
    """The case page's "similar answered cases", loaded after the page (htmx)."""
    case = get_object_or_404(visible_cases(request.user), number=number)
    return HttpResponse(panels.similar_cases_html(request, case))
