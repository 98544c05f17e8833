"""The workflow (办理流程): the state machine of a case as data (登记 … 归档) with its named
conditions, and the outcome catalogue (办理结果) that letters and the annual report read.

``guards`` holds the named conditions, ``definition`` the validated workflow file, ``machine``
the one machine that moves every case; ``outcomes`` holds one outcome and the statutory
vocabulary, ``catalogue`` the loaded catalogue and ``catalogue_checks`` the checks of its file.
"""
