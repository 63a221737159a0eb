"""Bilingual interface checks (issue 5).

1. The catalogs: the same keys in English and Spanish (English parameter and outcome texts come
   from the registry, so Spanish must have ``param.*`` / ``outcome.*`` for every registry entry);
   no empty strings; the same ``{placeholders}`` in both languages.
2. No user-facing literal left in the UI code: an AST scan of app.py and ui/**/*.py flags string
   literals with words in them passed to Streamlit calls (positional text or label/help/caption/
   placeholder/title keywords) or to Plotly titles, axis titles, trace names, hover templates and
   annotations. Keys passed to ``tr(...)``, widget keys, icons and format strings with no letters
   pass. Exceptions are listed in ALLOWED with a reason.
3. AppTest renders every page that app.py routes to, in Spanish and in English, without an
   exception and without the missing-key marker "⟦".
"""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import sys

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `python tests/test_i18n.py`
import model  # noqa: E402
from ui import i18n  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_PREFIXES = ("param.", "outcome.")
MARK = i18n.MISSING.split("{")[0]  # "⟦"


def _cat(lang: str) -> dict[str, str]:
    i18n.catalog.cache_clear()
    return i18n.catalog(lang)


def _non_registry(keys) -> set[str]:
    return {k for k in keys if not k.startswith(REGISTRY_PREFIXES)}


def _placeholders(text: str) -> set[str]:
    out = set()
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None:
            out.add(field)
    return out


# ----------------------------------------------------------------------------- 1. catalogs
def test_catalogs_load_and_are_strings():
    for lang in i18n.LANGS:
        cat = _cat(lang)
        assert cat, f"no catalog for {lang}"
        bad = {k: type(v).__name__ for k, v in cat.items() if not isinstance(v, str)}
        assert not bad, f"{lang}: values that are not strings: {bad}"


def test_same_keys_in_both_languages():
    en, es = set(_cat("en")), set(_cat("es"))
    only_en = sorted(_non_registry(en) - es)
    only_es = sorted(_non_registry(es) - en)
    assert not only_en, f"keys missing in Spanish: {only_en}"
    assert not only_es, f"keys missing in English: {only_es}"


def test_spanish_covers_every_registry_entry():
    es = _cat("es")
    missing = [f"param.{p.name}.{a}" for p in model.REGISTRY
               for a in ("label", "unit", "description", "source")
               if f"param.{p.name}.{a}" not in es]
    missing += [f"outcome.{o.name}.{a}" for o in model.OUTCOMES
                for a in ("label", "unit", "description") if f"outcome.{o.name}.{a}" not in es]
    assert not missing, f"Spanish registry texts missing: {missing}"


SNAPSHOT = ROOT / "tests" / "fixtures" / "i18n_registry_en.json"


def registry_english() -> dict[str, str]:
    """Every English registry text the Spanish catalog translates (param.*, outcome.*)."""
    out = {}
    for p in model.REGISTRY:
        for a in ("label", "unit", "description", "source"):
            out[f"param.{p.name}.{a}"] = getattr(p, a)
    for o in model.OUTCOMES:
        for a in ("label", "unit", "description"):
            out[f"outcome.{o.name}.{a}"] = getattr(o, a)
    return out


def test_spanish_registry_texts_not_stale():
    """The English registry texts as they were when the Spanish was last checked against them.

    When this fails, an English label/unit/description/source changed in model/: update the
    Spanish in ui/locales/es/params.toml, then record the new English with
    ``python tests/test_i18n.py --snapshot``."""
    import json

    old = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    new = registry_english()
    changed = sorted(k for k in new if k in old and old[k] != new[k])
    added = sorted(set(new) - set(old))
    assert not changed and not added, (
        "English registry texts changed since the Spanish was checked; update "
        f"ui/locales/es/params.toml, then run `python tests/test_i18n.py --snapshot`. "
        f"Changed: {changed}; new: {added}")


def test_no_stale_registry_keys():
    """A renamed parameter or outcome must not leave an orphaned translation behind."""
    params = {p.name for p in model.REGISTRY}
    outcomes = {o.name for o in model.OUTCOMES}
    for lang in i18n.LANGS:
        stale = [k for k in _cat(lang) if k.startswith("param.") and k.split(".")[1] not in params]
        stale += [k for k in _cat(lang) if k.startswith("outcome.") and k.split(".")[1] not in outcomes]
        assert not stale, f"{lang}: translations for unknown parameters/outcomes: {stale}"


