// trace_oracle prints the canonical event list of a Go execution trace as
// golang.org/x/exp/trace (Go's own trace parser, exported) reads it, in the
// format of `goforensics trace --dump transitions`:
//
//	<time ns> G <goid> <from>-><to> reason="<reason>" stack=<frames> evstack=<frames> p=<P>
//	<time ns> Label <goid> "<label>" p=<P>
//	<time ns> MarkAssistBegin <goid> p=<P> | MarkAssistEnd <goid> p=<P>
//	<time ns> MarkAssistActive <goid> running=<goid> p=<P>
//	<time ns> GOMAXPROCS <n> | Sync <n>
//	<time ns> GCBegin | GCEnd
//	<time ns> STWBegin <kind> | STWEnd <kind>
//	<time ns> HeapAlloc <bytes> | HeapGoal <bytes>
//
// Frames are func@file:line, innermost first, joined by ';', or '-'. <P> and
// <goid> are -1 for none.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/exp/trace"
)

func frames(s trace.Stack) string {
	var parts []string
	for f := range s.Frames() {
		parts = append(parts, fmt.Sprintf("%s@%s:%d", f.Func, f.File, f.Line))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ";")
}

func main() {
	if len(os.Args) == 4 && os.Args[1] == "-mmu" {
		// trace_oracle -mmu WINDOWS TRACE: see mmu.go.
		err := windowList(os.Args[2])
		if err == nil {
			err = printMMU(os.Args[2], os.Args[3])
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "trace_oracle:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: trace_oracle TRACE | trace_oracle -mmu WINDOWS TRACE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "trace_oracle:", err)
		os.Exit(1)
	}
	defer f.Close()
	r, err := trace.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		fmt.Fprintln(os.Stderr, "trace_oracle:", err)
		os.Exit(1)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			out.Flush()
			fmt.Fprintln(os.Stderr, "trace_oracle:", err)
			os.Exit(1)
		}
		print(out, ev)
	}
}

func print(out *bufio.Writer, ev trace.Event) {
	t := int64(ev.Time())
	switch ev.Kind() {
	case trace.EventStateTransition:
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			return
		}
		from, to := st.Goroutine()
		fmt.Fprintf(out, "%d G %d %s->%s reason=%q stack=%s evstack=%s p=%d\n", t, st.Resource.Goroutine(), from, to,
			st.Reason, frames(st.Stack), frames(ev.Stack()), ev.Proc())
	case trace.EventSync:
		fmt.Fprintf(out, "%d Sync %d\n", t, ev.Sync().N)
	case trace.EventLabel:
		fmt.Fprintf(out, "%d Label %d %q p=%d\n", t, ev.Goroutine(), ev.Label().Label, ev.Proc())
	case trace.EventRangeActive:
		if r := ev.Range(); r.Name == "GC mark assist" {
			fmt.Fprintf(out, "%d MarkAssistActive %d running=%d p=%d\n", t, r.Scope.Goroutine(), ev.Goroutine(), ev.Proc())
		}
	case trace.EventRangeBegin, trace.EventRangeEnd:
		name := ev.Range().Name
		suffix := "Begin"
		if ev.Kind() == trace.EventRangeEnd {
			suffix = "End"
		}
		if name == "GC mark assist" {
			fmt.Fprintf(out, "%d MarkAssist%s %d p=%d\n", t, suffix, ev.Range().Scope.Goroutine(), ev.Proc())
		} else if name == "GC concurrent mark phase" {
			fmt.Fprintf(out, "%d GC%s\n", t, suffix)
		} else if kind, ok := strings.CutPrefix(name, "stop-the-world ("); ok {
			fmt.Fprintf(out, "%d STW%s %s\n", t, suffix, strings.TrimSuffix(kind, ")"))
		}
	case trace.EventMetric:
		m := ev.Metric()
		switch m.Name {
		case "/memory/classes/heap/objects:bytes":
			fmt.Fprintf(out, "%d HeapAlloc %d\n", t, m.Value.Uint64())
		case "/gc/heap/goal:bytes":
			fmt.Fprintf(out, "%d HeapGoal %d\n", t, m.Value.Uint64())
		case "/sched/gomaxprocs:threads":
			fmt.Fprintf(out, "%d GOMAXPROCS %d\n", t, m.Value.Uint64())
		}
	}
}
