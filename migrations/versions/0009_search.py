"""Search: documents, vocabulary, and each database's full-text index.

Revision ID: 0009_search
Revises: 0008_certificates
Create Date: 2026-12-04

The full-text DDL is a frozen copy of dulcevicio/models/search.py's (migrations do not
import the app). The documents of existing content are written by `flask reindex-search`,
which `make run` and the release phase call after `flask db upgrade`.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_search'
down_revision = '0008_certificates'
branch_labels = None
depends_on = None

SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, title_words, body_words, scope, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5')",
    "CREATE VIRTUAL TABLE search_titles USING fts5("
    "title, title_words, scope, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5')",
    "CREATE TRIGGER search_documents_forget AFTER DELETE ON search_documents BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; "
    "DELETE FROM search_titles WHERE rowid = old.id; END",
)
POSTGRESQL_INDEX = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dulcevicio_words') THEN
        CREATE TEXT SEARCH CONFIGURATION dulcevicio_words (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION dulcevicio_words
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END $$""",
    """ALTER TABLE search_documents ADD COLUMN document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title_stems), 'A')
    || setweight(to_tsvector('simple'::regconfig, body_stems), 'B')
    || setweight(to_tsvector('dulcevicio_words'::regconfig, title), 'C')
    || setweight(to_tsvector('dulcevicio_words'::regconfig, body), 'D')) STORED""",
    "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)",
    """ALTER TABLE search_documents ADD COLUMN title_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title_stems), 'A')
    || setweight(to_tsvector('dulcevicio_words'::regconfig, title), 'C')) STORED""",
    "CREATE INDEX ix_search_documents_title_document ON search_documents "
    "USING gin (title_document)",
    "CREATE INDEX ix_search_documents_scope ON search_documents "
    "USING gin (to_tsvector('simple'::regconfig, scope))",
    # The admin lists' search: text folded as services/search/text.py folds it.
    """CREATE OR REPLACE FUNCTION dulcevicio_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, value))""",
)

def upgrade():
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('title_stems', sa.Text(), nullable=False),
    sa.Column('body_stems', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('course', 'lesson', 'lesson_title', 'recipe', 'comment')", name=op.f('ck_search_documents_kind_known')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_search_documents_course_id_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('kind', 'item_id', name=op.f('uq_search_documents_kind_item_id'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_documents_course_id'), ['course_id'], unique=False)

    op.create_table('search_words',
    sa.Column('word', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_words'))
    )
    op.create_table('search_index_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_index_state'))
    )
    op.execute("INSERT INTO search_index_state (id, version) VALUES (1, 0)")
    dialect = op.get_bind().dialect.name
    for statement in {'sqlite': SQLITE_INDEX, 'postgresql': POSTGRESQL_INDEX}.get(dialect, ()):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.execute("DROP TABLE IF EXISTS search_titles")
    op.drop_table('search_index_state')
    op.drop_table('search_words')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_documents_course_id'))

    op.drop_table('search_documents')
    if dialect == 'postgresql':
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS dulcevicio_words")
        op.execute("DROP FUNCTION IF EXISTS dulcevicio_fold(text)")
