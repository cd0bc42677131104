"""The web interface: server-rendered pages (French first), their static files, and resumable uploads."""
