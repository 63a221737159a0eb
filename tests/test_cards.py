"""The explore page's outcome cards (``ui/cards.py`` and ``ui.pages.explore.card``): every text
escaped, every card's numbers from the model run, in the reader's language."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

import model
from ui import format as fm
from ui.cards import Card, card_html, cards_html
from ui.i18n import Translator
from ui.pages import explore


class _Tags(HTMLParser):
    """Tags opened, and the text, of a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def test_every_text_is_escaped():
    hostile = '<img src=x onerror="alert(1)">&amp;'
    c = Card("removals", hostile, hostile, hostile, (hostile,), hostile, hostile)
    html = card_html(c)
    tags = parse(html)
    assert "img" not in tags.tags and "script" not in tags.tags
    # the hostile text is shown as text, five times (label, value, delta, note, description)
    # plus the summary, and once more in the group's accessible name
    assert "".join(tags.text).count(hostile) == 6
    assert 'aria-label="&lt;img' in html


def test_card_parts_and_optional_lines():
    full = card_html(Card("x", "Label", "12", "+3 vs. none", ("a", "b"), "what", "About"))
    tags = parse(full)
    assert tags.text == ["Label", "12", "+3 vs. none", "a", "b", "About", "what"]
    assert "details" in tags.tags and "summary" in tags.tags
    bare = parse(card_html(Card("x", "Label", "12", "+3")))
    assert bare.text == ["Label", "12", "+3"]  # no notes, no folded description
    assert "details" not in bare.tags


def test_cards_html_keeps_order_and_has_one_style():
    cards = [Card(f"o{i}", f"L{i}", str(i), "") for i in range(6)]
    html = cards_html(cards)
    assert html.count("<style>") == 1 and html.count('class="sim-card"') == 6
    assert [html.index(f'data-outcome="o{i}"') for i in range(6)] == sorted(
        html.index(f'data-outcome="o{i}"') for i in range(6))


def test_summary_comes_after_the_cards_as_text():
    hostile = '<img src=x onerror="alert(1)">&amp;'
    cards = [Card("o", "L", "1", "")]
    html = cards_html(cards, summary=("In short:", hostile))
    tags = parse(html)
    assert "img" not in tags.tags and "strong" in tags.tags
    assert "".join(tags.text).endswith("In short: " + hostile)
    assert html.index('class="sim-summary"') > html.index('class="sim-card"')
    assert "sim-summary" not in cards_html(cards).split("</style>")[1]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_explore_cards_show_the_model_run(lang):
    tr = Translator(lang)
    values = model.defaults()
    res = model.simulate(values, years=10, draws=64, seed=1)
    for name in explore.CARDS:
        c = explore.card(tr, res, name)
        o = res.outcomes[name]
        assert c.label == tr(f"outcome.{name}.label") and c.outcome == name
        assert c.description == tr(f"outcome.{name}.description")
        difference = model.outcomes.BY_NAME[name].kind == "difference"
        # with draws the headline is the median of the draws, inside the range printed under it
        assert o.p5 <= o.headline <= o.p95
        assert c.value == fm.fmt(tr, name, o.headline, signed=difference)
        assert tr("explore.vs_none") in c.delta
        if not difference:
            assert c.delta.startswith(fm.fmt_delta(tr, name, o.headline_delta))
        assert c.notes[-2] == tr("explore.range", lo=fm.fmt(tr, name, o.p5, signed=difference),
                                 hi=fm.fmt(tr, name, o.p95, signed=difference))
        assert c.notes[-1] == tr("explore.headline_median", n=tr.number(64))
    removals = explore.card(tr, res, "removals")
    assert removals.notes[0] == tr("explore.card_additional",
                                   n=tr.number(res.outcomes["removals_additional"].value))


def test_no_range_line_without_draws():
    tr = Translator("en")
    res = model.simulate(model.defaults(), years=5)
    assert res.draws == 0
    assert explore.card(tr, res, "net_crime_change").notes == ()
