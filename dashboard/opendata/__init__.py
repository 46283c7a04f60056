"""Open data: what is published, in formats others reuse (issue 13).

- `iati.py`: the published projects and the fund's money as IATI 2.03 activities;
- `geojson.py`: the collectivities partner of a published project, and the published
  agreements and twinnings, as GeoJSON (RFC 7946).

Both read published records only, whoever asks: an export is the same file for everyone.
The registry of collectivities has no coordinates of its own; every point is the région's
place shipped in registry/data/regions.csv (its chef-lieu, two decimals), see `places.py`.
"""
