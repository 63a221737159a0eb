"""What drives the result: the tornado for a chosen outcome, the break-even finder and the global
sensitivity ranking (Sobol or Morris, via ``model.sensitivity``), for the current scenario.

Speed (measured on the development machine, warm, 10-year horizon): tornado ~1 ms (71 runs in
one batch), break-even ~3 ms plus its chart curve ~2 ms, Sobol ~0.09 s at N = 256 (9,472 runs)
up to ~1.4 s at N = 4,096 (~150,000 runs) - about 100,000 runs a second - and Morris ~0.05 s.
The first global run of a process also imports SALib (~1.3 s). The tornado and break-even run
inline (cached). The global analysis runs in a background thread (a small executor held by
``st.cache_resource``): the page waits for it at most ``INLINE_WAIT`` seconds, then shows a
progress bar in a fragment that polls every ``POLL_SECONDS`` and reruns the page when the result
is in. Slider moves are never blocked by it, and finished results are kept (bounded) so
returning to a setting is instant.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor

import streamlit as st

import model
from model import params as P
from model import sensitivity
from model.simulate import program_active
from ui import charts, results, screen, state
from ui.format import fmt_amount, fmt_value
from ui.i18n import Translator

PREFIX = "drivers_"
K_OUTCOME = PREFIX + "outcome"
K_MEASURE = PREFIX + "measure"
K_PARAM = PREFIX + "param"
K_THRESHOLD = PREFIX + "threshold"
K_METHOD = PREFIX + "method"
K_SAMPLES = PREFIX + "samples"
DEFAULT_OUTCOME = "net_crime_change"
OUTCOMES = tuple(o.name for o in model.OUTCOMES)
NUMERIC = tuple(p.name for p in model.REGISTRY if p.is_numeric)
# A parameter that is the outcome's own starting value (same quantity, same name on screen)
# cannot be its break-even "driver": the answer would be circular.
OWN_BASELINE = {
    "reporting_rate_immigrant_end": ("reporting_baseline_immigrant",),
    "trust_immigrant_end": ("trust_baseline",),
    "trust_latino_citizen_end": ("trust_baseline",),
    "stop_disparity_ratio": ("stop_disparity_baseline",),
}
MOVES = 1e-9  # a swing below this (relative to the outcome's size) counts as a flat line
SAMPLES = {"sobol": (256, 512, 1024, 2048, 4096), "morris": (32, 64, 128, 256)}
RUNS_PER_SECOND = 100_000  # measured engine throughput for the progress estimate (10-year runs)
INLINE_WAIT = 0.35  # seconds the page waits for a global run (warm Sobol N=256 ~0.09 s) before showing progress
POLL_SECONDS = 0.5
# Background runs: two threads shared by every visitor. Queued or running at once: at most
# MAX_PENDING in all (a Sobol run at the largest sample takes ~1.5 s, so a full queue clears in
# a few seconds) and PER_SESSION for one visitor; finished results kept: MAX_DONE.
MAX_PENDING = 8
PER_SESSION = 2
MAX_DONE = 24
_log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------- background runs
class Busy(Exception):
    """No room for another background run: ``scope`` is "session" (this visitor's runs are all
    started) or "server" (every visitor's queue is full)."""

    def __init__(self, scope: str):
        super().__init__(scope)
        self.scope = scope


class Jobs:
    """Background global-sensitivity runs, keyed by their inputs (bounded, thread-safe).

    At most ``max_pending`` runs are queued or running at once, for all visitors together, and
    at most ``per_session`` for one visitor; a visitor who asks for another run while at the
    limit first loses their own runs that have not started (they moved on to other settings),
    and gets ``Busy`` if theirs are all running or the queue is full. Finished runs are kept
    (at most ``max_done``, oldest dropped first) so that returning to a setting is instant.
    """

    def __init__(self, workers: int = 2, max_pending: int = MAX_PENDING, per_session: int = PER_SESSION,
                 max_done: int = MAX_DONE):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sensitivity")
        self.lock = threading.Lock()
        self.max_pending, self.per_session, self.max_done = max_pending, per_session, max_done
        self.jobs: OrderedDict[tuple, tuple[Future, float, str]] = OrderedDict()

    def submit(self, key: tuple, fn, *args, session: str = "", **kwargs) -> tuple[Future, float]:
        with self.lock:
            if key in self.jobs:
                self.jobs.move_to_end(key)
                return self.jobs[key][:2]
            pending = [k for k, (f, _, _) in self.jobs.items() if not f.done()]
            mine = [k for k in pending if self.jobs[k][2] == session]
            while len(mine) >= self.per_session:
                # Future.cancel() succeeds only for a run that has not started
                gone = next((k for k in mine if self.jobs[k][0].cancel()), None)
                if gone is None:
                    raise Busy("session")
                del self.jobs[gone]
                mine.remove(gone)
                pending.remove(gone)
            if len(pending) >= self.max_pending:
                raise Busy("server")
            job = (self.pool.submit(fn, *args, **kwargs), time.monotonic(), session)
            self.jobs[key] = job
            done = [k for k, (f, _, _) in self.jobs.items() if f.done()]
            for k in done[: max(0, len(done) - self.max_done)]:
                del self.jobs[k]
            return job[:2]

    def get(self, key: tuple) -> tuple[Future, float] | None:
        with self.lock:
            job = self.jobs.get(key)
            return None if job is None else job[:2]

    def pending(self) -> int:
        """Runs queued or running now."""
        with self.lock:
            return sum(1 for f, _, _ in self.jobs.values() if not f.done())


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "session_id", "") or ""


