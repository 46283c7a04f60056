"""The registry's rows of the route × persona matrix (core/testing/matrix.py): records and
the API (route_rows_records), the import (route_rows_import), complementarity, growth and
the map (route_rows_views)."""
from .route_rows_import import ROWS as IMPORT_ROWS
from .route_rows_records import ROWS as RECORD_ROWS
from .route_rows_views import ROWS as VIEW_ROWS

ROWS = [*RECORD_ROWS, *IMPORT_ROWS, *VIEW_ROWS]
