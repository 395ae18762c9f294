from teamboard.cli import main

raise SystemExit(main())
