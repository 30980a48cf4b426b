"""Lowest layer: settings, errors, shared types and German text utilities; imports nothing of the project."""
