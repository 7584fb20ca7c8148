from tools.record.cli import main

raise SystemExit(main())
