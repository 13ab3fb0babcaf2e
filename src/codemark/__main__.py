"""``python -m codemark`` runs the ``codemark`` command."""

import sys

from codemark.cli import main

sys.exit(main())
