import re

import pytest
from django.core.cache import cache

STRONG_PASSWORD = "Pengadaan-Bersih-2025"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate limits in the cache; tests must not inherit each other's."""
    cache.clear()
    yield
    cache.clear()


def signup_data(**overrides) -> dict:
    data = {
        "email": "rina.wati@contoh.go.id",
        "full_name": "Rina Wati",
        "phone": "0812 3456 7890",
        "institution_name": "Dinas PUPR Kabupaten Sleman",
        "institution_type": "pemda",
        "id_document_type": "",
        "id_document_number": "",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


def link_in(body: str, marker: str) -> str:
    """The first URL in an e-mail body that contains ``marker``, as a path."""
    for url in re.findall(r"https?://\S+", body):
        if marker in url:
            return re.sub(r"^https?://[^/]+", "", url)
    raise AssertionError(f"no link with {marker!r} in:\n{body}")
