"""Search in Spanish over courses, lessons, recipes and the forum, on SQLite or PostgreSQL.

`text` reads Spanish (folding, stems, typos), `index` writes documents, `sync` keeps them in
step with the content, `query` searches under the access rule. Views use this package.
"""

from dulcevicio.services.search.query import (
    GROUP_SIZE,
    KINDS,
    PAGE_SIZE,
    Hit,
    Results,
    Suggestion,
    search,
    suggest,
)
from dulcevicio.services.search.sync import follow_the_content, is_built, rebuild

__all__ = [
    "GROUP_SIZE",
    "KINDS",
    "PAGE_SIZE",
    "Hit",
    "Results",
    "Suggestion",
    "follow_the_content",
    "is_built",
    "rebuild",
    "search",
    "suggest",
]
