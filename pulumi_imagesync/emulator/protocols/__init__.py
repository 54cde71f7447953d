"""Cloud wire protocols: how each cloud signs, routes, envelopes and fails requests."""
