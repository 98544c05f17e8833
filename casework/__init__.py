"""casework: workflow engine for on-request disclosure of government information (政府信息依申请公开)."""
