"""The redaction step's finder: what it flags in real Indonesian correspondence, and what
it must leave alone (regulations, amounts, dates, the rules' generic names)."""

from __future__ import annotations

import pytest

from knowledge.redaction import Kind, Known, flags, unresolved


def found(text, **known):
    return [(f.kind, f.excerpt) for f in flags(text, known=Known(**known) if known else None)]


def test_emails_and_phones():
    text = (
        "Silakan hubungi kami di ppk.dinkes@bogorkab.go.id atau 0812-3456-7890, "
        "telepon kantor (0251) 832 1234, WhatsApp +62 813 1111 2222."
    )
    assert found(text) == [
        (Kind.EMAIL, "ppk.dinkes@bogorkab.go.id"),
        (Kind.PHONE, "0812-3456-7890"),
        (Kind.PHONE, "(0251) 832 1234"),
        (Kind.PHONE, "+62 813 1111 2222"),
    ]


def test_nik_plain_and_grouped():
    assert found("NIK pemohon 3201012345670001 tercantum.") == [(Kind.NIK, "3201012345670001")]
    assert found("NIK: 3201 0123 4567 0001.") == [(Kind.NIK, "3201 0123 4567 0001")]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Menindaklanjuti surat Saudara Nomor: 027/123/DPU/2025 tanggal 3 Maret 2025,", "027/123/DPU/2025"),
        ("surat nomor B-123/LKPP/D.3/05/2025 perihal konsultasi", "B-123/LKPP/D.3/05/2025"),
        ("dengan surat No. 600/1234/Bappeda/2024.", "600/1234/Bappeda/2024"),
    ],
)
def test_letter_numbers(text, excerpt):
    assert (Kind.LETTER_NUMBER, excerpt) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sesuai Peraturan Presiden Nomor 16 Tahun 2018 sebagaimana telah diubah dengan Perpres 12/2021,",
        "berdasarkan Peraturan Menteri PUPR Nomor 14/PRT/M/2020 tentang Standar dan Pedoman,",
        "lihat Permen PUPR No. 07/PRT/M/2011 dan Surat Edaran Nomor 3/SE/M/2015",
        "Peraturan LKPP Nomor 12 Tahun 2021 Pasal 27 ayat (2) huruf b",
        "nilai HPS Rp1.000.000.000,00 (satu miliar rupiah) pada 12/05/2025 pukul 09.00",
        "Kementerian/Lembaga/Perangkat Daerah dan Pemerintah Daerah wajib mengumumkan RUP.",
        "Bapak/Ibu yang kami hormati, pekerjaan konstruksi dan paket pekerjaan tersebut",
        "Badan Usaha Milik Negara dan Ibu Kota Nusantara, Saudara Pemohon.",
        "Undang-Undang Nomor 2 Tahun 2017 tentang Jasa Konstruksi",
    ],
)
def test_false_positive_guards(text):
    assert found(text) == []


def test_package_names():
    text = "Untuk Paket Pembangunan Gedung Puskesmas Sukamaju Tahun 2025, penyedia mengajukan adendum."
    assert found(text)[0] == (Kind.PACKAGE, "Paket Pembangunan Gedung Puskesmas Sukamaju Tahun 2025")
    assert (Kind.PACKAGE, "kode RUP 12345678") in found("paket dengan kode RUP 12345678 telah diumumkan")
    assert found('pekerjaan "rehab jalan lingkungan RT 02" belum selesai')[0][0] == Kind.PACKAGE


def test_institutions():
    text = (
        "Pemerintah Kabupaten Bogor melalui Dinas Pekerjaan Umum dan Penataan Ruang menunjuk "
        "PT Maju Jaya Abadi; CV. Sinar Terang menyanggah."
    )
    kinds = found(text)
    assert (Kind.INSTITUTION, "Pemerintah Kabupaten Bogor") in kinds
    assert (Kind.INSTITUTION, "Dinas Pekerjaan Umum dan Penataan Ruang") in kinds
    assert (Kind.INSTITUTION, "PT Maju Jaya Abadi") in kinds
    assert (Kind.INSTITUTION, "CV. Sinar Terang") in kinds


def test_names_by_honorific():
    text = "Sebagaimana disampaikan Bapak Ahmad Fauzi dan Sdri. Rina Wulandari dalam rapat,"
    assert found(text) == [(Kind.NAME, "Bapak Ahmad Fauzi"), (Kind.NAME, "Sdri. Rina Wulandari")]


def test_known_values_of_the_case():
    text = "Ayu Lestari dari Kementerian Kesehatan (ayu@contoh.go.id, 0812 1234 5678) bertanya; Lestari menambahkan."
    result = found(
        text,
        names=("Ayu Lestari",),
        institutions=("Kementerian Kesehatan",),
        emails=("AYU@contoh.go.id",),
        phones=("+6281212345678",),
    )
    assert result == [
        (Kind.NAME, "Ayu Lestari"),
        (Kind.INSTITUTION, "Kementerian Kesehatan"),
        (Kind.EMAIL, "ayu@contoh.go.id"),
        (Kind.PHONE, "0812 1234 5678"),
        (Kind.NAME, "Lestari"),
    ]


def test_known_name_part_only_when_capitalised():
    # "lestari" as an ordinary word is no name
    assert found("hutan yang lestari", names=("Ayu Lestari",)) == []


def test_spans_point_into_the_text_and_never_overlap():
    text = "Hubungi Ibu Ayu Lestari (ayu.lestari@contoh.go.id) di Dinas Kesehatan Kota Bandung."
    result = flags(text, known=Known(names=("Ayu Lestari",)))
    for flag in result:
        assert text[flag.start : flag.end] == flag.excerpt == text[slice(*flag.span)]
    ends = [f.end for f in result]
    starts = [f.start for f in result]
    assert all(s >= e for s, e in zip(starts[1:], ends, strict=False))


def test_unresolved_by_key_survives_a_move():
    before = flags("Hubungi andi@contoh.go.id.")
    after = flags("Silakan hubungi ANDI@contoh.go.id segera.")
    confirmed = [f.key for f in before]
    assert unresolved(after, confirmed) == []
    assert unresolved(flags("Hubungi budi@contoh.go.id."), confirmed)


@pytest.mark.parametrize("text", ["", "a", "😀" * 50, "<script>alert(1)</script>", "/" * 500, "0" * 2000])
def test_hostile_text_does_not_raise(text):
    flags(text, known=Known(names=("", "x"), phones=("",)))
