"""Reactions (👏 aplausos, 😋 antojo, ❤️ encanta) on forum comments and bakes: setting one
and what a page shows of them (counts, mine, who), in one query per page."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from dulcevicio.extensions import db
from dulcevicio.models import Reaction, ReactionKind, User
from dulcevicio.services.upsert import insert
from dulcevicio.statements import prepared

# In the order a bar shows them: (emoji, what a screen reader says).
KINDS: dict[ReactionKind, tuple[str, str]] = {
    ReactionKind.APLAUSOS: ("👏", "Aplausos"),
    ReactionKind.ANTOJO: ("😋", "Antojo"),
    ReactionKind.ENCANTA: ("❤️", "Me encanta"),
}
# A target is a column of Reaction: "comment" (forum comments) or "bake".
TARGETS = ("comment", "bake")
NAMES_SHOWN = 10  # first names listed under a reaction; the rest are "y N más"


def parse_kind(value: object) -> ReactionKind | None:
    """A kind sent by a form ("aplausos", ...), or None when it is not one."""
    try:
        return ReactionKind(value)
    except ValueError:
        return None


def _target_column(target: str) -> sa.Column:
    if target not in TARGETS:
        raise ValueError(f"Unknown reaction target {target!r}")
    return getattr(Reaction, f"{target}_id")


def set_reaction(user: User, target: str, target_id: int, kind: ReactionKind, on: bool) -> bool:
    """Put `user`'s reaction of `kind` on (or off) the item; True when it is on after.

    Idempotent: a second identical request (a double submit, two tabs) changes nothing,
    and two at once never collide (the unique constraint decides, ON CONFLICT DO NOTHING).
    """
    column = _target_column(target)
    if on:
        values = {"user_id": user.id, column.key: target_id, "kind": kind}
        statement = insert(Reaction).values(**values).on_conflict_do_nothing()
        db.session.execute(statement)
    else:
        db.session.execute(
            sa.delete(Reaction).where(
                Reaction.user_id == user.id, column == target_id, Reaction.kind == kind
            )
        )
    return on


def toggled(user: User, target: str, target_id: int, kind: ReactionKind) -> bool:
    """Whether `user` has not reacted so yet (a toggle without a wanted state turns it on)."""
    column = _target_column(target)
    mine = sa.select(Reaction.id).where(
        Reaction.user_id == user.id, column == target_id, Reaction.kind == kind
    )
    return db.session.scalar(sa.select(mine.exists())) is False


@dataclass
class ReactionCount:
    kind: ReactionKind
    emoji: str
    label: str
    count: int = 0
    mine: bool = False
    names: list[str] = field(default_factory=list)

    @property
    def value(self) -> str:
        return self.kind.value

    @property
    def who(self) -> str:
        """Who reacted, for a tooltip and screen readers ("Ana, Bruno y 3 más")."""
        if not self.count:
            return "Nadie todavía"
        shown = self.names[:NAMES_SHOWN]
        more = self.count - len(shown)
        if more > 0:
            return f"{', '.join(shown)} y {more} más"
        if len(shown) == 1:
            return shown[0]
        return f"{', '.join(shown[:-1])} y {shown[-1]}"


@dataclass
class ReactionBar:
    """The reactions of one item as its bar shows them, every kind in order."""

    target: str
    target_id: int
    counts: list[ReactionCount]


def empty_bar(target: str, target_id: int) -> ReactionBar:
    counts = [ReactionCount(kind, *KINDS[kind]) for kind in KINDS]
    return ReactionBar(target, target_id, counts)


def _first_name(name: str) -> str:
    return name.split()[0] if name and name.split() else name


@prepared
def _reactions_query(target: str) -> sa.Select:
    """Every reaction to the items `ids` (a parameter), oldest first, with the name."""
    column = _target_column(target)
    return (
        sa.select(column.label("target_id"), Reaction.kind, Reaction.user_id, User.display_name)
        .join(User, User.id == Reaction.user_id)
        .where(column.in_(sa.bindparam("ids", expanding=True)))
        .order_by(Reaction.created_at, Reaction.id)
    )


def bars(target: str, ids: list[int], viewer: User | None) -> dict[int, ReactionBar]:
    """{item id: its bar} for the items `ids`, counts, the viewer's own and the names: one
    query whatever the number of items and reactions (none without items)."""
    result = {item_id: empty_bar(target, item_id) for item_id in ids}
    if not ids:
        return result
    viewer_id = getattr(viewer, "id", None) if getattr(viewer, "is_authenticated", False) else None
    order = {kind: index for index, kind in enumerate(KINDS)}
    rows = db.session.execute(_reactions_query(target), {"ids": sorted(set(ids))})
    for row in rows:
        entry = result[row.target_id].counts[order[row.kind]]
        entry.count += 1
        entry.mine = entry.mine or row.user_id == viewer_id
        if len(entry.names) < NAMES_SHOWN:
            entry.names.append(_first_name(row.display_name))
    return result


def bar(target: str, target_id: int, viewer: User | None) -> ReactionBar:
    return bars(target, [target_id], viewer)[target_id]
