"""Benchmark the answer-letter PDF (core.pdf.render_pdf) in process.

    .venv/bin/python bench/pdf.py [--runs 20]

Renders ``pdf/answer-letter.html`` in Indonesian with a one-page and a three-page body,
``--runs`` times each after one warm-up render (fonts and templates loaded), and prints
min / median / max seconds per render and the page count (issue 9: median < 0.5 s).
Production settings (bench/settings.py, DEBUG off); no database, no network.
Not a test: numbers, not verdicts.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
sys.path.insert(0, str(ROOT))

TARGET_MEDIAN_SECONDS = 0.5
WIB = ZoneInfo("Asia/Jakarta")

PARAGRAPHS = [
    "Berdasarkan Peraturan Presiden Nomor 16 Tahun 2018 tentang Pengadaan Barang/Jasa Pemerintah "
    "sebagaimana telah diubah dengan Peraturan Presiden Nomor 12 Tahun 2021, katalog elektronik lokal "
    "disusun dan dikelola oleh pemerintah daerah, sedangkan LKPP menetapkan pedoman penyelenggaraannya.",
    "Pejabat Pembuat Komitmen dapat melakukan pembelian melalui katalog elektronik lokal sepanjang barang "
    "yang dibutuhkan telah tayang dan spesifikasi serta harga yang tercantum sesuai dengan kebutuhan. "
    "Apabila harga dalam katalog dinilai tidak wajar, PPK dapat melakukan negosiasi harga dengan penyedia "
    "dan mendokumentasikan hasilnya dalam berita acara.",
    "Terkait permasalahan keterlambatan pembayaran yang Saudara sampaikan, pembayaran prestasi pekerjaan "
    "dilakukan setelah barang diterima dengan baik sesuai kontrak, dan paling lambat dilaksanakan dalam "
    "jangka waktu yang diatur dalam ketentuan pengelolaan keuangan daerah.",
    "Sehubungan dengan hal tersebut, kami menyarankan agar Saudara berkoordinasi dengan pengelola katalog "
    "elektronik lokal di lingkungan Pemerintah Provinsi serta Aparat Pengawasan Intern Pemerintah untuk "
    "memastikan proses yang ditempuh telah sesuai dengan ketentuan peraturan perundang-undangan.",
]


def context(body: str) -> dict[str, object]:
    return {
        "outgoing_number": "B-1207/D.3/PPH/12/2026",
        "issued_at": datetime(2026, 12, 3, 9, 30, tzinfo=WIB),
        "place": "Jakarta",
        "recipient_name": "Kepala Biro Pengadaan Barang/Jasa",
        "recipient_institution": "Pemerintah Provinsi Jawa Barat",
        "sender_reference_number": "027/4411/BPBJ",
        "sender_reference_date": date(2026, 11, 10),
        "subject": "Permohonan pendapat tentang pembelian melalui katalog elektronik lokal",
        "kinds": ["Saran", "Rekomendasi"],
        "body": body,
        "director_name": "Dr. Andi Wijaya, S.H., M.H.",
        "director_position": "Direktur Penanganan Permasalahan Hukum",
        "directorate_name": "Direktorat Penanganan Permasalahan Hukum",
        "verification_code": "9F3A-61C0-E27B-5D84",
        "verification_url": "https://advokasi.lkpp.go.id/verifikasi/9F3A-61C0-E27B-5D84",
        "case_number": "SRT-2026-000042",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from pypdf import PdfReader

    from core.pdf import render_pdf

    bodies = {"one page": "\n\n".join(PARAGRAPHS[:2]), "three pages": "\n\n".join(PARAGRAPHS * 4)}
    print(f"answer-letter, language id, {args.runs} runs each after one warm-up render")
    print(f"{'body':<12} {'pages':>5} {'KiB':>6} {'min s':>7} {'median s':>9} {'max s':>7}  target")
    for name, body in bodies.items():
        started = time.perf_counter()
        data = render_pdf("answer-letter", context(body), language="id")
        cold = time.perf_counter() - started
        pages = len(PdfReader(io.BytesIO(data)).pages)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            render_pdf("answer-letter", context(body), language="id")
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_MEDIAN_SECONDS else "MISSED"
        print(
            f"{name:<12} {pages:>5} {len(data) / 1024:>6.1f} {min(times):>7.3f} {median:>9.3f} {max(times):>7.3f}"
            f"  < {TARGET_MEDIAN_SECONDS} s {verdict} (warm-up {cold:.3f} s)"
        )


if __name__ == "__main__":
    main()
