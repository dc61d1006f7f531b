from django.urls import path

from .views import desk, public

app_name = "complaints"

urlpatterns = [
    path("kirim/", public.file, name="file"),
    path("terkirim/", public.filed, name="filed"),
    path("lacak/", public.lookup, name="lookup"),
    path("lacak/<str:code>/", public.track, name="track"),
    path("saya/", public.mine, name="mine"),
    path("saya/<int:pk>/", public.own, name="own"),
    path("staf/", desk.queue, name="queue"),
    path("staf/catat/", desk.log, name="log"),
    path("staf/<int:pk>/", desk.detail, name="detail"),
    path("staf/<int:pk>/pindaian.pdf", desk.scan, name="scan"),
    path("staf/<int:pk>/ambil/", desk.take, name="take"),
    path("staf/<int:pk>/tanya/", desk.ask, name="ask"),
    path("staf/<int:pk>/tindak-lanjut/", desk.close, name="close"),
    path("staf/<int:pk>/alihkan/", desk.reroute, name="reroute"),
]
