"""Adapters: the database, documents, calendar data, scheduler and notifiers.

Library errors are translated into ``casework.errors`` here, where the library is called.
"""
