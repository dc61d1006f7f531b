"""The staff search page (``search:cases``): one box over every case and complaint the
person may open, with filters, ranked, highlighted and paginated."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from accounts.access import roles
from accounts.roles import CASE_ROLES, COMPLAINT_DESK_ROLES

from . import query, selectors
from .forms import SearchForm

# Everyone who opens case pages (CASE_ROLES) or the complaints desk; what each of them
# finds is what they may open (selectors.scoped).
SEARCH_ROLES = CASE_ROLES | COMPLAINT_DESK_ROLES
PER_PAGE = 20
# Counting every match of a common word among a million cases costs more than ranking
# the first page: the count stops here ("lebih dari 1.000 hasil"), 50 pages.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: COUNT_CAP + 1].count()
        self.capped = found > COUNT_CAP
        return min(found, COUNT_CAP)


@roles(SEARCH_ROLES)
def cases(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    typed, filters = form.values() if request.GET else ("", selectors.Filters())
    terms = query.parse(typed)
    context = {"cap": COUNT_CAP, "form": form, "typed": typed, "page": None, "results": [], "message": "", "partial": False}
    if not typed.strip():
        context["message"] = _("Ketik kata yang dicari: perihal, isi pertanyaan, jawaban, nomor surat atau nama paket.")
    elif not terms:
        context["message"] = _("Ketik sedikitnya satu kata dari dua huruf atau lebih.")
    else:
        found = selectors.search(request.user, terms, filters)
        page = CappedPaginator(found, PER_PAGE).get_page(request.GET.get("halaman"))
        if not page.object_list and page.number == 1 and len(terms.words) > 1:
            # No case has every word: the cases with some of them, said so.
            found = selectors.search(request.user, terms, filters, mode="or")
            page = CappedPaginator(found, PER_PAGE).get_page(request.GET.get("halaman"))
            context["partial"] = bool(page.object_list)
        context["page"] = page
        context["results"] = selectors.results(list(page.object_list), terms)
        if not context["results"]:
            context["message"] = _("Tidak ada kasus yang Anda dapat buka yang memuat kata itu.")
    return render(request, "search/cases.html", context)
