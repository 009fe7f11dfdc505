"""Inside a network: gradients through time and their history."""
