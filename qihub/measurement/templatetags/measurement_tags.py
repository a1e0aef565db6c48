from django import template

from qihub.measurement.cells import number_written

register = template.Library()


@register.filter
def written(number: float | None) -> str:
    """A value as a person writes it: ``800``, ``1,000``, ``5.5``."""
    return number_written(number)
