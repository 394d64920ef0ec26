package main

// The MMU oracle: minimum mutator utilization from Go's own trace parser
// (golang.org/x/exp/trace), with the choices of `go tool trace`'s MMU view
// (GC stop-the-world pauses, background mark workers, mark assists; all Ps
// as one function), built as intervals rather than as the running counts
// goforensics keeps, and searched by brute force:
//
//	trace_oracle -mmu WINDOWS TRACE
//	window <window ns> <mmu>   each of WINDOWS (comma-separated ns)
//	window <window ns> none    when the trace never states GOMAXPROCS
//
// `go tool trace` itself is no oracle here: it counts a mark worker's P
// once more each time the worker is labelled after its first run, so its
// function drops to 0 for good within milliseconds.
//
// The model: a goroutine takes the P it runs on from the program while it
// is in a mark assist, or while it is a background mark worker whose last
// label is a marking mode ("GC (dedicated)", "GC (fractional)"; not
// "GC (idle)"). A GC stop-the-world takes every P. The function starts at
// the first GOMAXPROCS and ends at the trace's last event.

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/exp/trace"
)

// span is [begin, end) on a P; end < 0 while open.
type span struct {
	begin, end int64
	p          int64
}

// goroutineSpans are what the trace says of one goroutine.
type goroutineSpans struct {
	running []span // where it ran (P -1: without one)
	assist  []span // when it was in a mark assist (P unused)
	marking []span // when its last worker label was a marking mode (P unused)
}

func open(list []span) bool { return len(list) > 0 && list[len(list)-1].end < 0 }

func closeSpan(list []span, t int64) {
	if open(list) {
		list[len(list)-1].end = t
	}
}

type procsChange struct{ time, n int64 }

type model struct {
	gs        map[trace.GoID]*goroutineSpans
	stw       []span
	procs     []procsChange
	last      int64
	seenProcs bool
}

func (m *model) g(id trace.GoID) *goroutineSpans {
	g := m.gs[id]
	if g == nil {
		g = &goroutineSpans{}
		m.gs[id] = g
	}
	return g
}

func executing(s trace.GoState) bool { return s == trace.GoRunning || s == trace.GoSyscall }

// runsOn records that g runs on p from t (a transition, or an event g wrote).
func (g *goroutineSpans) runsOn(p int64, t int64) {
	if open(g.running) && g.running[len(g.running)-1].p == p {
		return
	}
	closeSpan(g.running, t)
	g.running = append(g.running, span{t, -1, p})
}

func (m *model) event(ev trace.Event) {
	t := int64(ev.Time())
	m.last = t
	switch ev.Kind() {
	case trace.EventMetric:
		if mt := ev.Metric(); mt.Name == "/sched/gomaxprocs:threads" {
			m.procs = append(m.procs, procsChange{t, int64(mt.Value.Uint64())})
		}
	case trace.EventStateTransition:
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			return
		}
		g := m.g(st.Resource.Goroutine())
		if _, to := st.Goroutine(); executing(to) {
			g.runsOn(int64(ev.Proc()), t)
		} else {
			closeSpan(g.running, t)
		}
	case trace.EventLabel:
		l := ev.Label().Label
		if !strings.HasPrefix(l, "GC ") || ev.Goroutine() == trace.NoGoroutine {
			return
		}
		g := m.g(ev.Goroutine())
		g.runsOn(int64(ev.Proc()), t)
		if l == "GC (idle)" {
			closeSpan(g.marking, t)
		} else if !open(g.marking) {
			g.marking = append(g.marking, span{t, -1, 0})
		}
	case trace.EventRangeActive, trace.EventRangeBegin, trace.EventRangeEnd:
		r := ev.Range()
		if strings.HasPrefix(r.Name, "stop-the-world") && strings.Contains(r.Name, "GC") {
			if ev.Kind() == trace.EventRangeEnd {
				closeSpan(m.stw, t)
			} else if !open(m.stw) {
				m.stw = append(m.stw, span{t, -1, 0})
			}
			return
		}
		if r.Name != "GC mark assist" || r.Scope.Goroutine() == trace.NoGoroutine {
			return
		}
		g := m.g(r.Scope.Goroutine())
		if ev.Kind() != trace.EventRangeActive {
			g.runsOn(int64(ev.Proc()), t) // the assisting goroutine wrote it
		}
		if ev.Kind() == trace.EventRangeEnd {
			closeSpan(g.assist, t)
		} else if !open(g.assist) {
			g.assist = append(g.assist, span{t, -1, 0})
		}
	}
}

