"""Use cases: one function per clerk action, each one unit of work (all or nothing)."""
