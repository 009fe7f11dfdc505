"""The Inside tab: the network's states, units and interventions seen across many test digits."""
