"""``python -m newsl10n``."""

from newsl10n.cli import main

if __name__ == "__main__":
    main()
