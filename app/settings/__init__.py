"""Every setting declared once, read from the environment and checked at start-up."""
