"""The values lens: the user's weights, not the model's verdict.

The model reports outcomes; it does not say which scenario is better, because that depends on
what a person values. The lens makes one such judgement explicit and adjustable. It is pure
Python (no Streamlit) so it can be tested and documented on its own.

How a scenario is scored
------------------------
1. Each *criterion* stands for outcomes the user may care about, each with the direction that
   criterion counts as better (``CRITERIA``):

   * ``safety``      - public safety: fewer crimes committed in total, reported or not
                       (``net_crime_change``, lower). The count of cleared crimes is not part
                       of it: it falls when crime falls (fewer crimes, fewer to clear), so
                       averaging it in made the score drop when crime dropped;
   * ``trust``       - community trust and reporting: higher immigrant residents' trust and
                       reporting rate at the end;
   * ``cost``        - lower net local cost (``cost_net_usd``);
   * ``liberties``   - civil liberties: lower stop disparity and a lower share of transfers of
                       people with no record;
   * ``enforcement`` - immigration enforcement: more additional transfers to ICE (transfers ICE
                       would not have made anyway). Included so the lens can express the
                       program's stated aim as well as its critics' concerns.

2. Each outcome is normalised *across the scenarios being compared* (min-max): the best
   scenario on that outcome scores 1, the worst 0, the rest in proportion. When every scenario
   has the same value (range below a small tolerance) all score 0.5, so that outcome cannot
   change the ranking. Scores are therefore relative to the set compared: adding or removing
   a scenario can change them.
3. A criterion's score is the mean of its outcomes' scores.
4. The total is the weighted mean of the criterion scores, times 100 (0-100). Weights are
   non-negative; only their ratios matter. If every weight is zero, every total is 0 and
   ``LensResult.no_weights`` is True.
5. Scenarios are ranked by total (ties share a rank, in the order given).

The central values (column 0) are used; the uncertainty ranges are not part of the score.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

CRITERIA: dict[str, tuple[tuple[str, str], ...]] = {
    "safety": (("net_crime_change", "lower"),),
    "trust": (("trust_immigrant_end", "higher"), ("reporting_rate_immigrant_end", "higher")),
    "cost": (("cost_net_usd", "lower"),),
    "liberties": (("stop_disparity_ratio", "lower"), ("removals_no_record_share", "lower")),
    "enforcement": (("removals_additional", "higher"),),
}
DEFAULT_WEIGHTS: dict[str, int] = {"safety": 5, "trust": 5, "cost": 5, "liberties": 5, "enforcement": 5}
WEIGHT_MAX = 10
TIE = 1e-9  # a relative range below this counts as "all scenarios equal"


@dataclass
class LensRow:
    name: str
    total: float  # 0-100
    rank: int
    criteria: dict[str, float]  # criterion -> 0-1


@dataclass
class LensResult:
    rows: list[LensRow]  # ranked, best first
    weights: dict[str, float]
    no_weights: bool

    def order(self) -> list[str]:
        return [r.name for r in self.rows]


def normalise(values: Sequence[float], direction: str) -> list[float]:
    """Min-max across scenarios: best 1, worst 0; all equal -> 0.5 each."""
    lo, hi = min(values), max(values)
    span = hi - lo
    if span <= TIE * max(1.0, abs(lo), abs(hi)):
        return [0.5] * len(values)
    if direction == "higher":
        return [(v - lo) / span for v in values]
    return [(hi - v) / span for v in values]


def score(outcomes: Sequence[tuple[str, Mapping[str, float]]], weights: Mapping[str, float]) -> LensResult:
    """Score and rank scenarios.

    ``outcomes``: [(scenario name, {outcome name: central value}), ...]
    ``weights``:  {criterion: weight >= 0}; missing criteria weigh 0.
    """
    names = [n for n, _ in outcomes]
    w = {c: max(0.0, float(weights.get(c, 0.0))) for c in CRITERIA}
    crit: dict[str, list[float]] = {}
    for c, parts in CRITERIA.items():
        per_outcome = [normalise([float(o[name]) for _, o in outcomes], d) for name, d in parts]
        crit[c] = [sum(col) / len(col) for col in zip(*per_outcome)]
    total_w = sum(w.values())
    totals = [
        100.0 * sum(w[c] * crit[c][i] for c in CRITERIA) / total_w if total_w > 0 else 0.0
        for i in range(len(names))
    ]
    order = sorted(range(len(names)), key=lambda i: -totals[i])  # stable: ties keep input order
    rows, rank, prev = [], 0, None
    for pos, i in enumerate(order, start=1):
        if prev is None or abs(totals[i] - prev) > 1e-9:
            rank = pos
        prev = totals[i]
        rows.append(LensRow(names[i], totals[i], rank, {c: crit[c][i] for c in CRITERIA}))
    return LensResult(rows, w, total_w <= 0)


# ----------------------------------------------------------------------------- policies
# The lens on the compare page scores whatever scenarios are picked, which are usually sets of
# assumptions (the program's case, the critics' case): it says which beliefs about the world a
# person would prefer to hold, not what to do. To rank *policies*, every option must be judged
# under one and the same set of assumptions, and only the decisions (levers) may differ.
def is_policy(parameters: Mapping[str, object], kinds: Mapping[str, str]) -> bool:
    """A preset is a policy when it sets something and sets only levers (program design and
    safeguards): no assumption and no fact about the jurisdiction."""
    return bool(parameters) and all(kinds.get(k) == "lever" for k in parameters)


def policy_options(current: Mapping[str, object], policies: Sequence[tuple[str, Mapping[str, object]]],
                   lever_defaults: Mapping[str, object]) -> list[tuple[str, dict]]:
    """``(name, full values)`` for each policy under the current assumptions and jurisdiction.

    Every option starts from ``current`` (the user's assumptions and context, untouched); its
    levers are reset to ``lever_defaults`` and then set as the policy says, so a policy that
    does not mention a safeguard gets the registry's default for it, not whatever the user last
    set. Only levers differ between the options."""
    out = []
    for name, levers in policies:
        values = dict(current)
        values.update(lever_defaults)
        values.update(levers)
        out.append((name, values))
    return out
