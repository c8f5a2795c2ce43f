"""``python -m generator.cli``: the statuspress command."""

from . import main

main()
