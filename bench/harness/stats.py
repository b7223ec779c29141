"""Medians, ratios and how figures are printed in RESULTS.md.

A figure that could not be measured is None (no answer in a run, a peer
left out) and prints as "n/a"; no function here turns it into a number.
"""
from __future__ import annotations

import math
from typing import Iterable, Optional


def median(values: Iterable[Optional[float]]) -> Optional[float]:
    """The median of the values that were measured (None and NaN skipped)."""
    measured = sorted(v for v in values if v is not None and not math.isnan(v))
    if not measured:
        return None
    middle = len(measured) // 2
    if len(measured) % 2:
        return measured[middle]
    return (measured[middle - 1] + measured[middle]) / 2


def percentile(values: Iterable[Optional[float]], percent: float) -> Optional[float]:
    """The nearest-rank percentile of the values that were measured: the
    smallest value with at least `percent` % of them at or below it (p99 of
    20 values is the largest; it is always one of the values)."""
    measured = sorted(v for v in values if v is not None and not math.isnan(v))
    if not measured:
        return None
    rank = math.ceil(percent / 100.0 * len(measured))
    return measured[min(max(rank, 1), len(measured)) - 1]


def ratio(value: Optional[float], reference: Optional[float]) -> Optional[float]:
    """value / reference, or None when either is missing or reference is 0."""
    if value is None or reference is None or reference <= 0:
        return None
    return value / reference


def format_count(value: Optional[float]) -> str:
    """85000.4 -> "85,000"."""
    return "n/a" if value is None else f"{round(value):,}"


def format_ms(value: Optional[float]) -> str:
    """Two decimals below 10 ms, whole milliseconds above."""
    if value is None:
        return "n/a"
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def format_us(value: Optional[float]) -> str:
    """One decimal: 28.2 µs."""
    return "n/a" if value is None else f"{value:.1f} µs"


def format_ratio(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_percent(value: Optional[float]) -> str:
    """One decimal: the quiet threshold (5 %) needs it."""
    return "n/a" if value is None else f"{value:.1f} %"
