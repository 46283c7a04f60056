# France: 27 novembre 2026, 27/11/2026, 14 h 30, 1 234,56. Pages write dates with
# core/dates.py (« 1er janvier », « févr. »), which no format string can say; these are
# the numeric forms of the fields and what Django's admin shows.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "G \\h i"
DATETIME_FORMAT = "j F Y à G \\h i"
SHORT_DATETIME_FORMAT = "d/m/Y G \\h i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
