// Reading the event schedule.

package world

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/goccy/go-yaml/ast"
)

// ---- events ----

const eventExample = "{at_step: 100, open: [a]}"

func (p *mazeParser) events(v ast.Node) {
	if _, null := v.(*ast.NullNode); null || v == nil {
		return
	}
	items, ok := p.sequence(v, "events", "a list of events such as - "+eventExample)
	if !ok {
		return
	}
	for _, item := range items {
		if p.full {
			return
		}
		if e, ok := p.event(item); ok {
			p.s.Events = append(p.s.Events, e)
		}
	}
}

// eventKeys are an event's keys: its time, then its changes.
const (
	timeKeys   = "at_step, at_trial, every, times, chance"
	changeKeys = "open, close, reward, cheese, add_walls, remove_walls, rat, maze, probe"
)

// event reads one event mapping. An event with a problem is reported and
// left out, so that Validate does not report its consequences.
func (p *mazeParser) event(n ast.Node) (Event, bool) {
	e := Event{AtStep: -1}
	pos := p.nodePos(n)
	e.Line, e.Col = pos.Line, pos.Col
	values, ok := p.mapping(n, "the event", "a mapping such as "+eventExample)
	if !ok {
		return e, false
	}
	if values == nil {
		p.addf(pos, "", "an empty event, expected a mapping such as %s", eventExample)
		return e, false
	}
	before := len(p.errs)
	var hasStep, hasTrial, hasTimes bool
	var itemsPos Pos
	p.entries(values, "the event", func(key string, kpos Pos, v ast.Node) {
		switch key {
		case "at_step":
			if n, ok := p.integer(v, key, 0, MaxStep); ok {
				e.AtStep, hasStep = n, true
			}
		case "at_trial":
			if n, ok := p.integer(v, key, 1, MaxTrial); ok {
				e.AtTrial, hasTrial = int(n), true
			}
		case "every":
			if n, ok := p.integer(v, key, 1, MaxStep); ok {
				e.Every = n
			}
		case "times":
			if n, ok := p.integer(v, key, 1, MaxStep); ok {
				e.Times, hasTimes = n, true
			}
		case "chance":
			if x, ok := p.number(v, key, 0, 1); ok {
				if x == 0 {
					p.addf(p.nodePos(v), "", "chance 0 never fires, expected a probability above 0 and at most 1")
					return
				}
				e.Chance = x
				if x == 1 {
					e.Chance = 0
				}
			}
		case "cycle", "choose":
			if e.Items != nil {
				p.addf(kpos, "", "the event has both cycle and choose, expected one of them")
				return
			}
			e.Items = p.items(v, key)
			e.Random = key == "choose"
			itemsPos = kpos
		default:
			if !p.change(&e, key, kpos, v) {
				p.addf(kpos, "", "unknown event key %q, expected one of %s, cycle, choose, %s", key, timeKeys, changeKeys)
			}
		}
	})
	if len(p.errs) > before {
		return e, false
	}
	switch {
	case hasStep && hasTrial:
		p.addf(pos, "", "the event has both at_step and at_trial, expected one of them")
		return e, false
	case !hasStep && !hasTrial:
		p.addf(pos, "", "the event has no time, expected at_step (0 or more) or at_trial (1 or more)")
		return e, false
	case hasTimes && e.Every == 0:
		p.addf(pos, "", "the event has times but no every, expected every: N with times: %d", e.Times)
		return e, false
	case e.Items != nil && len(e.Items) == 0:
		p.addf(itemsPos, "", "an empty list of changes, expected at least one such as [{maze: b.maze}]")
		return e, false
	case e.Probe > 0 && !hasTrial:
		p.addf(pos, "", "a probe at a step, expected probe in an event at_trial (a probe is a whole trial)")
		return e, false
	}
	for _, it := range e.Items {
		if it.Probe > 0 && !hasTrial {
			p.addf(pos, "", "a probe at a step, expected probe in an event at_trial (a probe is a whole trial)")
			return e, false
		}
	}
	if e.Times == 1 {
		e.Every, e.Times = 0, 0 // once
	}
	return e, true
}

