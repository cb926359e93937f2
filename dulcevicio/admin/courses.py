"""Admin: courses — list, create, edit, (de)activate, reorder, delete, students."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for

from dulcevicio.admin.blueprint import bp
from dulcevicio.admin.forms.courses import CourseDeleteForm, CourseForm
from dulcevicio.admin.helpers import (
    acting_admin,
    flag_from_form,
    flash_book_notice,
    paginate,
    prefill,
    step_from_form,
)
from dulcevicio.extensions import db
from dulcevicio.models import Course
from dulcevicio.services import courses, progress
from dulcevicio.services.media.images import ImageRejected
from dulcevicio.services.storage import MediaKind, StorageError, file_url


@bp.route("/cursos")
def courses_list():
    page = paginate(sa.select(Course).order_by(Course.position, Course.id))
    counts = courses.list_counts([course.id for course in page.items])
    return render_template("admin/courses_list.html", page=page, counts=counts)


@bp.route("/cursos/nuevo", methods=["GET", "POST"])
def course_new():
    form = CourseForm()
    del form.remove_signature  # a new course has no signature or photo to remove
    del form.remove_instructor_photo
    if form.validate_on_submit():
        try:
            course = courses.create_course(
                created_by=acting_admin(),
                cover=form.cover(),
                signature=form.signature_upload(),
                instructor_photo=form.instructor_photo_upload(),
                **form.course_fields(),
            )
        except (ImageRejected, StorageError) as error:
            db.session.rollback()
            form.image_error(error)
        else:
            db.session.commit()
            flash(f"Curso «{course.title}» creado. Ahora agrégale lecciones.", "success")
            return redirect(url_for("admin.lessons_list", course_id=course.id))
    return render_template("admin/course_new.html", form=form)


@bp.route("/cursos/<id:course_id>/editar", methods=["GET", "POST"])
def course_edit(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = CourseForm(obj=prefill(course), course_id=course.id)
    form.describe_hours(course)
    if form.validate_on_submit():
        try:
            notice = courses.update_course(
                course,
                cover=form.cover(),
                signature=form.signature_upload(),
                remove_signature=form.remove_signature.data,
                instructor_photo=form.instructor_photo_upload(),
                remove_instructor_photo=form.remove_instructor_photo.data,
                **form.course_fields(),
            )
        except (ImageRejected, StorageError) as error:
            db.session.rollback()
            form.image_error(error)
        else:
            flash_book_notice(notice)
            db.session.commit()
            flash("Los cambios del curso se guardaron.", "success")
            return redirect(url_for("admin.course_edit", course_id=course.id))
    return render_template(
        "admin/course_edit.html",
        form=form,
        course=course,
        signature_url=file_url(MediaKind.SIGNATURE, course.signature_public_id),
        instructor_photo_url=file_url(
            MediaKind.INSTRUCTOR_PHOTO, course.instructor_photo_public_id
        ),
        testimonial_count=len(course.testimonials),
    )


@bp.route("/cursos/<id:course_id>/estado", methods=["POST"])
def course_set_active(course_id: int):
    course = db.get_or_404(Course, course_id)
    courses.set_course_active(course, flag_from_form())
    db.session.commit()
    state = "activo: los alumnos lo ven" if course.is_active else "inactivo: los alumnos no lo ven"
    flash(f"El curso «{course.title}» quedó {state}.", "success")
    return redirect(url_for("admin.courses_list"))


@bp.route("/cursos/<id:course_id>/mover", methods=["POST"])
def course_move(course_id: int):
    course = db.get_or_404(Course, course_id)
    if courses.move_course(course, step_from_form()):
        db.session.commit()
    return redirect(url_for("admin.courses_list"))


@bp.route("/cursos/<id:course_id>/eliminar", methods=["GET", "POST"])
def course_delete(course_id: int):
    course = db.get_or_404(Course, course_id)
    enrolled = courses.enrolled_student_count(course)
    form = CourseDeleteForm()
    if form.validate_on_submit():
        title = course.title
        try:
            courses.delete_course(course, confirm_students=form.confirm_students.data)
        except courses.CourseHasStudents as error:
            form.confirm_students.errors.append(
                f"El curso tiene {error.count} alumnos inscritos con acceso. "
                "Marca esta casilla para eliminarlo de todos modos."
            )
        else:
            db.session.commit()
            flash(f"Eliminaste el curso «{title}» y todo su contenido.", "info")
            return redirect(url_for("admin.courses_list"))
    return render_template("admin/course_delete.html", form=form, course=course, enrolled=enrolled)


@bp.route("/cursos/<id:course_id>/alumnos")
def course_students(course_id: int):
    course = db.get_or_404(Course, course_id)
    page = paginate(courses.students_query(course))
    return render_template(
        "admin/course_students.html",
        course=course,
        page=page,
        progress=progress.students_progress(course, [e.user_id for e in page.items]),
    )
