"""Helpers for the apps' back-office hooks (their ``wagtail_hooks.py``)."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from wagtail import hooks

M = TypeVar("M", bound=Model)


def snippet_delete_refuse(model: type[M], refusal: Callable[[M], str | None]) -> None:
    """Refuse to delete, in the back office, any ``model`` snippet for which ``refusal`` gives a
    reason: the delete page (or a bulk delete including it) goes back to the model's listing
    with the reason as an error, and nothing is deleted."""

    def refuse(request: HttpRequest, instances: Sequence[Any]) -> HttpResponse | None:
        for instance in instances:
            if isinstance(instance, model) and (reason := refusal(instance)):
                messages.error(request, reason)
                opts = model._meta
                return redirect(f"wagtailsnippets_{opts.app_label}_{opts.model_name}:list")
        return None

    hooks.register("before_delete_snippet", refuse)
