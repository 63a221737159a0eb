"""The model's equations (Model 2): one compiled loop over columns and months.

Every input is a 1-D numpy array with one entry per *column*; a column is one draw of the
parameters under one scenario. ``simulate`` runs the agreement and its counterfactual (the same
draws with every program model off) through this same code, as two batches.

The program can start, narrow and end during the horizon, the removable population is drawn
down by the removals the agreement adds, and fear habituates, so every flow changes from month
to month and depends on the month before. The equations are therefore written as a plain loop
over months for one column, compiled with numba (``_kernel``); columns are independent. Totals
and last-month values are accumulated as the months go; whole monthly series are kept only when
asked for (``keep_series=True``, used for the monthly bands of the first columns).

benchmarks/reference_numpy.py computes the same equations independently, vectorised over columns
with numpy; tests/test_reference_loop.py checks that both give the same outcomes.

docs/MODEL.md gives each equation in words and math; the numbers (1)-(13) below refer to it.
"""
from __future__ import annotations

import numpy as np

from . import _kernel
from ._kernel import PARAMS as KEYS, SERIES

class Engine:
    """Computes one batch of columns. ``p`` maps parameter names to float arrays (flags 0/1)."""

    SERIES = SERIES

    def __init__(self, p: dict[str, np.ndarray], months: int, keep_series: bool = False):
        self.p, self.months = p, months
        self.columns = int(np.shape(p["trust_baseline"])[0])
        self.keep_series = keep_series
        self._totals: dict[str, np.ndarray] | None = None
        self._series: dict[str, np.ndarray] | None = None
        self.static = False  # set by a run: no column's program is on, so no month differs

    def _run(self) -> None:
        cols = self.columns
        pa = np.empty((len(KEYS), cols))
        for i, k in enumerate(KEYS):
            pa[i] = self.p[k]
        ns = len(SERIES)
        tot = np.zeros((ns, cols))
        end = np.zeros((ns, cols))
        program = (self.p["wso_active"] + self.p["jem_active"] + self.p["tfm_active"]) > 0
        static = self.static = not bool(np.any(program))
        months = 1 if static else self.months  # nothing moves: one month stands for every month
        ser = np.zeros((ns, self.months if self.keep_series else 1, cols if self.keep_series else 1))
        _kernel.kernel(pa, months, self.keep_series and not static, tot, end, ser)
        if static:  # the same additions as a full pass, so exactly the same totals
            tot[:] = 0.0
            for _ in range(self.months):
                tot += end
            if self.keep_series:
                ser[:] = end[:, None, :]
        self._totals = {name: tot[i] for i, name in enumerate(SERIES)}
        self._end = {name: end[i] for i, name in enumerate(SERIES)}
        self._series = {name: ser[i] for i, name in enumerate(SERIES)} if self.keep_series else None

    def totals(self) -> dict[str, np.ndarray]:
        """Per column: every series summed over the horizon (``<name>_total``) and its value in
        the last month (``<name>_end``)."""
        if self._totals is None:
            self._run()
        out = {f"{k}_total": v for k, v in self._totals.items()}
        out.update({f"{k}_end": v for k, v in self._end.items()})
        return out

    def series(self, names=None) -> dict[str, np.ndarray]:
        """Monthly series by name, each (months, columns)."""
        if self._series is None:
            self.keep_series = True
            self._run()
        names = SERIES if names is None else tuple(names)
        return {name: self._series[name] for name in names}
