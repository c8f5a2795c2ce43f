"""Helpers for the checks that drive real tools: validators, a browser, feed and API clients."""
