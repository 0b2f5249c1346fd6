"""The virtual size and scroll bar of a Line-API view, updated without needless repaints."""

from __future__ import annotations

from math import ceil

from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget


def set_virtual_size(view: ScrollView, size: Size) -> bool:
    """Give ``view`` (which draws its own lines) the virtual ``size``; False if it is laid out.

    Assigning ``virtual_size`` lays out the whole screen and redraws it all (for a step to
    the next segment, or a filter, most of the time). A view that draws its own lines needs
    a layout only when a scroll bar comes or goes (its width changes): the scroll bars'
    own reactive state asks for that layout, so here only they are updated. A scroll bar
    that stays is repainted only when it looks different (see :func:`_size_bars`).
    """
    if size == view.virtual_size:
        return True
    bars = (view.show_vertical_scrollbar, view.show_horizontal_scrollbar)
    view.set_reactive(Widget.virtual_size, size)
    view._refresh_scrollbars()
    if bars != (view.show_vertical_scrollbar, view.show_horizontal_scrollbar):
        view._scroll_update(size)  # Textual's own: bars sized, scroll offsets kept valid
        return False
    _size_bars(view, size)
    return True


def _size_bars(view: ScrollView, size: Size) -> None:
    """Textual's ``_scroll_update`` for bars that stay, the vertical one repainted only if changed.

    Over a long list a new length (a filter) seldom moves the thumb by a cell: the bar is
    drawn for its old and new sizes (as :func:`move_thumb` does for a new position) and
    repainted only when they differ (a whole column through styles, compositor and terminal).
    """
    width, height = view.container_size
    if view.show_vertical_scrollbar and view.styles.scrollbar_size_vertical:
        bar = view.vertical_scrollbar
        before = _drawn(bar, bar.position)
        bar.set_reactive(ScrollBar.window_virtual_size, size.height)
        bar.set_reactive(ScrollBar.window_size, height - view.scrollbar_size_horizontal)
        if _drawn(bar, bar.position) != before:
            bar.refresh()
    if view.show_horizontal_scrollbar and view.styles.scrollbar_size_horizontal:
        across = view.horizontal_scrollbar
        across.window_virtual_size = size.width
        across.window_size = width - view.scrollbar_size_vertical
        across.refresh()
    view.scroll_x = view.validate_scroll_x(view.scroll_x)
    view.scroll_y = view.validate_scroll_y(view.scroll_y)


def move_thumb(view: ScrollView, y: float) -> None:
    """Put ``view``'s vertical scroll bar at ``y``, repainting it only if it looks different.

    Textual repaints the whole bar at every scroll (a full column of lines run through the
    styles, the compositor and the terminal), yet over a long list the thumb moves a cell
    only every few thousand lines: the bar is drawn for both positions (Textual's own
    :meth:`ScrollBarRender.render_bar`, as the bar draws itself) and repainted only when they
    differ. Its position is kept either way (dragging the thumb starts from it).
    """
    if not view.show_vertical_scrollbar:
        return
    bar = view.vertical_scrollbar
    position = bar.validate_position(y)
    if _drawn(bar, position) == _drawn(bar, bar.position):
        bar.set_reactive(ScrollBar.position, position)
    else:
        bar.position = position


def _drawn(bar: ScrollBar, position: float) -> list[Segment]:
    """The cells of vertical ``bar`` with its thumb at ``position`` (default colours)."""
    window = bar.window_size if bar.window_size < bar.window_virtual_size else 0
    drawn = bar.renderer.render_bar(
        size=bar.size.height,
        virtual_size=ceil(bar.window_virtual_size),
        window_size=ceil(window),
        position=position,
        thickness=bar.thickness,
        vertical=True,
    )
    return drawn.segments
