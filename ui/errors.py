"""Problems with a file or a link, in plain words for the person reading them.

The model and the scenario format report a problem as (field, value, what is allowed), with the
field's internal name (``parameters.trust_erosion``) and, outside the parameters, in English.
``explain`` turns that into one sentence in the reader's language that names the field by its
label ("Trust erosion rate") and says what is allowed, plus the technical line, which ``show``
keeps folded away in an expander. A binary file is "not a scenario file", never ``b'_\\x17A…'``.
"""
from __future__ import annotations

import re
from typing import Any

import streamlit as st

from model import params as P
from ui.i18n import Translator

# Fields outside the parameters that the scenario format or a link can name.
FIELDS = ("name", "description", "schema_version", "model_version", "tags", "author", "s", "v",
          "file", "id", "library", "scenario")

LOCAL_ALLOWED = ("s", "v")
NOTICE_LIMIT = 4000  # characters: the longest change list the CHANGELOG can give is far shorter


def _label(tr: Translator, field: str) -> str:
    name = field.rsplit(".", 1)[-1]
    if name in P.BY_NAME:
        return tr(f"param.{name}.label")
    head = field.split(".", 1)[0].split("[", 1)[0]
    return tr(f"errors.field.{head}") if head in FIELDS else field


def _value(tr: Translator, field: str, value: Any) -> str:
    from ui import widgets

    p = P.BY_NAME.get(field.rsplit(".", 1)[-1])
    text = str(value)
    if p is not None and p.is_choice:
        raw = text.strip("'\"")
        return widgets.choice_label(tr, p.name, raw) if raw in (p.choices or ()) else text
    return text


def explain(tr: Translator, field: Any, value: Any, allowed: Any,
            key: str = "errors.generic") -> tuple[str, str]:
    """(the plain sentence, the technical detail). ``key`` is the catalog sentence with
    ``{field}``, ``{value}`` and ``{allowed}`` used when no more specific one fits."""
    from ui import widgets

    field, value_s, allowed_s = str(field), str(value), str(allowed)
    detail = tr("errors.detail", field=field, value=value_s, allowed=allowed_s)
    name = field.rsplit(".", 1)[-1]
    if field == "file" and ("UTF-8" in allowed_s or value_s.startswith(("b'", 'b"'))):
        return tr("errors.not_text"), detail
    if field == "syntax":
        m = re.search(r"line (\d+)", value_s)
        return tr("errors.syntax", line=m.group(1) if m else "?"), detail
    if field.startswith("parameters.") and name not in P.BY_NAME:
        return tr("errors.unknown_parameter", name=name), detail
    if field == "schema_version":
        sub = "newer" if "newer" in allowed_s else "version"
        return tr(f"errors.{sub}", value="–" if value_s in ("None", "") else value_s), detail
    if field in LOCAL_ALLOWED:  # the link's own fields: what is allowed, in the reader's words
        allowed_s = tr(f"errors.allowed.{field}")
    if name in P.BY_NAME:
        try:
            allowed_s = widgets.allowed_text(tr, P.BY_NAME[name])
        except (TypeError, KeyError):  # an on/off setting has no list of choices
            allowed_s = str(widgets.localize_allowed(tr, field, allowed))
    return tr(key, field=_label(tr, field), value=_value(tr, field, value_s),
              allowed=allowed_s), detail


def show(tr: Translator, message: str, detail: str, *, kind: str = "error",
         icon: str = ":material/error:") -> None:
    """The sentence in an alert, the technical line folded away under it (both made inert
    for Markdown: they quote the user's file)."""
    from ui.state import md_escape

    getattr(st, kind)(md_escape(message, 400), icon=icon)
    with st.expander(tr("errors.details")):
        st.caption(md_escape(detail, 400))


def show_notices(tr: Translator) -> None:
    """Messages queued by the state for the top of the page (e.g. a share link that could not
    be opened): a problem in plain words with its detail folded, anything else as it is."""
    from ui import state

    for kind, key, kwargs in state.notices():
        if "field" in kwargs and "allowed" in kwargs:  # a link's problem, in plain words
            show(tr, *explain(tr, kwargs["field"], kwargs.get("value", ""), kwargs["allowed"], key),
                 kind="warning", icon=":material/link_off:")
            continue
        if key == "state.bad_link_other":  # an unexpected problem: the detail folded away
            show(tr, tr(key), str(kwargs.get("text", "")), kind="warning",
                 icon=":material/link_off:")
            continue
        # a notice's own text (e.g. an old link's list of changes) is given whole, never cut
        safe = {k: state.md_escape(v, NOTICE_LIMIT if k == "text" else 120)
                for k, v in kwargs.items()}
        text = tr(key, **safe)
        if kind == "warning":
            st.warning(text, icon=":material/link_off:")
        else:
            st.info(text, icon=":material/info:")
