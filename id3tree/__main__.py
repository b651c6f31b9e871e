"""Run the ``id3tree`` command line: ``python -m id3tree``."""

from ._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
