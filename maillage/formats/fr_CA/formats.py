# Québec (OQLF): 27 novembre 2026, 2026-11-27, 1 234,56, 14 h 30 (see fr/formats.py for
# what the pages use).
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "G \\h i"
DATETIME_FORMAT = "j F Y à G \\h i"
SHORT_DATETIME_FORMAT = "Y-m-d G \\h i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 0
