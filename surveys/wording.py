"""Each element's 1–4 answers in the words of PermenPANRB 14/2017's questionnaire."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .scoring import Element

QUESTIONS = {
    Element.PERSYARATAN: _("Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
    Element.PROSEDUR: _("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?"),
    Element.WAKTU: _("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
    Element.BIAYA: _("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?"),
    Element.PRODUK: _("Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
                      "pelayanan dengan hasil yang diberikan?"),
    Element.KOMPETENSI: _("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?"),
    Element.PERILAKU: _("Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
    Element.PENGADUAN: _("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?"),
    Element.SARANA: _("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
}

ANSWERS = {
    Element.PERSYARATAN: (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    Element.PROSEDUR: (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    Element.WAKTU: (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    Element.BIAYA: (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    Element.PRODUK: (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    Element.KOMPETENSI: (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    Element.PERILAKU: (_("Tidak sopan dan ramah"), _("Kurang sopan dan ramah"), _("Sopan dan ramah"),
                       _("Sangat sopan dan ramah")),
    Element.PENGADUAN: (_("Tidak ada"), _("Ada tetapi tidak berfungsi"), _("Berfungsi kurang maksimal"),
                        _("Dikelola dengan baik")),
    Element.SARANA: (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
}
