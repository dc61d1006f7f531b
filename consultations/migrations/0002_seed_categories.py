"""A realistic first set of problem categories (the "menu" of the standard).

The admin edits them afterwards; this migration only creates rows that are missing.
"""

from django.db import migrations

# code, name, name_en, description, description_en, legal, default directorate code
CATEGORIES = [
    ("perencanaan", "Perencanaan pengadaan", "Procurement planning",
     "Identifikasi kebutuhan, RUP, HPS, spesifikasi teknis dan strategi pengadaan.",
     "Needs identification, procurement plans (RUP), owner's estimates, specifications and strategy.",
     False, None),
    ("pemilihan-penyedia", "Pemilihan penyedia / tender", "Supplier selection / tender",
     "Tender, seleksi, pengadaan langsung, penunjukan langsung dan evaluasi penawaran.",
     "Tenders, selection, direct procurement, direct appointment and bid evaluation.",
     False, None),
    ("e-purchasing", "E-purchasing dan katalog elektronik", "E-purchasing and e-catalogue",
     "Pembelian melalui katalog elektronik dan toko daring.",
     "Purchases through the electronic catalogue and online shops.",
     False, None),
    ("swakelola", "Swakelola", "Self-managed procurement (swakelola)",
     "Pelaksanaan pengadaan secara swakelola tipe I sampai IV.",
     "Self-managed procurement of types I to IV.",
     False, None),
    ("kontrak", "Kontrak dan pelaksanaan", "Contracts and implementation",
     "Penyusunan kontrak, perubahan kontrak, addendum, serah terima dan pembayaran.",
     "Drafting and amending contracts, addenda, handover and payment.",
     False, None),
    ("sanggah", "Sanggah dan sanggah banding", "Objections and appeals (sanggah)",
     "Penanganan sanggah dan sanggah banding dalam pemilihan penyedia.",
     "Handling objections and appeals in supplier selection.",
     False, None),
    ("darurat", "Pengadaan darurat", "Emergency procurement",
     "Pengadaan barang/jasa dalam penanganan keadaan darurat.",
     "Procurement of goods and services in emergencies.",
     False, None),
    ("hukum", "Permasalahan hukum / kontrak bermasalah", "Legal problems / troubled contracts",
     "Sengketa kontrak, pemutusan kontrak, daftar hitam dan permasalahan hukum pengadaan.",
     "Contract disputes, termination, blacklisting and other legal problems in procurement.",
     True, None),
    ("pdn-tkdn-umk", "PDN, TKDN dan UMK", "Domestic products, local content and small businesses",
     "Penggunaan produk dalam negeri, tingkat komponen dalam negeri dan usaha mikro, kecil dan koperasi.",
     "Use of domestic products, local content requirements and micro and small enterprises.",
     False, None),
    ("lainnya", "Lainnya", "Other",
     "Permasalahan pengadaan lain yang tidak termasuk kategori di atas.",
     "Other procurement problems not covered above.",
     False, None),
]


def create(apps, schema_editor):
    Category = apps.get_model("consultations", "Category")
    Directorate = apps.get_model("accounts", "Directorate")
    for order, (code, name, name_en, desc, desc_en, legal, directorate) in enumerate(CATEGORIES, 1):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": desc,
                "description_en": desc_en,
                "is_legal_problem": legal,
                "default_directorate": Directorate.objects.get(code=directorate) if directorate else None,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial"), ("accounts", "0002_directorates")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
