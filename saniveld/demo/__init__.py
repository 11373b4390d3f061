"""Deterministic demo data packages: S is Saniveld, M a city, L the whole country.

``generate(out, scale, seed)`` writes the eight files of a data package (DATA_PACKAGE.md)
through :mod:`saniveld.package.spec`, so the same seed always gives the same bytes. Large
scales are written cluster by cluster (and quarter by quarter) in bounded memory.
"""

from __future__ import annotations


from saniveld.demo.generate import generate, package_files
from saniveld.demo.scales import SCALES, DemoError, Scale

__all__ = ["generate", "package_files", "SCALES", "Scale", "DemoError"]
