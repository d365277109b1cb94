"""How often the Trends page tells a person something that is not true: a simulation benchmark.

Journals are generated with a known truth (does exercise lower tomorrow's pain, does sitting
raise it, does pain drift) in the situations real diaries are in: pain that carries over from
day to day (AR(1)), exercise in streaks or in good and lapsed weeks, exercise skipped on bad
days, more sitting on bad days, sitting habits that persist, slow yearly waves, routines whose
exercises are always done together, and a relief routine started when it hurts. Each journal is
run through ``findings.compute`` (the call the Trends page makes) and every finding is judged:

- false finding: the page states a clear link, trend or meaningful change that is not there;
- coverage: the range the page shows contains the true value (where the finding has one);
- power: a real effect is found, in the right direction.

A "weekly looks" situation computes the page every 7 days of a year ("Everything") and counts
the people who ever see a false finding.

    nice -n 10 .venv/bin/python bench/findings.py              # 300 journals a cell
    nice -n 10 .venv/bin/python bench/findings.py --quick      # 60 journals, weekly 40
    .venv/bin/python bench/findings.py --journals 100 --only skip_bad,plank --lengths 90

It prints a markdown table (and, with --speed, timings of ``compute`` as ratios), and exits 0.
One process, one core; the generator is vectorised over journals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lumbarlog.analysis import findings
from lumbarlog.analysis.results import MeaningfulChange, PainTrend, TrendsReport
from lumbarlog.analysis.rules import NO_MEANINGFUL_CHANGE
from lumbarlog.domain import schema

START = dt.date(2025, 1, 6)  # a Monday
MEAN_PAIN = 4.5
MISSING_DAY = 0.1  # share of days not logged
EXERCISES = ("bird_dog", "glute_bridge", "cat_cow")  # done on exercise days, ~70% each
PLANK_ROUTINE = ("plank", "bird_dog")  # always together
OTHER_ROUTINE = ("cat_cow", "knee_to_chest")


# --------------------------------------------------------------------------------------------
# Situations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Situation:
    name: str
    description: str
    phi: float = 0.0
    exercise: str = "random"  # random, streaks, weeks, skip_bad, routines
    sitting: str = "random"  # random, bad_days, persist
    waves: bool = False
    exercise_effect: float = 0.0  # points on tomorrow's pain per exercise day
    plank_effect: float = 0.0  # points on tomorrow's pain per plank day (routines only)
    sitting_effect: float = 0.0  # points on tomorrow's pain per hour sitting
    relief: bool = False  # relief sessions started when it hurts (no effect)
    lengths: tuple[int, ...] = (30, 90, 365)
    weekly: bool = False  # computed every 7 days of a year


SITUATIONS: tuple[Situation, ...] = (
    Situation("independent", "days independent, nothing works"),
    Situation("ar05", "pain carries over (phi 0.5), nothing works", phi=0.5),
    Situation("ar08", "pain carries over (phi 0.8), nothing works", phi=0.8),
    Situation("streaks", "exercise in streaks, phi 0.8", phi=0.8, exercise="streaks"),
    Situation("weeks", "good and lapsed weeks, phi 0.8", phi=0.8, exercise="weeks"),
    Situation("skip_bad", "exercise skipped on bad days, phi 0.8", phi=0.8, exercise="skip_bad"),
    Situation("sit_bad", "more sitting on bad days, phi 0.8", phi=0.8, sitting="bad_days"),
    Situation("sit_persist", "sitting habits persist, phi 0.8", phi=0.8, sitting="persist"),
    Situation(
        "waves",
        "slow yearly waves in pain, sitting and exercise",
        phi=0.5,
        waves=True,
        lengths=(365,),
    ),
    Situation(
        "ex_helps",
        "exercise helps by 1 point, phi 0.5",
        phi=0.5,
        exercise_effect=-1.0,
    ),
    Situation(
        "ex_helps_skip",
        "exercise helps by 1 point, skipped on bad days, phi 0.8",
        phi=0.8,
        exercise="skip_bad",
        exercise_effect=-1.0,
    ),
    Situation(
        "sit_hurts",
        "sitting adds 0.3 points an hour, habits persist, phi 0.8",
        phi=0.8,
        sitting="persist",
        sitting_effect=0.3,
    ),
    Situation(
        "plank",
        "only the plank helps (1 point); routines make exercises co-occur, phi 0.5",
        phi=0.5,
        exercise="routines",
        plank_effect=-1.0,
    ),
    Situation(
        "relief",
        "relief routine started when it hurts, does nothing, phi 0.8",
        phi=0.8,
        relief=True,
    ),
    Situation(
        "weekly_looks",
        "checked weekly for a year, skipped on bad days, sitting persists, phi 0.8",
        phi=0.8,
        exercise="skip_bad",
        sitting="persist",
        lengths=(365,),
        weekly=True,
    ),
)


@dataclass
class Journals:
    """Arrays of shape (journals, days)."""

    pain: np.ndarray  # int, NaN where not logged (float array)
    sitting: np.ndarray
    exercised: np.ndarray  # bool
    plank_day: np.ndarray  # bool (routines: the plank routine was done)
    other_day: np.ndarray  # bool (routines: the other routine was done)
    which: np.ndarray  # int bitmask of EXERCISES done that day (non-routine situations)
    momentary: np.ndarray  # relief: pain when a session was started (NaN: no session)
    after: np.ndarray


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def generate(s: Situation, journals: int, days: int, rng: np.random.Generator) -> Journals:
    """Journals with known truth, vectorised over journals (a loop over days only).

    Pain follows pain[t+1] = mean + phi (pain[t] - mean) + exercise_effect * exercised[t]
    + sitting_effect * (sitting[t] - 7) + noise, recorded rounded to 0-10. The truth for
    "next-day pain after exercise, given today's pain" is therefore ``exercise_effect``.
    """
    j, t_days = journals, days
    innovation_sd = 1.5 * math.sqrt(1 - s.phi**2) if s.phi else 1.5
    day = np.arange(t_days)
    phase = rng.uniform(0, 2 * np.pi, size=(j, 1))
    wave = np.sin(2 * np.pi * day / 365.0 + phase) if s.waves else np.zeros((j, t_days))
    mean = MEAN_PAIN + 1.5 * wave

    latent = np.empty((j, t_days))
    recorded = np.empty((j, t_days))
    sitting = np.empty((j, t_days))
    exercised = np.zeros((j, t_days), dtype=bool)
    plank_day = np.zeros((j, t_days), dtype=bool)
    other_day = np.zeros((j, t_days), dtype=bool)
    week_good = rng.random((j, t_days // 7 + 1)) < 0.6
    sit_state = rng.normal(0, 1, size=j)
    ex_state = rng.random(j) < 0.5

    latent[:, 0] = mean[:, 0] + rng.normal(0, 1.5, size=j)
    effect_prev = np.zeros(j)  # the effect that entered yesterday's pain (it does not last)
    for t in range(t_days):
        if t > 0:
            effect = (
                s.exercise_effect * exercised[:, t - 1]
                + s.plank_effect * plank_day[:, t - 1]
                + s.sitting_effect * (sitting[:, t - 1] - 7.0)
            )
            latent[:, t] = (
                mean[:, t]
                + s.phi * (latent[:, t - 1] - mean[:, t - 1] - effect_prev)
                + effect
                + rng.normal(0, innovation_sd, size=j)
            )
            effect_prev = effect
        recorded[:, t] = np.clip(np.rint(latent[:, t]), 0, 10)
        pain_today = recorded[:, t]

        # Sitting today (hours, 0-16)
        if s.sitting == "persist":
            sit_state = 0.8 * sit_state + rng.normal(0, 0.6, size=j)
            hours = 7 + 2.5 * sit_state
        elif s.sitting == "bad_days":
            hours = 7 + 0.6 * (pain_today - MEAN_PAIN) + rng.normal(0, 2, size=j)
        else:
            hours = 7 + rng.normal(0, 2.5, size=j)
        if s.waves:
            hours = hours + 1.5 * wave[:, t]
        sitting[:, t] = np.clip(np.round(hours * 2) / 2, 0, 16)

        # Exercise today
        if s.exercise == "streaks":
            flip = rng.random(j) < 0.15
            ex_state = np.where(flip, ~ex_state, ex_state)
            exercised[:, t] = ex_state
        elif s.exercise == "weeks":
            chance = np.where(week_good[:, t // 7], 0.85, 0.1)
            exercised[:, t] = rng.random(j) < chance
        elif s.exercise == "skip_bad":
            exercised[:, t] = rng.random(j) < _logistic(1.2 * (MEAN_PAIN - pain_today))
        elif s.exercise == "routines":
            pick = rng.random(j)
            plank_day[:, t] = pick < 0.4
            other_day[:, t] = (pick >= 0.3) & (pick < 0.7)
            exercised[:, t] = plank_day[:, t] | other_day[:, t]
        else:
            chance = 0.5 + (0.3 * wave[:, t] if s.waves else 0.0)
            exercised[:, t] = rng.random(j) < chance

    pain = recorded.copy()
    pain[rng.random((j, t_days)) < MISSING_DAY] = np.nan
    which = np.where(
        exercised, (rng.random((j, t_days, len(EXERCISES))) < 0.7) @ (1 << np.arange(3)), 0
    )
    which = np.where(exercised & (which == 0), 1, which)
    momentary = np.full((j, t_days), np.nan)
    after = np.full((j, t_days), np.nan)
    if s.relief:
        # A rating during the day is the day's level plus a moment's swing; the routine is
        # started when the moment is bad, and rated again right after (the routine does nothing).
        moment = latent + rng.normal(0, 1.2, size=(j, t_days))
        started = moment >= latent + 1.0
        momentary = np.where(started, np.clip(np.rint(moment), 0, 10), np.nan)
        later = latent + rng.normal(0, 1.2, size=(j, t_days))
        after = np.where(started, np.clip(np.rint(later), 0, 10), np.nan)
    return Journals(pain, sitting, exercised, plank_day, other_day, which, momentary, after)


def journal_frames(g: Journals, i: int, days: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Entries and sessions of journal ``i`` (first ``days`` days), as the store returns them."""
    dates = pd.date_range(START, periods=days, freq="D")
    pain = g.pain[i, :days]
    logged = ~np.isnan(pain)
    if g.plank_day.any() or g.other_day.any():
        ids = [
            (PLANK_ROUTINE if p else ()) + (OTHER_ROUTINE if o else ())
            for p, o in zip(g.plank_day[i, :days], g.other_day[i, :days], strict=True)
        ]
    else:
        masks = g.which[i, :days]
        ids = [tuple(e for b, e in enumerate(EXERCISES) if m >> b & 1) for m in masks]
    entries = pd.DataFrame(
        {
            "date": dates[logged],
            "pain": pain[logged].astype("int64"),
            "sitting_hours": g.sitting[i, :days][logged],
            "exercises": pd.Series([ids[k] for k in np.flatnonzero(logged)], dtype=object),
            "notes": pd.Series([""] * int(logged.sum()), dtype=object),
        }
    ).astype(dict(schema.ENTRY_DTYPES))
    before = g.momentary[i, :days]
    has = ~np.isnan(before)
    starts = dates[has] + pd.Timedelta(hours=13)
    sessions = pd.DataFrame(
        {
            "start": starts,
            "end": starts + pd.Timedelta(minutes=2),
            "routine_id": pd.Series(["relief_60_seconds"] * int(has.sum()), dtype=object),
            "exercises_completed": pd.Series([()] * int(has.sum()), dtype=object),
            "pain_before": before[has],
            "pain_after": g.after[i, :days][has],
            "outcome": schema.FINISHED,
        }
    ).astype(dict(schema.SESSION_DTYPES))
    return entries, sessions


