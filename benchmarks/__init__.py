"""On-demand benchmarks (`scripts/bench`); figures go into the README, never into tests."""
