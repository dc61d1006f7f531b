"""The demo complaints come from the desk's real services and stay put on a second run."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.urls import reverse

from complaints import selectors
from complaints.models import Channel, Complaint, Status


def test_seed_demo_fills_the_desk_through_its_services(settings, monday, client, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--skip-calendar")
    complaints = Complaint.objects.order_by("id")
    assert [c.channel for c in complaints] == [Channel.WEB, Channel.WEB, Channel.PHONE, Channel.LAPOR, Channel.WEB,
                                               Channel.EOFFICE]
    assert {c.status for c in complaints} == {Status.RECEIVED, Status.CLOSED, Status.WAITING}
    assert complaints[1].consultation.applicant == complaints[1].complainant  # Ayu's own case, routed there
    assert complaints[1].directorate == complaints[1].consultation.directorate
    assert complaints[2].directorate.code == "daerah" and complaints[2].phone == "+622745550101"  # ext 0308
    assert complaints[3].completed_on_time and complaints[3].lapor_number == "1916449"
    late = complaints[5]
    assert late.breached_at is not None and late.events.filter(type="breached").exists()
    out = capsys.readouterr().out
    code = re.search(r"code (ADU-[0-9A-Z-]+)", out).group(1)
    assert selectors.find_by_code(code=code) == complaints[0]
    assert client.get(reverse("complaints:track", kwargs={"code": code})).status_code == 200
    call_command("seed_demo", "--skip-calendar")
    assert Complaint.objects.count() == 6
