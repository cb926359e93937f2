"""Admin: a course's testimonials — list and add, edit, delete, reorder."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.testimonials import TestimonialForm
from dulcevicio.admin.helpers import prefill, step_from_form
from dulcevicio.extensions import db
from dulcevicio.models import Course, Testimonial
from dulcevicio.services import testimonials


def _testimonial_or_404(course_id: int, testimonial_id: int) -> Testimonial:
    query = sa.select(Testimonial).where(
        Testimonial.id == testimonial_id, Testimonial.course_id == course_id
    )
    return db.first_or_404(query)


def _back(course_id: int):
    return redirect(url_for("admin.testimonials_list", course_id=course_id))


@bp.route("/cursos/<id:course_id>/testimonios", methods=["GET", "POST"])
def testimonials_list(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = TestimonialForm()
    if form.validate_on_submit():
        try:
            testimonials.add_testimonial(course, **form.testimonial_fields())
        except testimonials.TooManyTestimonials as error:
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash("Testimonio agregado.", "success")
            return _back(course.id)
    return render_template(
        "admin/testimonials.html",
        course=course,
        testimonials=course.testimonials,
        form=form,
        full=len(course.testimonials) >= testimonials.MAX_PER_COURSE,
        limit=testimonials.MAX_PER_COURSE,
    )


@bp.route("/cursos/<id:course_id>/testimonios/<id:testimonial_id>/editar", methods=["GET", "POST"])
def testimonial_edit(course_id: int, testimonial_id: int):
    testimonial = _testimonial_or_404(course_id, testimonial_id)
    form = TestimonialForm(obj=prefill(testimonial))
    if form.validate_on_submit():
        testimonials.update_testimonial(testimonial, **form.testimonial_fields())
        db.session.commit()
        flash("Los cambios del testimonio se guardaron.", "success")
        return _back(course_id)
    return render_template(
        "admin/testimonial_edit.html",
        form=form,
        testimonial=testimonial,
        course=testimonial.course,
    )


@bp.route("/cursos/<id:course_id>/testimonios/<id:testimonial_id>/eliminar", methods=["POST"])
def testimonial_delete(course_id: int, testimonial_id: int):
    testimonial = _testimonial_or_404(course_id, testimonial_id)
    author = testimonial.author_name
    testimonials.delete_testimonial(testimonial)
    db.session.commit()
    flash(f"Eliminaste el testimonio de {author}.", "info")
    return _back(course_id)


@bp.route("/cursos/<id:course_id>/testimonios/<id:testimonial_id>/mover", methods=["POST"])
def testimonial_move(course_id: int, testimonial_id: int):
    testimonial = _testimonial_or_404(course_id, testimonial_id)
    if testimonials.move_testimonial(testimonial, step_from_form()):
        db.session.commit()
    return _back(course_id)
