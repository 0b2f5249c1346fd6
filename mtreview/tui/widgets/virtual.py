"""The virtual size of a Line-API view, set without laying out the screen when it can be."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_size(view: ScrollView, size: Size) -> bool:
    """Give ``view`` (which draws its own lines) the virtual ``size``; False if it is laid out.

    Assigning ``virtual_size`` lays out the whole screen and redraws it all (for a step to
    the next segment, or a filter, most of the time). A view that draws its own lines needs
    a layout only when a scroll bar comes or goes (its width changes): the scroll bars'
    own reactive state asks for that layout, so here only they are updated.
    """
    if size == view.virtual_size:
        return True
    bars = (view.show_vertical_scrollbar, view.show_horizontal_scrollbar)
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)  # scroll bars shown or not, sized, scroll offsets kept valid
    return bars == (view.show_vertical_scrollbar, view.show_horizontal_scrollbar)
