"""Reflex state classes: thin glue from browser events to services."""
