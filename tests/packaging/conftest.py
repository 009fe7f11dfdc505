"""What the packaging tests share: reading a self-test's report."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from lstm_gui import selftest

CHECK_NAMES = [name for name, _ in selftest.CHECKS]


def _checks_with_verdict(stdout: str, verdict: str) -> list[str]:
    """The names of the checks reported as `verdict` ("PASS" or "FAIL"), in order."""
    prefix = f"{verdict} "
    return [
        line.removeprefix(prefix).split(": ", 1)[0]
        for line in stdout.splitlines()
        if line.startswith(prefix)
    ]


@pytest.fixture
def assert_self_test_passed() -> Callable[[subprocess.CompletedProcess[str]], None]:
    """Check a `--self-test` run: exit status 0, and every check of this version passed."""

    def check(result: subprocess.CompletedProcess[str]) -> None:
        report = result.stdout + result.stderr
        assert result.returncode == 0, report
        passed = _checks_with_verdict(result.stdout, "PASS")
        assert _checks_with_verdict(result.stdout, "FAIL") == [], report
        assert passed == CHECK_NAMES, report
        assert result.stdout.splitlines()[-1] == f"self-test: {len(passed)} passed, 0 failed"

    return check
