"""The annual report and registers (年度报告、台账): tables 三 and 四 of the State Council's
form with their checks, the clerk's statistics and the art. 44 candidates for proactive
disclosure.
"""
