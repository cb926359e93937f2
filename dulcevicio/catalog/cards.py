"""Catalog cards, rendered once per worker until the catalog changes.

The landing page and the catalog are the most visited pages, and rendering their cards
(every course with its lesson titles) costs several times the rest of the request. Each
request still reads the public pages' version (services/public_pages.py: raised by every
change to courses, lessons and the business settings the cards' WhatsApp links use), so
every worker shows a change on its next request. Students' catalogs use them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, get_template_attribute
from markupsafe import Markup

from dulcevicio.services import catalog, public_pages, whatsapp

EXTENSION_KEY = "dulcevicio.catalog_cards"


@dataclass(frozen=True)
class RenderedCards:
    version: int  # the public pages' version they were rendered under
    course_ids: tuple[int, ...]  # active courses in admin order
    html: dict[tuple[int, bool], Markup]  # (course id, viewer has access) -> card


def catalog_cards(unlocked_ids: set[int], heading: str) -> list[Markup]:
    """The catalog's cards in admin order, with a lock on those not in `unlocked_ids`."""
    cache: dict[str, RenderedCards] = current_app.extensions.setdefault(EXTENSION_KEY, {})
    # Read before the content: never newer than it.
    version = public_pages.current_version()
    cards = cache.get(heading)
    if cards is None or cards.version != version:
        cards = cache[heading] = _render(version, heading)
    return [cards.html[course_id, course_id in unlocked_ids] for course_id in cards.course_ids]


def _render(version: int, heading: str) -> RenderedCards:
    card = get_template_attribute("_macros/courses.html", "catalog_card")
    entries = catalog.catalog_entries()
    html = {
        (course.id, unlocked): card(
            course,
            lessons,
            unlocked,
            whatsapp.to_business("access_request", curso=course.title),
            heading=heading,
        )
        for course, lessons in entries
        for unlocked in (False, True)
    }
    return RenderedCards(version, tuple(course.id for course, _ in entries), html)
