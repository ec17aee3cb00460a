"""Static analyses over one function scope at a time: activity, a control-flow graph,
liveness and reaching definitions."""
