from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.models import Role

from .services import send_by_pigeon


@roles(Role.APPLICANT)
@require_POST
def send(request):
    case = send_by_pigeon(applicant=request.user, question=request.POST.get("question", ""))
    return HttpResponseRedirect(reverse("consultations:detail", kwargs={"number": case.number}))
