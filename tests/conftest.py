import sys
from pathlib import Path

# tests/notebook_checks.py is shared with tools/; tests/ is not a package.
sys.path.insert(0, str(Path(__file__).parent))
