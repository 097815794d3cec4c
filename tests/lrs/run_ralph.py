"""Start Ralph's LRS API with its file-system backend, for the xAPI tests (run by tests/lrs/lrs_server.py
with the Python of tests/lrs/.venv, never the game's).

`ralph runserver -b fs` as Ralph 5.1.0 ships it writes every POST with the `create` operation,
which its file-system backend refuses once the LRS file exists: only the first POST would ever
be stored. This starts the same app (`ralph.api:app`, its auth, its xAPI 1.0.3 validation) with
that backend appending instead, in one process (no reloader), on the host and port given.
Configuration is Ralph's own environment: RALPH_AUTH_FILE, RALPH_RUNSERVER_BACKEND=fs,
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH.
"""

import sys

import uvicorn  # type: ignore[import-not-found]
from ralph.backends.data.base import BaseOperationType  # type: ignore[import-not-found]
from ralph.backends.lrs.fs import FSLRSBackend  # type: ignore[import-not-found]

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")
