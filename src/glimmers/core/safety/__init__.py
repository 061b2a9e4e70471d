"""Reading words for risk, the graded response to them, and the safety plan."""
