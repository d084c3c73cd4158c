"""Generated stand-ins for the real datasets, used by the demo and the
tests (numpy and Pillow only)."""
