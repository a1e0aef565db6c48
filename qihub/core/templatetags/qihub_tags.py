from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

WIDGET_CLASSES = {
    "select": "nhsuk-select",
    "textarea": "nhsuk-textarea",
    "clearablefile": "nhsuk-file-upload",
    "file": "nhsuk-file-upload",
}


@register.filter
def nhsuk_widget(field: BoundField) -> SafeString:
    """Render a form field's widget with the NHS.UK frontend class and its hint/error links."""
    css = WIDGET_CLASSES.get(field.widget_type, "nhsuk-input")
    if field.errors and css in {"nhsuk-input", "nhsuk-select", "nhsuk-textarea"}:
        css += f" {css}--error"
    described = [
        f"{field.auto_id}-{part}"
        for part, present in (("hint", field.help_text), ("error", field.errors))
        if present
    ]
    attrs: dict[str, str | bool] = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
