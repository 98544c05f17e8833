"""Pure, deterministic legal rules: no database, no files, no clock reads, no settings.

Today's date, the working calendar, the workflow definition and the outcome catalogue are
passed in by the caller.
"""