// intersect returns the parts of running (with their P) inside any of gc;
// both lists are in time order and disjoint.
func intersect(running, gc []span) []span {
	var out []span
	j := 0
	for _, r := range running {
		for j < len(gc) && gc[j].end <= r.begin {
			j++
		}
		for k := j; k < len(gc) && gc[k].begin < r.end; k++ {
			b, e := max(r.begin, gc[k].begin), min(r.end, gc[k].end)
			if b < e {
				out = append(out, span{b, e, r.p})
			}
		}
	}
	return out
}

// union merges two time-ordered lists of disjoint spans.
func union(a, b []span) []span {
	all := append(append([]span{}, a...), b...)
	sort.Slice(all, func(i, j int) bool { return all[i].begin < all[j].begin })
	var out []span
	for _, s := range all {
		if n := len(out); n > 0 && s.begin <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

type point struct {
	time int64
	util float64
}

// utilization is the step function: each point's value holds until the
// next; the last point is the end.
func (m *model) utilization() []point {
	closeAll := func(list []span) {
		closeSpan(list, m.last)
	}
	// Every stretch a P works for the GC, as +1/-1 at its ends.
	type delta struct {
		time, p int64
		d       int
	}
	var deltas []delta
	for _, g := range m.gs {
		closeAll(g.running)
		closeAll(g.assist)
		closeAll(g.marking)
		for _, s := range intersect(g.running, union(g.assist, g.marking)) {
			if s.p >= 0 {
				deltas = append(deltas, delta{s.begin, s.p, +1}, delta{s.end, s.p, -1})
			}
		}
	}
	closeAll(m.stw)
	for _, s := range m.stw {
		deltas = append(deltas, delta{s.begin, -1, +1}, delta{s.end, -1, -1})
	}
	for _, c := range m.procs {
		deltas = append(deltas, delta{c.time, -2, 0})
	}
	sort.Slice(deltas, func(i, j int) bool { return deltas[i].time < deltas[j].time })

	start := m.procs[0].time
	busy := map[int64]int{} // P -> GC stretches on it; -1: stop-the-world
	procs, pi := int64(0), 0
	var out []point
	for i := 0; i < len(deltas); {
		t := deltas[i].time
		for ; i < len(deltas) && deltas[i].time == t; i++ {
			busy[deltas[i].p] += deltas[i].d
		}
		for pi < len(m.procs) && m.procs[pi].time <= t {
			procs = m.procs[pi].n
			pi++
		}
		if t < start || procs == 0 {
			continue
		}
		gcPs := procs
		if busy[-1] <= 0 {
			gcPs = 0
			for p := int64(0); p < procs; p++ {
				if busy[p] > 0 {
					gcPs++
				}
			}
		}
		u := 1 - float64(gcPs)/float64(procs)
		if len(out) == 0 && t > start {
			out = append(out, point{start, 1})
		}
		if n := len(out); n == 0 || out[n-1].util != u {
			out = append(out, point{t, u})
		}
	}
	if len(out) == 0 {
		out = append(out, point{start, 1})
	}
	if out[len(out)-1].time < m.last {
		out = append(out, point{m.last, 0})
	}
	return out
}

// mmu is the lowest mean of util over windows of w inside it, tried at
// every start where an edge meets a change: the mean is linear between.
func mmu(util []point, w int64) float64 {
	first, last := util[0].time, util[len(util)-1].time
	if last <= first {
		return 0
	}
	w = min(w, last-first)
	// integral[i]: of the function from first to util[i].time.
	integral := make([]float64, len(util))
	for i := 1; i < len(util); i++ {
		integral[i] = integral[i-1] + util[i-1].util*float64(util[i].time-util[i-1].time)
	}
	at := func(t int64) float64 {
		i := sort.Search(len(util), func(i int) bool { return util[i].time > t }) - 1
		return integral[i] + util[i].util*float64(t-util[i].time)
	}
	worst := 1.0
	try := func(s int64) {
		s = min(max(s, first), last-w)
		worst = min(worst, (at(s+w)-at(s))/float64(w))
	}
	for _, p := range util {
		try(p.time)
		try(p.time - w)
	}
	return worst
}

func printMMU(windows, tracePath string) error {
	f, err := os.Open(tracePath)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := trace.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return err
	}
	m := &model{gs: map[trace.GoID]*goroutineSpans{}}
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		m.event(ev)
	}
	var util []point
	if len(m.procs) > 0 {
		util = m.utilization()
	}
	for _, s := range strings.Split(windows, ",") {
		w, _ := strconv.ParseInt(s, 10, 64)
		if util == nil {
			fmt.Printf("window %d none\n", w)
		} else {
			fmt.Printf("window %d %v\n", w, mmu(util, w))
		}
	}
	return nil
}

// windowList checks WINDOWS before the trace is read.
func windowList(s string) error {
	for _, w := range strings.Split(s, ",") {
		if _, err := strconv.ParseInt(w, 10, 64); err != nil {
			return fmt.Errorf("bad window %q", w)
		}
	}
	return nil
}
