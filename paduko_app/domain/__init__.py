"""Pure domain code: no Reflex, no database. Returns message ids, never sentences."""
