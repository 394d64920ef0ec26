// Command deepstack parks two goroutines at the bottom of deep recursions.
//
// Parked at READY (user goroutines only; the runtime's own goroutines are not
// listed). "state" is the status in Go's traceback, the same for Go 1.19 and
// Go 1.26; "blocked in" is the goroutine's innermost main.* function and
// "created by" the function holding its go statement. A leak is a goroutine
// that nothing in the program will ever wake.
//
//	count  leak  state              blocked in    created by
//	1      no    select (no cases)  main.main     -
//	2      yes   chan receive       main.descend  main.spawnDivers
//
// Total: 3 goroutines, 2 of them leaks.
//
// The shallow goroutine has 41 main.* frames (40 of main.descend, then
// main.shallowDive); the deep one has 201 (200 of main.descend, then
// main.deepDive), more than the 100 frames Go's traceback prints: Go 1.19
// prints the innermost 100 and "...additional frames elided...", Go 1.26 the
// innermost 50, "...N frames elided..." and the outermost 50. The core holds
// all of them. Both receive from the same unbuffered channel, which nobody
// sends on.
//
// main keeps a 24-hour time.AfterFunc timer (no goroutine) so that the
// runtime's deadlock detector does not fire while every goroutine is parked.
package main

import (
	"fmt"
	"goforensics/samples/internal/park"
	"runtime"
)

var sink int

// descend recurses depth times in all, the innermost call blocking on ch.
//
//go:noinline
func descend(depth int, ch chan int) int {
	if depth <= 1 {
		return <-ch
	}
	return descend(depth-1, ch) + 1
}

func shallowDive(ch chan int) {
	sink = descend(40, ch)
}

func deepDive(ch chan int) {
	sink = descend(200, ch)
}

func spawnDivers() {
	ch := make(chan int)
	go shallowDive(ch)
	go deepDive(ch)
}

func main() {
	park.KeepProcessAlive()

	spawnDivers()

	park.WaitParked(3)
	runtime.GC()
	fmt.Println("READY")
	select {}
}
