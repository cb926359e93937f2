"""Admin: CSV exports (/admin/exportar/<kind>.csv), streamed as the rows are read."""

from __future__ import annotations

from flask import Response, abort, request, stream_with_context

from dulcevicio.admin.blueprint import bp
from dulcevicio.services import exports, periods

SEMICOLON = "punto-y-coma"


@bp.route("/exportar/<kind>.csv")
def export_csv(kind: str):
    if kind not in exports.EXPORTS:
        abort(404)
    semicolon = request.args.get("separador") == SEMICOLON
    filename = f"dulcevicio-{exports.EXPORTS[kind].filename}-{periods.today().isoformat()}.csv"
    return Response(
        stream_with_context(exports.rows_as_csv(kind, semicolon)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