# --------------------------------------------------------------------------------------------
# Judging a report (adapter: what the page says, in numbers)
# --------------------------------------------------------------------------------------------


@dataclass
class Verdict:
    claimed: bool | None = None  # a clear finding stated (None: not given / not applicable)
    direction: int = 0  # -1 lower/falling, +1 higher/rising
    estimate: float = math.nan
    low: float = math.nan
    high: float = math.nan
    unit: str = ""  # "points" or "rho": coverage only judged for "points"


def judge(report: TrendsReport) -> dict[str, Verdict]:
    """What the page claims, per finding. Kept in step with lumbarlog/analysis/results.py."""
    out: dict[str, Verdict] = {}

    def from_interval(result, estimate: str, unit: str = "points") -> Verdict:
        if not getattr(result, "enough", False):
            return Verdict()
        low, high = getattr(result, "ci_low", math.nan), getattr(result, "ci_high", math.nan)
        claimed = bool(result.claimed if hasattr(result, "claimed") else low > 0 or high < 0)
        value = float(getattr(result, estimate))
        direction = int(np.sign(value)) if claimed else 0
        return Verdict(claimed, direction, value, low, high, unit)

    out["exercise"] = from_interval(report.exercise, "difference")
    for name, result in (
        ("sitting_next", report.sitting.next_day),
        ("sitting_same", report.sitting.same_day),
    ):
        if hasattr(result, "points_per_hour"):
            out[name] = from_interval(result, "points_per_hour")
        else:
            out[name] = from_interval(result, "rho", unit="rho")
    trend = report.trend
    if isinstance(trend, PainTrend):
        claimed = trend.direction != "level"
        out["trend"] = Verdict(claimed, 0, trend.points_per_week, trend.ci_low, trend.ci_high)
    else:
        out["trend"] = Verdict()
    change = report.change
    if isinstance(change, MeaningfulChange):
        out["change"] = Verdict(change.verdict != NO_MEANINGFUL_CHANGE)
    else:
        out["change"] = Verdict()
    out["session"] = from_interval(report.session, "mean_change")
    per = {e.exercise_id: e for e in report.per_exercise if e.enough}
    for exercise_id, effect in per.items():
        claimed = bool(getattr(effect, "claimed", getattr(effect, "significant", False)))
        # A group of exercises that cannot be told apart speaks for each of them.
        for member in getattr(effect, "together", ()) or (exercise_id,):
            out[f"ex:{member}"] = Verdict(
                claimed,
                int(np.sign(effect.difference)) if claimed else 0,
                effect.difference,
                effect.ci_low,
                effect.ci_high,
            )
    return out


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """Counts for one finding in one situation and length."""

    journals: int = 0
    given: int = 0
    claimed: int = 0
    right: int = 0  # claimed in the true direction (power)
    covered: int = 0
    with_interval: int = 0
    estimates: list[float] = field(default_factory=list)

    def add(self, v: Verdict, truth: float | None) -> None:
        self.journals += 1
        if v.claimed is None:
            return
        self.given += 1
        self.claimed += bool(v.claimed)
        if truth is not None and truth != 0 and v.claimed and v.direction == np.sign(truth):
            self.right += 1
        if truth is not None and v.unit == "points" and not math.isnan(v.low):
            self.with_interval += 1
            self.covered += bool(v.low <= truth <= v.high)
            self.estimates.append(v.estimate)
        elif truth == 0 and v.unit == "rho" and not math.isnan(v.low):
            self.with_interval += 1
            self.covered += bool(v.low <= 0 <= v.high)


