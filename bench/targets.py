"""Print the session cookies and URLs that bench/run.py measures (key=value lines)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from accounts.two_factor import (  # noqa: E402
    ENROLLED_SESSION_KEY,
    activate_authenticator_app,
    has_authenticator_app,
    requires_second_factor,
)
from consultations.models import Consultation  # noqa: E402


def cookie(user: User) -> str:
    """A signed-in session; a staff member's as after a sign-in with the second factor
    (accounts/two_factor.py: staff without an authenticator app only reach enrolment)."""
    if requires_second_factor(user) and not has_authenticator_app(user):
        from allauth.mfa.totp.internal.auth import generate_totp_secret

        activate_authenticator_app(user, generate_totp_secret())
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    if requires_second_factor(user):
        session = client.session
        session[ENROLLED_SESSION_KEY] = True
        session.save()
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


director = User.objects.get(email="bench.pusat.0@lkpp.go.id")
assert director.role == Role.DIRECTOR
case = (
    Consultation.objects.filter(directorate=director.directorate, answers__isnull=False, messages__isnull=False)
    .order_by("-id").first()
)
applicant = (
    User.objects.filter(role=Role.APPLICANT).annotate(n=Count("consultations")).order_by("-n").first()
)
director_cookie = cookie(director)
print(f"count={Consultation.objects.count()}")
print(f"floor_url={reverse('bench_floor')}")
print(f"floor_cookie={director_cookie}")
print(f"queue_url={reverse('consultations:queue')}")
print(f"queue_cookie={director_cookie}")
print(f"case_url={reverse('consultations:staff_detail', kwargs={'number': case.number})}")
print(f"case_cookie={director_cookie}")
# Issue 26: the case page of the other channels (bench/channel_cases.py), the same director.
from bench.channel_cases import channel_cases  # noqa: E402

for key, channel_case in channel_cases().items():
    if channel_case is not None:
        print(f"case_{key}_url={reverse('consultations:staff_detail', kwargs={'number': channel_case.number})}")
        print(f"case_{key}_cookie={director_cookie}")
# Issue 25: the case page's similar answered cases, the list it loads after the page.
print(f"case_similar_url={reverse('search:similar_cases', kwargs={'number': case.number})}")
print(f"case_similar_cookie={director_cookie}")
print(f"ceiling_url={reverse('accounts:profile')}")
print(f"ceiling_cookie={cookie(applicant)}")
print(f"applicant_list_url={reverse('consultations:list')}")
print(f"applicant_list_cookie={cookie(applicant)}")
print(f"applicant_cases={applicant.n}")
# The SLA dashboard over the last 12 months: a director's (one directorate) and the admin's.
admin, _ = User.objects.get_or_create(
    email="bench.admin@lkpp.go.id", defaults={"full_name": "Admin Bench", "role": Role.ADMIN, "directorate": None}
)
print(f"dashboard_url={reverse('consultations:dashboard')}")
print(f"dashboard_cookie={director_cookie}")
print(f"dashboard_admin_url={reverse('consultations:dashboard')}")
print(f"dashboard_admin_cookie={cookie(admin)}")
# The complaints desk: a handler's queue (open complaints of the directorate, soonest
# due first) and the public tracking page of a complaint filed through the service.
from complaints import services as complaint_services  # noqa: E402
from complaints.models import Kind  # noqa: E402

handler = User.objects.get(email="bench.pengaduan.pusat@lkpp.go.id")
filed = complaint_services.file_complaint(kind=Kind.PENGADUAN, text="Pengaduan untuk pengukuran.",
                                          directorate=handler.directorate)
print(f"complaint_queue_url={reverse('complaints:queue')}")
print(f"complaint_queue_cookie={cookie(handler)}")
print(f"complaint_track_url={reverse('complaints:track', kwargs={'code': filed.code})}")
print("complaint_track_cookie=")
# Issue 25: the staff search over every case the person may open (the director of pusat:
# a third of all cases; the admin: all of them), and the knowledge base's suggestions
# under the question forms (anonymous, as a visitor typing a question).
from urllib.parse import urlencode  # noqa: E402

SEARCHES = {
    # A word in most cases' answers, an abbreviation (expanded to its synonym group),
    # a two-word phrase, a word in a few cases per ten thousand (bench/corpus.py RARE).
    "search_common": "kontrak",
    "search_ppk": "PPK",
    "search_phrase": "katalog elektronik",
    "search_rare": "drone",
}
for name, q in SEARCHES.items():
    print(f"{name}_url={reverse('search:cases')}?{urlencode({'q': q})}")
    print(f"{name}_cookie={director_cookie}")
print(f"search_admin_url={reverse('search:cases')}?{urlencode({'q': SEARCHES['search_common']})}")
print(f"search_admin_cookie={cookie(admin)}")
question = ("Bagaimana cara menyusun HPS untuk pengadaan alat kesehatan di puskesmas, "
            "apakah boleh memakai harga dari katalog elektronik?")
print(f"similar_url={reverse('knowledge:similar')}?{urlencode({'q': question})}")
print("similar_cookie=")
