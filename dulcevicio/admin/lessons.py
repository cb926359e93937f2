"""Admin: a course's lessons — list, create, edit, delete, reorder."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.courses import LessonForm
from dulcevicio.admin.helpers import prefill, step_from_form
from dulcevicio.extensions import db
from dulcevicio.models import Course, Lesson
from dulcevicio.services import lessons


def _lesson_or_404(course_id: int, lesson_id: int) -> Lesson:
    query = sa.select(Lesson).where(Lesson.id == lesson_id, Lesson.course_id == course_id)
    return db.first_or_404(query)


def _back(course_id: int):
    return redirect(url_for("admin.lessons_list", course_id=course_id))


@bp.route("/cursos/<id:course_id>/lecciones")
def lessons_list(course_id: int):
    course = db.get_or_404(Course, course_id)
    return render_template("admin/lessons_list.html", course=course, lessons=course.lessons)


@bp.route("/cursos/<id:course_id>/lecciones/nueva", methods=["GET", "POST"])
def lesson_new(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = LessonForm()
    if form.validate_on_submit():
        lesson = lessons.create_lesson(course, **form.lesson_fields())
        db.session.commit()
        flash(f"Lección «{lesson.title}» creada.", "success")
        return _back(course.id)
    return render_template("admin/lesson_new.html", form=form, course=course)


@bp.route("/cursos/<id:course_id>/lecciones/<id:lesson_id>/editar", methods=["GET", "POST"])
def lesson_edit(course_id: int, lesson_id: int):
    lesson = _lesson_or_404(course_id, lesson_id)
    form = LessonForm(obj=prefill(lesson))
    if form.validate_on_submit():
        lessons.update_lesson(lesson, **form.lesson_fields())
        db.session.commit()
        flash("Los cambios de la lección se guardaron.", "success")
        return _back(course_id)
    return render_template("admin/lesson_edit.html", form=form, lesson=lesson, course=lesson.course)


@bp.route("/cursos/<id:course_id>/lecciones/<id:lesson_id>/eliminar", methods=["POST"])
def lesson_delete(course_id: int, lesson_id: int):
    lesson = _lesson_or_404(course_id, lesson_id)
    title = lesson.title
    lessons.delete_lesson(lesson)
    db.session.commit()
    flash(f"Eliminaste la lección «{title}».", "info")
    return _back(course_id)


@bp.route("/cursos/<id:course_id>/lecciones/<id:lesson_id>/mover", methods=["POST"])
def lesson_move(course_id: int, lesson_id: int):
    lesson = _lesson_or_404(course_id, lesson_id)
    if lessons.move_lesson(lesson, step_from_form()):
        db.session.commit()
    return _back(course_id)
