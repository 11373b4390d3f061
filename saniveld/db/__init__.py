"""Storage: the schema (one file) and engines."""