@st.cache_resource(show_spinner=False)
def jobs() -> Jobs:
    return Jobs()


def _global_run(frozen: tuple, outcome: str, measure: str, years: int, method: str, samples: int):
    t = time.perf_counter()
    g = sensitivity.global_sensitivity(dict(frozen), outcome, method=method, measure=measure, years=years,
                                       samples=samples, seed=state.SEED)
    return g, time.perf_counter() - t


def expected_runs(method: str, samples: int) -> int:
    d = sum(1 for p in model.uncertain() if p.uncertainty[0] != p.uncertainty[2])
    return samples * (d + 2) if method == "sobol" else samples * (d + 1)


# ----------------------------------------------------------------------------- text
def is_percent(outcome: str) -> bool:
    """Outcomes shown as percentages: their threshold is typed in percent (30 means 30 %)."""
    return charts.OUTCOME_KINDS.get(outcome) == "pct"


def threshold_value(outcome: str, typed: float) -> float:
    """The model's threshold from what the reader typed (percent for percentage outcomes)."""
    return typed / 100.0 if is_percent(outcome) else typed


def breakeven_params(outcome: str, swings: dict[str, float], scale: float) -> list[str]:
    """The numeric parameters that move ``outcome`` (its curve is not flat), biggest swing first,
    without the outcome's own starting value."""
    own = OWN_BASELINE.get(outcome, ())
    tol = MOVES * max(1.0, abs(scale))
    moving = [n for n in NUMERIC if n not in own and swings.get(n, 0.0) > tol]
    return sorted(moving, key=lambda n: -swings[n])


def breakeven_text(tr: Translator, b) -> str:
    """The break-even finding in plain words (computed values with their unit, sensible digits)."""
    p = P.BY_NAME[b.param]
    name = tr(f"param.{b.param}.label")
    outcome = tr(f"outcome.{b.outcome}.label")
    zero = b.threshold == 0
    thr = charts.fmt_outcome(tr, b.outcome, b.threshold, signed=b.measure == "delta" and not zero)
    if b.everywhere:
        return tr("drivers.be.everywhere", outcome=outcome, threshold=thr, param=name)
    if not b.crossings:
        side = "above" if b.at_min > b.threshold else "below"
        return tr(f"drivers.be.none_{side}{'_zero' if zero else ''}", outcome=outcome, threshold=thr, param=name,
                  lo=fmt_amount(tr, p, b.min), hi=fmt_amount(tr, p, b.max),
                  at_lo=charts.fmt_outcome(tr, b.outcome, b.at_min), at_hi=charts.fmt_outcome(tr, b.outcome, b.at_max))
    parts = []
    for c in b.crossings:
        key = f"drivers.be.{c.direction}{'_zero' if zero and c.direction != 'touches' else ''}"
        parts.append(tr(key, outcome=outcome, threshold=thr, param=name, value=fmt_amount(tr, p, c.value)))
    return " ".join(parts)


