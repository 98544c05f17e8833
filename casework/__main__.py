"""``python -m casework`` runs the command line."""

from casework.entrypoints.cli import main

main()
