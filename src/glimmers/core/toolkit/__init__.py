"""The reconnection toolkit: the plan, activation, goals, pleasures, exercises, experiments, guides, shared words."""