def test_groups_kinds_grades_choices_in_both_languages():
    for lang in i18n.LANGS:
        cat = _cat(lang)
        want = [f"group.{g}" for g in model.params.GROUPS]
        want += [f"kind.{k}" for k in model.params.KINDS]
        want += [f"grade.{g}" for g in model.params.GRADES]
        want += [f"choice.{p.name}.{c}" for p in model.REGISTRY if p.is_choice for c in p.choices]
        want += ["choice.flag.on", "choice.flag.off"]
        missing = [k for k in want if k not in cat]
        assert not missing, f"{lang}: {missing}"


def test_every_preset_has_a_name_in_both_languages():
    from scenarios import files as scenario

    stems = list(scenario.PROGRAM_PRESETS) + list(scenario.JURISDICTION_PRESETS)
    for lang in i18n.LANGS:
        missing = [s for s in stems if f"preset.{s}.name" not in _cat(lang)]
        assert not missing, f"{lang}: presets without a translated name: {missing}"


def test_no_empty_strings():
    for lang in i18n.LANGS:
        empty = [k for k, v in _cat(lang).items() if isinstance(v, str) and not v.strip()]
        assert not empty, f"{lang}: empty strings: {empty}"


def test_placeholders_match():
    en, es = _cat("en"), _cat("es")
    bad = []
    for key in sorted(set(en) & set(es)):
        if _placeholders(en[key]) != _placeholders(es[key]):
            bad.append((key, sorted(_placeholders(en[key])), sorted(_placeholders(es[key]))))
    for key in es:
        if key.startswith(REGISTRY_PREFIXES) and key not in en:
            eng = i18n._registry_text(key)
            if eng is not None and _placeholders(eng) != _placeholders(es[key]):
                bad.append((key, sorted(_placeholders(eng)), sorted(_placeholders(es[key]))))
    assert not bad, f"placeholders differ (key, en, es): {bad}"


def test_every_string_formats():
    """A stray brace would raise at runtime; format every string with dummy arguments."""
    bad = []
    for lang in i18n.LANGS:
        for key, text in _cat(lang).items():
            try:
                text.format(**{name: 1 for name in _placeholders(text)})
            except (ValueError, IndexError, KeyError) as err:
                bad.append((lang, key, str(err)))
    assert not bad, bad


def test_spanish_follows_terminology():
    """Terms TERMS.md rules out (see its reasons) do not appear in Spanish strings."""
    banned = {
        r"\borden(es)? de retenci[oó]n\b": "detainer -> solicitud de retención",
        r"\bilegal(es)?\b(?! de)": "people are not 'ilegales' (use indocumentado)",
        r"\bextranjeros? ilegal": "no 'extranjero ilegal'",
        r"\bdetenci[oó]n(es)? de tr[aá]fico\b": "traffic stop -> parada de tránsito",
        r"\bparadas? de tr[aá]fico\b": "traffic -> tránsito",
    }
    hits = []
    for key, text in _cat("es").items():
        for pattern, why in banned.items():
            if re.search(pattern, text, flags=re.IGNORECASE):
                # "Es ilegal" (racial profiling is unlawful) is a statement about an act, not people.
                if why.startswith("people") and re.search(r"\bes ilegal\b", text, re.IGNORECASE):
                    continue
                hits.append((key, why))
        if any(q in text for q in ('"', "“", "”")):
            hits.append((key, "Spanish quotes are «…» (TERMS.md)"))
    assert not hits, hits


# ----------------------------------------------------------------------------- 2. literals in UI code
# Streamlit calls (as methods of st, st.sidebar, columns, containers, tabs...) whose positional
# text and label-like keywords are shown to users.
ST_CALLS = {
    "title", "header", "subheader", "markdown", "write", "caption", "text", "code_label",
    "metric", "button", "download_button", "link_button", "page_link", "form_submit_button",
    "radio", "selectbox", "multiselect", "slider", "select_slider", "number_input", "text_input",
    "text_area", "checkbox", "toggle", "file_uploader", "date_input", "color_picker", "pills",
    "segmented_control", "expander", "popover", "tabs", "info", "warning", "error", "success",
    "toast", "spinner", "status", "set_page_config", "Page", "form", "dialog", "chat_input",
    "progress", "TextColumn", "NumberColumn", "Column", "ProgressColumn", "LinkColumn",
    "CheckboxColumn", "SelectboxColumn", "BarChartColumn", "LineChartColumn",
}
ST_KWARGS = {"label", "help", "caption", "placeholder", "title", "page_title", "body",
             "text", "value_label", "empty_label"}
