"""What a randomised self-experiment tells a person, and what everyday logs would: a simulation.

Simulated people run the n-of-1 experiment "Does Morning stretches on a day go with lower pain
the next day?" (lumbarlog/domain/experiments.py: 2-day blocks in A/B pairs from a seed, the
first day of each block not analysed), and their journals are answered as the app answers them
(lumbarlog/analysis/experiment.py and randomisation.py: as assigned, the mean of per-pair
differences, the exact randomisation test over every schedule, the interval by inverting it).

Designs: 4, 6 and 8 weeks of 2-, 3- and 4-day blocks, those the app allows (at least 6 pairs).

The people (vectorised over people, a loop over days):

- pain carries over from day to day, AR(1) with phi 0.5 or 0.8, around 4.5 with a spread of
  1.5 points, recorded rounded to 0-10; one day in ten is not logged (whatever the schedule);
- each day has a "good day" factor the diary does not record (sleep, a calm week): it makes the
  person more likely to do the routine that day and carries into tomorrow's pain (part of
  tomorrow's change in pain, correlation 0.6); pain stays AR(1) all the same;
- adherence depends on pain: on an A day the routine is done with chance
  logistic(2 + 0.8 (4.5 - pain) + 0.8 good), about 85% on an average day and half on a day
  of 7; on a B day ("no routine") it is still done on a few very good days
  (logistic(-3.5 + ...), about 3%);
- doing the routine lowers the next day's pain by ``effect`` points (0 or 1), for one day.

The truth judged is the **effect of assignment** (what the as-assigned analysis estimates),
for each simulated person: the same person is run twice with the same noise, the same good
days and the same chances drawn for doing the routine, once on their schedule and once on it
with every pair flipped (so every day has the other condition). For each analysed day the
difference in its outcome between the world where that day was A and the world where it was B
is taken; the truth is the mean over analysed days. With no effect it is exactly 0.

"Everyday logs" are the same people (same noise and good days) without an experiment: they
do the routine when they feel like it, logistic(0.3 + 0.8 (4.5 - pain) + 0.8 good): more on
good days, skipping bad ones. Their journals go through the app's exercise link
(lumbarlog/analysis/links.exercise_effect on daily.daily_series, the finding
``findings.compute`` gives the Trends page), which allows for the day's pain but cannot see
the good days. Its truth is the effect of doing the routine (0 or -1).

    nice -n 19 .venv/bin/python bench/experiments.py                 # 1,000 a cell, 300 logs
    nice -n 19 .venv/bin/python bench/experiments.py --quick         # 200 a cell, 60 logs
    .venv/bin/python bench/experiments.py --experiments 400 --weeks 6 --phis 0.8 --logs 0
    .venv/bin/python bench/experiments.py --experiments 0 --carry 0    # no hidden good days

It prints two markdown tables and exits 0. One process, one core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lumbarlog.analysis import experiment, links, randomisation
from lumbarlog.analysis.daily import daily_series
from lumbarlog.analysis.results import Link
from lumbarlog.analysis.rules import CLEAR
from lumbarlog.domain import catalog, experiments, schema

START = dt.date(2025, 1, 6)  # a Monday
MEAN_PAIN, SPREAD = 4.5, 1.5
MISSING_DAY = 0.1
GOOD_DAY_CARRY = 0.6  # correlation of today's good-day factor with tomorrow's change in pain
OBSERVED_DAYS = (56, 365)  # everyday logs: as long as an 8-week experiment, and a year


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class Noise:
    """What does not depend on the schedule, for ``people`` people over ``days`` days."""

    start: np.ndarray  # (people,)
    change: np.ndarray  # (people, days): the unexplained part of each day's change
    good: np.ndarray  # (people, days)
    chance: np.ndarray  # (people, days): uniform, compared with the chance of doing it
    logged: np.ndarray  # (people, days) bool


def draw_noise(
    rng: np.random.Generator, people: int, days: int, carry: float = GOOD_DAY_CARRY
) -> Noise:
    good = rng.normal(size=(people, days))
    own = rng.normal(size=(people, days))
    # Tomorrow's change in pain is partly today's good day (lower pain after a good day).
    yesterday = np.concatenate([np.zeros((people, 1)), good[:, :-1]], axis=1)
    change = -carry * yesterday + math.sqrt(1 - carry**2) * own
    return Noise(
        start=rng.normal(size=people),
        change=change,
        good=good,
        chance=rng.random((people, days)),
        logged=rng.random((people, days)) >= MISSING_DAY,
    )


def live(
    noise: Noise, phi: float, effect: float, plan: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Recorded pain (people, days) and whether the routine was done, for one world.

    ``plan``: True on A days, False on B days; None for everyday logs without an experiment.
    Pain follows latent[t] = mean + phi (latent[t-1] - mean - eff[t-1]) + eff[t] + noise, with
    eff[t] = -effect if the routine was done on day t-1 (bench/findings.py's model).
    """
    people, days = noise.change.shape
    innovation_sd = SPREAD * math.sqrt(1 - phi**2)
    latent = np.empty((people, days))
    recorded = np.empty((people, days))
    done = np.zeros((people, days), dtype=bool)
    latent[:, 0] = MEAN_PAIN + SPREAD * noise.start
    eff_prev = np.zeros(people)
    for t in range(days):
        if t:
            eff = -effect * done[:, t - 1]
            latent[:, t] = (
                MEAN_PAIN
                + phi * (latent[:, t - 1] - MEAN_PAIN - eff_prev)
                + eff
                + innovation_sd * noise.change[:, t]
            )
            eff_prev = eff
        recorded[:, t] = np.clip(np.rint(latent[:, t]), 0, 10)
        mood = 0.8 * (MEAN_PAIN - recorded[:, t]) + 0.8 * noise.good[:, t]
        if plan is None:
            base = np.full(people, 0.3)
        else:
            base = np.where(plan[:, min(t, plan.shape[1] - 1)], 2.0, -3.5)
            if t >= plan.shape[1]:
                base = np.full(people, -math.inf)  # the experiment is over
        done[:, t] = noise.chance[:, t] < _logistic(base + mood)
    return recorded, done


