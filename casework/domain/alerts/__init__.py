"""Deadline alerts (期限提醒): which alerts a case has on a date and at which level, the
agency's deadlines behind them, and who receives each alert on which channel.
"""
