"""What a viewer may see: combos one by one, and small counts exactly.

- Combos one by one (and a combo's detail) only where ``auth.is_allowed(principal,
  VIEW_CLUSTER_DETAIL, cluster)``; elsewhere a cluster shows counts only ("combos as counts
  per cluster", DESIGN.md). Until ``saniveld.access`` is merged the stub allows everyone.
- Small counts (1 to ``[privacy] small_count_threshold`` - 1) are shown exactly only inside
  their own cluster, i.e. to its coordinator, as Dutch statistics offices do (DOMAIN.md,
  Privacy); everyone else reads ``< 10``. The same rule as ``access.inside_cluster``; when
  merged, :func:`sees_detail` can call it and :func:`count_text` ``saniveld.privacy``.
"""

from __future__ import annotations

from saniveld import settings
from saniveld.web import formatting
from saniveld.web.auth import Principal
from saniveld.web.i18n import t

from saniveld.web import auth

# The action of saniveld.access (merged later); the same string until then.
VIEW_CLUSTER_DETAIL = getattr(auth, "VIEW_CLUSTER_DETAIL", "view_cluster_detail")


def sees_detail(principal: Principal | None, cluster_code: str | None) -> bool:
    """May `principal` see exact small counts of `cluster_code`? Only its own coordinator."""
    return (principal is not None and principal.role == "coordinator"
            and cluster_code is not None and principal.cluster_code == cluster_code)


def sees_combos(principal: Principal | None, cluster_code: str | None) -> bool:
    """May `principal` see the combos of `cluster_code` one by one?"""
    return bool(cluster_code) and auth.is_allowed(principal, VIEW_CLUSTER_DETAIL, cluster_code)


def combo_detail_clusters(principal: Principal | None, cluster_codes) -> set[str] | None:
    """Of `cluster_codes`, those whose combos the viewer sees one by one; None when all."""
    codes = list(cluster_codes)
    allowed = {code for code in codes if sees_combos(principal, code)}
    return None if len(allowed) == len(codes) else allowed


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


# ---------------------------------------------------------------------------------------------
# Inputs are untrusted: anything a browser sends may be forged. These turn a forged value into
# "nothing chosen" instead of an error.


def quarter_input(value) -> str | None:
    """A quarter (``2025-Q3``) from an input, else None."""
    from saniveld.quarters import is_quarter

    return value if is_quarter(value) else None


def choice_input(value, allowed) -> str | None:
    """A value from a fixed vocabulary, else None."""
    return value if isinstance(value, str) and value in allowed else None


def code_input(value) -> str | None:
    """A code-shaped string (letters, digits, '-', '_', ':'), else None."""
    import re

    return value if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_:-]{1,200}", value) else None