# --------------------------------------------------------------------------------------------
# The experiment
# --------------------------------------------------------------------------------------------


@dataclass
class ExperimentCell:
    phi: float
    effect: float
    weeks: int
    block_days: int
    pairs: int = 0
    runs: int = 0
    clear: int = 0
    clear_right: int = 0
    covered: int = 0
    truths: list[float] | None = None
    estimates: list[float] | None = None
    adherence_a: float = 0.0
    adherence_b: float = 0.0
    seconds: float = 0.0


def run_experiments(
    question: experiments.Question,
    phi: float,
    effect: float,
    weeks: int,
    block_days: int,
    n: int,
    seed: int,
    carry: float = GOOD_DAY_CARRY,
) -> ExperimentCell:
    began = time.perf_counter()
    rng = np.random.default_rng([seed, int(phi * 10), int(effect), weeks, block_days])
    seeds = rng.integers(0, 2**63 - 1, size=n)
    schedules = [
        experiments.schedule(experiments.make_design(question, START, weeks, block_days, int(s)))
        for s in seeds
    ]
    days = schedules[0].design.days
    plan = np.array([[d.condition == experiments.A for d in s.days] for s in schedules])
    noise = draw_noise(rng, n, days + 1, carry)  # one more day: the last day's next-day pain
    pain, done = live(noise, phi, effect, plan)
    pain_flipped, _ = live(noise, phi, effect, ~plan)
    analysed = np.array([[d.analysed for d in s.days] for s in schedules])
    # The effect of assignment, day by day: the outcome where the day was A minus where it
    # was B, the same noise in both worlds.
    outcome, outcome_flipped = pain[:, 1:], pain_flipped[:, 1:]
    per_day = np.where(plan, outcome - outcome_flipped, outcome_flipped - outcome)
    truths = [float(per_day[i, analysed[i]].mean()) for i in range(n)]
    observed = np.where(noise.logged[:, 1:], outcome, np.nan)
    cell = ExperimentCell(phi, effect, weeks, block_days, schedules[0].design.pairs, runs=n)
    cell.truths, cell.estimates = truths, []
    did = done[:, :days]
    cell.adherence_a = float(did[plan].mean())
    cell.adherence_b = float(1 - did[~plan].mean())
    for i, schedule in enumerate(schedules):
        differences, _ = experiment.pair_differences(schedule, observed[i])
        test = randomisation.randomisation_test(differences)
        cell.estimates.append(test.estimate)
        if test.p_value <= randomisation.ALPHA:
            cell.clear += 1
            cell.clear_right += bool(effect and test.estimate < 0)
        cell.covered += bool(test.ci_low <= truths[i] <= test.ci_high)
    cell.seconds = time.perf_counter() - began
    return cell


# --------------------------------------------------------------------------------------------
# Everyday logs of the same people
# --------------------------------------------------------------------------------------------


@dataclass
class ObservedCell:
    phi: float
    effect: float
    days: int
    journals: int = 0
    given: int = 0
    clear: int = 0
    clear_lower: int = 0
    covered: int = 0
    estimates: list[float] | None = None
    share_done: float = 0.0


