"""A data package that arrives as one uploaded file: unpack it safely, import it, export one.

The web page hands over the file's name and bytes; this module (no Dash) turns them into what
:func:`saniveld.package.importer.import_package` reads — an ``.xlsx`` file, or the folder of
CSV files inside a ``.zip`` — and back: the export folder as the bytes of a ``.zip``.
"""

from __future__ import annotations

import importlib
import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import sqlalchemy as sa

MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # 1 GiB: the L-scale package fits; a zip bomb does not
MAX_FILES = 100


class UploadRefused(ValueError):
    """The file cannot be a data package (wrong type, damaged or unsafe zip). `key` names the
    message for the user."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class NotAvailable(RuntimeError):
    """This installation has no importer or exporter (yet)."""


@dataclass
class UploadOutcome:
    ok: bool
    summary: str = ""  # the importer's summary table on success
    errors: list[str] = field(default_factory=list)  # ``file:line: column: message`` on failure


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise NotAvailable(name) from exc


def importer_available() -> bool:
    try:
        _module("saniveld.package.importer")
        return True
    except NotAvailable:
        return False


def unpack(filename: str, content: bytes, folder: Path) -> Path:
    """Write the upload into `folder`; returns the path to import (an .xlsx or a CSV folder)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xlsx":
        target = folder / "package.xlsx"
        target.write_bytes(content)
        return target
    if suffix != ".zip":
        raise UploadRefused("data.wrong_type")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_FILES or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise UploadRefused("data.bad_zip")
            for member in members:
                name = PurePosixPath(member.filename)
                if name.is_absolute() or ".." in name.parts or "\\" in member.filename:
                    raise UploadRefused("data.bad_zip")
                if name.name.startswith(".") or "__MACOSX" in name.parts:
                    continue  # macOS and editor leftovers are no part of the package
                target = folder.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
    except zipfile.BadZipFile as exc:
        raise UploadRefused("data.bad_zip") from exc
    return _package_folder(folder)


def _package_folder(folder: Path) -> Path:
    """The folder holding the CSV files: the zip's root, or its one top-level folder."""
    if any(folder.glob("*.csv")):
        return folder
    subfolders = [p for p in folder.iterdir() if p.is_dir()]
    if len(subfolders) == 1 and any(subfolders[0].glob("*.csv")):
        return subfolders[0]
    return folder


def import_upload(engine: sa.Engine, filename: str, content: bytes, *, posted_by: str,
                  lang: str = "nl") -> UploadOutcome:
    """Import an uploaded package in one transaction; every error in the outcome, if any."""
    with tempfile.TemporaryDirectory(prefix="saniveld-upload-") as tmp:
        path = unpack(filename, content, Path(tmp))  # a wrong file is refused in any case
        importer = _module("saniveld.package.importer")
        errors_module = _module("saniveld.package.errors")
        try:
            result = importer.import_package(engine, path, posted_by=posted_by, lang=lang)
        except errors_module.PackageInvalid as exc:
            return UploadOutcome(False, errors=[str(e) for e in exc.errors])
    summary = result.summary(lang) if hasattr(result, "summary") else ""
    return UploadOutcome(True, summary=summary)


def export_zip(engine: sa.Engine) -> bytes:
    """The whole database as a data package, zipped (CSV files at the zip's root)."""
    exporter = _module("saniveld.package.exporter")
    with tempfile.TemporaryDirectory(prefix="saniveld-export-") as tmp:
        exporter.export_package(engine, tmp)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(tmp).rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(tmp).as_posix())
        return buffer.getvalue()