def truths(s: Situation) -> dict[str, float | None]:
    """The true value of each finding (None: a real association or no single truth, not judged
    as false). Same-day sitting is an association; it is judged only where nothing links them."""
    same_day_unlinked = s.sitting != "bad_days" and not s.sitting_effect and not s.waves
    # Pain really moves when waves or spells of sitting that raise it come and go.
    level_moves = s.waves or bool(s.sitting_effect)
    return {
        "exercise": None if s.exercise == "routines" else s.exercise_effect,
        "sitting_next": s.sitting_effect,
        "sitting_same": 0.0 if same_day_unlinked else None,
        "trend": None if level_moves else 0.0,
        "change": None if level_moves else 0.0,
        "session": 0.0 if s.relief else None,
    }


def score_report(
    s: Situation, verdicts: dict[str, Verdict], cells: dict[str, Cell]
) -> tuple[bool, bool, bool]:
    """Add one journal's verdicts; returns (any false finding, any false exercise/sitting finding,
    any false trend/change)."""
    truth = truths(s)
    false_any = false_link = false_change = False
    for name in ("exercise", "sitting_next", "sitting_same", "trend", "change", "session"):
        v = verdicts.get(name, Verdict())
        cells.setdefault(name, Cell()).add(v, truth[name])
        if truth[name] is None or not v.claimed:
            continue
        wrong = truth[name] == 0 or v.direction != np.sign(truth[name])
        if name in ("trend", "change"):
            wrong = truth[name] == 0
        if wrong:
            false_any = True
            false_link |= name in ("exercise", "sitting_next", "sitting_same")
            false_change |= name in ("trend", "change")
    per = {k[3:]: v for k, v in verdicts.items() if k.startswith("ex:")}
    if s.exercise == "routines":
        plank = per.get("plank", Verdict())
        cells.setdefault("plank found", Cell()).add(plank, s.plank_effect)
        others = [v for k, v in per.items() if k not in ("plank", "bird_dog")]
        credited = any(v.claimed for v in others)
        cells.setdefault("other exercise credited", Cell()).add(
            Verdict(credited if per else None), 0.0
        )
        false_any |= credited
        false_link |= credited
    elif not s.exercise_effect:
        credited = any(v.claimed for v in per.values())
        cells.setdefault("any single exercise", Cell()).add(Verdict(credited if per else None), 0.0)
        false_any |= credited
        false_link |= credited
    return false_any, false_link, false_change


