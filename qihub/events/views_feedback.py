"""The feedback form an attendee reaches from the link emailed after the event: no account
needed, once per attendee."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from qihub.events.errors import EventError
from qihub.events.forms_checkin import FeedbackForm
from qihub.events.services.feedback import feedback_give, feedback_token_check

ERROR_FIELDS = {"rating": "rating", "text": None}


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = feedback_token_check(token=token)
    except EventError as error:
        return TemplateResponse(
            request,
            "events/feedback/refused.html",
            {"message": error.message, "title": "Feedback"},
            status=200 if error.code == "already" else 404,
        )
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback_give(
                    token=token,
                    rating=data["rating"],
                    went_well=data["went_well"],
                    could_be_better=data["could_be_better"],
                )
            except EventError as error:
                form.add_error(ERROR_FIELDS.get(error.code), error.message)
            else:
                return TemplateResponse(
                    request, "events/feedback/thanks.html", {"event": registration.event}
                )
        status = 400
    return TemplateResponse(
        request,
        "events/feedback/form.html",
        {"event": registration.event, "form": form, "token": token},
        status=status,
    )
