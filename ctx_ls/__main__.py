import sys

from ctx_ls.cli import main

sys.exit(main())
