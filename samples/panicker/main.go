// Command panicker parks a few goroutines and then crashes on its own: main
// writes to a nil map 200ms after printing READY (no SIGQUIT involved).
//
// Goroutines at the crash (user goroutines only; the runtime's own goroutines
// are not listed). "state" is the status in Go's traceback; "blocked in" is
// the goroutine's innermost main.* function and "created by" the function
// holding its go statement. A leak is a goroutine that nothing in the
// program will ever wake.
//
//	count  leak  state Go 1.26 / Go 1.19           blocked in         created by
//	1      no    running                           main.recordResult  -   (called from main.main; panicking)
//	2      yes   chan receive                      main.awaitResult   main.spawnResultWaiters
//	1      yes   sync.Mutex.Lock / semacquire      main.lockState     main.spawnStateLocker
//	1      no    sleep                             main.napper        main.spawnNapper
//
// Total: 5 goroutines, 3 of them leaks. The panic is Go's runtime error
// "assignment to entry in nil map"; under GOTRACEBACK=crash the runtime
// prints every goroutine and aborts (SIGABRT), which writes the core.
//
// main holds stateMu from the start; it does not keep a deadlock-detector
// timer because napper's one-hour sleep is a pending timer.
package main

import (
	"fmt"
	"goforensics/samples/internal/park"
	"runtime"
	"sync"
	"time"
)

var (
	stateMu sync.Mutex
	results map[string]int // never made: writing to it panics
	sink    int
)

func awaitResult(ch chan int) {
	sink += <-ch
}

func lockState() {
	stateMu.Lock()
	sink++
	stateMu.Unlock()
}

func napper() {
	time.Sleep(time.Hour)
	sink++
}

func spawnResultWaiters(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go awaitResult(ch)
	}
}

func spawnStateLocker() {
	go lockState()
}

func spawnNapper() {
	go napper()
}

//go:noinline
func recordResult(name string, v int) {
	results[name] = v
}

func main() {
	stateMu.Lock()
	spawnResultWaiters(2)
	spawnStateLocker()
	spawnNapper()

	park.WaitParked(5)
	runtime.GC()
	fmt.Println("READY")
	time.Sleep(200 * time.Millisecond)
	recordResult("answer", 42)
	select {}
}
