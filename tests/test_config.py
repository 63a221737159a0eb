"""``.streamlit/config.toml``: the settings the app issue requires, as Streamlit reads them
(Streamlit only warns about an unknown option in the file, so the values are also read back
through Streamlit's own config: a misspelt name fails there)."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".streamlit" / "config.toml"

REQUIRED = {
    "server.maxUploadSize": 1,            # about 1 MB (unit: MB)
    "server.enableXsrfProtection": True,
    "client.showErrorDetails": "none",    # visitors never see a traceback
    "browser.gatherUsageStats": False,
    "runner.postScriptGC": False,         # see the comment in the file
    "server.address": "127.0.0.1",        # loopback unless a deployment says otherwise (docs/DEPLOY.md)
    "server.allowedHosts": ["localhost", "127.0.0.1"],  # DNS rebinding
    "server.enableCORS": True,
    "server.corsAllowedOrigins": [],
}


def test_the_file_sets_every_required_option():
    data = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    for dotted, want in REQUIRED.items():
        section, name = dotted.split(".")
        assert data.get(section, {}).get(name) == want, dotted


def test_streamlit_reads_them_as_set(monkeypatch):
    from streamlit import config

    # Streamlit reads ./.streamlit/config.toml from the working directory
    monkeypatch.chdir(ROOT)
    for key in [k for k in os.environ if k.startswith("STREAMLIT_")]:
        monkeypatch.delenv(key)
    try:
        config.get_config_options(force_reparse=True)
        for dotted, want in REQUIRED.items():
            assert config.get_option(dotted) == want, dotted
            assert config.get_where_defined(dotted) == str(CONFIG), dotted
    finally:
        config.get_config_options(force_reparse=True)
