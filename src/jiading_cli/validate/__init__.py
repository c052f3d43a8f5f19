"""Validation rules: what makes an article right."""
