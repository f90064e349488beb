"""`python -m kzpolicy_gen` works like the `kzpolicy-gen` command."""

from kzpolicy_gen.cli import main

raise SystemExit(main())
