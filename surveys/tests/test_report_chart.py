"""The IKM report's charts: the numbers travel in a json_script, the drawing is a static
file (the CSP allows no inline code), the tables stay as the accessible equivalent."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from surveys.scoring import Element

from .builders import WIB, answered, sheet

pytestmark = pytest.mark.django_db

MARCH = sheet(4, 4, 3, 4, 4, 4, 4, 3, 3)  # 33 × 0.111 × 25 = 91.575: 91.58 (A)
MAY = sheet(3, 3, 3, 4, 3, 4, 4, 3, 3)  # 30 × 0.111 × 25 = 83.25 (B)


def _page(client, director, **query):
    client.force_login(director, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.get(reverse("surveys:report"), query)
    assert response.status_code == 200
    return response.content.decode()


def _chart_data(html: str) -> dict:
    found = re.search(r'<script id="ikm-chart-data" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert found, "the chart's numbers are on the page"
    return json.loads(found.group(1))


@pytest.fixture
def two_responses(applicant_a):
    answered(applicant_a, datetime(2025, 3, 10, 9, 0, tzinfo=WIB), MARCH, comment="<b>cepat</b>")
    answered(applicant_a, datetime(2025, 5, 20, 9, 0, tzinfo=WIB), MAY)


def test_the_year_report_has_both_charts_with_the_tables_numbers(client, director_pusat, two_responses):
    html = _page(client, director_pusat, jenis="tahun", tahun=2025)
    data = _chart_data(html)
    assert data["nrr"]["labels"] == [str(element.label) for element in Element]
    assert data["nrr"]["data"] == [3.5, 3.5, 3.0, 4.0, 3.5, 4.0, 4.0, 3.0, 3.0]
    assert (data["nrr"]["min"], data["nrr"]["max"]) == (1, 4)
    months = data["months"]
    assert len(months["labels"]) == 12 and months["labels"][0] == "Januari 2025" and months["labels"][4] == "Mei 2025"
    assert months["data"] == [None, None, 91.58, None, 83.25, None, None, None, None, None, None, None]
    # The canvases are images with a name; the numbers are in the tables next to them.
    for canvas in ('id="grafik-nrr"', 'id="grafik-ikm-bulanan"'):
        tag = re.search(rf"<canvas {canvas}[^>]*>", html).group(0)
        assert 'role="img"' in tag and 'aria-label="' in tag
    assert 'id="tabel-nrr"' in html and 'id="tabel-ikm-bulanan"' in html
    assert "91,58" in html and "A (Sangat Baik)" in html and "83,25" in html
    # The year's own index: NRRs summing to 31.5 give 87.41.
    assert "87,41" in html and "1 Januari 2025 – 31 Desember 2025" in html
    # Chart.js and the drawing script are the site's own files, loaded after the page.
    assert '<script src="/static/vendor/chartjs/chart.umd.min.js" defer></script>' in html
    assert '<script src="/static/js/ikm-chart.js" defer></script>' in html


def test_a_months_report_has_the_element_chart_only(client, director_pusat, two_responses):
    html = _page(client, director_pusat, jenis="bulan", tahun=2025, ke=5)
    data = _chart_data(html)
    assert data["nrr"]["data"] == [3.0, 3.0, 3.0, 4.0, 3.0, 4.0, 4.0, 3.0, 3.0]
    assert data["months"]["labels"] == []
    assert 'id="grafik-nrr"' in html and 'id="grafik-ikm-bulanan"' not in html


def test_a_period_without_responses_draws_nothing(client, director_pusat, two_responses):
    html = _page(client, director_pusat, jenis="triwulan", tahun=2025, ke=3)
    assert "Belum ada jawaban survei pada periode ini." in html
    assert "<canvas" not in html and "ikm-chart-data" not in html and "chart.umd" not in html
    # The months are still listed, none with an index.
    assert 'id="tabel-ikm-bulanan"' in html and "Juli 2025" in html


def test_the_chart_follows_the_directors_scope(client, director_daerah, two_responses):
    html = _page(client, director_daerah, jenis="tahun", tahun=2025)
    assert "<canvas" not in html and "ikm-chart-data" not in html


def test_the_chart_script_is_a_static_file():
    path = finders.find("js/ikm-chart.js")
    assert path, "static/js/ikm-chart.js is collected"
    source = Path(path).read_text(encoding="utf-8")
    assert 'getElementById("ikm-chart-data")' in source and "data-ikm-chart" in source


def test_the_survey_templates_have_no_inline_script_or_style():
    # tests/test_csp.py scans the other apps' page templates; these are scanned here.
    from tests.test_csp import inline_code

    root = Path(settings.BASE_DIR) / "surveys" / "templates" / "surveys"
    problems = {path.name: found for path in root.rglob("*.html") if (found := inline_code(path.read_text("utf-8")))}
    assert not problems, problems
