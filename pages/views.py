from django.shortcuts import render

from accounts.access import public

from .selectors import service_standard_content


@public
def home(request):
    return render(request, "pages/home.html", {"content": service_standard_content()})


@public
def standard(request):
    return render(request, "pages/standard.html", {"content": service_standard_content()})
