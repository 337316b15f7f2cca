package agent_test

import (
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/agent/agenttest"
)

// TestConformance holds every built-in agent to the contract of Agent
// with the suite any agent's tests can call (package agenttest), in every
// built-in scenario and both control modes. (Not every registered agent:
// the examples of this package register their own.)
func TestConformance(t *testing.T) {
	for _, s := range agent.Builtins() {
		t.Run(s.Name, func(t *testing.T) {
			agenttest.Run(t, s, agenttest.Options{})
		})
	}
}
