"""``python -m casework`` runs the command line."""

from casework.start_up import pause_collection

# Before the CLI's own imports (click and the command table): start-up collects no cycles
# until the first database engine ends it (casework.start_up; issue 18).
pause_collection()

from casework.entrypoints.cli import main  # noqa: E402

main()
