"""The matching app's rows of the route × persona matrix: pages (route_rows_pages) and
suggestions (route_rows_suggestions)."""
from .route_rows_pages import ROWS as PAGE_ROWS
from .route_rows_suggestions import ROWS as SUGGESTION_ROWS

ROWS = [*PAGE_ROWS, *SUGGESTION_ROWS]
