"""The explore page's headline cards and plain-words summary as one HTML element: a pure
function from texts to markup, like the chart builders (no Streamlit here).

Why one element rather than six ``st.metric`` in bordered columns and a bordered Markdown
summary: every element a page draws is re-sent and restyled by the browser on every slider
move, and the cards and summary took 22 (two rows of columns, six metrics, six captions, a
bordered container and its text). As a CSS grid the cards also wrap onto more rows on a narrow
screen instead of being cut off.

Every text is escaped here: nothing a user typed ever reaches these cards, but a catalog entry
or a number format with ``<`` or ``&`` must still show as text.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Colours follow the page's text colour (``currentColor``), so the cards suit any theme. The
# grid takes as many columns as the width of the page's main column allows (container queries),
# up to three: two rows of three on a laptop or a projector. Each card is a subgrid of four
# rows (label, value, change, the rest), so values line up across a row of cards whatever the
# length of their labels.
STYLE = """<style>
.sim-wrap{container-type:inline-size}
.sim-cards{display:grid;grid-template-columns:1fr;gap:0.75rem;margin:0.25rem 0 0.5rem}
@container (min-width:22rem){.sim-cards{grid-template-columns:repeat(2,minmax(0,1fr))}}
@container (min-width:42rem){.sim-cards{grid-template-columns:repeat(3,minmax(0,1fr));gap:1rem}}
.sim-card{border:1px solid color-mix(in srgb,currentColor 18%,transparent);border-radius:0.5rem;
  padding:0.75rem 1rem;min-width:0;display:grid;grid-row:span 4;grid-template-rows:subgrid;
  row-gap:0;align-content:start}
.sim-card-label{font-size:0.9rem;margin:0}
.sim-card-value{font-size:2rem;line-height:1.25;margin:0.1rem 0;overflow-wrap:anywhere}
.sim-card-delta,.sim-card-note,.sim-card details{font-size:0.85rem;margin:0;
  color:color-mix(in srgb,currentColor 68%,transparent)}
.sim-card details{margin-top:0.35rem}
.sim-card summary{cursor:pointer}
.sim-card details p{margin:0.25rem 0 0}
.sim-summary{border:1px solid color-mix(in srgb,currentColor 18%,transparent);
  border-radius:0.5rem;padding:0.75rem 1rem;margin:0.25rem 0 0.5rem}
.sim-summary p{margin:0}
</style>"""


@dataclass(frozen=True)
class Card:
    """One outcome's card: ``outcome`` (its name, for tests and styling), the label, the value
    as shown, its change against no agreement, further lines (range, additional removals), and
    what the outcome measures (folded under ``about``)."""

    outcome: str
    label: str
    value: str
    delta: str
    notes: tuple[str, ...] = ()
    description: str = ""
    about: str = ""


def card_html(card: Card) -> str:
    parts = [
        f'<div class="sim-card" role="group" aria-label="{escape(card.label)}" '
        f'data-outcome="{escape(card.outcome)}">',
        f'<p class="sim-card-label">{escape(card.label)}</p>',
        f'<p class="sim-card-value">{escape(card.value)}</p>',
        f'<p class="sim-card-delta">{escape(card.delta)}</p>',
    ]
    parts.append("<div>")  # the rest in one grid row (labels, values, deltas line up)
    parts += [f'<p class="sim-card-note">{escape(line)}</p>' for line in card.notes if line]
    if card.description:
        parts.append(f"<details><summary>{escape(card.about)}</summary>"
                     f"<p>{escape(card.description)}</p></details>")
    parts.append("</div></div>")
    return "".join(parts)


def summary_html(title: str, text: str) -> str:
    """The plain-words summary: a bold title run into the text, in a bordered box."""
    return (f'<div class="sim-summary" role="note"><p><strong>{escape(title)}</strong> '
            f'{escape(text)}</p></div>')


def cards_html(cards: list[Card] | tuple[Card, ...], summary: tuple[str, str] | None = None,
               before: str = "") -> str:
    """The cards, in order, and the summary (``(title, text)``) below them, as one block of
    HTML (with its style); ``before``, markup put above the cards (the notice)."""
    body = "".join(card_html(c) for c in cards)
    after = summary_html(*summary) if summary else ""
    return f'{STYLE}<div class="sim-wrap">{before}<div class="sim-cards">{body}</div>{after}</div>'
