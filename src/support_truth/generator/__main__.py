"""`python -m support_truth.generator`: the same as support-truth-generate."""

from .cli import main

raise SystemExit(main())
