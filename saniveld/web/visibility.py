"""What a viewer may see exactly: small counts outside their own cluster are suppressed.

DOMAIN.md, Privacy: small counts shown to people outside the cluster are suppressed, as Dutch
statistics offices do (``[privacy] small_count_threshold``). Network managers and
administrators see everything; a coordinator sees their own cluster exactly. When
``saniveld.access`` lands with its own suppression rule, these two functions call it.
"""

from __future__ import annotations

from saniveld import settings
from saniveld.web import formatting
from saniveld.web.auth import Principal
from saniveld.web.i18n import t

_FULL_DETAIL_ROLES = ("network_manager", "admin")


def sees_detail(principal: Principal | None, cluster_code: str | None) -> bool:
    """May `principal` see exact small counts of `cluster_code` (None: network-wide)?"""
    if principal is None:
        return False
    if principal.role in _FULL_DETAIL_ROLES:
        return True
    return (principal.role == "coordinator" and cluster_code is not None
            and principal.cluster_code == cluster_code)


def count_text(value: int | None, principal: Principal | None, cluster_code: str | None,
               lang: str) -> str:
    """A count as the viewer may see it: ``< 10`` for 1–9 outside their view, else the number."""
    threshold = settings.small_count_threshold()
    if value is not None and 0 < value < threshold and not sees_detail(principal, cluster_code):
        return t("common.small_count", lang, threshold=threshold)
    return formatting.count(value, lang)


def is_suppressed(value: int | None, principal: Principal | None, cluster_code: str | None) -> bool:
    threshold = settings.small_count_threshold()
    return (value is not None and 0 < value < threshold
            and not sees_detail(principal, cluster_code))
