"""Anonymous demand figures: counters kept apart from personal data, and what they add up to."""
