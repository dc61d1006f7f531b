"""The survey page, opened by the link of the invitation e-mail (no account needed)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import public
from consultations.views.common import add_domain_errors

from . import services
from .forms import SurveyForm
from .scoring import ELEMENTS


@public
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token, now=timezone.now())
    if invitation is None:
        response = render(request, "surveys/closed.html", status=404)
        response["Referrer-Policy"] = "no-referrer"
        return response
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_response(
                token=token, scores={e: data[e] for e in ELEMENTS}, comment=data["comment"],
                profile={k: data[k] for k in ("age_band", "sex", "education", "occupation")},
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            return render(request, "surveys/thanks.html", {"case": invitation.consultation})
    response = render(request, "surveys/answer.html", {"form": form, "case": invitation.consultation})
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response
