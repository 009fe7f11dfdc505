"""Reading digits: drawings to 28x28, inference, row experiments, the scan record."""