// change reads one change key of an event or of an item; it reports
// whether key is one.
func (p *mazeParser) change(e *Event, key string, kpos Pos, v ast.Node) bool {
	switch key {
	case "open":
		e.Open = p.letters(v, key)
	case "close":
		e.Close = p.letters(v, key)
	case "reward":
		e.Reward = p.rewardChange(v)
	case "cheese":
		items, ok := p.sequence(v, key, "a list of cells such as [[0, 8], [3, 4]] (or [] for none)")
		if ok {
			e.Cheese = make([]Cell, 0, len(items))
		}
		for _, it := range items {
			if c, ok := p.cell(it, "a cheese cell"); ok {
				e.Cheese = append(e.Cheese, c)
			}
		}
	case "add_walls", "remove_walls":
		e.Walls = append(e.Walls, p.walls(v, key, key == "add_walls")...)
	case "rat":
		if c, ok := p.cell(v, "the rat's cell"); ok {
			e.Rat = &c
		}
	case "maze":
		text, vpos, ok := p.scalar(v, "maze", "the name of a maze: a file, a built-in scenario or an entry of mazes")
		if !ok {
			return true
		}
		if text == "" {
			p.addf(vpos, "", "maze is empty, expected the name of a maze file such as b.maze")
			return true
		}
		e.Maze = &MazeRef{Name: text}
		p.mazeUses = append(p.mazeUses, mazeUse{ref: e.Maze, pos: vpos})
	case "probe":
		if n, ok := p.integer(v, key, 1, MaxStep); ok {
			e.Probe = n
		}
	default:
		return false
	}
	return true
}

// items reads the list of changes of cycle or choose.
func (p *mazeParser) items(v ast.Node, key string) []Event {
	list, ok := p.sequence(v, key, "a list of changes such as [{maze: b.maze}, {maze: c.maze}]")
	if !ok {
		return nil
	}
	if len(list) > MaxItems {
		p.addf(p.nodePos(v), "", "%d changes in %s, expected at most %d", len(list), key, MaxItems)
		return nil
	}
	out := make([]Event, 0, len(list))
	for _, n := range list {
		values, ok := p.mapping(n, "a change in "+key, "a mapping of changes such as {maze: b.maze} or {open: [a]}")
		if !ok {
			continue
		}
		ipos := p.nodePos(n)
		it := Event{AtStep: -1, Line: ipos.Line, Col: ipos.Col}
		if values == nil {
			p.addf(ipos, "", "an empty change in %s, expected a mapping such as {open: [a]}", key)
			continue
		}
		p.entries(values, "the change", func(k string, kpos Pos, v ast.Node) {
			if !p.change(&it, k, kpos, v) {
				p.addf(kpos, "", "unknown key %q in a change of %s, expected one of %s (the time belongs to the event)", k, key, changeKeys)
			}
		})
		out = append(out, it)
	}
	return out
}

// number reads a finite decimal number in lo..hi.
func (p *mazeParser) number(v ast.Node, what string, lo, hi float64) (float64, bool) {
	expected := fmt.Sprintf("a number in %g..%g", lo, hi)
	text, pos, ok := p.scalar(v, what, expected)
	if !ok {
		return 0, false
	}
	x, err := ParseFloat(text)
	switch {
	case err != nil:
		p.addf(pos, "", "%s %q is not a finite number, expected %s", what, text, expected)
		return 0, false
	case x < lo || x > hi:
		p.addf(pos, "", "%s %s is out of range, expected %s", what, text, expected)
		return 0, false
	}
	return x, true
}

// integer reads a decimal integer in lo..hi.
func (p *mazeParser) integer(v ast.Node, what string, lo, hi int64) (int64, bool) {
	expected := fmt.Sprintf("an integer in %d..%d", lo, hi)
	text, pos, ok := p.scalar(v, what, expected)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(text, 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange):
		p.addf(pos, "", "%s %s is out of range, expected %s", what, text, expected)
		return 0, false
	case err != nil:
		p.addf(pos, "", "%s %q is not an integer, expected %s", what, text, expected)
		return 0, false
	case n < lo || n > hi:
		p.addf(pos, "", "%s %d is out of range, expected %s", what, n, expected)
		return 0, false
	}
	return n, true
}

// letters reads a list of door letters.
func (p *mazeParser) letters(v ast.Node, what string) []byte {
	const expected = "a list of door letters such as [a, b]"
	items, ok := p.sequence(v, what, expected)
	if !ok {
		return nil
	}
	out := make([]byte, 0, len(items))
	for _, it := range items {
		text, pos, ok := p.scalar(it, "a door in "+what, "a letter a..z")
		if !ok {
			continue
		}
		if len(text) != 1 || !isDoorLetter(text[0]) {
			p.addf(pos, "", "%q in %s is not a door letter, expected a letter a..z", text, what)
			continue
		}
		out = append(out, text[0])
	}
	return out
}

