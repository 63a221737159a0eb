"""The README a newcomer reads (issue 15): what it is, the two commands with the Python version,
hosting for a room with the library setting, citing, licence; the benchmarks live elsewhere."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_and_the_python_version():
    assert "python3.11 -m pip install -r requirements.txt && python3.11 -m streamlit run app.py" in README
    assert "bash tests/run.sh" in README
    assert "Python 3.11" in README


def test_hosting_names_the_lan_command_and_the_library_setting():
    from ui import library

    assert "STREAMLIT_SERVER_ADDRESS=0.0.0.0 STREAMLIT_SERVER_ALLOWED_HOSTS=" in README
    assert "docs/DEPLOY.md" in README
    assert f"{library.SHARED_ENV}=1" in README
    assert "private" in README.lower()


def test_citing_licence_and_moved_benchmarks():
    assert "## Citing it" in README and "## Licence" in README
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert "docs/PERFORMANCE.md" in README and (ROOT / "docs" / "PERFORMANCE.md").exists()
    assert "floor-shell" not in README  # the benchmark narrative moved out
    assert "floor-shell" in (ROOT / "docs" / "PERFORMANCE.md").read_text()
    assert len(README.splitlines()) < 200


def test_readme_pictures_exist():
    import re

    for path in re.findall(r"docs/screenshots/[\w-]+\.png", README):
        assert (ROOT / path).exists(), path
