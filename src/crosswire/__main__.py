"""``python -m crosswire``: the command line (cli.py)."""

from crosswire.cli import main

if __name__ == "__main__":
    main()
