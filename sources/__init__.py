"""Feed I/O adapters: HTTP fetching, the landing zone, the parse process pool, landed manifests, the feeds
file and OPML, the loopback server of the demo."""
