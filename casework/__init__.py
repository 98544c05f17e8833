"""casework: workflow engine for on-request disclosure of government information (政府信息依申请公开)."""

import os

# pydantic 2 scans the entry points of every installed distribution for its plugins when it
# builds the first model (pydantic/plugin/_loader.py: ~15 ms of every command's start-up,
# issue #18). casework uses no pydantic plugin, so the scan is switched off before casework's
# settings models are built; a deployment that sets the variable itself keeps its own value.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
