"""Figure factories: results in, ``go.Figure`` out. No Streamlit calls here.

One theme (``TEMPLATE``) and one colour-blind-safe palette (``plotly.colors.qualitative.Safe``).
Colours are mapped to *meanings* in ``COLORS`` and every trace carries its meaning in
``trace.meta`` so tests can check that a meaning has the same colour on every chart. Two rules
hold on every chart:

* "no agreement" (the counterfactual) is always grey and dotted;
* uncertainty is always a translucent band (p5-p95) or an error bar of the meaning's colour.

Fan charts are filled ``go.Scatter`` traces (SVG, not WebGL); the tornado is horizontal bars
sorted by swing (largest at the top). Every title, axis label and legend name comes from the
translator ``tr`` (``ui.i18n.Translator``); keys live in ``ui/locales/<lang>/charts.toml``.

Pages should draw these with ``st.plotly_chart(fig, theme=None, config=charts.CONFIG)`` so
Streamlit's own theme does not replace this one, and every chart has the same toolbar.

Each builder writes its figure as plain data (traces ``dict(type="scatter", ...)``, the layout
as nested dicts, merged with ``_layout``) and ``_finish`` makes the one figure at the end with
``Figure(spec, _validate=False)`` (a ``go.Figure``). Plotly's object API validates every
property, several times over (``add_trace`` validates the trace again): 3-17 ms a figure,
against 0.2-2 ms from plain data. The tests run plotly's full validation on every figure
instead (it must accept it and change nothing), so a misspelt property still fails there.

What a figure sends (``to_dict``, which Streamlit and ``to_json`` use) carries the theme written
into its layout, not a ``layout.template``; its series are plain rounded numbers, not typed
arrays; and its ``layout.datarevision`` is a digest of its data. Streamlit draws a chart it
mounts twice: once, then again with a JSON copy of the same figure (an effect of its Plotly
element). Plotly.react recomputes the whole chart for a copy that carries a template (a new
object each time) or a typed array, or that has no data revision; without them the second draw
only restyles (in chromium, trust chart: 4 ms against 15-18 ms; the browser's main thread per
slider move: 31-66 ms less). ``tests/browser/test_redraw.py`` checks it.

Besides the figures, ``table(name, obj, tr)`` gives a DataFrame with the data each chart shows
(the text alternative) and ``caption(name, obj, tr)`` one plain-language sentence with numbers.

The package, one job a file (none imports Streamlit or the app's state):

``theme``    palette, theme, sizes, number formats, the plain-data helpers;
``layout``   ``_finish``/``Figure``, margin estimation, grids, reference lines, trace helpers;
``explore``  the explore page's figures (and the disparity chart);
``tables``   ``table`` and ``caption`` for the explore charts, ``fmt_outcome``;
``compare``  the compare page's figures and tables;
``drivers``  the drivers page's figures and tables.

Every name is re-exported here, so ``from ui import charts; charts.frontier(...)`` works.
"""
from __future__ import annotations

from ui.charts.theme import (  # noqa: F401  (re-exported)
    AXIS_WRAP,
    BAND_ALPHA,
    COLORS,
    CONFIG,
    COST_SERIES,
    ERROR_COLOR,
    EXPLORE_CHARTS,
    FMT_INT,
    FMT_PCT,
    FMT_RATIO,
    FMT_USD,
    FONT_FAMILY,
    FONT_SIZE,
    GRID,
    HEIGHT,
    INK,
    LABEL_WRAP,
    LINE_WIDTH,
    NO_AGREEMENT_DASH,
    SAFE,
    SCENARIO_COLORS,
    Spec,
    TABLE_CHARTS,
    TEMPLATE,
    TICK_SIZE,
    TITLE_SIZE,
    TITLE_WRAP,
    LEGEND_WRAP,
    _AXIS,
    _AXIS_KEY,
    _THEME,
    _fig,
    _frame,
    _layout,
    _merge,
    rgba,
    wrap,
)
from ui.charts.layout import (  # noqa: F401  (re-exported)
    CATEGORY_PAD,
    FULL_WIDTH,
    Figure,
    GLYPH,
    HALF_WIDTH,
    LEGEND_BELOW,
    LEGEND_END,
    LEGEND_GAP,
    LEGEND_ITEM,
    LINE,
    SIGNIFICANT,
    SPARE,
    Series,
    TICK_PAD,
    TITLE_PAD,
    YEARS_X,
    _add_band,
    _add_line,
    _add_without,
    _axis_id,
    _cell,
    _err,
    _finish,
    _grid_fig,
    _has_bands,
    _hline,
    _legend_groups,
    _outcome_label,
    _param_label,
    _r,
    _text_width,
    _theme,
    _vline,
    data_revision,
    expected_margins,
    legend_height,
    wrap_legend,
    PRESENT_SCALE,
    scale_spec,
    scaled,
    x_axis_room,
)
from ui.charts.explore import (  # noqa: F401  (re-exported)
    CRIME_SERIES,
    LEDGER,
    RECORDS,
    _frontier_data,
    _preset_name,
    _total,
    cost_totals,
    label_positions,
    costs,
    crimes,
    disparity,
    frontier,
    ledger_values,
    removals,
    safety_ledger,
    trust_reporting,
)
from ui.charts.tables import (  # noqa: F401  (re-exported)
    OUTCOME_KINDS,
    _range_text,
    _share,
    _yearly_index,
    caption,
    fmt_outcome,
    table,
    text_table,
)
from ui.charts.compare import (  # noqa: F401  (re-exported)
    COMPARE_OUTCOMES,
    OUTCOME_FORMATS,
    SERIES_FORMATS,
    _safe,
    attribution,
    attribution_table,
    compare_outcomes,
    compare_series,
    compare_series_table,
    lens,
    outcome_format,
    scenario_color,
)
from ui.charts.drivers import (  # noqa: F401  (re-exported)
    TORNADO_TOP,
    _measure_label,
    _param_value,
    breakeven,
    breakeven_table,
    sobol,
    sobol_table,
    tornado,
    tornado_table,
)
