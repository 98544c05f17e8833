"""The application (申请, Reg. arts. 29 and 31): what a new application must carry, the words of
the desk (applicant types, identity documents, channels), identity-number checks and masking.
"""
