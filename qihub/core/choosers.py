"""Choosing a person in the back office: found by name, email, employee number or team.

Every form field that points at a `Person` (a panel member, a leader, …) uses this chooser, since
`PersonViewSet` names it as its snippet chooser. With thousands of staff and several people of
the same name, each result shows who they are: their kind, team and employee number.
"""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.widgets import AdminSnippetChooser

from qihub.core.models import Person

# What a search term is matched against (each term of the search must match one of them).
SEARCHED = (
    "first_name",
    "last_name",
    "email",
    "employee_number",
    "team__name",
    "team__code",
)


def person_label(person: Person) -> str:
    """The person as a chooser shows them, so that two of the same name can be told apart."""
    about = [person.get_kind_display()]
    if person.team is not None:
        about.append(str(person.team))
    if person.employee_number:
        about.append(f"employee number {person.employee_number}")
    if not person.is_active:
        about.append("left")
    return f"{person.full_name} ({', '.join(about)})"


def people_matching(people: QuerySet[Person], search: str) -> QuerySet[Person]:
    """The people matching every word of the search in their name, email, employee number or
    team (its name or code), case aside: "aisha ward 7" finds Aisha Adams of Ward 7."""
    for term in search.split():
        matches = Q()
        for field in SEARCHED:
            matches |= Q(**{f"{field}__icontains": term})
        people = people.filter(matches)
    return people


class PersonSearchForm(BaseFilterForm):
    q = forms.CharField(
        label="Search by name, email, employee number or team",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Name, email, employee number or team"}),
    )

    def filter(self, objects: QuerySet[Person]) -> QuerySet[Person]:
        search = (self.cleaned_data.get("q") or "").strip()
        if search:
            self.is_searching = True
            self.search_query = search
            objects = people_matching(objects, search)
        return objects


class PersonChooseMixin:
    filter_form_class = PersonSearchForm

    def get_object_list(self) -> QuerySet[Person]:
        return Person.objects.select_related("team")

    @property
    def columns(self) -> list[Column]:
        return [
            self.title_column,  # type: ignore[attr-defined]
            Column("kind", label="Kind", accessor="get_kind_display"),
            Column("team", label="Team"),
            Column("employee_number", label="Employee number"),
            Column("email", label="Email"),
        ]


class PersonChooseView(PersonChooseMixin, ChooseView):
    pass


class PersonChooseResultsView(PersonChooseMixin, ChooseResultsView):
    pass


class PersonChosenView(SnippetChosenView):
    def get_display_title(self, instance: Any) -> str:
        return person_label(instance)


class PersonChooserWidget(AdminSnippetChooser):
    def get_display_title(self, instance: Any) -> str:
        return person_label(instance)


class PersonChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    chosen_view_class = PersonChosenView
    base_widget_class = PersonChooserWidget
