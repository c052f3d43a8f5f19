"""The shapes the stores declare: what fits each, and what does not (and so makes a store damaged)."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass
from typing import Any

import pytest

from jiading_cli.incremental.pickles import UNREADABLE, Damaged, safe_loads
from jiading_cli.incremental.shapes import Each, Fixed, Mapped, Record, fits


@dataclass(slots=True)
class Point:
    x: int
    label: str | None


POINT = Record(Point, x=int, label=str | None)
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        (b"x", bytes),
        (None, str | None),
        ((1, "a"), tuple[int, str]),
        (("a", "b"), tuple[str, ...]),
        ({"a": (1, 2, 3, 4), "b": None}, dict[str, tuple[int, int, int, int] | None]),
        ({"a", "b"}, set[str]),
        ((WHEN, None, [["x"]]), tuple[dt.datetime, dt.datetime | None, list[list[str]]]),
        ({"p": Point(1, None)}, Mapped(str, POINT)),
        ([Point(1, "a")], Each(list, POINT)),
        ((Point(2, None), 3), Fixed(POINT, int)),
        ({"since": WHEN, "rows": []}, Record(dict, since=dt.datetime, rows=list[Any])),
        ("anything", Any),
    ],
)
def test_a_value_of_its_shape_fits(value: object, shape: object) -> None:
    assert fits(value, shape)


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("x", bytes),
        ({"a": 1}, tuple[str, int]),
        ((1, "a", 2), tuple[int, str]),
        (("a", 1), tuple[str, ...]),
        ({"a": (1, 2, 3)}, dict[str, tuple[int, int, int, int] | None]),
        ({1: None}, dict[str, None]),
        ({"p": Point("1", None)}, Mapped(str, POINT)),  # type: ignore[arg-type]  # a field of the wrong shape
        ([Point(1, b"a")], Each(list, POINT)),  # type: ignore[arg-type]
        ((Point(2, None),), Fixed(POINT, int)),
        ({"since": "yesterday", "rows": []}, Record(dict, since=dt.datetime, rows=list[Any])),
        ({"rows": []}, Record(dict, since=dt.datetime, rows=list[Any])),
    ],
)
def test_a_value_of_another_shape_does_not(value: object, shape: object) -> None:
    assert not fits(value, shape)


def test_a_loaded_value_of_another_shape_is_damaged_and_read_as_a_miss() -> None:
    data = pickle.dumps({"not": "a tuple"})
    with pytest.raises(Damaged):
        safe_loads(data, tuple[str, int])
    assert issubclass(Damaged, UNREADABLE)
    assert safe_loads(pickle.dumps(("a", 1)), tuple[str, int]) == ("a", 1)
