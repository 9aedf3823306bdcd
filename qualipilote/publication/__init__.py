"""What the public reads: frozen snapshots of results, the public results page, poster, open data."""
