"""The project's URLs plus the floor: the staff queue template rendered from in-memory
rows, served through the same middleware, so that the queue's cost over the floor is
what the database adds."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from accounts.access import roles
from accounts.lookups import directorate
from accounts.models import Directorate, Role, User
from advokasi.urls import urlpatterns as project_urlpatterns
from consultations.channels import Channel
from consultations.forms import QueueFilterForm
from consultations.lookups import categories
from consultations.models import Category, Consultation
from consultations.views import queue_table
from consultations.views.staff import PER_PAGE, QUEUE_ROLES
from consultations.workflow import Status


@cache
def _rows() -> list[Consultation]:
    now = timezone.now()
    directorate = Directorate(id=1, code="pusat", name="Direktorat Advokasi Pemerintah Pusat",
                              name_en="Directorate of Central Government Advocacy", phone="")
    category = Category(id=1, code="kontrak", name="Kontrak dan pelaksanaan", name_en="Contracts")
    staff = User(id=10**9, email="pegawai@lkpp.go.id", full_name="Putri Pegawai", role=Role.STAFF)
    rows = []
    for i in range(PER_PAGE):
        applicant = User(id=10**9 + i + 1, email=f"p{i}@contoh.go.id", full_name=f"Pemohon {i}", role=Role.APPLICANT)
        case = Consultation(
            id=10**9 + i, number=f"ADV-2026-{i + 1:06d}", channel=Channel.WEBSITE,
            status=Status.ASSIGNED if i % 2 else Status.SUBMITTED,
            applicant=applicant, category=category, directorate=directorate,
            assignee=staff if i % 2 else None, is_priority=i < 2,
            subject=f"Pertanyaan pengadaan nomor {i + 1} tentang tender dan kontrak",
            description="Uraian.", institution_name="Dinas Pekerjaan Umum",
            submitted_at=now - timedelta(days=3), clock_started_at=now - timedelta(days=3),
            due_at=now + timedelta(days=i % 12),
        )
        # As selectors.filtered_queue reads them: the two names joined, no related rows.
        case.applicant_full_name = applicant.full_name
        case.assignee_full_name = case.assignee.full_name if case.assignee else None
        rows.append(case)
    return rows


@roles(QUEUE_ROLES)
def floor(request):
    rows, now = _rows(), timezone.now()
    page = Paginator(rows * 1000, PER_PAGE).get_page(request.GET.get("halaman"))
    form = QueueFilterForm(None, categories=categories(), assignees=[(rows[1].assignee_id, rows[1].assignee_full_name)])
    context = {
        "page": page,
        "form": form,
        "now": now,
        "filtered": False,
        "all_directorates": False,
        "read_only": False,
        # What the queue view adds to its context, the same way (consultations/views/queue_table.py).
        "directorate": directorate(request.user.directorate_id),
        "rows": queue_table.rows(page.object_list, now=now, all_directorates=False),
        "filter_fields": queue_table.filter_fields(form),
    }
    return render(request, "consultations/staff/queue.html", context)


urlpatterns = [*project_urlpatterns, path("bench/floor/", floor, name="bench_floor")]
