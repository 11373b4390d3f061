"""uploads.py: unpacking an uploaded package safely, and the import/export hand-over."""

from __future__ import annotations

import io
import sys
import types
import zipfile

import pytest

from saniveld import uploads


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_with_csv_files_at_its_root(tmp_path):
    path = uploads.unpack("pakket.zip", _zip({"clusters.csv": b"cluster_code,name\n"}), tmp_path)
    assert path == tmp_path and (path / "clusters.csv").read_bytes() == b"cluster_code,name\n"


def test_a_zip_of_one_folder_imports_that_folder(tmp_path):
    data = _zip({"demo/clusters.csv": b"x\n", "__MACOSX/demo/._clusters.csv": b"junk"})
    path = uploads.unpack("demo.ZIP", data, tmp_path)
    assert path == tmp_path / "demo"
    assert not (tmp_path / "__MACOSX").exists()


def test_an_xlsx_is_passed_on_as_a_file(tmp_path):
    path = uploads.unpack("pakket.xlsx", b"PK-bytes", tmp_path)
    assert path.name == "package.xlsx" and path.read_bytes() == b"PK-bytes"


@pytest.mark.parametrize(("name", "content", "key"), [
    ("pakket.csv", b"a,b\n", "data.wrong_type"),
    ("pakket.zip", b"not a zip", "data.bad_zip"),
    ("pakket.zip", _zip({"../evil.csv": b"x"}), "data.bad_zip"),
    ("pakket.zip", _zip({"/etc/evil.csv": b"x"}), "data.bad_zip"),
])
def test_refused_uploads(tmp_path, name, content, key):
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.unpack(name, content, tmp_path)
    assert refused.value.key == key
    assert not (tmp_path.parent / "evil.csv").exists()


def test_import_reports_every_error(monkeypatch):
    class PackageInvalid(ValueError):
        def __init__(self, errors):
            self.errors = errors

    seen = {}

    def import_package(engine, path, *, posted_by, lang):
        seen.update(path=path, posted_by=posted_by, lang=lang)
        raise PackageInvalid(["clusters.csv:3: name: verplichte waarde ontbreekt",
                              "combos.csv:2: residents: '-1' is geen geheel getal van 0 of meer"])

    monkeypatch.setitem(sys.modules, "saniveld.package.importer",
                        types.SimpleNamespace(import_package=import_package))
    monkeypatch.setitem(sys.modules, "saniveld.package.errors",
                        types.SimpleNamespace(PackageInvalid=PackageInvalid))
    outcome = uploads.import_upload(None, "p.zip", _zip({"clusters.csv": b"x"}),
                                    posted_by="chris", lang="nl")
    assert outcome.ok is False
    assert outcome.errors == ["clusters.csv:3: name: verplichte waarde ontbreekt",
                              "combos.csv:2: residents: '-1' is geen geheel getal van 0 of meer"]
    assert seen["posted_by"] == "chris" and seen["path"].name.startswith("saniveld-upload-")


def test_export_zips_the_exported_folder(monkeypatch):
    def export_package(engine, out_dir):
        (__import__("pathlib").Path(out_dir) / "clusters.csv").write_text("cluster_code,name\n")

    monkeypatch.setitem(sys.modules, "saniveld.package.exporter",
                        types.SimpleNamespace(export_package=export_package))
    with zipfile.ZipFile(io.BytesIO(uploads.export_zip(None))) as archive:
        assert archive.namelist() == ["clusters.csv"]
        assert archive.read("clusters.csv") == b"cluster_code,name\n"


def test_missing_importer_is_reported_as_not_available(monkeypatch):
    monkeypatch.setitem(sys.modules, "saniveld.package.importer", None)
    assert uploads.importer_available() is False
    with pytest.raises(uploads.NotAvailable):
        uploads.import_upload(None, "p.zip", _zip({"clusters.csv": b"x"}), posted_by="x")
