"""``python -m statuspress.cli``: the statuspress command."""

from . import main

main()
