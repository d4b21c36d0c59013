"""Date literals in every format of Zoho's Date-Time data type page (deluge/help/datatypes/
date-time, "Supported Date formats") read back as the date they spell."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from cliqsim.deluge.values_dates import DATE_FORMATS, format_date, parse_date_literal

# Formats that name the month or start with a four-digit year cannot be read two ways.
UNAMBIGUOUS = tuple(f for f in DATE_FORMATS if "MMM" in f or f.startswith("yyyy"))
THIS_YEAR = date.today().year


@given(
    st.sampled_from(UNAMBIGUOUS),
    st.dates(min_value=date(THIS_YEAR - 79, 1, 1), max_value=date(THIS_YEAR + 19, 12, 31)),
)
def test_a_date_written_in_a_documented_format_reads_back(pattern: str, day: date) -> None:
    assert parse_date_literal(format_date(day, pattern)) == day


@given(
    st.sampled_from(UNAMBIGUOUS),
    st.dates(min_value=date(THIS_YEAR - 79, 1, 1), max_value=date(THIS_YEAR + 19, 12, 31)),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from((" HH:mm:ss", " HH:mm", " hh:mm:ss a", " hh:mm a")),
)
def test_any_documented_format_takes_a_time_of_day(
    pattern: str, day: date, hour: int, minute: int, clock: str
) -> None:
    moment = datetime(day.year, day.month, day.day, hour, minute)
    assert parse_date_literal(format_date(moment, pattern + clock)) == moment


def test_every_page_format_is_listed_once() -> None:
    assert len(DATE_FORMATS) == len(set(DATE_FORMATS)) == 42
