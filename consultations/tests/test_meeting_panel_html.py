"""The online-meeting panel of the staff case page, written in Python
(``daring/panel_html.meeting_html``): each state shows its forms, a refused post shows
the form again open, with its error summary, its errors and what was typed, and every
value typed or stored comes back escaped."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.urls import reverse

from consultations.models import Consultation
from core.time import WIB

from .test_meeting_cancellation import CANCELLED_AT
from .test_views_meeting_cancellation import cancel_form, confirmed, monday  # noqa: F401 - fixtures

MEETING_DAY = datetime(2026, 12, 28, 14, 0, tzinfo=WIB)


def url(name, case):
    return reverse(f"consultations:{name}", kwargs={"number": case.number})


def details_of(page: str, form_id: str) -> str:
    """The ``<details>`` opening tag around the form ``form_id``."""
    head = page[: page.index(f'id="{form_id}"')]
    return head[head.rindex("<details"):].split(">", 1)[0] + ">"


def test_a_confirmed_meeting_offers_its_forms_and_keeps_what_a_refused_post_typed(confirmed, client, login, member):  # noqa: F811
    page = login(member).get(url("staff_detail", confirmed)).content.decode()
    for form_id in ("form-pesan-pic", "form-ubah-jadwal", "form-batal-rapat"):
        assert page.count(f'id="{form_id}"') == 1 and " open" not in details_of(page, form_id)
    assert "form-konfirmasi-rapat" not in page and "form-laporan" not in page and "form-tutup-rapat" not in page
    assert "Laporan ditulis setelah rapat berlangsung." in page and "Ubah jadwal atau batalkan rapat" in page
    panel = page[page.index('<section class="mb-4" id="rapat"'):page.index('id="judul-laporan"')]
    assert len(set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', panel))) == 1  # one token, 3 forms
    assert panel.count('name="csrfmiddlewaretoken"') == 3

    refused = client.post(url("meeting_pic_message", confirmed), {"pic-body": "", "pic-from_pic": "on"})
    page = refused.content.decode()
    assert refused.status_code == 200 and 'id="ringkasan-kesalahan-pic"' in page and "Tulis pesannya." in page
    assert " open" in details_of(page, "form-pesan-pic")
    assert re.search(r'<input type="checkbox" name="pic-from_pic"[^>]* checked', page)

    refused = client.post(url("meeting_reschedule", confirmed), {
        "ubah-day": "2026-12-29", "ubah-starts": "10:00", "ubah-ends": "11:00", "ubah-platform": "Zoom <baru>",
        "ubah-link": "zoom.us/j/9", "ubah-reason": "Bentrok dengan <rapat> lain",
    })
    page = refused.content.decode()
    assert refused.status_code == 200 and 'id="ringkasan-kesalahan-ubah"' in page
    assert "Tautan rapat harus alamat web" in page and " open" in details_of(page, "form-ubah-jadwal")
    assert 'value="Bentrok dengan &lt;rapat&gt; lain"' in page and 'value="Zoom &lt;baru&gt;"' in page
    assert 'value="zoom.us/j/9"' in page and "<rapat>" not in page

    refused = client.post(url("meeting_cancel", confirmed), cancel_form(**{"batal-reason": ""}))
    page = refused.content.decode()
    assert refused.status_code == 200 and 'id="ringkasan-kesalahan-batal"' in page
    assert "Tulis alasan pembatalan." in page and " open" in details_of(page, "form-batal-rapat")
    assert re.search(r'<input type="radio"[^>]*name="batal-cancelled_by" value="pic"[^>]* checked', page)
    assert re.search(r'<input type="radio"[^>]*name="batal-then" value="reschedule"[^>]* checked', page)


def test_the_report_written_refused_approved(confirmed, monday, client, login, member, lead):  # noqa: F811
    monday.move_to(MEETING_DAY)
    page = login(member).get(url("staff_detail", confirmed)).content.decode()
    assert "Tulis laporan rapat" in page and " open" in details_of(page, "form-laporan")
    assert "Laporan ditulis setelah rapat berlangsung." not in page and "form-setujui-laporan" not in page

    data = {"lapor-held_on": "2026-12-28", "lapor-attendees_lkpp": "Putri", "lapor-attendees_applicant": "Dewi",
            "lapor-problem": "Harga <aspal> naik", "lapor-discussion": "Klausul.", "lapor-kinds": ["saran"]}
    refused = client.post(url("meeting_report_write", confirmed), data)
    page = refused.content.decode()
    assert refused.status_code == 200 and 'id="ringkasan-kesalahan-lapor"' in page
    assert 'href="#id_lapor-advice"' in page and "Harga &lt;aspal&gt; naik</textarea>" in page
    assert client.post(url("meeting_report_write", confirmed), {**data, "lapor-advice": "Ikuti formula."}).status_code == 302

    page = login(lead).get(url("staff_detail", confirmed)).content.decode()
    assert page.count('id="form-setujui-laporan"') == 1 and "menunggu persetujuan" in page
    assert "Perbaiki laporan" in page and " open" not in details_of(page, "form-laporan")
    assert "Harga &lt;aspal&gt; naik</textarea>" in page  # the correction form starts from the report
    assert client.post(url("meeting_report_approve", confirmed)).status_code == 302

    page = client.get(url("staff_detail", confirmed)).content.decode()
    assert 'id="unduh-laporan"' in page and "disetujui" in page
    assert "form-setujui-laporan" not in page and "form-laporan" not in page and "form-ubah-jadwal" not in page


@pytest.mark.parametrize("reason", ["PIC <b>berhalangan</b>"])
def test_cancelled_then_closed(confirmed, monday, client, login, member, reason):  # noqa: F811
    monday.move_to(CANCELLED_AT)
    login(member)
    assert client.post(url("meeting_cancel", confirmed), cancel_form(**{"batal-reason": reason})).status_code == 302
    page = client.get(url("staff_detail", confirmed)).content.decode()
    assert 'id="rapat-dibatalkan"' in page and "Alasan: PIC &lt;b&gt;berhalangan&lt;/b&gt;." in page
    assert "Konfirmasi jadwal baru" in page and page.count('id="form-konfirmasi-rapat"') == 1
    assert page.count('id="form-tutup-rapat"') == 1 and "form-batal-rapat" not in page
    assert '<input type="hidden" name="batal-then" value="close" id="id_batal-then">' in page

    refused = client.post(url("meeting_cancel", confirmed), {"batal-cancelled_by": "lkpp", "batal-then": "close"})
    page = refused.content.decode()
    assert refused.status_code == 200 and 'id="ringkasan-kesalahan-batal"' in page
    assert " open" in details_of(page, "form-tutup-rapat") and "Tulis alasan pembatalan." in page
    assert "Alasan penutupan" in page
    assert re.search(r'<input type="radio"[^>]*name="batal-cancelled_by" value="lkpp"[^>]* checked', page)

    closed = client.post(url("meeting_cancel", confirmed), cancel_form(then="close", **{"batal-reason": "Tidak ada <jadwal>."}))
    assert closed.status_code == 302 and Consultation.objects.get(pk=confirmed.pk).status == "cancelled"
    page = client.get(url("staff_detail", confirmed)).content.decode()
    assert 'id="rapat-ditutup"' in page and "Tidak ada &lt;jadwal&gt;." in page
    assert not re.search(r'id="form-(konfirmasi-rapat|tutup-rapat|pesan-pic|laporan)"', page)


def test_an_empty_form_is_written_once_per_language_and_kind():
    from django.utils import translation

    from consultations.channels.daring import panel_html
    from consultations.channels.daring.forms import CancelMeetingForm, PicMessageForm
    from core.field_html import field_html

    def write(form):
        return "".join(field_html(field) for field in form)

    with translation.override("id"):
        indonesian = panel_html._fields(PicMessageForm(prefix="pic"), write)
        assert indonesian == panel_html._fields(PicMessageForm(prefix="pic"), write) == write(PicMessageForm(prefix="pic"))
        closing = panel_html._fields(CancelMeetingForm(prefix="batal", closing_only=True), write)
        both = panel_html._fields(CancelMeetingForm(prefix="batal"), write)
        assert "Alasan penutupan" in closing and 'type="hidden" name="batal-then" value="close"' in closing
        assert "Alasan pembatalan" in both and 'name="batal-then" value="reschedule"' in both
        bound = PicMessageForm({"pic-body": "Halo <PIC>"}, prefix="pic")
        assert "Halo &lt;PIC&gt;</textarea>" in panel_html._fields(bound, write)
    with translation.override("en"):
        english = panel_html._fields(PicMessageForm(prefix="pic"), write)
    assert ">Pesan<" in indonesian and ">Message<" in english
