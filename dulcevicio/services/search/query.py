"""Searching: one service over both databases' full-text indexes, under the access rule.

What a viewer finds: courses by their title and description and lessons by their title
(public, like the course page; a lesson she cannot open comes with a lock), preview lessons
by their description too, and, within the courses she can access, lessons' descriptions,
recipes and visible forum comments. Inactive courses exist for admins only.

A query is read once in Python (`text.parse_query`), its long words checked against the
vocabulary for typos (one query), and turned into one string in the database's own query
language built only from stems and words (letters and digits, quoted): FTS5 on SQLite,
a tsquery on PostgreSQL. So the statements have a fixed shape (built once per process),
what people type never reaches either syntax, and a page costs a fixed number of queries:
the index's version, the viewer's courses (students only), then, unless this worker
answered the same search under the same version (`cache`), the vocabulary and the results
(again, when nothing is found: with the last word as a prefix, then with any word).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.dialects import postgresql

from dulcevicio.extensions import db
from dulcevicio.models import Comment, Course, User
from dulcevicio.models.search import SearchDocument, SearchKind, SearchWord
from dulcevicio.services import access
from dulcevicio.services.search import cache, index
from dulcevicio.services.search.text import Query, Term, highlight_spans, parse_query
from dulcevicio.statements import prepared

# The groups of results, in the order the page shows them (a locked lesson's title is
# shown among the lessons).
KINDS = (SearchKind.COURSE, SearchKind.LESSON, SearchKind.RECIPE, SearchKind.COMMENT)
GROUP_SIZE = 3  # results of each kind on the page of every kind
PAGE_SIZE = 20  # results on the page of one kind
SUGGESTIONS = 6
LAST_PAGE = 1000
SNIPPET_LENGTH = 180

_documents = SearchDocument.__table__


@dataclass(frozen=True)
class Hit:
    kind: SearchKind
    item_id: int
    title: Markup  # escaped, with the words found marked
    snippet: Markup
    course_title: str
    course_slug: str
    locked: bool = False  # a lesson the viewer cannot open
    author: str | None = None  # comments
    written_at: datetime | None = None
    from_the_team: bool = False


@dataclass(frozen=True)
class Suggestion:
    """A title the search box offers as she types (plain text: the box shows it as is)."""

    kind: SearchKind
    item_id: int
    title: str
    course_title: str
    course_slug: str
    locked: bool = False


@dataclass(frozen=True)
class Group:
    kind: SearchKind
    total: int
    hits: list[Hit]


@dataclass(frozen=True)
class Results:
    query: Query
    groups: list[Group]  # kinds with results, in KINDS order
    kind: SearchKind | None  # the one kind asked for, or None for every kind
    page: int
    every_word: bool  # False: nothing had every word, these have some

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def pages(self) -> int:
        totals = [group.total for group in self.groups if group.kind == self.kind]
        return min(max(1, -(-totals[0] // PAGE_SIZE)) if totals else 1, LAST_PAGE)


@dataclass(frozen=True)
class _Scope:
    """Whose search it is, as the scope words of the documents she may find (see
    `index.scope_of`): admins every document but the locked-lesson titles; students the
    public ones, those of the courses they can access, and the titles of the lessons they
    cannot open; visitors the public ones and those titles."""

    admin: bool
    course_ids: tuple[int, ...]

    @classmethod
    def of(cls, viewer: User | None) -> tuple[_Scope, int | None]:
        """The viewer's scope and the index's version (one query for both)."""
        if access.is_admin(viewer):
            return cls(True, ()), cache.index_version()
        if not (viewer is not None and viewer.is_authenticated and viewer.is_active):
            return cls(False, ()), cache.index_version()
        version, course_ids = cache.index_version_with(*access.accessible_course_ids_query(viewer))
        return cls(False, tuple(sorted(course_ids))), version

    def fts5(self) -> str:
        if self.admin:
            return f"NOT {{scope}} : {index.TITLE_DOCUMENT}"
        words = [index.PUBLIC, *(index.private_to(course) for course in self.course_ids)]
        titles = index.TITLE_ONLY
        if self.course_ids:
            opened = " OR ".join(index.title_of(course) for course in self.course_ids)
            titles = f"({titles} NOT ({opened}))"
        return f"AND {{scope}} : ({' OR '.join([*words, titles])})"

    def tsquery(self) -> str:
        if self.admin:
            return f"!{index.TITLE_DOCUMENT}"
        words = [index.PUBLIC, *(index.private_to(course) for course in self.course_ids)]
        titles = index.TITLE_ONLY
        if self.course_ids:
            opened = " | ".join(index.title_of(course) for course in self.course_ids)
            titles = f"({titles} & !({opened}))"
        return " | ".join([*words, titles])


# --- Entry points ------------------------------------------------------------------------


def search(
    raw: str | None, viewer: User | None, *, kind: SearchKind | None = None, page: int = 1
) -> Results:
    """Page `page` of the results for `raw`: the best GROUP_SIZE of each kind, or, with
    `kind`, PAGE_SIZE of that kind; every group with its total."""
    typed = parse_query(raw)
    page = min(max(page, 1), LAST_PAGE) if kind else 1
    if typed.is_empty:
        return Results(typed, [], kind, page, every_word=True)
    scope, version = _Scope.of(viewer)
    key = ("results", _typed_key(typed), scope, kind, page)
    return cache.remembered(key, version, lambda: _search(typed, scope, kind, page))


def _typed_key(typed: Query) -> tuple:
    return (typed.text, tuple((term.word, term.prefix) for term in typed.terms))


def _search(typed: Query, scope: _Scope, kind: SearchKind | None, page: int) -> Results:
    query = _corrected(typed)
    # Whole words first (Enter submits a finished query, and a prefix widens a common
    # word's matches several times over); then the last word as a prefix too; then any
    # word instead of every word. Most searches stop at the first statement.
    every_word, used = True, query.whole_words()
    rows = _results(used, scope, kind, page)
    if not rows and any(term.prefix for term in query.terms):
        used = query
        rows = _results(used, scope, kind, page)
    if not rows and len(query.terms) > 1:
        every_word = False
        rows = _results(used, scope, kind, page, every_word=False)
    query = used
    groups = []
    for group_kind in KINDS:
        of_kind = [row for row in rows if row.kind == group_kind]
        if not of_kind:
            continue
        shown = of_kind if kind in (None, group_kind) else []
        hits = [_hit(row, query) for row in shown]
        groups.append(Group(group_kind, of_kind[0].total, hits))
    return Results(query, groups, kind, page, every_word)


def suggest(raw: str | None, viewer: User | None) -> list[Suggestion]:
    """Up to SUGGESTIONS courses, lessons and recipes whose title matches what is typed."""
    typed = parse_query(raw).as_typed()
    if typed.is_empty:
        return []
    scope, version = _Scope.of(viewer)
    key = ("suggestions", _typed_key(typed), scope)
    return cache.remembered(key, version, lambda: _suggest(typed, scope))


def _suggest(typed: Query, scope: _Scope) -> list[Suggestion]:
    parameters = _match(_corrected(typed), scope, every_word=True, titles_only=True)
    parameters["limit"] = SUGGESTIONS
    rows = db.session.execute(_suggestions_statement(_dialect()), parameters).all()
    return [
        Suggestion(
            SearchKind(row.kind),
            row.item_id,
            row.title,
            row.course_title,
            row.course_slug,
            bool(row.locked),
        )
        for row in rows
    ]


# --- Reading the query -------------------------------------------------------------------


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _corrected(query: Query) -> Query:
    """The query, with typos corrected against the vocabulary (one query, when it has a
    word long enough to forgive a typo in)."""
    candidates = query.typo_candidates()
    if not candidates:
        return query
    dialect = _dialect()
    # One string, split by the database: a parameter of hundreds of strings (a long
    # word's candidates) cost psycopg more than the lookup costs PostgreSQL.
    listed = sorted(candidates)
    value = json.dumps(listed) if dialect == "sqlite" else " ".join(listed)
    known = set(db.session.scalars(_known_words_statement(dialect), {"candidates": value}))
    return query.corrected(known)


@prepared
def _known_words_statement(dialect: str) -> sa.Select:
    """The candidates (one parameter: a JSON array on SQLite, words separated by spaces on
    PostgreSQL; words have none) that the vocabulary holds, each found through its
    primary key."""
    if dialect == "sqlite":
        listed = sa.select(sa.column("value")).select_from(
            sa.func.json_each(sa.bindparam("candidates"))
        )
        return sa.select(SearchWord.word).where(SearchWord.word.in_(listed.scalar_subquery()))
    listed = sa.func.string_to_array(sa.bindparam("candidates", type_=sa.Text), " ")
    return sa.select(SearchWord.word).where(SearchWord.word == sa.func.any(listed))


# FTS5 columns (stems, folded words) searched in each of SQLite's tables.
_DOCUMENT_COLUMNS = ("{title body}", "{title_words body_words}")  # search_fts
_TITLE_COLUMNS = ("{title}", "{title_words}")  # search_titles, and suggestions in search_fts
_FORUM_COLUMNS = ("{body}", "{body_words}")  # search_forum


def _match(query: Query, scope: _Scope, *, every_word: bool, titles_only: bool = False) -> dict:
    """The query and the scope in the database's language, as the statements' parameters:
    `match` (every word, or any), `titles` (any word, in titles: how well a title matches),
    `every_word` (comments then come newest first), `each` (each word apart: with some
    words only, how many a result has) and the comments' own (`comments` and
    `each_comment` on SQLite; on PostgreSQL, `scope` and `comment_scope`). Only stems,
    folded words and scope words go in, each quoted (FTS5) or plain letters and digits
    (tsquery), so nothing typed is syntax."""
    if _dialect() == "sqlite":
        joiner = " AND " if every_word else " OR "
        columns = _TITLE_COLUMNS if titles_only else _DOCUMENT_COLUMNS
        terms = joiner.join(_fts5_term(term, columns) for term in query.terms)
        titles = " OR ".join(_fts5_term(term, _TITLE_COLUMNS) for term in query.terms)
        comments = joiner.join(_fts5_term(term, _FORUM_COLUMNS) for term in query.terms)
        return {
            "match": f"({terms}) {scope.fts5()}",
            "titles": f"({titles}) {scope.fts5()}",
            "comments": f"({comments}) {scope.fts5()}",
            "each": json.dumps([_fts5_term(term, _DOCUMENT_COLUMNS) for term in query.terms]),
            "each_comment": json.dumps([_fts5_term(t, _FORUM_COLUMNS) for t in query.terms]),
            "every_word": every_word,
        }
    each = [_tsquery_term(term) for term in query.terms]
    terms = (" & " if every_word else " | ").join(each)
    in_scope = scope.tsquery()
    return {
        "match": terms,
        "titles": " | ".join(each),
        "each": each,
        "scope": f"({in_scope}) & !{index.FORUM}",
        "comment_scope": f"({in_scope}) & {index.FORUM}",
        "every_word": every_word,
    }


def _fts5_term(term: Term, columns: tuple[str, str]) -> str:
    stem_columns, word_columns = columns
    stems = " OR ".join(f'"{stem}"' for stem in term.stems)
    parts = [f"{stem_columns} : ({stems})"]
    if term.prefix:
        parts.append(f'{word_columns} : "{term.word}" *')
    return f"({' OR '.join(parts)})"


def _tsquery_term(term: Term) -> str:
    # Stems match the stems PostgreSQL keeps (the same Snowball algorithm, on the same
    # folded words); the word being typed matches any word it begins.
    parts = list(term.stems) + ([f"{term.word}:*"] if term.prefix else [])
    return f"({' | '.join(parts)})"


# --- Statements --------------------------------------------------------------------------


# Every word of the query was asked for (the statements' `every_word` parameter).
_EVERY_WORD = sa.bindparam("every_word", type_=sa.Boolean)

# A result is ranked by how well its title matches what was asked (the query's words over
# the title's length: "Crema pastelera" before "Milhojas de crema pastelera"), then by how
# well the whole document does. When no result has every word, how many of them it has
# comes first (weighted far above any rank on either database).
TITLE_WEIGHT = 2.0
WORD_FOUND_WEIGHT = 1000.0


def _matched(dialect: str, titles_only: bool = False) -> sa.Select:
    """The documents in scope that match the parameters, forum comments aside: id, group,
    locked, score (lower is better). The scope narrows inside the index: on SQLite its
    words are part of the FTS5 query; on PostgreSQL a second GIN index answers it.
    `titles_only`: matched in their titles (the search box's suggestions)."""
    group = sa.case(
        (_documents.c.kind == SearchKind.LESSON_TITLE.value, SearchKind.LESSON.value),
        else_=_documents.c.kind,
    )
    columns = (
        _documents.c.id,
        group.label("kind"),
        (_documents.c.kind == SearchKind.LESSON_TITLE.value).label("locked"),
    )
    if dialect == "sqlite":
        return _matched_on_sqlite(columns, titles_only)
    simple = sa.literal_column("'simple'::regconfig")
    terms = sa.func.to_tsquery(simple, sa.bindparam("match"))
    in_scope = sa.func.to_tsvector(simple, _documents.c.scope).op("@@")(
        sa.func.to_tsquery(simple, sa.bindparam("scope"))
    )
    title = sa.literal_column("search_documents.title_document")
    # Normalisation 2: divided by the title's length; 1: by the log of the document's.
    title_score = sa.func.ts_rank(title, sa.func.to_tsquery(simple, sa.bindparam("titles")), 2)
    if titles_only:
        return sa.select(*columns, (-title_score).label("score")).where(
            title.op("@@")(terms), in_scope
        )
    document = sa.literal_column("search_documents.document")
    score = -(TITLE_WEIGHT * title_score + _document_rank_on_postgresql())
    return sa.select(*columns, score.label("score")).where(document.op("@@")(terms), in_scope)


def _document_rank_on_postgresql() -> sa.ColumnElement:
    """How well the whole document matches (higher is better): when any word will do,
    how many of them it has comes first (counted only then: with every word, every
    document has them all, and counting matched each document once more per word)."""
    simple = sa.literal_column("'simple'::regconfig")
    document = sa.literal_column("search_documents.document")
    each = sa.func.unnest(sa.bindparam("each", type_=postgresql.ARRAY(sa.Text))).alias("each")
    words_found = (
        sa.select(sa.func.count())
        .select_from(each)
        .where(document.op("@@")(sa.func.to_tsquery(simple, each.column)))
        .scalar_subquery()
    )
    words_found = sa.case((_EVERY_WORD, 0), else_=words_found)
    terms = sa.func.to_tsquery(simple, sa.bindparam("match"))
    return WORD_FOUND_WEIGHT * words_found + sa.func.ts_rank(document, terms, 1)


def _comments(dialect: str) -> sa.Select:
    """The forum comments in scope that match, numbered as `_results_statement` numbers
    the other kinds: with every word (`every_word`), newest first, by their documents' order,
    which is the order they were written in (see `sync.rebuild`); with any word, by how
    many of the words they have and how well. Ranking the comments a common word finds
    would be most of a search's work, and with every word one comment's relevance differs
    little from another's."""
    if dialect == "sqlite":
        return _comments_on_sqlite()
    simple = sa.literal_column("'simple'::regconfig")
    document = sa.literal_column("search_documents.document")
    row_id = _documents.c.id
    found = sa.and_(
        document.op("@@")(sa.func.to_tsquery(simple, sa.bindparam("match"))),
        sa.func.to_tsvector(simple, _documents.c.scope).op("@@")(
            sa.func.to_tsquery(simple, sa.bindparam("comment_scope"))
        ),
    )
    # The rank is not computed with every word: no comment is ranked then.
    rank = -_document_rank_on_postgresql()
    order = sa.case((_EVERY_WORD, -row_id), else_=rank)
    found = sa.select(row_id.label("id"), order.label("score")).where(found).subquery("found")
    return sa.select(
        found.c.id,
        sa.literal_column(f"'{SearchKind.COMMENT.value}'", sa.String).label("kind"),
        sa.false().label("locked"),
        sa.func.row_number().over(order_by=(found.c.score, found.c.id.desc())).label("number"),
        sa.func.count().over().label("total"),
    )


def _comments_on_sqlite() -> sa.Select:
    """`_comments` from `search_forum`, reading only the rows kept: FTS5 reads its rows
    newest first itself (or ranks them) and stops at `comments_limit` after
    `comments_offset`; the total is counted apart. (Numbering every match with a window,
    as the other kinds are, sorted them all: most of this part's cost.)"""
    forum = sa.table("search_forum", sa.column("rowid"))
    matches = sa.literal_column("search_forum").op("MATCH")(sa.bindparam("comments"))
    limit, offset = sa.bindparam("comments_limit"), sa.bindparam("comments_offset")
    # Weights of the stems, the words, the scope words.
    rank = sa.func.bm25(sa.literal_column("search_forum"), 1.0, 0.2, 0.0)
    words = _words_found_on_sqlite("search_forum", "each_comment")
    rank = rank - WORD_FOUND_WEIGHT * sa.func.coalesce(words.c.words, 0)
    ways = (
        (_EVERY_WORD, -forum.c.rowid, forum.c.rowid.desc(), forum),  # by date: no rank
        (~_EVERY_WORD, rank, rank, forum.outerjoin(words, words.c.id == forum.c.rowid)),
    )
    kept_rows = [
        sa.select(forum.c.rowid.label("id"), score.label("score"))
        .select_from(rows)
        .where(way, matches)
        .order_by(order, forum.c.rowid.desc())
        .limit(limit)
        .offset(offset)
        .subquery()
        for way, score, order, rows in ways
    ]
    kept = sa.union_all(*(sa.select(rows.c.id, rows.c.score) for rows in kept_rows))
    kept = kept.subquery("kept")
    total = sa.select(sa.func.count()).select_from(forum).where(matches).scalar_subquery()
    number = offset + sa.func.row_number().over(order_by=(kept.c.score, kept.c.id.desc()))
    return sa.select(
        kept.c.id,
        sa.literal_column(f"'{SearchKind.COMMENT.value}'", sa.String).label("kind"),
        sa.false().label("locked"),
        number.label("number"),
        total.label("total"),
    )


def _words_found_on_sqlite(table_name: str, parameter: str) -> sa.Subquery:
    """How many of the query's words (parameter `parameter`: a JSON array of each word's
    FTS5 query) each row of the full-text table `table_name` has: one match per word.
    Only when some words will do (`every_word` false; SQLite tests that before reading)."""
    each = sa.func.json_each(sa.bindparam(parameter)).table_valued("value").alias("each_word")
    rows = sa.table(table_name, sa.column("rowid")).alias("with_the_word")
    has_the_word = sa.literal_column(f"with_the_word.{table_name}").op("MATCH")(each.c.value)
    return (
        sa.select(rows.c.rowid.label("id"), sa.func.count().label("words"))
        .select_from(each.join(rows, has_the_word))
        .where(~_EVERY_WORD)
        .group_by(rows.c.rowid)
        .subquery(f"words_in_{table_name}")
    )


def _matched_on_sqlite(columns: tuple, titles_only: bool) -> sa.Select:
    titles = sa.table("search_titles", sa.column("rowid"))
    # Weights of the title's stems, its words, the scope words.
    title_score = sa.func.bm25(sa.literal_column("search_titles"), 1.0, 0.5, 0.0)
    titles_match = sa.literal_column("search_titles").op("MATCH")
    if titles_only:
        found = titles.join(_documents, _documents.c.id == titles.c.rowid)
        return (
            sa.select(*columns, title_score.label("score"))
            .select_from(found)
            .where(titles_match(sa.bindparam("match")))
        )
    fts = sa.table("search_fts", sa.column("rowid"))
    by_title = (
        sa.select(titles.c.rowid, title_score.label("score"))
        .where(titles_match(sa.bindparam("titles")))
        .subquery("by_title")
    )
    words = _words_found_on_sqlite("search_fts", "each")
    found = (
        fts.join(_documents, _documents.c.id == fts.c.rowid)
        .outerjoin(by_title, by_title.c.rowid == _documents.c.id)
        .outerjoin(words, words.c.id == _documents.c.id)
    )
    # Weights of title, body, title words, body words, scope words.
    document_score = sa.func.bm25(sa.literal_column("search_fts"), 4.0, 1.0, 1.0, 0.2, 0.0)
    score = (
        TITLE_WEIGHT * sa.func.coalesce(by_title.c.score, 0.0)
        + document_score
        - WORD_FOUND_WEIGHT * sa.func.coalesce(words.c.words, 0)
    )
    return (
        sa.select(*columns, score.label("score"))
        .select_from(found)
        .where(sa.literal_column("search_fts").op("MATCH")(sa.bindparam("match")))
    )


def _shown_columns(ranked, *, hits: bool = True) -> tuple:
    """What a suggestion shows, and with `hits` what a hit shows besides (its text, a
    comment's author and date), joined on the few rows kept."""
    columns = (
        ranked.c.kind,
        ranked.c.locked,
        _documents.c.item_id,
        _documents.c.title,
        Course.title.label("course_title"),
        Course.slug.label("course_slug"),
    )
    joined = ranked.join(_documents, _documents.c.id == ranked.c.id).join(
        Course, Course.id == _documents.c.course_id
    )
    if not hits:
        return columns, joined
    comment, author = Comment.__table__, User.__table__
    is_comment = ranked.c.kind == SearchKind.COMMENT.value
    return (
        *columns,
        _documents.c.body,
        User.display_name.label("author"),
        comment.c.created_at.label("written_at"),
        comment.c.is_admin_response,
    ), (
        joined.outerjoin(
            comment, sa.and_(is_comment, comment.c.id == _documents.c.item_id)
        ).outerjoin(author, author.c.id == comment.c.user_id)
    )


@prepared
def _results_statement(dialect: str) -> sa.Select:
    """Every kind's matches ranked (comments as `_comments` numbers them), with each
    kind's total; kept: the rows numbered (`offset`, `end`] of the kind `kind`, and the
    first `others` of the other kinds."""
    matched = _matched(dialect).subquery("matched")
    window = {"partition_by": matched.c.kind, "order_by": (matched.c.score, matched.c.id)}
    ranked_kinds = sa.select(
        matched.c.id,
        matched.c.kind,
        matched.c.locked,
        sa.func.row_number().over(**window).label("number"),
        sa.func.count().over(partition_by=matched.c.kind).label("total"),
    )
    numbered = sa.union_all(ranked_kinds, _comments(dialect)).subquery("numbered")
    chosen = numbered.c.kind == sa.bindparam("kind")
    in_page = sa.and_(
        numbered.c.number > sa.bindparam("offset"), numbered.c.number <= sa.bindparam("end")
    )
    # The few rows kept, limited as such: the planner then joins what they show by index
    # lookups instead of hashing whole tables.
    ranked = (
        sa.select(numbered)
        .where(
            sa.or_(
                sa.and_(chosen, in_page),
                sa.and_(~chosen, numbered.c.number <= sa.bindparam("others")),
            )
        )
        .limit(sa.bindparam("kept"))
        .subquery("ranked")
    )
    columns, joined = _shown_columns(ranked)
    return (
        sa.select(*columns, ranked.c.total)
        .select_from(joined)
        .order_by(ranked.c.kind, ranked.c.number)
    )


@prepared
def _suggestions_statement(dialect: str) -> sa.Select:
    """The best `limit` titles, with what a suggestion shows (never a comment: no title)."""
    ranked = (
        _matched(dialect, titles_only=True)
        .order_by(sa.literal_column("score"), _documents.c.id)
        .limit(sa.bindparam("limit"))
        .subquery("ranked")
    )
    columns, joined = _shown_columns(ranked, hits=False)
    return sa.select(*columns).select_from(joined).order_by(ranked.c.score, ranked.c.id)


def _results(
    query: Query, scope: _Scope, kind: SearchKind | None, page: int, *, every_word: bool = True
) -> list[sa.Row]:
    offset = (page - 1) * PAGE_SIZE if kind else 0
    end = offset + (PAGE_SIZE if kind else GROUP_SIZE)
    others = 1 if kind else GROUP_SIZE
    comments = kind is SearchKind.COMMENT
    parameters = {
        **_match(query, scope, every_word=every_word),
        "kind": kind.value if kind else "",
        "offset": offset,
        "end": end,
        "others": others,
        "kept": PAGE_SIZE + len(KINDS) if kind else GROUP_SIZE * len(KINDS),
        # The comments the page can show (SQLite reads no others: `_comments_on_sqlite`).
        "comments_offset": offset if comments else 0,
        "comments_limit": end - offset if comments else others,
    }
    return db.session.execute(_results_statement(_dialect()), parameters).all()


# --- Hits --------------------------------------------------------------------------------


def _hit(row: sa.Row, query: Query) -> Hit:
    return Hit(
        kind=SearchKind(row.kind),
        item_id=row.item_id,
        title=_marked(row.title, query),
        snippet=snippet(row.body, query),
        course_title=row.course_title,
        course_slug=row.course_slug,
        locked=bool(row.locked),
        author=row.author,
        written_at=row.written_at,
        from_the_team=bool(row.is_admin_response),
    )


def _marked(text: str, query: Query) -> Markup:
    return Markup("").join(
        Markup("<mark>%s</mark>") % piece if found else escape(piece)
        for piece, found in highlight_spans(text, query)
    )


def snippet(text: str, query: Query, length: int = SNIPPET_LENGTH) -> Markup:
    """About `length` characters of `text` around the first word the query found (the
    start of the text when none is), cut at spaces, with the words found marked."""
    text = " ".join(text.split())
    start = 0
    first = _first_found(text, query)
    if first is not None and first > length // 3:
        start = text.rfind(" ", 0, first - length // 3) + 1
    end = start + length
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    before = "… " if start else ""
    after = " …" if end < len(text) else ""
    return Markup("%s%s%s") % (before, _marked(text[start:end], query), after)


def _first_found(text: str, query: Query) -> int | None:
    """Where in `text` the first word the query found starts."""
    offset = 0
    for piece, found in highlight_spans(text, query):
        if found:
            return offset
        offset += len(piece)
    return None