# ----------------------------------------------------------------------------- sections
def _tornado_section(tr: Translator, frozen: tuple, outcome: str, measure: str, years: int):
    st.subheader(tr("drivers.tornado_title"))
    st.caption(tr("drivers.tornado_intro"))
    t = results.cached_tornado(frozen, outcome, measure, years)
    st.plotly_chart(charts.tornado(t, tr), key=PREFIX + "chart_tornado", theme=None, config=screen.plotly_config(tr.lang))
    if t.bars:
        top = t.bars[0]
        st.caption(tr("drivers.tornado_caption", param=tr(f"param.{top.name}.label"),
                      low=fmt_value(P.BY_NAME[top.name], top.low, tr),
                      high=fmt_value(P.BY_NAME[top.name], top.high, tr),
                      out_low=charts.fmt_outcome(tr, outcome, top.outcome_low),
                      out_high=charts.fmt_outcome(tr, outcome, top.outcome_high),
                      base=charts.fmt_outcome(tr, outcome, t.base), n=len(t.bars),
                      shown=min(len(t.bars), charts.TORNADO_TOP)))
    with st.expander(tr("drivers.table")):
        st.dataframe(charts.tornado_table(t, tr), hide_index=True, width="stretch")
    return t


def _breakeven_section(tr: Translator, frozen: tuple, outcome: str, measure: str, years: int, t) -> None:
    st.subheader(tr("drivers.breakeven_title"))
    st.caption(tr("drivers.breakeven_intro"))
    swings = results.cached_movers(frozen, outcome, measure, years)
    offered = breakeven_params(outcome, swings, t.base if t is not None else 0.0)
    if not offered:
        st.info(tr("drivers.breakeven_none_moves"))
        return
    top = next((b.name for b in (t.bars if t is not None else []) if b.name in offered), offered[0])
    if st.session_state.get(K_PARAM) not in offered:  # follow the outcome: never a flat line
        st.session_state[K_PARAM] = top
    c1, c2 = st.columns([3, 1])
    param = c1.selectbox(tr("drivers.breakeven_param"), offered, key=K_PARAM,
                         format_func=lambda n: tr(f"param.{n}.label"), help=tr("drivers.breakeven_param_help"))
    pct = is_percent(outcome)
    unit = (tr("drivers.threshold_points" if measure == "delta" else "drivers.threshold_pct") if pct
            else tr(f"outcome.{outcome}.unit"))
    typed = c2.number_input(tr("drivers.breakeven_threshold", unit=unit), value=0.0, key=K_THRESHOLD,
                            help=tr("drivers.breakeven_threshold_help_pct" if pct else "drivers.breakeven_threshold_help"),
                            format="%g")
    threshold = threshold_value(outcome, float(typed))
    p = P.BY_NAME[param]
    given = dict(frozen)[param]
    lo, hi = sensitivity.search_range(param, given)
    if (lo, hi) != (p.min, p.max):
        if st.checkbox(tr("drivers.breakeven_whole", lo=fmt_value(p, p.min, tr), hi=fmt_value(p, p.max, tr)),
                       key=PREFIX + "whole_range", help=tr("drivers.breakeven_whole_help")):
            lo, hi = float(p.min), float(p.max)
    b, curve = results.cached_breakeven(frozen, param, outcome, measure, years, threshold, lo, hi)
    st.markdown(tr("drivers.breakeven_result", text=breakeven_text(tr, b)))
    st.caption(tr("drivers.breakeven_given", param=tr(f"param.{param}.label"),
                  value=fmt_value(p, b.given, tr),
                  outcome=charts.fmt_outcome(tr, outcome, b.at_given)))
    st.caption(tr("drivers.breakeven_range", lo=fmt_amount(tr, p, lo), hi=fmt_amount(tr, p, hi)))
    st.plotly_chart(charts.breakeven(b, tr, curve), key=PREFIX + "chart_breakeven", theme=None,
                    config=charts.CONFIG)
    with st.expander(tr("drivers.table")):
        st.dataframe(charts.breakeven_table(b, tr, curve), hide_index=True, width="stretch")


@st.fragment(run_every=POLL_SECONDS)
def _wait_for(tr: Translator, key: tuple, runs: int) -> None:
    """Progress while a global run is in the background; reruns the page when it is done."""
    job = jobs().get(key)
    if job is None or job[0].done():
        st.rerun()
        return
    elapsed = time.monotonic() - job[1]
    expected = max(runs / RUNS_PER_SECOND, 0.5)
    st.progress(min(0.95, elapsed / expected),
                text=tr("drivers.global_running", runs=tr.number(runs), elapsed=tr.number(elapsed, 1)))


