"""Command-line tasks: `flask --app wsgi create-admin | seed-demo | password-link |
regenerate-recipe-books | prune-media | reset-two-step | issue-certificates | reindex-search |
notify-access-ending`."""

from __future__ import annotations

from datetime import timedelta

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app, url_for
from flask.cli import with_appcontext

from dulcevicio.auth.forms import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from dulcevicio.demo import seed_demo
from dulcevicio.extensions import db
from dulcevicio.formatting import megabytes
from dulcevicio.models import Course, Role
from dulcevicio.services import accounts, certificates, notifications, search, two_step
from dulcevicio.services.recipe_book import RecipeBookError, rebuild_recipe_book
from dulcevicio.services.storage.cleanup import delete_files, find_unused_files


def _valid_email(_ctx, _param, value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.BadParameter(f"correo no válido: {error}") from error


def _valid_password(_ctx, _param, value: str) -> str:
    if not PASSWORD_MIN_LENGTH <= len(value) <= PASSWORD_MAX_LENGTH:
        raise click.BadParameter(
            f"la contraseña debe tener entre {PASSWORD_MIN_LENGTH} y "
            f"{PASSWORD_MAX_LENGTH} caracteres"
        )
    return value


@click.command("create-admin")
@with_appcontext
@click.option("--email", prompt="Correo", callback=_valid_email, help="Admin e-mail.")
@click.option("--name", prompt="Nombre completo", help="Admin full name.")
@click.option(
    "--password",
    prompt="Contraseña",
    hide_input=True,
    confirmation_prompt="Repite la contraseña",
    callback=_valid_password,
    help="Admin password (prompted, hidden, when missing).",
)
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account."""
    if accounts.find_user_by_login(email) is not None:
        raise click.ClickException(f"Ya existe una cuenta con el correo {email}.")
    accounts.create_account(email=email, full_name=name, role=Role.ADMIN, password=password)
    db.session.commit()
    click.echo(f"Administrador creado: {email}")


@click.command("seed-demo")
@click.option("--skip-videos", is_flag=True, help="Do not generate lesson videos (faster).")
@with_appcontext
def seed_demo_command(skip_videos: bool) -> None:
    """Fill the database with demo accounts and courses (safe to run again)."""
    logins = seed_demo(videos=not skip_videos)
    db.session.commit()
    click.echo("Contenido de demostración listo. Cuentas de prueba:")
    for login in logins:
        click.echo(f"  {login.role.label:<14} {login.email:<26} clave: {login.password}")


@click.command("password-link")
@with_appcontext
@click.argument("email")
def password_link(email: str) -> None:
    """Print a one-time link to set or change the password of the account EMAIL."""
    user = accounts.find_user_by_login(email)
    if user is None:
        raise click.ClickException(f"No existe una cuenta con el correo {email}.")
    token = accounts.issue_password_link_token(user)
    db.session.commit()
    click.echo("Enlace de un solo uso (añade delante la dirección del sitio):")
    with current_app.test_request_context():
        click.echo(url_for("auth.set_password", token=token))


@click.command("regenerate-recipe-books")
@click.option("--course", "slug", help="Only the course with this slug.")
@with_appcontext
def regenerate_recipe_books(slug: str | None) -> None:
    """Rebuild every course's recipe book (a failed one keeps its previous book)."""
    query = sa.select(Course).order_by(Course.position, Course.id)
    if slug:
        query = query.where(Course.slug == slug)
    courses = list(db.session.scalars(query))
    if slug and not courses:
        raise click.ClickException(f"No existe un curso con el identificador {slug}.")
    failed = 0
    for course in courses:
        try:
            rebuild_recipe_book(course)
            db.session.commit()
        except RecipeBookError as error:
            db.session.rollback()
            failed += 1
            click.echo(f"  ✗ {course.title}: {error}", err=True)
            continue
        state = "recetario listo" if course.recipe_pdf_public_id else "sin recetas activas"
        click.echo(f"  ✓ {course.title}: {state}")
    if failed:
        raise click.ClickException(f"{failed} recetario(s) no se pudieron generar.")


@click.command("prune-media")
@click.option(
    "--older-than",
    "hours",
    type=click.FloatRange(min=0),
    default=24,
    show_default=True,
    help="Only files stored more than this many hours ago (uploads in flight have no row yet).",
)
@click.option("--dry-run", is_flag=True, help="List the unused files; delete nothing.")
@click.option("--yes", is_flag=True, help="Delete without asking (for scheduled runs).")
@with_appcontext
def prune_media(hours: float, dry_run: bool, yes: bool) -> None:
    """Delete stored files that no course, lesson, recipe or user points at."""
    report = find_unused_files(older_than=timedelta(hours=hours))
    db.session.rollback()  # only read: end the transaction before the slow deletes
    for kind, reason in report.unreadable.items():
        click.echo(f"  ✗ {kind.folder}: {reason}", err=True)
    for item in report.unused:
        click.echo(f"  {item.file.public_id}  ({megabytes(item.file.size)})")
    click.echo(
        f"Archivos revisados: {report.files_seen}; sin uso: {len(report.unused)} "
        f"({megabytes(report.unused_bytes)})."
    )
    if report.unused and not dry_run:
        if not yes:
            click.confirm("¿Borrar estos archivos?", abort=True)
        deleted, failed = delete_files(report.unused)
        for item, reason in failed:
            click.echo(f"  ✗ {item.file.public_id}: {reason}", err=True)
        click.echo(f"Borrados: {deleted}.")
        if failed:
            raise click.ClickException(f"{len(failed)} archivo(s) no se pudieron borrar.")
    if report.unreadable:
        raise click.ClickException(
            f"{len(report.unreadable)} carpeta(s) no se pudieron revisar: "
            "no se borró nada en ellas."
        )


@click.command("reset-two-step")
@with_appcontext
@click.argument("email")
def reset_two_step(email: str) -> None:
    """Forget the authenticator and recovery codes of the admin EMAIL (a locked-out owner):
    her sessions end and her next sign-in sets up the second step again."""
    user = accounts.find_user_by_login(email)
    if user is None:
        raise click.ClickException(f"No existe una cuenta con el correo {email}.")
    had = two_step.reset(user)
    db.session.commit()
    if had:
        click.echo(
            f"Verificación en dos pasos reiniciada para {user.email}: "
            "al ingresar la configura de nuevo."
        )
    else:
        click.echo(f"{user.email} no tenía verificación en dos pasos; cerramos sus sesiones igual.")


@click.command("issue-certificates")
@with_appcontext
def issue_certificates() -> None:
    """Issue the certificates already earned and not issued yet (students who completed a
    course before certificates existed, or before the course gave one). Safe to repeat."""
    count = certificates.issue_missing()
    db.session.commit()
    click.echo(f"{count} {'certificado emitido' if count == 1 else 'certificados emitidos'}.")


@click.command("notify-access-ending")
@with_appcontext
def notify_access_ending() -> None:
    """Tell each student whose enrollment or membership ends within 7 days (run it daily,
    e.g. from the platform's scheduler). Safe to repeat: each is told once per end date."""
    count = notifications.notify_access_ending()
    db.session.commit()
    click.echo(f"{count} {'aviso creado' if count == 1 else 'avisos creados'}.")


@click.command("reindex-search")
@click.option("--if-empty", is_flag=True, help="Solo si el índice está vacío (tras migrar).")
@with_appcontext
def reindex_search(if_empty: bool) -> None:
    """Build the search index again from the content (it is kept in step as content
    changes; this is for a new index, a restored database or a changed way of indexing)."""
    if if_empty and search.is_built():
        click.echo("El índice de búsqueda ya está construido.")
        return
    count = search.rebuild()
    db.session.commit()
    click.echo(f"{count} {'documento indexado' if count == 1 else 'documentos indexados'}.")


def register_commands(app: Flask) -> None:
    commands = (
        create_admin,
        seed_demo_command,
        password_link,
        regenerate_recipe_books,
        prune_media,
        reset_two_step,
        issue_certificates,
        reindex_search,
        notify_access_ending,
    )
    for command in commands:
        app.cli.add_command(command)
