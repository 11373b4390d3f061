"""The data package (DATA_PACKAGE.md): read CSV/XLSX, validate, import in one transaction, export.

``from saniveld.package import import_package, export_package, PackageInvalid`` (loaded lazily).
"""

from __future__ import annotations

_EXPORTS = {
    "import_package": "saniveld.package.importer",
    "ImportResult": "saniveld.package.importer",
    "export_package": "saniveld.package.exporter",
    "PackageInvalid": "saniveld.package.errors",
    "PackageError": "saniveld.package.errors",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(name)
