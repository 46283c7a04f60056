"""Helpers for the apps' tests (imported by tests only, never by the apps)."""
