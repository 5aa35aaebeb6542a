"""python -m support_truth.dashboard: the same as support-truth-dashboard."""

from . import main

raise SystemExit(main())
