"""Forms of the notifications blueprint: per-kind preferences."""

from wtforms import BooleanField, SubmitField

from dulcevicio.forms import BaseForm
from dulcevicio.models import NotificationKind
from dulcevicio.notifications.texts import KIND_LABELS


class PreferencesForm(BaseForm):
    """One checkbox per kind: checked means she wants it."""

    submit = SubmitField("Guardar preferencias")

    def wanted(self) -> set[NotificationKind]:
        return {kind for kind in KIND_LABELS if self[f"kind_{kind.value}"].data}

    def kind_fields(self) -> list:
        return [self[f"kind_{kind.value}"] for kind in KIND_LABELS]


for _kind, _label in KIND_LABELS.items():
    setattr(PreferencesForm, f"kind_{_kind.value}", BooleanField(_label))


PREFIX = "avisos"  # keeps its fields apart from the other forms of "Mi cuenta"


def preferences_form(muted: set[NotificationKind] | None = None) -> PreferencesForm:
    """The form as sent (`muted` None), or as saved: every kind checked but `muted`."""
    if muted is None:
        return PreferencesForm(prefix=PREFIX)
    form = PreferencesForm(prefix=PREFIX, formdata=None)
    for kind in KIND_LABELS:
        form[f"kind_{kind.value}"].data = kind not in muted
    return form
