"""Spanish text for the search index: words, accent folding, stop words, stems and typos.

Pure functions, the same for indexing and for queries, and the same on both databases:
both index the stems computed here (Snowball Spanish from PyStemmer, after folding, with
PostgreSQL's Spanish stop list), so a word matches alike on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import Stemmer

from dulcevicio.text import drop_control_characters

# A word: letters and digits (any script), nothing else; so nothing built from words can
# carry FTS5 or tsquery syntax.
_WORD = re.compile(r"[^\W_]+")

MAX_QUERY_LENGTH = 200  # characters of a query that are read; the rest is ignored
MAX_TERMS = 8  # words of a query that are searched
MIN_TYPO_LENGTH = 5  # one typo is forgiven in words of this many letters or more
MIN_PREFIX_LENGTH = 3  # the word being typed matches as a prefix from this length on
_TYPO_LETTERS = "abcdefghijklmnopqrstuvwxyz"

_stemmers = threading.local()  # PyStemmer objects are not thread-safe


def fold(text: str) -> str:
    """Lower case without accents or diacritics: "Azúcar" -> "azucar", "Ñandú" -> "nandu"."""
    if text.isascii():
        return text.lower()
    return _combining_marks().sub("", unicodedata.normalize("NFKD", text.casefold()))


@cache
def _combining_marks() -> re.Pattern:
    """Every character with a combining class (what NFKD splits off a letter), as one
    character class: removing them with a regex is many times faster than per character."""
    marks = "".join(chr(code) for code in range(0x10000) if unicodedata.combining(chr(code)))
    return re.compile(f"[{re.escape(marks)}]")


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


@cache
def stop_words() -> frozenset[str]:
    lines = (Path(__file__).with_name("stopwords_es.txt").read_text("utf-8")).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and line[0] != "#")


def is_stop_word(word: str) -> bool:
    """Whether a folded word is dropped. PostgreSQL compares the folded word with the list
    as written, so "el" is a stop word and "mas" (from "más") is not."""
    return word in stop_words()


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_stemmers, "spanish", None)
    if stemmer is None:
        stemmer = _stemmers.spanish = Stemmer.Stemmer("spanish")
    return stemmer


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    """What the index keeps of a text for whole-word matching: the stems of its words,
    stop words left out."""
    return stems_of(words(text))


def stems_of(folded_words: list[str]) -> list[str]:
    """The stems of folded words (`words`' list), stop words left out."""
    stop = stop_words()
    return _stemmer().stemWords([word for word in folded_words if word not in stop])


def one_edit_away(word: str) -> set[str]:
    """Every string one typo away from a folded word (a letter deleted, inserted, replaced,
    or two neighbours swapped): the candidates a vocabulary lookup confirms."""
    splits = [(word[:cut], word[cut:]) for cut in range(len(word) + 1)]
    deleted = {left + right[1:] for left, right in splits if right}
    swapped = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaced = {
        left + char + right[1:] for left, right in splits if right for char in _TYPO_LETTERS
    }
    inserted = {left + char + right for left, right in splits for char in _TYPO_LETTERS}
    return (deleted | swapped | replaced | inserted) - {word}


@dataclass(frozen=True)
class Term:
    """One word of a query. `alternatives`: the word and, once the vocabulary has been
    consulted, the known words one typo away; `prefix`: the word is being typed."""

    word: str
    alternatives: tuple[str, ...]
    prefix: bool
    unfinished: bool = False  # the last word, nothing after it yet (maybe being typed)

    @cached_property
    def stems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_stemmer().stemWords(list(self.alternatives))))

    def matches(self, word: str, word_stem: str) -> bool:
        """Whether a folded word of a text (and its stem) is what this term found."""
        return (self.prefix and word.startswith(self.word)) or word_stem in self.stems

    def corrected(self, vocabulary: set[str]) -> Term:
        """The term with the known words one typo away, when the word itself is unknown."""
        if self.word in vocabulary or len(self.word) < MIN_TYPO_LENGTH:
            return self
        near = sorted(
            candidate for candidate in one_edit_away(self.word) if candidate in vocabulary
        )
        return Term(self.word, (self.word, *near), self.prefix, self.unfinished)


