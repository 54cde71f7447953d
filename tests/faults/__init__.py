"""Fault tests: every fault kind against every resource (issue 7)."""
