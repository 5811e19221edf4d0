"""Use cases, one transaction each: take plain values, return plain values, raise named errors."""