@dataclass(frozen=True)
class Query:
    """What a person typed, read as search terms. `text` is the trimmed query as typed."""

    text: str
    terms: tuple[Term, ...]

    @property
    def is_empty(self) -> bool:
        return not self.terms

    def typo_candidates(self) -> set[str]:
        """The words to look up in the vocabulary: each long word and what is one typo away."""
        candidates: set[str] = set()
        for term in self.terms:
            if len(term.word) >= MIN_TYPO_LENGTH:
                candidates |= {term.word, *one_edit_away(term.word)}
        return candidates

    def corrected(self, vocabulary: set[str]) -> Query:
        return Query(self.text, tuple(term.corrected(vocabulary) for term in self.terms))

    def whole_words(self) -> Query:
        """The query with no word matching as a prefix (what Enter submitted is finished,
        unless it finds nothing: see `query.search`)."""
        terms = tuple(
            Term(term.word, term.alternatives, False, term.unfinished) for term in self.terms
        )
        return Query(self.text, terms)

    def as_typed(self) -> Query:
        """The query while it is being typed: its last word, too short to match as a
        prefix yet ("lemon p"), left out until it grows."""
        terms = tuple(
            term
            for term in self.terms
            if not (term.unfinished and len(term.word) < MIN_PREFIX_LENGTH)
        )
        return Query(self.text, terms)

    @cached_property
    def _heads(self) -> tuple[str, ...]:
        # A stem is the start of the words it stems (Snowball only strips suffixes, and
        # the words are folded first): a word starting with none of these cannot match.
        return tuple(
            {*(s for term in self.terms for s in term.stems), *(t.word for t in self.terms)}
        )

    @cached_property
    def _starting_with_a_head(self) -> re.Pattern:
        heads = "|".join(re.escape(head) for head in self._heads)
        return re.compile(rf"(?<![^\W_])(?:{heads})[^\W_]*")

    def candidates_in(self, folded: str) -> Iterator[re.Match]:
        """The words of a folded text that start with a head, found in one regex scan: the
        only ones `matches` can accept (a text is mostly other words)."""
        if not self._heads:
            return iter(())
        return self._starting_with_a_head.finditer(folded)

    def matches(self, word: str) -> bool:
        """Whether a folded word of a text is one the query found (for highlighting)."""
        if not word.startswith(self._heads):
            return False
        word_stem = stem(word)
        return any(term.matches(word, word_stem) for term in self.terms)


def parse_query(raw: str | None) -> Query:
    """Read a query: at most MAX_QUERY_LENGTH characters and MAX_TERMS words, stop words
    dropped, repeated words once. The last word may be unfinished
    (the box asks for suggestions as the student types, and Enter submits what is there):
    when nothing follows it, it also matches as a prefix."""
    typed_text = unicodedata.normalize("NFC", raw or "")[:MAX_QUERY_LENGTH]
    text = " ".join(drop_control_characters(typed_text).split())
    typed = words(text)
    kept = [word for word in dict.fromkeys(typed) if not is_stop_word(word)][:MAX_TERMS]
    # The word being typed: the last one, when nothing (a space, a period) follows it.
    being_typed = typed[-1] if typed and _WORD.fullmatch(typed_text[-1]) else None
    terms = (
        Term(
            word,
            (word,),
            prefix=word == being_typed and len(word) >= MIN_PREFIX_LENGTH,
            unfinished=word == being_typed,
        )
        for word in kept
    )
    return Query(text, tuple(terms))


def highlight_spans(text: str, query: Query) -> Iterator[tuple[str, bool]]:
    """The text cut into (piece, matched) pairs, matched pieces being whole words the query
    found. Pieces are the original text, so accents and case are kept."""
    folded = fold(text)
    if len(folded) == len(text):  # folding kept every character's place
        candidates = ((m.start(), m.end(), m.group()) for m in query.candidates_in(folded))
    else:
        candidates = ((m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text))
    position = 0
    for start, end, word in candidates:
        if not query.matches(word):
            continue
        if start > position:
            yield text[position:start], False
        yield text[start:end], True
        position = end
    if position < len(text):
        yield text[position:], False
