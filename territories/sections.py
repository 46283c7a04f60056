"""What the apps above territories add to a collectivity's page.

Territories sits below the apps that record what collectivities do together (the
registry of agreements and twinnings…) and never imports them (docs: STYLE.md, Layering).
Such an app registers, in its AppConfig.ready(), a provider: a callable
`(collectivity, user) -> Section | None`. The page shows each section a provider returns,
in the order they were registered. A provider answers without a query of its own when it
can (links to its lists, filtered on the collectivity): the page's queries stay bounded.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SectionLink:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    """A part of a collectivity's page: the records it lists (`items`, a few, each a link,
    with `detail` beside it), what to say when there are none (`empty`), and links on
    (the whole lists, filtered on the collectivity)."""

    title: str
    links: list[SectionLink] = field(default_factory=list)
    items: list[SectionLink] = field(default_factory=list)
    empty: str = ""


Provider = Callable[[object, object], Section | None]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add `provider` (once, whatever the number of calls)."""
    if provider not in _providers:
        _providers.append(provider)


def sections_for(collectivity, user) -> list[Section]:
    return [section for provider in _providers if (section := provider(collectivity, user)) is not None]
