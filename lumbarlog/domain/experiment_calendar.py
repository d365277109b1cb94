"""A self-experiment's schedule as an iCalendar file (RFC 5545), for the person's calendar.

One all-day event per scheduled day, saying what the lot gave that day ("Experiment day 3 of
56: Stretches in the evening"), so the calendar shows the same days as the experiment page.
All-day dates need no time zone. Importing the file again updates the events instead of
adding copies, in calendars that match events by UID: each UID is made from the experiment,
the day and a digest of the journal's name (plan_calendar.journal_tag), never at random.

Pure: everything comes in as parameters; nothing is fetched or written.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from lumbarlog.domain import words
from lumbarlog.domain.experiment_log import Experiment
from lumbarlog.domain.experiments import A
from lumbarlog.domain.plan_calendar import UID_DOMAIN, journal_tag, sequence_at

PRODID = "-//Lumbar Log//Self-experiment//EN"
CALENDAR_NAME = "Lumbar Log experiment"


def day_uid(experiment: Experiment, day: dt.date, journal_id: str) -> str:
    """The UID of ``experiment``'s event on ``day`` in this journal."""
    return f"experiment-{experiment.id}-{day.isoformat()}-{journal_tag(journal_id)}@{UID_DOMAIN}"


def experiment_calendar(experiment: Experiment, *, journal_id: str, now: dt.datetime) -> bytes:
    """The .ics file of every scheduled day of ``experiment``; ``now`` (aware) is the time of
    export, ``journal_id`` names the journal for the UIDs."""
    if now.tzinfo is None:
        raise ValueError("now must carry its time zone")
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("X-WR-CALNAME", CALENDAR_NAME)
    days = experiment.schedule().days
    end = words.day(experiment.design.planned_end)
    for number, day in enumerate(days, start=1):
        label = experiment.a if day.condition == A else experiment.b
        event = Event()
        event.add("UID", day_uid(experiment, day.date, journal_id))
        event.add("DTSTAMP", stamp)
        event.add("SEQUENCE", sequence_at(now))
        event.add("SUMMARY", f"Experiment day {number} of {len(days)}: {label}")
        event.add(
            "DESCRIPTION",
            f'"{experiment.question}"\n\nToday\'s condition, drawn by lot: {label}. Log your '
            f"pain in Lumbar Log every day until {end}, the first day of each block too.",
        )
        event.add("DTSTART", day.date)  # a date: an all-day event
        event.add("DTEND", day.date + dt.timedelta(days=1))
        event.add("TRANSP", "TRANSPARENT")  # not a busy time
        calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
