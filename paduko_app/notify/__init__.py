"""Notifications: the outbox table and the adapters that deliver its messages."""
