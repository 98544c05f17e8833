"""The case record (案件): the application's registered data, its applicant, its journal events,
the typed, dated decisions taken on it (补正、征求意见、延期、收费、答复 …) and the remedy
proceedings about it.  Plain data: ``casework.adapters.orm`` maps it, everything else reads it.
"""
