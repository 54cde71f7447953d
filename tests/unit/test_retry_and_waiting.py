"""Retries, waits and clean-up: the machinery every resource's cloud calls go through (pacing: test_pacing)."""

from __future__ import annotations

import threading

import pytest

from pulumi_imagesync.provider.errors import (
    CleanupIncompleteError,
    CloudError,
    OperationFailedError,
    WaitTimeoutError,
)
from pulumi_imagesync.provider.retry import RetryPolicy, call_with_retry
from pulumi_imagesync.provider.rollback import rollback_on_failure
from pulumi_imagesync.provider.waiting import Backoff, Deadline, run_parallel, wait_for

FAST = RetryPolicy(max_attempts=5, base_delay=0.001, max_delay=0.002, total_seconds=5)


def error(code: str, **kw: bool) -> CloudError:
    return CloudError("Tencent Cloud", "TCR", "DuplicateImage", code, "msg", "req-1", **kw)


def test_throttling_is_retried_until_it_clears() -> None:
    answers = [error("RequestLimitExceeded", retryable=True)] * 3 + ["done"]

    def call() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert call_with_retry(call, policy=FAST) == "done"
    assert answers == []


def test_a_non_retryable_error_is_raised_at_once() -> None:
    calls = []

    def call() -> None:
        calls.append(1)
        raise error("InvalidParameter")

    with pytest.raises(CloudError, match="InvalidParameter"):
        call_with_retry(call, policy=FAST)
    assert calls == [1]


def test_retries_stop_after_max_attempts() -> None:
    calls = []

    def call() -> None:
        calls.append(1)
        raise error("InternalError", retryable=True)

    with pytest.raises(CloudError):
        call_with_retry(call, policy=FAST)
    assert len(calls) == FAST.max_attempts


def test_an_ambiguous_failure_is_not_repeated_when_the_call_took_effect() -> None:
    calls = []

    def create() -> str:
        calls.append(1)
        raise error("ClientNetworkError", retryable=True, maybe_applied=True)

    assert call_with_retry(create, policy=FAST, already_applied=lambda: "found") == "found"
    assert calls == [1]


def test_the_error_line_names_cloud_action_code_message_and_request_id() -> None:
    text = str(
        CloudError("Tencent Cloud", "TCR", "ManageReplication", "InvalidParameter", "bad\nname", "abc-1")
    )
    assert (
        text == "Tencent Cloud TCR ManageReplication failed: InvalidParameter: bad name (request id: abc-1)"
    )


def test_wait_for_polls_until_done_with_growing_intervals() -> None:
    sleeps: list[float] = []
    states = iter(["SYNCING", "SYNCING", "SYNCING", "NORMAL"])
    result = wait_for(
        lambda: next(states),
        done=lambda s: s == "NORMAL",
        deadline=Deadline(60),
        what="copy",
        sleep=sleeps.append,
    )
    assert result == "NORMAL"
    assert sleeps == [0.25, 0.375, 0.5625]


def test_wait_for_fails_on_a_failed_state_and_on_the_deadline() -> None:
    with pytest.raises(OperationFailedError, match="copy in ap-shanghai failed: CREATEFAILED"):
        wait_for(
            lambda: "CREATEFAILED",
            done=lambda s: s == "NORMAL",
            failed=lambda s: s if s == "CREATEFAILED" else None,
            deadline=Deadline(60),
            what="copy in ap-shanghai",
        )
    with pytest.raises(WaitTimeoutError, match=r"timed out after 0.05s waiting for copy"):
        wait_for(
            lambda: "SYNCING",
            done=lambda s: s == "NORMAL",
            deadline=Deadline(0.05),
            what="copy",
            backoff=Backoff(0.01, 1, 0.01),
        )


def test_parallel_tasks_overlap_and_every_outcome_is_kept() -> None:
    started = threading.Barrier(3, timeout=5)  # all three must be running at once

    def task(name: str) -> str:
        started.wait()
        if name == "b":
            raise RuntimeError("b failed")
        return name.upper()

    outcomes = run_parallel({n: (lambda n=n: task(n)) for n in "abc"})
    assert outcomes["a"].value == "A" and outcomes["c"].value == "C"
    assert isinstance(outcomes["b"].error, RuntimeError)


def test_rollback_undoes_in_reverse_and_names_what_it_could_not_undo() -> None:
    undone: list[str] = []

    def fail() -> None:
        raise RuntimeError("still there")

    with pytest.raises(CleanupIncompleteError) as caught, rollback_on_failure() as rollback:
        rollback.add("copy in ap-a", lambda: undone.append("a"))
        rollback.add("copy in ap-b", fail)
        rollback.add("copy in ap-c", lambda: undone.append("c"))
        raise OperationFailedError("copy in ap-d failed")
    assert undone == ["c", "a"]
    assert "copy in ap-d failed" in str(caught.value) and "copy in ap-b (still there)" in str(caught.value)


def test_a_complete_rollback_re_raises_the_original_error() -> None:
    with pytest.raises(OperationFailedError), rollback_on_failure() as rollback:
        rollback.add("x", lambda: None)
        raise OperationFailedError("boom")


def test_progress_times_the_next_poll_for_the_estimated_end() -> None:
    # A copy of 60 s reporting linear progress: once a tenth is done, the waiter sleeps until the
    # estimated end (at most three back-off maxima) instead of growing its interval blindly.
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    def poll() -> float:
        return min(1.0, now[0] / 60)

    wait_for(
        poll,
        done=lambda p: p >= 1.0,
        progress=lambda p: p,
        deadline=Deadline(600),
        what="copy",
        sleep=sleep,
        clock=lambda: now[0],
        backoff=Backoff(0.25, 1.5, 20),
    )
    assert sum(sleeps) < 60 * 1.05  # the end is noticed soon after it happens
    assert len(sleeps) <= 10  # against 60 polls at one a second
    assert max(sleeps) <= 60  # never longer than three back-off maxima
