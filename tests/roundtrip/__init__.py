"""Helpers of the full-stack round trip (tests/test_roundtrip_fullstack.py)."""