def _false_row(situation: str, days: int, finding: str, false: int, journals: int) -> dict:
    """A row that counts only how many journals were told something false."""
    return {
        "situation": situation,
        "days": days,
        "finding": finding,
        "journals": journals,
        "false": _percent(false, journals),
    }


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def run(
    situations: list[Situation],
    journals: int,
    weekly_journals: int,
    lengths: set[int] | None,
    seed: int,
    progress: Callable[[str], None],
    emit: Callable[[list[dict]], None] | None = None,
) -> list[dict]:
    rows: list[dict] = []
    for index, s in enumerate(situations):
        for days in s.lengths:
            if lengths and days not in lengths and not s.weekly:
                continue
            n = weekly_journals if s.weekly else journals
            rng = np.random.default_rng([seed, index, days])
            g = generate(s, n, days, rng)
            cells: dict[str, Cell] = {}
            any_false = ever_link = ever_change = 0
            began = time.perf_counter()
            for i in range(n):
                entries, sessions = journal_frames(g, i, days)
                if s.weekly:
                    seen_link = seen_change = False
                    for look_end in range(14, days + 1, 7):
                        end = START + dt.timedelta(days=look_end - 1)
                        report = findings.compute(
                            entries[entries["date"] <= pd.Timestamp(end)],
                            sessions,
                            None,
                            end,
                        )
                        _, link, change = score_report(s, judge(report), {})
                        seen_link |= link
                        seen_change |= change
                    ever_link += seen_link
                    ever_change += seen_change
                    continue
                report = findings.compute(entries, sessions, None, None)
                false_any, _, _ = score_report(s, judge(report), cells)
                any_false += false_any
            seconds = time.perf_counter() - began
            progress(f"{s.name} {days}d: {n} journals in {seconds:.0f} s")
            done_before = len(rows)
            if s.weekly:
                rows.append(
                    _false_row(
                        s.name,
                        days,
                        "ever a false exercise/sitting finding (weekly looks)",
                        ever_link,
                        n,
                    )
                )
                rows.append(
                    _false_row(
                        s.name,
                        days,
                        "ever a false trend/meaningful change (weekly looks)",
                        ever_change,
                        n,
                    )
                )
                if emit:
                    emit(rows[done_before:])
                continue
            truth = truths(s)
            for name, cell in cells.items():
                if not cell.given:
                    continue
                t = truth.get(name, 0.0)
                if name == "plank found":
                    t = s.plank_effect
                if t is None:
                    continue
                real = t != 0
                rows.append(
                    {
                        "situation": s.name,
                        "days": days,
                        "finding": name,
                        "journals": cell.journals,
                        "given": _percent(cell.given, cell.journals),
                        "false": "" if real else _percent(cell.claimed, cell.journals),
                        "power": _percent(cell.right, cell.journals) if real else "",
                        "coverage": _percent(cell.covered, cell.with_interval),
                        "mean estimate": (
                            f"{np.mean(cell.estimates):+.2f} (truth {t:+.1f})"
                            if cell.estimates and real
                            else ""
                        ),
                    }
                )
            rows.append(_false_row(s.name, days, "any false finding on the page", any_false, n))
            if emit:
                emit(rows[done_before:])
    return rows


