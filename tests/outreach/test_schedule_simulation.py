"""The issue's measure: a synthetic territory with a known ground truth, twelve simulated months of following the
recommended plan (with its exploration slots) against a fixed rotation through every slot. No database: the plan is
`schedule.choose_slots`, the same function the page uses."""

import math
import random

from outreach import schedule

PLACES, WEEKDAYS, BANDS = range(5), (1, 3, 6), ("afternoon", "evening")
SLOTS = [(place, weekday, band) for place in PLACES for weekday in WEEKDAYS for band in BANDS]  # 30 slots
BEST = {(1, 3, "afternoon"), (3, 6, "evening"), (4, 1, "afternoon")}  # the truly best three
TRUE_RATE = {slot: 3.0 if slot in BEST else 1.0 for slot in SLOTS}  # young people reached per staff-hour
PER_MONTH, SESSIONS_PER_SLOT, STAFF_MINUTES = 8, 4, 360  # 8 slots a month, weekly, 2 staff × 3 h
MONTHS = 12


def poisson(rng, mean):
    """Knuth's method (small means)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def run(pick, seed):
    rng = random.Random(seed)
    sums, history = {}, []
    for month in range(MONTHS):
        minutes = sum(total[1] for total in sums.values())
        prior = sum(total[2] for total in sums.values()) / (minutes / 60) if minutes else schedule.DEFAULT_RATE
        for slot in pick(month, sums, prior):
            for _session in range(SESSIONS_PER_SLOT):
                reached = poisson(rng, TRUE_RATE[slot] * STAFF_MINUTES / 60)
                sessions, staff_minutes, total, new = sums.get(slot, (0, 0, 0, 0))
                sums[slot] = (sessions + 1, staff_minutes + STAFF_MINUTES, total + reached, new)
                history.append((month, slot, reached))
    return history


def recommended(_month, sums, prior):
    chosen, exploration = schedule.choose_slots(
        sums, SLOTS, prior, slots=PER_MONTH, exploration_share=schedule.EXPLORATION_SHARE
    )
    return chosen + exploration


def rotation(month, _sums, _prior):
    start = (month * PER_MONTH) % len(SLOTS)
    return [SLOTS[(start + index) % len(SLOTS)] for index in range(PER_MONTH)]


def share_in_best(history, months):
    sessions = [slot for month, slot, _reached in history if month in months]
    return sum(slot in BEST for slot in sessions) / len(sessions)


def yield_per_staff_hour(history):
    return sum(reached for *_rest, reached in history) / (len(history) * STAFF_MINUTES / 60)


def test_following_the_plan_learns_the_best_slots_and_beats_a_fixed_rotation():
    for seed in (1, 2, 3):
        followed, fixed = run(recommended, seed), run(rotation, seed)
        last_quarter = range(MONTHS - 3, MONTHS)
        # The best three slots are 10 % of the slots (3 of the plan's 8 slots at most: 37.5 %).
        assert share_in_best(followed, last_quarter) >= 0.3
        assert share_in_best(followed, range(0, 1)) < share_in_best(followed, last_quarter)
        assert yield_per_staff_hour(followed) > 1.2 * yield_per_staff_hour(fixed)


def test_the_plan_keeps_exploring():
    history = run(recommended, 7)
    tried = {slot for _month, slot, _reached in history}
    assert len(tried) > 3 * PER_MONTH  # most of the territory was tried at least once
