"""Pacing: each limit's schedule, on a clock the test moves (no real time, no sleeping)."""

from __future__ import annotations

import threading

import pytest

from pulumi_imagesync.provider.errors import CloudError
from pulumi_imagesync.provider.pacing import (
    FLOOR,
    RECOVERY_SECONDS,
    SAFETY,
    UNDOCUMENTED_PACE,
    Limits,
    Pace,
    PaceKey,
    Pacer,
    account_digest,
)

KEY = PaceKey("Huawei Cloud", account_digest("AKIDexample"), "cn-north-4", "swr", "CreateImageSyncRepo")


class FakeTime:
    """A clock that moves only when a caller sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sent: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def throttled(action: str = "CreateImageSyncRepo") -> CloudError:
    return CloudError(
        "Huawei Cloud", "SWR", action, "APIGW.0308", "over ratelimit", retryable=True, throttled=True
    )


def send(pacer: Pacer, time: FakeTime, count: int, *, refuse: bool = False) -> None:
    for _ in range(count):
        try:
            with pacer.turn(KEY, UNDOCUMENTED_PACE):
                time.sent.append(time.now)
                if refuse:
                    raise throttled()
        except CloudError:
            pass


def test_documented_limits_are_paced_at_95_percent_and_the_rest_at_the_default() -> None:
    limits = Limits({("cvm", "SyncImages"): 10})
    assert limits.ceiling("cvm", "SyncImages") == pytest.approx(10 * SAFETY)
    assert limits.ceiling("cvm", "ModifyImageAttribute") == pytest.approx(UNDOCUMENTED_PACE * SAFETY)


def test_calls_are_spaced_evenly_from_the_first_never_in_a_burst() -> None:
    """A burst then the pace would overfill a one-second window ("the first 20 requests of each second")."""
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    send(pacer, time, 30)
    gaps = [b - a for a, b in zip(time.sent, time.sent[1:], strict=False)]
    assert gaps == pytest.approx([1 / UNDOCUMENTED_PACE] * len(gaps))


def test_a_throttled_answer_halves_the_pace_once_per_round_of_calls() -> None:
    time = FakeTime()
    pace = Pace(10.0, time.now)
    epochs = [pace.reserve(time.now)[1] for _ in range(32)]  # thirty-two calls in flight
    slowed = [pace.throttled(epoch, time.now) for epoch in epochs]  # all of them refused
    assert slowed.count(True) == 1
    assert pace.rate(time.now) == 5.0


def test_the_pace_recovers_in_a_straight_line_and_never_passes_its_ceiling() -> None:
    time = FakeTime()
    pace = Pace(10.0, time.now)
    pace.throttled(pace.reserve(time.now)[1], time.now)
    assert pace.rate(time.now) == 5.0
    assert pace.rate(time.now + RECOVERY_SECONDS / 4) == pytest.approx(7.5)
    assert pace.rate(time.now + RECOVERY_SECONDS) == 10.0
    assert pace.rate(time.now + 10 * RECOVERY_SECONDS) == 10.0


def test_repeated_refusals_slow_down_to_the_floor_and_no_further() -> None:
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    send(pacer, time, 40, refuse=True)
    rate = pacer.rate(KEY)
    assert rate is not None and FLOOR <= rate < 1.5 * FLOOR  # what recovers between two refusals
    # Each refusal went out one interval after the one before: no burst.
    assert time.sent[-1] - time.sent[-2] >= 1 / (1.5 * FLOOR)


def test_after_a_refusal_the_next_call_waits_an_interval_of_the_slower_pace() -> None:
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    send(pacer, time, 1, refuse=True)
    send(pacer, time, 1)
    assert time.sent[1] - time.sent[0] == pytest.approx(1 / (UNDOCUMENTED_PACE / 2))


def test_limits_are_per_account_region_and_action() -> None:
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    send(pacer, time, 1, refuse=True)
    others = [
        PaceKey(KEY.cloud, account_digest("AKIDother"), KEY.scope, KEY.service, KEY.action),
        PaceKey(KEY.cloud, KEY.account, "cn-east-3", KEY.service, KEY.action),
        PaceKey(KEY.cloud, KEY.account, KEY.scope, KEY.service, "ListImageAutoSyncReposDetails"),
    ]
    for other in others:
        with pacer.turn(other, UNDOCUMENTED_PACE):
            pass
        assert pacer.rate(other) == UNDOCUMENTED_PACE
    assert pacer.rate(KEY) == UNDOCUMENTED_PACE * 0.5


def test_the_account_is_known_by_a_digest_never_by_its_key() -> None:
    key_id = "AKIDexample"
    assert key_id not in repr(KEY) and account_digest(key_id) == KEY.account


def test_other_errors_do_not_slow_the_pace() -> None:
    time = FakeTime()
    pacer = Pacer(clock=time.clock, sleep=time.sleep)
    with pytest.raises(CloudError), pacer.turn(KEY, UNDOCUMENTED_PACE):
        raise CloudError("Huawei Cloud", "SWR", "CreateImageSyncRepo", "500", "boom", retryable=True)
    assert pacer.rate(KEY) == UNDOCUMENTED_PACE


def test_threads_share_one_schedule() -> None:
    """Sixty-four threads at once: every turn is a distinct instant, the pace is kept."""
    lock = threading.Lock()
    time = FakeTime()
    sent: list[float] = []
    pace = Pace(UNDOCUMENTED_PACE, time.now)

    def reserve() -> None:
        with lock:  # what Pacer does around a pace
            sent.append(pace.reserve(time.now)[0])

    threads = [threading.Thread(target=reserve) for _ in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent.sort()
    assert len(set(sent)) == len(sent)
    assert sent[-1] - sent[0] == pytest.approx((len(sent) - 1) / UNDOCUMENTED_PACE)
