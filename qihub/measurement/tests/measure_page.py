"""A page showing stored measures through :func:`qihub.measurement.charts.measure_chart` and the
partial, as the programme's aim pages do, for the browser tests. Tests use it with
``@pytest.mark.urls(__name__)``."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from qihub.measurement.charts import measure_chart, measures_summary
from qihub.measurement.models import Measure
from qihub.urls import urlpatterns as site_urlpatterns

PAGE = "/test/measures/"
_TEMPLATE = """{% extends "base.html" %}
{% block title %}Measures{% endblock %}
{% block content %}
<h1>Measures</h1>
<table class="nhsuk-table-responsive" role="table">
  <caption class="nhsuk-table__caption">Every measure at a glance</caption>
  <thead class="nhsuk-table__head" role="rowgroup"><tr class="nhsuk-table__row" role="row">
    {% for label in headings %}
      <th scope="col" class="nhsuk-table__header" role="columnheader">{{ label }}</th>
    {% endfor %}
  </tr></thead>
  <tbody class="nhsuk-table__body" role="rowgroup">
  {% for row in rows %}<tr class="nhsuk-table__row" role="row">
    <td class="nhsuk-table__cell" role="cell">
      <span class="nhsuk-table-responsive__heading" aria-hidden="true">Measure </span>
      {{ row.measure.name }}
    </td>
    <td class="nhsuk-table__cell" role="cell">
      <span class="nhsuk-table-responsive__heading" aria-hidden="true">Latest </span>
      {{ row.latest_value|floatformat:2 }}
    </td>
    <td class="nhsuk-table__cell" role="cell">
      <span class="nhsuk-table-responsive__heading" aria-hidden="true">Variation </span>
      {% if row.variation %}{{ row.variation.svg }}{% else %}{{ row.note }}{% endif %}
    </td>
    <td class="nhsuk-table__cell" role="cell">
      <span class="nhsuk-table-responsive__heading" aria-hidden="true">Assurance </span>
      {% if row.assurance %}{{ row.assurance.svg }}{% endif %}
    </td>
  </tr>{% endfor %}
  </tbody>
</table>
{% for chart in charts %}
  {% include "measurement/fragment_chart.html" with chart=chart %}
{% endfor %}
{% endblock %}"""


def measures_page(request: HttpRequest) -> HttpResponse:
    measures = list(Measure.objects.order_by("name"))
    charts = [chart for chart in map(measure_chart, measures) if chart is not None]
    template = engines["django"].from_string(_TEMPLATE)
    context = {
        "rows": measures_summary(measures),
        "charts": charts,
        "headings": ("Measure", "Latest", "Variation", "Assurance"),
    }
    return HttpResponse(template.render(context, request))


urlpatterns = [path(PAGE.strip("/") + "/", measures_page), *site_urlpatterns]
