"""The source registry covers every staged file, and every citation key resolves."""

import pytest

from latticework.errors import UsageError
from latticework.sources.registry import citations_bibtex, load_registry


def test_every_source_has_metadata_and_citations():
    reg = load_registry()
    assert len(reg) >= 15
    for s in reg:
        assert s.name and s.producer and s.version and s.homepage and s.licence and s.coverage
        assert s.years[0] <= s.years[1]
        assert s.files and all(len(f.sha256) == 64 for f in s.files)
        assert all(f.url or f.note for f in s.files), f"{s.name}: a file with no address must say why"
    bib = citations_bibtex()
    for s in reg:
        for key in s.citation:
            assert "{" + key + "," in bib


def test_registry_lists_every_staged_file(mirror):
    reg = load_registry()
    registered = {f.path for s in reg for f in s.files}
    staged = {str(p.relative_to(mirror)) for p in mirror.rglob("*")
              if p.is_file() and p.name not in ("README.md", "PROVENANCE.md")}
    assert staged == registered


def test_unknown_source_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown source 'nope'"):
        load_registry()["nope"]


def test_cite_selected_sources_only():
    bib = citations_bibtex(["sipri_milex"])
    assert "sipri2025milex" in bib and "leeds2002atop" not in bib


def test_every_source_names_its_publishers_home():
    """The file urls may be copies in researchers' repositories; ``data_home`` is the publisher's
    own address, and a home that is only a packager's repository says so in ``data_home_note``."""
    for s in load_registry():
        assert s.data_home.startswith(("http://", "https://")), s.name
        assert "raw.githubusercontent.com" not in s.data_home, s.name
        if "github.com" in s.data_home and s.name not in ("gml_mid", "terrthreat", "isard_system"):
            # peacesciencer/isard builds: the producer is the packager only for Miller's own data
            assert s.data_home_note, f"{s.name}: a repository as the data's home needs a note"
    assert load_registry()["wdi"].data_home.startswith("https://data.worldbank.org")
    assert load_registry()["unga"].data_home.startswith("https://dataverse.harvard.edu")


def test_cite_names_the_ledger_records_a_result_used():
    """A result whose sources include the ledger gets one ledger entry naming its records; the
    registry sources are cited as before and "ledger" is never looked up in the registry."""
    import pandas as pd

    import latticework as lw

    res = pd.DataFrame({"x": [1]})
    res.attrs.update(sources=["atop_ddy", "ledger"], ledger_records=["rec-a", "rec-b"])
    text = lw.cite(res, bibtex=False).splitlines()
    assert len(text) == 2 and text[0].startswith("ATOP project")
    assert text[1] == ("latticework ledger of sourced security events: 2 records: rec-a, rec-b; each record "
                       "cites its own sources (latticework ledger list)")
    bib = lw.cite(res)
    assert bib.count("@misc{latticework_ledger,") == 1 and "rec-a, rec-b" in bib
    res.attrs["sources"] = ["atop_ddy"]
    assert "latticework_ledger" not in lw.cite(res)


def test_store_version_labels_come_from_the_build(real_db):
    """Labels read the edition the store was built from (was "SIPRI 2025", "ATOP 5.1" in strings)."""
    from latticework.sources.registry import load_registry

    reg = load_registry()
    assert real_db.version("atop_ddy") == str(reg["atop_ddy"].version)
    assert real_db.version("sipri_milex") == str(reg["sipri_milex"].version)
    with pytest.raises(UsageError, match="unknown source 'nope'"):
        real_db.version("nope")
