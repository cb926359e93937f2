"""Reading Spanish for search (pure rules): folding, stems, stop words, the query's terms,
typo candidates, highlighting and snippets."""

from __future__ import annotations

import pytest

from dulcevicio.services.search.query import snippet
from dulcevicio.services.search.text import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    fold,
    highlight_spans,
    is_stop_word,
    one_edit_away,
    parse_query,
    stem,
    stems,
    words,
)


def test_folding_drops_case_and_accents():
    assert fold("Azúcar GLAS, Ñandú, crème brûlée, pingüino") == (
        "azucar glas, nandu, creme brulee, pinguino"
    )
    assert words("¡Bizcochuelo «esponjoso» (24 cm)!") == ["bizcochuelo", "esponjoso", "24", "cm"]
    assert words("dulce_de_leche x-y") == ["dulce", "de", "leche", "x", "y"]


@pytest.mark.parametrize(
    "one, other",
    [
        ("merengues", "merengue"),
        ("horneado", "hornear"),
        ("azúcar", "azucar"),
        ("Tortas", "torta"),
        ("batido", "batir"),
        ("galletas", "galleta"),
    ],
)
def test_forms_of_a_word_share_a_stem(one, other):
    assert stems(one) == stems(other)


def test_different_words_keep_different_stems():
    assert stem("harina") != stem("horno")
    assert stem("torta") != stem("tarta")


def test_stop_words_are_those_postgresql_drops():
    assert is_stop_word("de") and is_stop_word("la") and is_stop_word("el")
    # PostgreSQL folds before it looks the word up: "más" becomes "mas", not in the list.
    assert not is_stop_word("mas")
    assert stems("la torta de la abuela") == [stem("torta"), stem("abuela")]


def test_a_query_keeps_its_words_once_without_stop_words():
    query = parse_query("  El merengue de la TORTA, merengue  ")
    assert [term.word for term in query.terms] == ["merengue", "torta"]
    assert query.text == "El merengue de la TORTA, merengue"


def test_only_the_word_being_typed_matches_as_a_prefix():
    assert [term.prefix for term in parse_query("torta choco").terms] == [False, True]
    assert [term.prefix for term in parse_query("torta choco ").terms] == [False, False]
    assert [term.prefix for term in parse_query("torta choco.").terms] == [False, False]
    assert [term.prefix for term in parse_query("torta ch").terms] == [False, False]  # too short


def test_a_query_is_bounded():
    query = parse_query("x" * 10_000)
    assert len(query.text) == MAX_QUERY_LENGTH
    many = parse_query(" ".join(f"palabra{number}" for number in range(50)))
    assert len(many.terms) == MAX_TERMS


@pytest.mark.parametrize(
    "typed",
    ['"', "* - ^ ( ) : & | !", "", "   ", "de la", "🎂🍰", "\x00"],
)
def test_queries_without_searchable_words_are_empty(typed):
    assert parse_query(typed).is_empty


def test_operators_and_quotes_are_only_words():
    query = parse_query('"merengue" AND NOT torta* NEAR(a b) title:x')
    assert [term.word for term in query.terms] == [
        "merengue",
        "and",
        "not",
        "torta",
        "near",
        "b",
        "title",
        "x",
    ]
    assert all(term.word.isalnum() for term in query.terms)


def test_one_typo_away():
    near = one_edit_away("chocolte")
    assert {"chocolate", "chocote", "cholocte"} & near == {"chocolate", "chocote"}
    assert "merengue" in one_edit_away("merengeu")  # two neighbours swapped
    assert "azucar" in one_edit_away("azcuar")
    assert "chocolte" not in near


def test_a_typo_is_corrected_only_in_long_unknown_words():
    vocabulary = {"chocolate", "torta", "tarta", "merengue"}
    query = parse_query("chocolte tarta torat").corrected(vocabulary)
    by_word = {term.word: term.alternatives for term in query.terms}
    assert by_word["chocolte"] == ("chocolte", "chocolate")
    assert by_word["tarta"] == ("tarta",)  # known: not "corrected" into "torta"
    assert by_word["torat"] == ("torat", "torta")  # "tarta" is two typos away
    assert parse_query("tota").corrected(vocabulary).terms[0].alternatives == ("tota",)


def test_highlighting_keeps_the_text_as_written():
    query = parse_query("azucar merengues")
    pieces = list(highlight_spans("Batí el MERENGUE con azúcar.", query))
    assert pieces == [
        ("Batí el ", False),
        ("MERENGUE", True),
        (" con ", False),
        ("azúcar", True),
        (".", False),
    ]


def test_highlighting_marks_whole_words_only_as_the_index_cuts_them():
    # Words are runs of letters and digits: "_" and "-" cut them, a letter before a stem
    # makes another word; a typo's correction and the word being typed are marked too.
    query = parse_query("chocolte merengues crem").corrected({"chocolate"})
    text = "Rechocolate, chocolate_blanco; 2chocolates y CHOCOLATES-merengue, cremoso."
    marked = [piece for piece, found in highlight_spans(text, query) if found]
    assert marked == ["chocolate", "CHOCOLATES", "merengue", "cremoso"]
    # Text whose folding changes its length ("ß" folds to "ss") is cut the same way.
    text = "Straße: merengue, Merengues y amerengue."
    pieces = list(highlight_spans(text, parse_query("merengue")))
    assert [piece for piece, found in pieces if found] == ["merengue", "Merengues"]
    assert "".join(piece for piece, _ in pieces) == text


def test_a_snippet_is_around_the_first_word_found_and_escaped():
    text = ("Bate la manteca. " * 30) + "Agrega el <b>merengue</b> con cuidado. " + "Hornea. " * 30
    shown = snippet(text, parse_query("merengue"), length=80)
    assert "<mark>merengue</mark>" in shown
    assert "&lt;b&gt;" in shown and "<b>" not in shown
    assert shown.startswith("… ") and shown.endswith(" …")
    assert len(shown.striptags()) < 100
    assert snippet("Corto.", parse_query("merengue")) == "Corto."