def _global_section(tr: Translator, frozen: tuple, outcome: str, measure: str, years: int) -> None:
    st.subheader(tr("drivers.global_title"))
    st.caption(tr("drivers.global_intro"))
    c1, c2 = st.columns(2)
    method = c1.radio(tr("drivers.global_method"), tuple(SAMPLES), key=K_METHOD, horizontal=True,
                      format_func=lambda m: tr(f"drivers.method_{m}"), help=tr("drivers.global_method_help"))
    choices = SAMPLES[method]
    if st.session_state.get(K_SAMPLES) not in choices:
        st.session_state[K_SAMPLES] = choices[0]
    samples = c2.select_slider(tr("drivers.global_samples"), choices, key=K_SAMPLES,
                               help=tr("drivers.global_samples_help"))
    runs = expected_runs(method, samples)
    key = (frozen, outcome, measure, years, method, samples)
    try:
        fut, _ = jobs().submit(key, _global_run, frozen, outcome, measure, years, method, samples,
                               session=_session_id())
    except Busy as busy:
        st.warning(tr(f"drivers.busy_{busy.scope}"), icon=":material/hourglass_empty:")
        st.button(tr("drivers.busy_retry"), key=PREFIX + "retry")
        return
    if not fut.done():
        try:
            fut.result(timeout=INLINE_WAIT)
        except Exception:  # noqa: BLE001 - a timeout (still running) or a failure, handled below
            pass
    if not fut.done() or fut.cancelled():  # cancelled: the visitor who queued it moved on
        _wait_for(tr, key, runs)
        return
    err = fut.exception()
    if err is not None:
        if isinstance(err, P.ParamError):  # our own one-line message: field, value, allowed
            st.error(tr("drivers.global_failed", error=state.md_escape(str(err), 200)), icon=":material/error:")
        else:  # a library's internal text means nothing to a visitor: the log keeps it
            _log.exception("global sensitivity failed", exc_info=err)
            st.error(tr("drivers.global_failed_internal"), icon=":material/error:")
        return
    g, seconds = fut.result()
    st.plotly_chart(charts.sobol(g, tr), key=PREFIX + "chart_global", theme=None, config=screen.plotly_config(tr.lang))
    if g.indices:
        top = g.indices[0]
        if method == "sobol":
            st.caption(tr("drivers.sobol_caption", param=tr(f"param.{top.name}.label"),
                          st=tr.number(top.st or 0.0, 2), s1=tr.number(top.s1 or 0.0, 2),
                          runs=tr.number(g.evaluations), seconds=tr.number(seconds, 2)))
        else:
            st.caption(tr("drivers.morris_caption", param=tr(f"param.{top.name}.label"),
                          runs=tr.number(g.evaluations), seconds=tr.number(seconds, 2)))
    if g.note:
        st.info(tr("drivers.global_flat"))
    with st.expander(tr("drivers.table")):
        st.dataframe(charts.sobol_table(g, tr), hide_index=True, width="stretch")


# ----------------------------------------------------------------------------- the page
def render() -> None:
    state.init()
    tr = state.translator()
    st.title(tr("drivers.title"))
    st.caption(tr("drivers.intro"))
    values, years = state.values(), state.years()
    frozen = state.freeze(values)
    c1, c2 = st.columns([3, 2])
    outcome = c1.selectbox(tr("drivers.outcome"), OUTCOMES, key=K_OUTCOME, index=OUTCOMES.index(DEFAULT_OUTCOME),
                           format_func=lambda o: tr(f"outcome.{o}.label"), help=tr("drivers.outcome_help"))
    measure = c2.radio(tr("drivers.measure"), sensitivity.MEASURES, key=K_MEASURE, horizontal=True,
                       format_func=lambda m: tr(f"drivers.measure_{m}"), help=tr("drivers.measure_help"))
    st.caption(tr("drivers.scenario_note", years=years))
    if measure == "delta" and not program_active(values):
        st.info(tr("drivers.no_program"))
    t = _tornado_section(tr, frozen, outcome, measure, years)
    st.divider()
    _breakeven_section(tr, frozen, outcome, measure, years, t)
    st.divider()
    _global_section(tr, frozen, outcome, measure, years)


if __name__ == "__main__":  # pragma: no cover
    render()
