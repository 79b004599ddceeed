"""From a person's answers to a Vitec payload."""
