"""`python -m saniveld` is the `saniveld` command."""

from saniveld.cli import main

main()
