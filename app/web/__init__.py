"""Thin blueprints: route, validate, hand over, redirect."""
