package agent

// Builtins is the table of built-in agents, for the external tests.
var Builtins = builtins
