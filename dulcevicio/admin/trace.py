"""Admin: trace a leaked recipe book (/admin/rastrear) from its code or the PDF itself."""

from __future__ import annotations

from flask import render_template

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.trace import TraceForm
from dulcevicio.request_limits import body_limit
from dulcevicio.services import book_downloads


@bp.route("/rastrear", methods=["GET", "POST"])
@body_limit("MAX_TRACE_UPLOAD_BYTES")
def trace_page():
    form = TraceForm()
    code = found = None
    if form.validate_on_submit():
        code, error = _code_from(form)
        if error:
            form.form_errors.append(error)
        else:
            found = book_downloads.trace(code)
    return render_template(
        "admin/trace.html",
        form=form,
        code=code,
        found=found,
        others=book_downloads.downloads_of(found.user) if found and found.user else [],
    )


def _code_from(form: TraceForm) -> tuple[str | None, str | None]:
    """(the normalised code, or a Spanish reason why there is none)."""
    if form.copy.data:
        try:
            code = book_downloads.code_in_copy(form.copy.data.read())
        except book_downloads.UnreadableCopy as error:
            return None, str(error)
        if code is None:
            return None, "Este PDF no tiene un código de DulceVicio: no es una copia sellada."
        return code, None
    code = book_downloads.normalize_code(form.code.data)
    if code is None:
        return None, "Ese no es un código de recetario: son 8 letras y números, como 7KQ2-M9XD."
    return code, None
