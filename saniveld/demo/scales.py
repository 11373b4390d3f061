"""The demo scales: S is Saniveld itself, M a city, L the whole country."""

from __future__ import annotations

from dataclasses import dataclass


class DemoError(Exception):
    """The demo package cannot be written as asked (unknown scale, unusable folder, …)."""


@dataclass(frozen=True)
class Scale:
    """How big a demo package is. Everything else is derived from the number of inhabitants."""

    code: str
    municipality: str
    inhabitants: int
    inhabitants_per_cluster: int = 6000  # Saniveld: three clusters for 18,000 inhabitants
    inhabitants_per_gp: int = 1800  # Saniveld: ten GPs for 18,000 inhabitants
    clusters_per_region: int = 3  # a region is a Saniveld-sized area with its own partners

    @property
    def clusters(self) -> int:
        return max(1, round(self.inhabitants / self.inhabitants_per_cluster))

    @property
    def gps(self) -> int:
        return max(1, round(self.inhabitants / self.inhabitants_per_gp))

    @property
    def regions(self) -> int:
        return max(1, -(-self.clusters // self.clusters_per_region))

    @property
    def saniveld(self) -> bool:
        """S is the real Saniveld: named clusters NOORD, CENTRUM, ZUID and plain partner codes."""
        return self.clusters == 3 and self.regions == 1


SCALES: dict[str, Scale] = {
    "S": Scale("S", "Saniveld", 18_000),
    "M": Scale("M", "Grootveld", 370_000),
    "L": Scale("L", "Nederland", 17_900_000),
}


def resolve(scale: str | Scale) -> Scale:
    if isinstance(scale, Scale):
        return scale
    key = str(scale).strip().upper()
    if key not in SCALES:
        raise DemoError(f"unknown scale '{scale}': choose one of {', '.join(SCALES)}")
    return SCALES[key]
