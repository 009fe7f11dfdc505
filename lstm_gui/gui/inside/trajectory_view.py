"""State trajectories: the test digits' hidden states in a PCA plane, walked through row by row."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from lstm_gui.core.config import IMAGE_SIDE
from lstm_gui.gui.inside.trajectory_plot import TrajectoryPlot
from lstm_gui.gui.widgets.figure_export import register_figure
from lstm_gui.gui.widgets.labels import wrapped_label
from lstm_gui.gui.widgets.look_for import attach_look_for

if TYPE_CHECKING:
    from lstm_gui.core.inside.trajectories import Trajectories
    from lstm_gui.gui.inside.inside_data import InsideData

PLAY_INTERVAL_MS = 220  # one row per tick: 28 rows in about six seconds
FITS = ("final", "all")  # PcaFit values, in the order the drop-down offers them


class TrajectoryView(QWidget):
    """A scatter of every test digit's state after one row, coloured by class, with a slider.

    The class mean paths grow up to the row shown; a drawn digit's path is drawn over them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: InsideData | None = None
        self._drawn_hidden: np.ndarray | None = None

        self._plot = TrajectoryPlot(self)
        self.figure = register_figure(self._plot, self.tr("State trajectories"))

        self._slider = QSlider(Qt.Orientation.Horizontal, self)
        self._slider.setRange(1, IMAGE_SIDE)
        self._slider.setValue(IMAGE_SIDE)
        self._slider.setAccessibleName(self.tr("Row shown"))
        self._slider.valueChanged.connect(self._on_row_changed)
        self._row_label = QLabel(self)
        self._row_label.setMinimumWidth(110)
        self._play = QPushButton(self.tr("Play"), self)
        self._play.setCheckable(True)
        self._play.setToolTip(self.tr("Walk the cloud through the rows, from the first"))
        self._play.toggled.connect(self._on_play_toggled)
        self._timer = QTimer(self)
        self._timer.setInterval(PLAY_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)
        self._fit = QComboBox(self)
        self._fit.addItem(self.tr("Fit the plane on the final states"), FITS[0])
        self._fit.addItem(self.tr("Fit the plane on all steps"), FITS[1])
        self._fit.setAccessibleName(self.tr("States the plane is fitted on"))
        self._fit.currentIndexChanged.connect(self._on_fit_changed)

        self._plane_text = wrapped_label(parent=self, selectable=True)
        self._separation_text = wrapped_label(parent=self, selectable=True)

        controls = QHBoxLayout()
        controls.addWidget(self._play)
        controls.addWidget(self._slider, 1)
        controls.addWidget(self._row_label)
        left = QVBoxLayout()
        left.addWidget(self._plot, 1)
        left.addLayout(controls)
        right = QVBoxLayout()
        right.addWidget(self._fit)
        right.addWidget(self._plane_text)
        right.addWidget(self._separation_text)
        right.addStretch(1)
        side = QWidget(self)
        side.setLayout(right)
        side.setFixedWidth(340)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(left, 1)
        layout.addWidget(side)
        attach_look_for(self._plot, "inside.trajectories", "inside.separation")
        self.setTabOrder(self._play, self._slider)  # left to right: Play, the rows, the fit
        self.setTabOrder(self._slider, self._fit)
        self._set_controls_enabled(False)
        self._show_row()

    # ------------------------------------------------------------------ public

    def set_data(self, data: InsideData | None) -> None:
        """Show these test digits' trajectories (None: empty the plot)."""
        self._data = data
        self._play.setChecked(False)
        if data is not None:
            entries = data.states.entries
            # The classes first: moving the slider draws the cloud in their colours.
            self._plot.set_classes(data.states.labels, data.classes)
            self._slider.setRange(1, entries)
            self._slider.setValue(entries)
            self._fit_ranges()
        self._set_controls_enabled(data is not None)
        self._show_row()

    def set_drawn_hidden(self, hidden: np.ndarray | None) -> None:
        """The drawn digit's states after each entry (entries, hidden); None: no digit."""
        self._drawn_hidden = hidden
        self._show_row()

    def trajectories(self) -> Trajectories | None:
        """The fit shown now, or None before any data."""
        if self._data is None:
            return None
        from lstm_gui.core.inside.trajectories import PcaFit

        return self._data.trajectories[PcaFit(self._fit.currentData())]

    def row(self) -> int:
        """The entry shown (1-based: rows, then blank steps)."""
        return int(self._slider.value())

    def set_row(self, row: int) -> None:
        """Show the states after entry `row`."""
        self._slider.setValue(row)

    def set_fit(self, fit: str) -> None:
        """Fit the plane on "final" states or on "all" steps."""
        self._fit.setCurrentIndex(FITS.index(fit))

    def is_playing(self) -> bool:
        """Whether the rows are being walked through."""
        return self._timer.isActive()

    def points_shown(self) -> np.ndarray:
        """(N, 2) the cloud's points as drawn now."""
        return self._plot.points_shown()

    def drawn_path_shown(self) -> np.ndarray:
        """(rows so far, 2) the drawn digit's path as drawn now."""
        return self._plot.drawn_path_shown()

    def mean_path_shown(self, digit: int) -> np.ndarray:
        """(rows so far, 2) a class's mean path as drawn now."""
        return self._plot.mean_path_shown(digit)

    def texts(self) -> tuple[str, str]:
        """The plane's and the separation's sentences."""
        return self._plane_text.text(), self._separation_text.text()

    def stop(self) -> None:
        """Stop playing."""
        self._play.setChecked(False)

    # ------------------------------------------------------------------ drawing

    def _set_controls_enabled(self, enabled: bool) -> None:
        for control in (self._slider, self._play, self._fit):
            control.setEnabled(enabled)

    def _fit_ranges(self) -> None:
        paths = self.trajectories()
        if paths is not None:
            self._plot.fit_ranges(paths)

    def _show_row(self) -> None:
        paths = self.trajectories()
        row = self.row()
        self._row_label.setText(self._row_name(row))
        drawn = None
        if paths is not None and self._drawn_hidden is not None:
            if len(self._drawn_hidden) == paths.entries:
                drawn = paths.project_path(self._drawn_hidden)
        self._plot.show_row(paths, row, drawn)
        if paths is None:
            self._plane_text.setText(self.tr("The states appear once the test digits are read."))
            self._separation_text.setText("")
            return
        self._plane_text.setText(self._plane_sentence(paths))
        self._separation_text.setText(self._separation_sentence(paths, row))

    def _row_name(self, entry: int) -> str:
        # A long memory task keeps some of its blank steps: entry e stands for row entry_rows[e].
        states = self._data.states if self._data is not None else None
        row = int(states.entry_rows[entry - 1]) if states is not None else entry
        if row > IMAGE_SIDE:
            return self.tr("blank step {0}").format(row - IMAGE_SIDE)
        return self.tr("row {0} of {1}").format(row, IMAGE_SIDE)

    def _plane_sentence(self, paths: Trajectories) -> str:
        ratio = paths.pca.explained_variance_ratio
        samples = f"{len(paths.labels):,}"
        where = (
            self.tr("the final states of {0} test digits")
            if str(paths.pca.fit) == FITS[0]
            else self.tr("the states after every row of {0} test digits")
        ).format(samples)
        sentence = self.tr(
            "Plane fitted on {where}: component 1 keeps {pc1:.1f}% of their variance, "
            "component 2 {pc2:.1f}%, {both:.1f}% together."
        ).format(
            where=where, pc1=100 * ratio[0], pc2=100 * ratio[1], both=100 * paths.pca.plane_share
        )
        kept = paths.entries - IMAGE_SIDE
        if kept < paths.blank_steps:
            sentence += " " + self.tr(
                "Of the {total} blank steps, {kept} evenly spaced ones are kept, the last among "
                "them."
            ).format(total=f"{paths.blank_steps:,}", kept=kept)
        return sentence

    def _separation_sentence(self, paths: Trajectories, row: int) -> str:
        share = 100 * float(paths.separation[row - 1])
        apart = [str(digit) for digit in paths.apart_at(row)]
        return self.tr(
            "After {row}, {share:.0f}% of the states' spread (all {units} units, not only this "
            "plane) lies between the class means. Classes apart (90% of their digits nearest "
            "their own mean): {apart}."
        ).format(
            row=self._row_name(row),
            share=share,
            units=paths.pca.mean.shape[0],
            apart=", ".join(apart) if apart else self.tr("none yet"),
        )

    # ------------------------------------------------------------------ slots

    def _on_row_changed(self, _row: int) -> None:
        self._show_row()

    def _on_fit_changed(self, _index: int) -> None:
        self._fit_ranges()
        self._show_row()

    def _on_play_toggled(self, playing: bool) -> None:
        self._play.setText(self.tr("Pause") if playing else self.tr("Play"))
        if not playing:
            self._timer.stop()
            return
        if self.row() >= self._slider.maximum():
            self._slider.setValue(1)
        self._timer.start()

    def _on_tick(self) -> None:
        if self.row() >= self._slider.maximum():
            self._play.setChecked(False)
            return
        self._slider.setValue(self.row() + 1)
