"""The Indonesian analysis, without a database: forms and abbreviations meet, short words
survive, and no input raises."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import fts
from knowledge.synonyms import FILE
from knowledge.text import (
    MAX_QUERY_TERMS,
    STOP_WORDS,
    Synonyms,
    check_line,
    normalize,
    parse_line,
    query_terms,
    significant_terms,
    stem,
    stem_text,
    tokenize,
)

SYN = Synonyms.from_text(FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("words", "root"),
    [
        (["pengadaan", "diadakan", "mengadakan", "adakan"], "ada"),
        (["pemilihan", "memilih", "dipilih", "pilihan"], "pilih"),
        (["penyedia", "menyediakan", "disediakan"], "sedia"),
        (["pembayaran", "dibayar", "membayarkan", "bayar"], "bayar"),
        (["pekerjaan", "dipekerjakan", "kerja"], "kerja"),
        (["perpanjangan", "diperpanjang"], "panjang"),
        (["pembelian", "membeli", "beli"], "beli"),
        (["pemakaian", "memakai", "pakai"], "pakai"),
        (["pelaksanaan", "melaksanakan", "dilaksanakan"], "laksana"),
        (["sanggahan", "menyanggah", "sanggah"], "sanggah"),
    ],
)
def test_the_forms_of_a_word_meet_at_one_root(words, root):
    assert {stem(w) for w in words} == {root}


@pytest.mark.parametrize("word", ["ada", "pa", "kpa", "ppk", "hps", "jalan", "kontrak", "tender", "berita", "kepala", "2018"])
def test_short_and_protected_words_survive(word):
    assert stem(word) == word


def test_tokenize_joins_letter_prefixes_and_reduplications_and_splits_the_rest():
    assert tokenize("E-Katalog, e-purchasing; barang-barang PA/KPA") == ["ekatalog", "epurchasing", "barang", "pa", "kpa"]
    assert tokenize("Pasal 27 ayat (2) Perpres 16/2018") == ["pasal", "27", "ayat", "2", "perpres", "16", "2018"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("pengadaan barang/jasa", "PBJ"),
        ("Pejabat Pembuat Komitmen", "PPK"),
        ("kuasa pengguna anggaran", "KPA"),
        ("pengguna anggaran", "PA"),
        ("unit kerja pengadaan barang/jasa", "UKPBJ"),
        ("harga perkiraan sendiri", "HPS"),
        ("e-katalog", "katalog elektronik"),
        ("ekatalog", "E-Katalog"),
        ("sistem pengadaan secara elektronik", "SPSE"),
        ("lelang", "tender"),
        ("swa-kelola", "swakelola"),
        ("addendum", "adendum"),
        ("cidera janji", "wanprestasi"),
        ("ingkar janji", "wanprestasi"),
    ],
)
def test_synonyms_make_variants_one_word_on_both_sides(one, other):
    assert normalize(one, SYN) == normalize(other, SYN)
    assert len(normalize(one, SYN).split()) == 1


def test_the_longest_variant_wins():
    assert normalize("kuasa pengguna anggaran dan pengguna anggaran", SYN) == "kpa pa"


def test_stop_words_go_but_meaning_stays():
    assert normalize("Apakah PPK dapat merangkap sebagai pokja yang sama?", SYN) == "ppk merangkap pokja"
    assert {"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "ini", "itu", "atau", "apakah", "bagaimana"} <= STOP_WORDS


def test_query_terms_are_distinct_stemmed_for_sqlite_and_drop_single_letters():
    assert query_terms("Pengadaan diadakan x mengadakan HPS", SYN, stemmed=True) == ["ada", "hps"]
    assert query_terms("Pengadaan x HPS", SYN, stemmed=False) == ["pengadaan", "hps"]
    assert query_terms("a", SYN, stemmed=True) == []
    assert query_terms("   ", SYN, stemmed=True) == []


def test_a_long_query_is_cut_to_a_bounded_number_of_terms():
    text = " ".join(f"kata{n}" for n in range(1000))
    assert len(query_terms(text, SYN, stemmed=True)) == MAX_QUERY_TERMS


def test_significant_terms_prefer_the_long_words():
    terms = significant_terms("saya ingin tahu tentang perpanjangan kontrak jasa konsultansi", SYN, stemmed=False, limit=2)
    assert terms == ["perpanjangan", "konsultansi"]


def test_the_dictionary_file_has_only_well_formed_lines():
    problems = [(line, check_line(line)) for line in FILE.read_text(encoding="utf-8").splitlines()]
    assert [p for p in problems if p[1] not in ("", "blank")] == []
    assert parse_line("tender = lelang, pelelangan  # comment") == ("tender", ["lelang", "pelelangan"])
    assert parse_line("dua kata = x") is None
    assert parse_line("# only a comment") is None


def test_query_syntax_is_quoted_term_by_term():
    assert fts._match(["ada", "hps"], "and", prefix=True) == '"ada" "hps"*'
    assert fts._match(["ada", "hps"], "or", prefix=False) == '"ada" OR "hps"'
    assert fts._tsquery(["ada", "hps"], "and", prefix=True) == "'ada' & 'hps':*"
    assert fts._tsquery(["a'b"], "or", prefix=False) == "'a''b'"


def test_a_snippet_is_escaped_except_its_marks():
    html = fts.python_snippet("<script>alert(1)</script> Lelang ulang & tender", ["tender"], SYN)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Lelang</mark>" in html and "<mark>tender</mark>" in html


HOSTILE = st.one_of(
    st.text(max_size=2000),
    st.sampled_from(
        [
            "", " ", "a", "& | ! <-> :*", "'\"", "\"; DROP TABLE knowledge_article; --", "<script>x</script>",
            "😀😀 pengadaan 😀", "кириллица 中文 عربى pengadaan", "x" * 2000, "NEAR(a b)", "title:foo", "^a* -b",
            "\x00\x01\ue000\ue001", "AND OR NOT", "''':*:*", "e-", "-e-katalog-",
        ]
    ),
)


@given(HOSTILE)
def test_no_input_makes_the_analysis_raise(text):
    words = normalize(text, SYN).split()
    assert all(w and " " not in w for w in words)
    stem_text(" ".join(words))
    for stemmed in (True, False):
        terms = query_terms(text, SYN, stemmed=stemmed)
        assert len(terms) <= MAX_QUERY_TERMS
        if terms:
            fts._match(terms, "and", prefix=True)
            fts._tsquery(terms, "or", prefix=True)
    fts.python_snippet(text, ["ada"], SYN)


@given(st.text(alphabet=st.characters(categories=["L", "N"]), max_size=40))
def test_a_term_has_only_word_characters(text):
    for term in query_terms(text, SYN, stemmed=True):
        assert all(ch.isalnum() for ch in term)
