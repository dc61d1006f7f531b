"""Form fields as crispy-forms' bootstrap5 pack renders them (``|as_crispy_field``), written
in Python instead of through a dozen template includes per field.

On a busy page (the staff case page builds up to twenty fields) crispy's templates and
Django's widget templates cost more than the rest of the page. :func:`field_html` gives
the same HTML — the same elements, attributes, classes, ids, labels, help texts and
error messages (``core/tests/test_field_html.py`` compares the two, parsed, for every
kind of widget the site uses, unbound and with errors) — and falls back to crispy for a
widget it does not know. :func:`widget_html` is ``{{ form.field }}`` (the bare widget).
The template filters are ``core.templatetags.field_html``. Like ``core.forms.QuickSelect``.
"""

from __future__ import annotations

from html import escape

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.templatetags.l10n import unlocalize
from django.utils.safestring import SafeString, mark_safe


def e(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper (a third of its cost): what
    is already HTML stays as it is, anything else is escaped as Django escapes."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def attrs_html(attrs: dict) -> str:
    """As ``django/forms/widgets/attrs.html``: in order, ``True`` as the bare name, ``False`` left out."""
    return "".join(f" {e(k)}" if v is True else f' {e(k)}="{e(v)}"' for k, v in attrs.items() if v is not False)


def _render_widget(widget: forms.Widget, name: str, value, attrs: dict) -> str | None:
    """The widget's own template (``django/forms/widgets/*.html``) in Python; None for a
    widget it does not know (the caller renders it the usual way)."""
    if isinstance(widget, (forms.RadioSelect, forms.MultiWidget)) or type(widget).render is not forms.Widget.render:
        return None
    context = widget.get_context(name, value, attrs)["widget"]
    if isinstance(widget, forms.Textarea):
        return f'<textarea name="{e(context["name"])}"{attrs_html(context["attrs"])}>\n{e(context["value"] or "")}</textarea>'
    if isinstance(widget, forms.Select):
        parts = []
        for group, options, _index in context["optgroups"]:
            html = "".join(f'\n  <option value="{e(o["value"])}"{attrs_html(o["attrs"])}>{e(o["label"])}</option>'
                           for o in options)
            parts.append(f'\n  <optgroup label="{e(group)}">{html}\n  </optgroup>' if group else html)
        return f'<select name="{e(context["name"])}"{attrs_html(context["attrs"])}>{"".join(parts)}\n</select>'
    if (isinstance(widget, Input) and widget.template_name.startswith("django/forms/widgets/")
            and not isinstance(widget, forms.ClearableFileInput)):
        value_html = f' value="{e(context["value"])}"' if context["value"] is not None else ""
        return f'<input type="{e(context["type"])}" name="{e(context["name"])}"{value_html}{attrs_html(context["attrs"])}>'
    return None


def _widget(field: BoundField, extra: dict | None = None) -> str:
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(extra or {}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    html = _render_widget(widget, field.html_name, field.value(), attrs)
    return html if html is not None else str(field.as_widget(attrs=extra))


def widget_html(field: BoundField) -> SafeString:
    """``{{ form.field }}`` (``BoundField.as_widget``), the widget's template done in Python."""
    return mark_safe(_widget(field))  # noqa: S308 - every value escaped by e()


def _css(widget: forms.Widget, classes: str) -> str:
    """The class crispy's ``{% crispy_field field 'class' '...' %}`` gives the widget: its
    own class, the widget's class name in lower case, then the pack's classes."""
    name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    if css:
        if css.find(name) == -1:
            css += " " + name
    else:
        css = name
    present = css.split()
    for item in classes.split():
        if item not in present:
            css += " " + item
            present.append(item)
    return css


def _errors_block(field: BoundField, errors) -> str:
    """``bootstrap5/layout/field_errors_block.html``."""
    if not errors:
        return ""
    items = "".join(f'<p id="error_{n}_{e(field.auto_id)}"><strong>{e(error)}</strong></p>'
                    for n, error in enumerate(errors, 1))
    return f'<div id="{e(getattr(errors, "field_id", None))}_error" class="invalid-feedback">{items}</div>'


def _help(field: BoundField) -> str:
    """``bootstrap5/layout/help_text.html`` (the help text is trusted HTML there too: ``|safe``)."""
    help_text = field.help_text
    if not help_text:
        return ""
    if field.auto_id:
        return f'<div id="{e(field.auto_id)}_helptext" class="form-text">{help_text}</div>'
    return f'<div class="form-text">{help_text}</div>'


def _choices(field: BoundField, errors) -> str:
    """``bootstrap5/layout/radio_checkbox_select.html``: one form-check per option."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    invalid = " is-invalid" if errors else ""
    name = e(field.html_name)
    parts = []
    for n, (group, options, _index) in enumerate(groups, 1):
        if group:
            parts.append(f"<strong>{e(group)}</strong>")
        for m, option in enumerate(options, 1):
            last = _errors_block(field, errors) if errors and m == len(options) and n == len(groups) else ""
            parts.append(
                f'<div class="form-check"><input type="{e(option["type"])}" class="form-check-input{invalid}" '
                f'name="{name}" value="{e(unlocalize(option["value"]))}"{attrs_html(option["attrs"])}>'
                f'<label for="{e(option["attrs"].get("id", ""))}" class="form-check-label">'
                f'{e(unlocalize(option["label"]))}</label>{last}</div>'
            )
    return f'<div>{"".join(parts)}</div>{_help(field)}'


def _file(field: BoundField, errors) -> str:
    """``bootstrap5/layout/field_file.html`` for a plain file input (no "clear" box)."""
    parts = []
    for sub in field.subwidgets:
        data = sub.data
        css = "form-control" + (f" {data['attrs']['class']}" if data["attrs"].get("class") else "")
        css += " is-invalid" if errors else ""
        attrs = attrs_html({k: v for k, v in data["attrs"].items() if k != "class"})
        invalid = ' class="is-invalid"' if errors else ""
        parts.append(
            f'<div{invalid}><input type="{e(data["type"])}" name="{e(data["name"])}" '
            f'class="{e(css)}"{" disabled" if field.field.disabled else ""}{attrs}>'
            f"{_errors_block(field, errors)}{_help(field)}</div>"
        )
    return "".join(parts)


def field_html(field: BoundField) -> SafeString:
    """``{{ field|as_crispy_field }}`` of the bootstrap5 pack, without a helper."""
    widget = field.field.widget
    if field.is_hidden:
        return widget_html(field)
    if isinstance(widget, (forms.ClearableFileInput, forms.MultiWidget)):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(field)
    errors = field.errors
    css_classes = field.css_classes()
    auto_id = e(field.auto_id)
    required = " requiredField" if field.field.required else ""
    asterisk = '<span class="asteriskField">*</span>' if field.field.required else ""
    label = e(field.label)
    if isinstance(widget, forms.CheckboxInput):
        control = _widget(field, {"class": _css(widget, "form-check-input" + (" is-invalid" if errors else ""))})
        extra = f" {e(css_classes)}" if css_classes else ""
        html = (
            f'<div class="mb-3"><div id="div_{auto_id}" class="form-check{extra}">'
            f'{control}<label for="{e(field.id_for_label)}" class="form-check-label{required}">{label}{asterisk}</label>'
            f"{_errors_block(field, errors)}{_help(field)}</div></div>"
        )
        return mark_safe(html)  # noqa: S308 - every value escaped by e()
    wrapper = "mb-3" + (f" {e(css_classes)}" if css_classes else "")
    for_label = f' for="{e(field.id_for_label)}"' if field.id_for_label else ""
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        if not field.label:
            return mark_safe(f'<div id="div_{auto_id}" class="{wrapper}">{_choices(field, errors)}</div>')  # noqa: S308
        described = field.aria_describedby if field.use_fieldset else ""
        described = f' aria-describedby="{e(described)}"' if described else ""
        html = (
            f'<div id="div_{auto_id}" class="{wrapper}"><fieldset{described}>'
            f'<legend{for_label} class="form-label{required} fs-6">{label}{asterisk}</legend>'
            f"{_choices(field, errors)}</fieldset></div>"
        )
        return mark_safe(html)  # noqa: S308 - every value escaped by e()
    label_html = f'<label{for_label} class="form-label{required}">{label}{asterisk}</label>' if field.label else ""
    if isinstance(widget, forms.FileInput):
        body = _file(field, errors)
    else:
        classes = "form-select" if isinstance(widget, forms.Select) else "form-control"
        control = _widget(field, {"class": _css(widget, classes + (" is-invalid" if errors else ""))})
        body = f"{control}{_errors_block(field, errors)}{_help(field)}"
    return mark_safe(f'<div id="div_{auto_id}" class="{wrapper}">{label_html}{body}</div>')  # noqa: S308
