"""Timestamp layouts the clouds answer with (emulated epoch seconds in, strings out)."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_z(ts: float) -> str:
    """ISO 8601 UTC to the second: ``2026-11-23T02:43:03Z`` (CVM, TCR policies/images/instances)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def go_time(ts: float) -> str:
    """Go's ``time.Time.String()`` in UTC, as TCR answers repository/namespace times.

    Layout ``2006-01-02 15:04:05.999999999 -0700 MST``: trailing zeros of the fraction are dropped.
    """
    moment = datetime.fromtimestamp(ts, UTC)
    fraction = f"{moment.microsecond * 1000:09d}".rstrip("0")
    seconds = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{seconds}.{fraction} +0000 UTC" if fraction else f"{seconds} +0000 UTC"
