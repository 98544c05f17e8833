"""The statutory clocks (期限): the reply period of Reg. art. 33 with its stops, extension and
restarts, the short deadlines (correction notice, correction period, consultation window, fee
payment), and how a case record turns into its clocks and stored dates.

``model`` holds the rules, facts and results; ``counting`` the working-day arithmetic of starts
and stopped spans; ``reply`` the reply clock; ``deadlines`` the short deadlines; ``case`` reads
a case record into them; ``batch`` derives the dates of many cases at once (the recompute).
"""
