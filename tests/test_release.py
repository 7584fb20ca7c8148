"""A release a class can pin: one version (pyproject.toml, read back as dlfaq.__version__), a
changelog entry for it, and the licences of the code and of the text."""

import tomllib

from notebook_checks import ROOT

import dlfaq

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_package_reports_the_version_of_pyproject():
    assert dlfaq.__version__ == VERSION, "reinstall: make env (the metadata is read at install)"


def test_the_changelog_has_an_entry_for_the_version():
    assert f"\n## {VERSION} " in (ROOT / "CHANGELOG.md").read_text()


def test_the_code_and_the_text_each_have_a_licence():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-text").read_text()
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "MIT"
