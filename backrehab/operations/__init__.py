"""Site operations above every app: backups and restores, and the demo clinic."""
