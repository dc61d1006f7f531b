from django.urls import path

from . import views

urlpatterns = [path("merpati/kirim/", views.send, name="pigeon_send")]
