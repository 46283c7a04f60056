from .registry_fixtures import registry  # noqa: F401 (a fixture, for every registry test)