# Plotly: calls and keywords that end up as visible chart text.
PLOTLY_KWARGS = {"title", "title_text", "xaxis_title", "yaxis_title", "legend_title",
                 "legend_title_text", "annotation_text", "hovertemplate", "texttemplate",
                 "name", "text", "tickprefix", "ticksuffix"}
PLOTLY_CALLS = {"update_layout", "update_xaxes", "update_yaxes", "update_traces", "add_annotation",
                "add_hline", "add_vline", "add_hrect", "add_vrect", "add_trace", "Figure",
                "Layout", "Scatter", "Bar", "Heatmap", "Box", "Violin", "Pie", "Indicator",
                "Histogram", "Table", "Waterfall", "Funnel", "line", "bar", "scatter", "area"}
OPTION_CALLS = {"radio", "selectbox", "multiselect", "select_slider", "pills", "segmented_control"}
# Literal parts that are not words: placeholders, HTML/plotly tags, %{...} hover fields.
_NOT_WORDS = re.compile(r"%\{[^}]*\}|\{[^}]*\}|<[^>]*>|&[a-z]+;|:material/[a-z_]+:")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")

# (file relative to the repo, the literal) -> why it may stay. Keep it small; every entry must
# still match something (test_allowlist_is_not_stale). Empty today: every flagged literal so far
# was moved to a catalog. Example of a legitimate entry:
#   ("ui/report.py", "<style>body{...}</style>"): "CSS, not text"
ALLOWED: dict[tuple[str, str], str] = {}


def _words(text: str) -> bool:
    return bool(_WORD.search(_NOT_WORDS.sub(" ", text)))


