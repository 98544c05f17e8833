"""The working calendar (工作日): national holidays and make-up working days by year, with their
provenance, and the calendar data files that bring years the installed package does not know.
"""