COLUMNS = (
    "situation", "days", "finding", "journals", "given", "false", "power", "coverage",
    "mean estimate",
)  # fmt: skip


def _line(row: dict) -> str:
    return "| " + " | ".join(str(row.get(c, "")) for c in COLUMNS) + " |"


def markdown(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    return "\n".join([*lines, *(_line(row) for row in rows)])


def print_rows(rows: list[dict]) -> None:
    for row in rows:
        print(_line(row), flush=True)


def speed(progress: Callable[[str], None]) -> str:
    """Median time of ``compute`` for the page's default (90 days) and Everything at 10 years,
    as ratios against a 30-day journal measured in the same run."""
    rng = np.random.default_rng(7)
    s = SITUATIONS[5]
    g = generate(s, 1, 3650, rng)
    entries, sessions = journal_frames(g, 0, 3650)
    last = START + dt.timedelta(days=3649)

    def timed(start: dt.date | None, runs: int = 7) -> float:
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            findings.compute(entries, sessions, start, last)
            times.append(time.perf_counter() - began)
        return float(np.median(times))

    base = timed(last - dt.timedelta(days=29))
    default = timed(last - dt.timedelta(days=89))
    everything = timed(None, runs=3)
    progress("speed measured")
    return (
        "| compute | median | ratio to 30 days |\n|---|---|---|\n"
        f"| last 30 days of a 10-year journal | {base * 1000:.0f} ms | 1.0 |\n"
        f"| last 90 days (the page's default) | {default * 1000:.0f} ms | "
        f"{default / base:.1f} |\n"
        f"| Everything, 10 years | {everything * 1000:.0f} ms | {everything / base:.1f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journals", type=int, default=300, help="journals a cell (300)")
    parser.add_argument(
        "--weekly-journals", type=int, default=None, help="journals for weekly looks (= journals)"
    )
    parser.add_argument("--quick", action="store_true", help="60 journals a cell, 40 weekly")
    parser.add_argument("--only", default="", help="situations, comma separated")
    parser.add_argument("--lengths", default="", help="days, comma separated (30,90,365)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--speed", action="store_true", help="also time compute")
    args = parser.parse_args(argv)
    journals = 60 if args.quick else args.journals
    weekly = args.weekly_journals or (40 if args.quick else journals)
    chosen = [s for s in SITUATIONS if not args.only or s.name in args.only.split(",")]
    lengths = {int(x) for x in args.lengths.split(",") if x} or None

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    # Each cell's rows are printed as soon as it is done, so a long run can be read as it goes.
    print(markdown([]), flush=True)
    run(chosen, journals, weekly, lengths, args.seed, progress, emit=print_rows)
    if args.speed:
        print()
        print(speed(progress))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