def _literal_text(node: ast.AST) -> str | None:
    """The visible literal text of an argument: a str constant, or an f-string's literal parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        parts = [_literal_text(node.left), _literal_text(node.right)]
        parts = [p for p in parts if p]
        return " ".join(parts) if parts else None
    return None


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return None


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _aliases(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to streamlit and to plotly modules in one file."""
    st_names, plotly_names = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "streamlit" or a.name.startswith("streamlit."):
                    st_names.add(a.asname or a.name.split(".")[0])
                if a.name.startswith("plotly"):
                    plotly_names.add(a.asname or a.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("plotly"):
                plotly_names.update(a.asname or a.name for a in node.names)
            if node.module.startswith("streamlit"):
                st_names.update(a.asname or a.name for a in node.names)
    return st_names, plotly_names


def ui_files() -> list[Path]:
    files = [ROOT / "app.py"] + sorted((ROOT / "ui").rglob("*.py"))
    return [f for f in files if f.is_file() and "__pycache__" not in f.parts]


def scan(path: Path) -> list[tuple[int, str, str]]:
    """(line, call, literal) for every user-facing literal in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    st_names, plotly_names = _aliases(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        root = _root_name(node.func)
        is_st = name in ST_CALLS and (root in st_names or isinstance(node.func, ast.Attribute))
        is_plotly = name in PLOTLY_CALLS and (root in plotly_names or isinstance(node.func, ast.Attribute))
        is_dict_title = name == "dict"  # layout dicts: dict(title=..., text=...)
        # Table headers: DataFrame({"Header": ...}) / DataFrame(..., columns=["Header"]) / rename.
        if name in ("DataFrame", "rename"):
            heads: list[ast.AST] = []
            data = list(node.args[:1]) + [kw.value for kw in node.keywords if kw.arg == "data"]
            cols = [kw.value for kw in node.keywords if kw.arg == "columns"]
            for a in data:
                if isinstance(a, ast.Dict) and name == "DataFrame":
                    heads += [k for k in a.keys if k is not None]
            for a in cols:
                if isinstance(a, ast.Dict):  # rename(columns={"id": "Header"})
                    heads += list(a.values)
                elif isinstance(a, (ast.List, ast.Tuple)):
                    heads += list(a.elts)
            for h in heads:
                text = _literal_text(h)
                if text and _words(text):
                    found.append((node.lineno, f"{name} header", text))
        if not (is_st or is_plotly or is_dict_title):
            continue
        args: list[ast.AST] = list(node.args) if is_st else []
        kwnames = (ST_KWARGS if is_st else set()) | (PLOTLY_KWARGS if is_plotly else set())
        if is_dict_title:
            kwnames |= {"title", "title_text", "text", "name"}
        args += [kw.value for kw in node.keywords if kw.arg in kwnames]
        for arg in args:
            text = _literal_text(arg)
            if text and _words(text):
                found.append((node.lineno, name or "?", text))
        # Choice widgets show their options as written unless a format_func translates them.
        if is_st and name in OPTION_CALLS and not any(kw.arg == "format_func" for kw in node.keywords):
            opts = node.args[1:2] + [kw.value for kw in node.keywords if kw.arg == "options"]
            for opt in opts:
                if isinstance(opt, (ast.List, ast.Tuple, ast.Set)):
                    for elt in opt.elts:
                        text = _literal_text(elt)
                        if text and _words(text):
                            found.append((node.lineno, f"{name} option", text))
    return found


def test_no_user_facing_literals_in_ui_code():
    problems = []
    for path in ui_files():
        rel = path.relative_to(ROOT).as_posix()
        for line, call, text in scan(path):
            if (rel, text) in ALLOWED:
                continue
            problems.append(f"{rel}:{line} {call}({text!r})")
    assert not problems, "user-facing text outside the catalog:\n" + "\n".join(problems)


def test_allowlist_is_not_stale():
    seen = {(p.relative_to(ROOT).as_posix(), text) for p in ui_files() for _, _, text in scan(p)}
    stale = [k for k in ALLOWED if k not in seen]
    assert not stale, f"allowlist entries that no longer match anything: {stale}"


def test_scanner_catches_literals(tmp_path):
    """The scanner itself: it must flag what it is meant to flag, and only that."""
    src = tmp_path / "page.py"
    src.write_text(
        "import streamlit as st\nimport plotly.graph_objects as go\n"
        "st.title('Hello world')\n"                       # flagged
        "st.button(tr('x.y'), key='ws_go')\n"              # fine: key and tr
        "c1, c2 = st.columns(2)\nc1.metric('Cost', 3)\n"   # flagged (method on a column)
        "st.markdown(f'**{name}**')\n"                     # fine: no words
        "st.slider(label=f'Years {n}', min_value=1)\n"     # flagged (f-string with words)
        "fig = go.Figure()\nfig.update_layout(title='Trust over time')\n"  # flagged
        "go.Scatter(x=[1], y=[2], hovertemplate='%{y:.1f}<extra></extra>')\n"  # fine
        "st.caption(tr('a.b', n=2))\n"                     # fine
        "st.radio(tr('k'), ['Yes', 'No'])\n"               # flagged twice (options as written)
        "st.radio(tr('k'), ('up', 'down'), format_func=lambda d: tr(d))\n"  # fine: translated
        "pd.DataFrame({'Outcome': [1], tr('x'): [2]})\n",  # flagged: a table header
        encoding="utf-8")
    texts = sorted(t for _, _, t in scan(src))
    assert texts == sorted(["Hello world", "Cost", "Years ", "Trust over time", "Yes", "No", "Outcome"]), texts


# ----------------------------------------------------------------------------- 3. AppTest, every page
def _pages() -> list[str]:
    from ui import pages

    return [name for name, _ in pages.PAGES if pages.load(name) is not None]


def _walk(node):
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from _walk(child)


def _all_text(at) -> str:
    from google.protobuf import text_format

    parts = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
    for info in at._registered_pages.values():  # menu titles
        parts.append(str(info.get("page_name", "")))
    return "\n".join(parts)


def _open(page: str, lang: str):
    """Run app.py on ``page`` in ``lang`` (as a visitor opening ``/<page>?lang=<lang>``)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # Function pages registered by st.navigation are addressed by their url_path; the landing
    # page has url_path "". AppTest.switch_page() only takes file paths, so set the hash the
    # real router would use (Streamlit-private, but stable across 1.4x-1.6x).
    from ui import pages

    want = "" if page == pages.DEFAULT_PAGE else page
    hashes = [h for h, info in at._registered_pages.items() if info.get("url_pathname") == want]
    assert hashes, f"app.py does not route to page {page!r}: {list(at._registered_pages.values())}"
    if at._page_hash != hashes[0]:
        at._page_hash = hashes[0]
        at.run()
    return at


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", _pages())
def test_page_renders_without_missing_keys(page, lang):
    at = _open(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    text = _all_text(at)
    assert text.strip(), f"{page} rendered nothing"
    missing = sorted(set(re.findall(r"⟦[^⟧]*⟧", text)))
    if "u27e6" in text.lower():  # the marker JSON-escaped inside a chart spec
        missing.append("(escaped marker in a chart)")
    assert not missing, f"{page} ({lang}): missing catalog keys {missing}"


def test_spanish_page_is_in_spanish():
    """?lang=es really switches: the workshop page shows its Spanish title."""
    if "workshop" not in _pages():
        pytest.skip("workshop page not routed")
    at = _open("workshop", "es")
    assert any(t.value == i18n.t("workshop.title", "es") for t in at.title)


def test_glossary_search_in_spanish_ignores_accents():
    if "glossary" not in _pages():
        pytest.skip("glossary page not routed")
    at = _open("glossary", "es")
    at.text_input(key="glossary_search").input("retencion").run()
    shown = " ".join(m.value for m in at.markdown)
    assert "Solicitud de retención" in shown
    assert "Visa U" not in shown
    at.text_input(key="glossary_search").input("clearance rate").run()  # the English term
    assert "Tasa de esclarecimiento" in " ".join(m.value for m in at.markdown)


def test_workshop_round_reveals_answer():
    if "workshop" not in _pages():
        pytest.skip("workshop page not routed")
    at = _open("workshop", "es")
    at.radio(key="ws_guess").set_value("lower").run()
    at.button(key="ws_reveal").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.metric) >= 2
    assert MARK not in _all_text(at)
    # Every exercise loads a setup that reveals without an error.
    from ui.pages import workshop

    for ex_id in workshop.EXERCISES:
        at.button(key=f"ws_load_{ex_id}").click().run()
        at.button(key="ws_reveal").click().run()
        assert not at.exception, (ex_id, [e.value for e in at.exception])
        assert len(at.metric) >= 2, ex_id
        assert MARK not in _all_text(at), ex_id


def test_workshop_data_names_exist():
    from ui.pages import workshop

    outcomes = {o.name for o in model.OUTCOMES}
    for rid, (adjust, watch) in workshop.ROLES.items():
        assert set(adjust) <= set(model.BY_NAME), rid
        assert set(watch) <= outcomes, rid
    for ex_id, ex in workshop.EXERCISES.items():
        assert ex["outcome"] in outcomes, ex_id
        if ex["mode"] == "change":
            model.coerce(ex["param"], ex["value"])


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_printable_handouts_complete(lang):
    """The workshop and glossary handouts: every text found, declared language, nothing unescaped."""
    from ui import handout
    from ui.pages import glossary, workshop

    tr = i18n.Translator(lang)
    pages_html = [handout.workshop_html(tr, workshop.ROLES, workshop.EXERCISES, workshop.page_names(tr)),
                  handout.glossary_html(tr, glossary.entries(tr))]
    for page in pages_html:
        assert MARK not in page
        assert f'<html lang="{lang}">' in page
        assert "<script" not in page
    assert i18n.t("workshop.roles.sheriff.question", lang).split()[0] in pages_html[0]


def test_language_switch_mid_session():
    """Switching the language with the sidebar control (session state) re-renders in Spanish,
    on the page the visitor is on, with no missing key, and back again."""
    if "glossary" not in _pages():
        pytest.skip("glossary page not routed")
    at = _open("glossary", "en")
    assert at.title[0].value == i18n.t("glossary.ui.title", "en")
    at.segmented_control(key="lang").set_value("es").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == i18n.t("glossary.ui.title", "es")
    assert MARK not in _all_text(at)
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == i18n.t("glossary.ui.title", "en")


if __name__ == "__main__":  # python tests/test_i18n.py --snapshot
    import json

    if "--snapshot" in sys.argv:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(registry_english(), indent=1, ensure_ascii=False, sort_keys=True)
                            + "\n", encoding="utf-8")
        print(f"wrote {SNAPSHOT}")
