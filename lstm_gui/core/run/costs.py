"""What a cell costs at a network's sizes: parameters and multiply-adds, from the settings alone.

The claim that "four dense layers per cell make nets slow" starts from these counts; the cost
claim (core.claims.cost) measures the time they take.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lstm_gui.core.config import GATES_PER_CELL, ModelConfig


@dataclass(frozen=True)
class CellCost:
    """What one cell type costs at a network's sizes, worked out from the settings alone."""

    cell: str
    parameters: int  # the whole network's, the head's included
    macs_per_step: int  # multiply-adds of the recurrent layer(s) per step of one sample

    def macs_per_sample(self, steps: int) -> int:
        """Multiply-adds of the recurrent layer(s) to read one whole sequence."""
        return self.macs_per_step * steps


def recurrent_macs_per_step(config: ModelConfig) -> int:
    """Multiply-adds of the recurrent layer(s) per step: gates x (F*H + H*H), summed.

    The sum runs over layers and directions, F being each layer's input width; biases and the
    gates' element-wise products are left out (they are O(H), the products O(H^2)).
    """
    hidden = config.hidden_size
    directions = 2 if config.bidirectional else 1
    total = 0
    for layer in range(config.num_layers):
        inputs = config.input_size if layer == 0 else hidden * directions
        total += directions * GATES_PER_CELL[str(config.cell)] * (inputs * hidden + hidden * hidden)
    return total


def cell_cost(config: ModelConfig) -> CellCost:
    """Parameters and multiply-adds per step of the network `config` describes."""
    # Imported here: checkpoint_header works out the weights' shapes without building them.
    from lstm_gui.core.run.checkpoint_header import expected_parameter_shapes

    parameters = 0
    for shape in expected_parameter_shapes(config).values():
        count = 1
        for size in shape:
            count *= size
        parameters += count
    return CellCost(str(config.cell), parameters, recurrent_macs_per_step(config))


def cell_costs(config: ModelConfig) -> list[CellCost]:
    """The costs of a plain RNN, a GRU and an LSTM of `config`'s sizes, in that order."""
    return [cell_cost(replace(config, cell=cell)) for cell in ("rnn", "gru", "lstm")]


def format_cell_costs(config: ModelConfig, steps: int) -> list[str]:
    """Lines comparing the cost of each cell at these sizes, this network's marked."""
    lines = [
        f"Cost per cell at these sizes ({steps} steps of {config.input_size} inputs, "
        f"{config.hidden_size} units):",
        f"  {'Cell':<6}{'Params':>12}{'Mult-adds/step':>16}{'Mult-adds/sample':>18}",
    ]
    for cost in cell_costs(config):
        mark = "  <- this model" if cost.cell == config.cell else ""
        lines.append(
            f"  {cost.cell.upper():<6}{cost.parameters:>12,}{cost.macs_per_step:>16,}"
            f"{cost.macs_per_sample(steps):>18,}{mark}"
        )
    return lines
