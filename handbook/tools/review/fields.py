"""Field-level differences between two versions of an entry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from handbook.load.yamlfile import Pointer

from .sides import MISSING

TEXT_LISTS = {"variants"}  # lists of texts compared item by item; other lists of plain values as a whole


# ---------------------------------------------------------------------------
# Field-level differences
# ---------------------------------------------------------------------------


def field_changes(old: Any, new: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, Any, Any]]:
    """(pointer, old value, new value) for every field that differs; MISSING where a side lacks it.

    Mappings are compared key by key, lists of mappings and `variants` item by item, any other
    list (tags, channels, related …) as one value.
    """
    if old == new:
        return
    if _both(old, new, dict):
        for key in dict.fromkeys([*_keys(old), *_keys(new)]):
            yield from field_changes(_get(old, key), _get(new, key), pointer + (key,))
    elif _both(old, new, list) and _itemwise(old, new, pointer):
        for i in range(max(_length(old), _length(new))):
            yield from field_changes(_get(old, i), _get(new, i), pointer + (i,))
    else:
        yield pointer, old, new


def _both(old: Any, new: Any, kind: type) -> bool:
    """Both values are of `kind` or missing, and at least one is there."""
    return all(v is MISSING or isinstance(v, kind) for v in (old, new)) and (old is not MISSING or new is not MISSING)


def _itemwise(old: Any, new: Any, pointer: Pointer) -> bool:
    items = [*(old if old is not MISSING else []), *(new if new is not MISSING else [])]
    return (bool(pointer) and pointer[-1] in TEXT_LISTS) or any(isinstance(item, dict) for item in items)


def _keys(value: Any) -> list[Any]:
    return [] if value is MISSING else list(value)


def _length(value: Any) -> int:
    return 0 if value is MISSING else len(value)


def _get(value: Any, key: Any) -> Any:
    if isinstance(value, dict):
        return value.get(key, MISSING)
    if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
        return value[key]
    return MISSING


def at(data: Any, pointer: Pointer) -> Any:
    for key in pointer:
        data = _get(data, key)
    return data
