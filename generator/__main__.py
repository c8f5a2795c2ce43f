"""``python -m statuspress``: the statuspress command."""

from .cli import main

main()
