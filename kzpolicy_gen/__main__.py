"""`python -m kzpolicy_gen` works like the `kzpolicy-gen` command."""

from kzpolicy_gen.cli import main

if __name__ == "__main__":  # guarded: worker processes import this module under another name
    raise SystemExit(main())
