"""Getting a payload to Vitec."""
