"""Callback responses as JSON, through orjson: the same JSON as Dash's own encoder, faster.

Dash serialises every callback response with ``dash._utils.to_json``, which is plotly's
``to_json_plotly``: with the standard library's ``json`` and ``PlotlyJSONEncoder`` a response
of a few hundred components costs milliseconds of the interpreter, under the GIL, on every call
— also when the answer comes from the cache. :func:`to_json` gives the same JSON (the same
values when parsed; the same escaping of ``<``, ``>`` and ``/``) with orjson, asking Python only
for what orjson does not know:

* anything with ``to_plotly_json`` (Dash components, plotly figures): that;
* ``numpy.ma.masked``: NaN (so ``null``); a numpy datetime64 array: ``numpy.datetime_as_string``;
  other numpy arrays and scalars: ``tolist()``;
* ``pandas.NaT`` and ``pandas.NA``: ``null``;
* dates, times and datetimes (pandas' Timestamp too): ``isoformat()``;
* ``Decimal``: a float (as plotly's encoder does; NaN and infinities become ``null``);

which is the order and the outcome of ``PlotlyJSONEncoder.default``. NaN and infinite floats
become ``null`` in both. Anything orjson refuses (an integer beyond 64 bits, an object no rule
above knows) goes to Dash's own encoder, so the result, or Dash's error for an output it cannot
send, stays Dash's. ``tests/unit/test_web_responses.py`` compares both encoders on the kinds of
payload the pages send, for the Dash and plotly versions it names.

:func:`install` makes Dash's callback dispatch use it (``create_app`` calls it);
:func:`plain` turns components into the plain lists and dicts Dash would send, for values kept
in the cache (sent again later without walking the components).
"""

from __future__ import annotations

import datetime
import decimal

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
# What plotly escapes in its JSON (``_swap_json``, ``_swap_orjson``): safe inside a <script>.
_SWAP = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"/", b"\\u002f"),
         ("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))

_numpy = _pandas = None


def _modules():
    global _numpy, _pandas
    if _numpy is None:
        import numpy
        import pandas

        _numpy, _pandas = numpy, pandas
    return _numpy, _pandas


def _default(obj):
    """What orjson cannot encode itself, as ``PlotlyJSONEncoder.default`` would give it."""
    to_plotly_json = getattr(obj, "to_plotly_json", None)
    if to_plotly_json is not None:
        return to_plotly_json()
    if isinstance(obj, (datetime.date, datetime.time)):  # datetime and pandas' Timestamp too
        np, pd = _modules()
        if obj is pd.NaT:
            return None
        return obj.isoformat()
    np, pd = _modules()
    if obj is np.ma.masked:
        return float("nan")
    if isinstance(obj, np.ndarray) and obj.dtype.kind == "M":
        return np.datetime_as_string(obj).tolist()
    if obj is pd.NaT or obj is pd.NA:
        return None
    isoformat = getattr(obj, "isoformat", None)
    if isoformat is not None:
        return isoformat()
    tolist = getattr(obj, "tolist", None)
    if tolist is not None:
        return tolist()
    if isinstance(obj, decimal.Decimal):
        return float(obj)
    raise TypeError(f"Type is not JSON serializable: {type(obj).__name__}")


def dumps(value) -> bytes:
    """`value` as JSON bytes (orjson; no escaping of ``<``, ``>``, ``/``). Raises TypeError."""
    return orjson.dumps(value, default=_default, option=_OPTIONS)


def _dash_to_json(value) -> str:
    from plotly.io.json import to_json_plotly

    return to_json_plotly(value, engine="json")


def to_json(value) -> str:
    """`value` as the JSON Dash's ``to_json`` gives (see the module's docstring)."""
    try:
        out = dumps(value)
    except TypeError:  # orjson.JSONEncodeError too: Dash's encoder decides (or raises)
        return _dash_to_json(value)
    for unsafe, safe in _SWAP:
        if unsafe in out:
            out = out.replace(unsafe, safe)
    return out.decode("utf-8")


def plain(value):
    """`value` (components, figures, dates, Decimals …) as the lists, dicts, strings and
    numbers Dash would send: ``json.loads(to_json(value))``, without the detour through text."""
    try:
        return orjson.loads(dumps(value))
    except TypeError:
        return orjson.loads(_dash_to_json(value))


def install() -> None:
    """Serialise callback responses with :func:`to_json` (idempotent).

    Dash's dispatch (``dash._callback``) calls the ``to_json`` it imported from
    ``dash._utils``; that name is replaced. The page shell and the layout stay Dash's own.
    """
    import dash._callback

    dash._callback.to_json = to_json
