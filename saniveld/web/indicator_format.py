"""Indicator values and differences in their unit, as the review page shows them: the same
functions the reports use (``saniveld.formatting``), so screen and paper write numbers alike:
``12,8 %``, ``€ 2.345``, ``0,87``, ``306``; differences with their sign, percentages in
percentage points (``+3,2 %-punt`` / ``+3.2 pp``).
"""

from __future__ import annotations

from saniveld.formatting import UNIT_DECIMALS, indicator_change, indicator_value

__all__ = ["UNIT_DECIMALS", "indicator_change", "indicator_value"]