def run_everyday(
    exercises: tuple[str, ...], phi: float, effect: float, n: int, seed: int, carry: float
) -> list[ObservedCell]:
    rng = np.random.default_rng([seed, int(phi * 10), int(effect), 0])
    longest = max(OBSERVED_DAYS)
    noise = draw_noise(rng, n, longest, carry)
    pain, done = live(noise, phi, effect, None)
    sitting = np.clip(np.round((7 + rng.normal(0, 2.5, size=(n, longest))) * 2) / 2, 0, 16)
    cells = []
    for days in OBSERVED_DAYS:
        cell = ObservedCell(phi, effect, days, estimates=[])
        cell.share_done = float(done[:, :days].mean())
        dates = pd.date_range(START, periods=days, freq="D")
        for i in range(n):
            logged = noise.logged[i, :days]
            entries = pd.DataFrame(
                {
                    "date": dates[logged],
                    "pain": pain[i, :days][logged].astype("int64"),
                    "sitting_hours": sitting[i, :days][logged],
                    "exercises": pd.Series(
                        [exercises if d else () for d in done[i, :days][logged]], dtype=object
                    ),
                    "notes": pd.Series([""] * int(logged.sum()), dtype=object),
                }
            ).astype(dict(schema.ENTRY_DTYPES))
            link = links.exercise_effect(daily_series(entries, schema.empty_sessions()))
            cell.journals += 1
            if not isinstance(link, Link):
                continue
            cell.given += 1
            cell.estimates.append(link.estimate)
            cell.clear += link.kind == CLEAR
            cell.clear_lower += link.kind == CLEAR and link.estimate < 0
            cell.covered += link.ci_low <= -effect <= link.ci_high
        cells.append(cell)
    return cells


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _rate(part: int, whole: int) -> str:
    if not whole:
        return "-"
    low, high = stats.binomtest(part, whole).proportion_ci(0.95)
    return f"{part / whole:.1%} ({low:.1%}-{high:.1%})"


def experiment_table(cells: list[ExperimentCell]) -> str:
    head = (
        "| phi | doing it lowers pain by | weeks x block days (pairs) | experiments | A days "
        "done / B days "
        "not done | true effect of assignment (mean) | mean estimate | clear at 5% "
        "(false positive or power) | 95% interval covers the truth |\n|" + "---|" * 9
    )
    lines = [head]
    for c in cells:
        assert c.truths is not None and c.estimates is not None
        kind = "false positive" if not c.effect else f"power for {c.effect:g}"
        hits = c.clear_right if c.effect else c.clear
        lines.append(
            f"| {c.phi} | {c.effect:g} | {c.weeks} x {c.block_days} ({c.pairs}) | {c.runs:,} | "
            f"{c.adherence_a:.0%} / {c.adherence_b:.0%} | {np.mean(c.truths):+.2f} | "
            f"{np.nanmean(c.estimates):+.2f} | {kind} {_rate(hits, c.runs)} | "
            f"{_rate(c.covered, c.runs)} |"
        )
    return "\n".join(lines)


def everyday_table(cells: list[ObservedCell]) -> str:
    head = (
        "| phi | doing it lowers pain by | days of everyday logs | journals | routine done on "
        '| link given | clear link | clear "lower after it" | range covers the true effect '
        "| mean estimate |\n|" + "---|" * 10
    )
    lines = [head]
    for c in cells:
        assert c.estimates is not None
        mean = f"{np.mean(c.estimates):+.2f} (truth {0.0 - c.effect:+g})" if c.estimates else "-"
        lines.append(
            f"| {c.phi} | {c.effect:g} | {c.days} | {c.journals:,} | {c.share_done:.0%} | "
            f"{c.given / c.journals:.0%} | {_rate(c.clear, c.given)} | "
            f"{_rate(c.clear_lower, c.given)} | {_rate(c.covered, c.given)} | {mean} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", type=int, default=1000, help="a cell (1,000)")
    parser.add_argument("--logs", type=int, default=300, help="everyday journals a cell (300)")
    parser.add_argument("--quick", action="store_true", help="200 experiments, 60 journals")
    parser.add_argument("--weeks", default="4,6,8", help="experiment lengths (4,6,8)")
    parser.add_argument("--blocks", default="2,3,4", help="block lengths in days (2,3,4)")
    parser.add_argument("--phis", default="0.5,0.8")
    parser.add_argument("--effects", default="0,1", help="points doing it lowers pain (0,1)")
    parser.add_argument(
        "--carry", type=float, default=GOOD_DAY_CARRY, help="good days into tomorrow (0.6)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    n = 200 if args.quick else args.experiments
    logs = 60 if args.quick else args.logs
    weeks = [int(w) for w in args.weeks.split(",") if w]
    blocks = [int(b) for b in args.blocks.split(",") if b]
    # Every design the bounds allow (at least MIN_PAIRS pairs), shortest blocks first.
    designs = [(w, b) for w in weeks for b in blocks if w * 7 // (2 * b) >= experiments.MIN_PAIRS]
    phis = [float(p) for p in args.phis.split(",") if p]
    effects = [float(e) for e in args.effects.split(",") if e]
    question = experiments.question(catalog.load(), "routine:morning_stretches")
    began = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.0f} s] {message}", file=sys.stderr, flush=True)

    if n:
        cells = [
            run_experiments(question, phi, effect, w, b, n, args.seed, args.carry)
            for phi in phis
            for effect in effects
            for w, b in designs
        ]
        progress("experiments done")
        print(experiment_table(cells), flush=True)
        print()
    if logs:
        everyday = []
        for phi in phis:
            for effect in effects:
                everyday += run_everyday(
                    question.routine_exercises, phi, effect, logs, args.seed, args.carry
                )
                progress(f"everyday logs phi {phi} effect {effect:g}")
        print(everyday_table(everyday), flush=True)
    progress("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