func (p *mazeParser) rewardChange(v ast.Node) *RewardChange {
	values, ok := p.mapping(v, "reward", "a mapping such as {cheese: 1.0, step: 0, bump: -0.1}")
	if !ok {
		return nil
	}
	rc := &RewardChange{}
	p.entries(values, "reward", func(key string, kpos Pos, v ast.Node) {
		var field **float64
		switch key {
		case "cheese":
			field = &rc.Cheese
		case "step":
			field = &rc.Step
		case "bump":
			field = &rc.Bump
		default:
			p.addf(kpos, "", "unknown reward %q, expected cheese, step or bump", key)
			return
		}
		const expected = "a number in -1e+06..1e+06"
		text, pos, ok := p.scalar(v, "reward."+key, expected)
		if !ok {
			return
		}
		x, err := ParseFloat(text)
		switch {
		case err != nil:
			p.addf(pos, "", "reward.%s %q is not a finite number, expected %s", key, text, expected)
		case x < -1e6 || x > 1e6:
			p.addf(pos, "", "reward.%s %s is out of range, expected %s", key, text, expected)
		default:
			*field = &x
		}
	})
	return rc
}

// cellInt reads a row or column number.
func (p *mazeParser) cellInt(v ast.Node, what string) (int, bool) {
	text, pos, ok := p.scalar(v, what, "an integer")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		// Cells outside the grid are Validate's to report.
		p.addf(pos, "", "%s %q is not an integer, expected a row or column number", what, text)
		return 0, false
	}
	return n, true
}

// cell reads [row, col].
func (p *mazeParser) cell(v ast.Node, what string) (Cell, bool) {
	items, ok := p.sequence(v, what, "[row, col]")
	if !ok {
		return Cell{}, false
	}
	if len(items) != 2 {
		p.addf(p.nodePos(v), "", "%s has %d numbers, expected [row, col]", what, len(items))
		return Cell{}, false
	}
	r, ok1 := p.cellInt(items[0], "the row")
	c, ok2 := p.cellInt(items[1], "the column")
	return Cell{r, c}, ok1 && ok2
}

// walls reads a list of wall changes: [row, col, side] in a thin-wall maze,
// [row, col] in a block maze, either when the layout is missing.
func (p *mazeParser) walls(v ast.Node, what string, add bool) []WallChange {
	expected := "a list such as [[2, 3, E]] ([row, col, side] with side N, E, S or W)"
	if p.styleKnown && p.style == Blocks {
		expected = "a list of cells such as [[2, 3]] ([row, col]: walls are cells in a block maze)"
	}
	items, ok := p.sequence(v, what, expected)
	if !ok {
		return nil
	}
	out := make([]WallChange, 0, len(items))
	for _, it := range items {
		parts, ok := p.sequence(it, "a wall in "+what, expected)
		if !ok {
			continue
		}
		pos := p.nodePos(it)
		switch {
		case len(parts) == 3 && p.styleKnown && p.style == Blocks:
			p.addf(p.nodePos(parts[2]), "", "a side in a block maze's wall, expected [row, col]: walls are cells in a block maze")
			continue
		case len(parts) == 2 && p.styleKnown && p.style == ThinWalls:
			p.addf(pos, "", "a wall without a side, expected [row, col, side] with side N, E, S or W")
			continue
		case len(parts) != 2 && len(parts) != 3:
			p.addf(pos, "", "a wall of %d values, expected %s", len(parts), expected)
			continue
		}
		r, ok1 := p.cellInt(parts[0], "the row")
		c, ok2 := p.cellInt(parts[1], "the column")
		wc := WallChange{Cell: Cell{r, c}, Add: add}
		ok3 := true
		if len(parts) == 3 {
			var text string
			var spos Pos
			text, spos, ok3 = p.scalar(parts[2], "the side", "N, E, S or W")
			if ok3 {
				wc.Side, ok3 = ParseSide(text)
				if !ok3 {
					p.addf(spos, "", "the side %q is not a side, expected N, E, S or W", text)
				}
			}
		}
		if ok1 && ok2 && ok3 {
			out = append(out, wc)
		}
	}
	return out
}
