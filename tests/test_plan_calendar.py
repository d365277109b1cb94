"""The weekly plan as an .ics file (lumbarlog/domain/plan_calendar.py), read back with icalendar
and its recurrences expanded with dateutil's rrule, as a calendar app would."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event

from lumbarlog.domain import catalog
from lumbarlog.domain.plan import Plan, PlanError, make_plan
from lumbarlog.domain.plan_calendar import (
    CHECK_IN_SUMMARY,
    plan_calendar,
    routine_uid,
)

ROUTINES = catalog.load().routines
BERLIN = ZoneInfo("Europe/Berlin")
JOURNAL = "/home/someone/lumbarlog/journal"
# Tuesday 20 October 2026 in Berlin; summer time ends on Sunday 25 October.
EXPORTED = dt.datetime(2026, 10, 20, 9, 30, tzinfo=BERLIN)
PLAN = make_plan(
    {"morning_stretches": [0, 2, 4], "desk_break": [1, 6]}, started_on=dt.date(2026, 9, 1)
)
CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def export(
    plan: Plan = PLAN,
    *,
    now: dt.datetime = EXPORTED,
    zone: dt.tzinfo = BERLIN,
    at: dt.time = dt.time(18, 0),
    check_in: dt.time | None = None,
    journal: str = JOURNAL,
) -> Calendar:
    ics = plan_calendar(
        plan,
        ROUTINES,
        journal_id=journal,
        now=now,
        zone=zone,
        routine_time=at,
        check_in_time=check_in,
    )
    return Calendar.from_ical(ics)


def events(calendar: Calendar) -> list[Event]:
    return [c for c in calendar.walk("VEVENT") if isinstance(c, Event)]


def routine_events(calendar: Calendar) -> list[Event]:
    return [e for e in events(calendar) if str(e["SUMMARY"]) != CHECK_IN_SUMMARY]


def by_day(event: Event) -> str:
    [day] = event["RRULE"]["BYDAY"]
    return str(day)


def test_one_weekly_event_per_routine_and_weekday_at_the_chosen_local_time() -> None:
    calendar = export()
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert "METHOD" not in calendar  # a file to import, not a scheduling message
    found = routine_events(calendar)
    names = {ROUTINES[rid].name: rid for rid in PLAN.routines}
    pairs = Counter((names[str(e["SUMMARY"])], by_day(e)) for e in found)
    assert pairs == Counter(
        {(rid, CODES[day]): 1 for rid, days in PLAN.routines.items() for day in days}
    )
    for event in found:
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        start = event.start
        assert isinstance(start, dt.datetime)
        assert start.tzinfo == BERLIN and event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert CODES[start.weekday()] == by_day(event)
        assert start.time() == dt.time(18, 0)
        # The next such day from the day of export (a Tuesday: today counts).
        assert EXPORTED.date() <= start.date() < EXPORTED.date() + dt.timedelta(days=7)
        # As long as the routine, in whole minutes.
        rid = names[str(event["SUMMARY"])]
        minutes = -(-ROUTINES[rid].total_seconds // 60)
        assert event.end - start == dt.timedelta(minutes=minutes)
        assert "VALARM" not in [c.name for c in event.subcomponents]
    starts = {(by_day(e), str(e["SUMMARY"])): e.start.date() for e in found}
    assert starts[("TU", "Desk break")] == dt.date(2026, 10, 20)  # today itself
    assert starts[("MO", "Morning stretches")] == dt.date(2026, 10, 26)


def test_the_zone_is_named_and_its_vtimezone_is_in_the_file_before_the_events() -> None:
    calendar = export()
    [block] = calendar.walk("VTIMEZONE")
    assert str(block["TZID"]) == "Europe/Berlin"
    names = [c.name for c in calendar.subcomponents]
    assert names.index("VTIMEZONE") < names.index("VEVENT")
    assert calendar.get_missing_tzids() == set()
    # The block itself (not the name) gives Berlin's offsets either side of the change.
    own = block.to_tz(lookup_tzid=False)
    for moment in (dt.datetime(2026, 10, 24, 18), dt.datetime(2026, 10, 26, 18)):
        assert moment.replace(tzinfo=own).utcoffset() == moment.replace(tzinfo=BERLIN).utcoffset()


def expand(event: Event, zone: dt.tzinfo, until: dt.datetime) -> list[dt.datetime]:
    """The event's occurrences up to ``until``, expanded by dateutil in the event's wall-clock
    time (as RFC 5545 says) and placed in ``zone``."""
    start = event.start
    assert isinstance(start, dt.datetime)
    named = "TZID" in event["DTSTART"].params
    wall = start.replace(tzinfo=None) if named else start.astimezone(dt.UTC)
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=wall)
    limit = until.replace(tzinfo=None) if wall.tzinfo is None else until
    return [
        (o.replace(tzinfo=zone) if o.tzinfo is None else o)
        for o in rule.between(wall, limit, inc=True)
    ]


@pytest.mark.parametrize(
    ("zone", "exported"),
    [
        # Summer time ends: Berlin on 25 October, New York on 1 November 2026.
        ("Europe/Berlin", dt.datetime(2026, 10, 20, 9, 30)),
        ("America/New_York", dt.datetime(2026, 10, 27, 20, 0)),
        # Summer time starts in Sydney on 4 October 2026.
        ("Australia/Sydney", dt.datetime(2026, 9, 29, 7, 0)),
    ],
)
def test_three_weeks_of_occurrences_fall_on_the_planned_days_across_a_clock_change(
    zone: str, exported: dt.datetime
) -> None:
    here = ZoneInfo(zone)
    now = exported.replace(tzinfo=here)
    calendar = export(now=now, zone=here, at=dt.time(7, 45))
    [block] = calendar.walk("VTIMEZONE")
    own = block.to_tz(lookup_tzid=False)  # the file's own rules, not the computer's
    until = now + dt.timedelta(weeks=3)
    offsets = set()
    for event in routine_events(calendar):
        got = expand(event, own, until)
        weekday = CODES.index(by_day(event))
        days = [now.date() + dt.timedelta(days=n) for n in range(22)]
        expected = [
            dt.datetime.combine(d, dt.time(7, 45), tzinfo=here)
            for d in days
            if d.weekday() == weekday
            and dt.datetime.combine(d, dt.time(7, 45)) <= until.replace(tzinfo=None)
        ]
        assert [o.astimezone(dt.UTC) for o in got] == [e.astimezone(dt.UTC) for e in expected]
        offsets |= {o.utcoffset() for o in got}
    assert len(offsets) == 2  # the window holds the change, and 7:45 stayed 7:45


def test_uids_are_stable_across_exports_and_differ_by_routine_weekday_and_journal() -> None:
    first = export()
    later = export(now=EXPORTED + dt.timedelta(days=3, hours=2), at=dt.time(7, 0))
    uids = [str(e["UID"]) for e in routine_events(first)]
    assert len(set(uids)) == len(uids) == 5
    assert sorted(uids) == sorted(str(e["UID"]) for e in routine_events(later))
    assert routine_uid("desk_break", 1, JOURNAL) in uids
    other = export(journal="/home/someone/other-journal")
    assert not set(uids) & {str(e["UID"]) for e in events(other)}
    # The UID does not give away where the journal is.
    assert all("someone" not in uid for uid in uids)
    # A later export is a revision: a higher SEQUENCE, stamped with its time in UTC.
    for before, after in zip(routine_events(first), routine_events(later), strict=True):
        assert int(after["SEQUENCE"]) > int(before["SEQUENCE"]) >= 0
    assert events(first)[0]["DTSTAMP"].dt == EXPORTED.astimezone(dt.UTC)


def test_the_check_in_is_there_only_when_asked_for() -> None:
    assert not [e for e in events(export()) if str(e["SUMMARY"]) == CHECK_IN_SUMMARY]
    calendar = export(check_in=dt.time(21, 15))
    [check_in] = [e for e in events(calendar) if str(e["SUMMARY"]) == CHECK_IN_SUMMARY]
    assert check_in["RRULE"]["FREQ"] == ["DAILY"]
    assert check_in.start == dt.datetime(2026, 10, 20, 21, 15, tzinfo=BERLIN)
    assert str(check_in["TRANSP"]) == "TRANSPARENT"
    assert len(routine_events(calendar)) == 5
    # Its UID is stable too.
    again = export(now=EXPORTED + dt.timedelta(hours=5), check_in=dt.time(20, 0))
    [same] = [e for e in events(again) if str(e["SUMMARY"]) == CHECK_IN_SUMMARY]
    assert same["UID"] == check_in["UID"]


def test_with_only_an_offset_known_the_times_are_written_in_utc() -> None:
    india = dt.timezone(dt.timedelta(hours=5, minutes=30))
    now = dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.UTC)
    calendar = export(now=now, zone=india, at=dt.time(2, 0))
    assert calendar.walk("VTIMEZONE") == []
    for event in routine_events(calendar):
        start = event.start
        assert event["DTSTART"].to_ical().endswith(b"Z") and "TZID" not in event["DTSTART"].params
        # 02:00 at +05:30 is 20:30 UTC the day before: BYDAY says the UTC day.
        assert CODES[start.weekday()] == by_day(event)
        for moment in expand(event, dt.UTC, now + dt.timedelta(weeks=3)):
            local = moment.astimezone(india)
            assert local.time() == dt.time(2, 0)
    planned = {
        (str(e["SUMMARY"]), e.start.astimezone(india).weekday()) for e in routine_events(calendar)
    }
    assert planned == {
        (ROUTINES[rid].name, day) for rid, days in PLAN.routines.items() for day in days
    }


@pytest.mark.parametrize("utc", ["Etc/UTC", "UTC"])
def test_a_zone_that_is_utc_is_written_as_utc_with_no_block_to_describe(utc: str) -> None:
    calendar = export(zone=ZoneInfo(utc), now=EXPORTED.astimezone(dt.UTC))
    assert calendar.walk("VTIMEZONE") == []
    assert calendar.get_missing_tzids() == set()
    for event in routine_events(calendar):
        assert event["DTSTART"].to_ical() == event.start.strftime("%Y%m%dT180000Z").encode()
        assert CODES[event.start.weekday()] == by_day(event)


def test_nothing_starts_before_the_plan_does() -> None:
    later = make_plan({"desk_break": [1]}, started_on=dt.date(2026, 11, 5))
    [event] = events(export(later))
    assert event.start.date() == dt.date(2026, 11, 10)


def test_a_routine_the_catalog_does_not_have_is_named() -> None:
    odd = Plan(routines={"moon_walk": frozenset({0})})
    with pytest.raises(PlanError, match="moon_walk"):
        export(odd)


@given(
    plan=st.dictionaries(
        st.sampled_from(sorted(ROUTINES)), st.frozensets(st.integers(0, 6), min_size=1)
    ),
    now=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2040, 12, 31)),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]),
)
def test_every_plan_becomes_one_event_per_routine_and_weekday(
    plan: dict[str, frozenset[int]], now: dt.datetime, at: dt.time, zone: str
) -> None:
    here = ZoneInfo(zone)
    moment = now.replace(tzinfo=here)
    calendar = export(Plan(routines=plan), now=moment, zone=here, at=at)
    found = routine_events(calendar)
    assert len(found) == sum(len(days) for days in plan.values())
    assert len({str(e["UID"]) for e in found}) == len(found)
    for event in found:
        start = event.start
        assert CODES[start.weekday()] == by_day(event)
        assert start.replace(tzinfo=None).time() == at
        assert 0 <= (start.date() - moment.date()).days < 7
