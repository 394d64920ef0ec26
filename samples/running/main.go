// Command running keeps one goroutine on a CPU while others are parked.
//
// Goroutines at READY (user goroutines only; the runtime's own goroutines are
// not listed). "state" is the status in Go's traceback, the same for Go 1.19
// and Go 1.26; "blocked in" is the goroutine's innermost main.* function and
// "created by" the function holding its go statement. A leak is a goroutine
// that nothing in the program will ever wake.
//
//	count  leak  state                       blocked in      created by
//	1      no    select (no cases)           main.main       -
//	1      no    running, locked to thread   main.burnCPU    main.startBurner
//	                                         (or main.mix, which it calls in a loop)
//	2      yes   chan receive                main.awaitWork  main.spawnWorkers
//	1      no    sleep                       main.napper     main.spawnNapper
//	1      no    runnable (or running)       main.spin       main.startSpinner
//
// Total: 6 goroutines, 2 of them leaks.
//
// burnCPU spins forever calling mix, which is marked go:noinline and does
// integer arithmetic; it never calls runtime.Gosched. It runs locked to the
// process's main thread (m0): main starts it under GOMAXPROCS 1, so that m0
// is the only thread that can run it, and it calls runtime.LockOSThread
// before anything else; then main sets GOMAXPROCS to 2 and starts the parked
// goroutines. capture.sh sends SIGQUIT to the main thread (tgkill), so Go's
// dump shows burnCPU [running, locked to thread] on m=0 with its stack at
// the signal (innermost main.mix or main.burnCPU). Had the signal reached
// another thread, the dump would show it [running, locked to thread] with
// "goroutine running on other thread; stack unavailable" and print its
// stack again in m0's section after a "-----" line; unlocked on another
// thread it would have been preempted as the runtime froze the world and be
// shown [runnable] in runtime.asyncPreempt2. sysmon still preempts it every
// 10ms, so for a few microseconds in every 10ms it is not running.
package main

import (
	"fmt"
	"goforensics/samples/internal/park"
	"runtime"
	"time"
)

var (
	sink uint64
	work = make(chan int)
)

//go:noinline
func mix(x uint64) uint64 {
	x ^= x >> 29
	x *= 6364136223846793005
	return x + 1442695040888963407
}

func burnCPU(started chan struct{}) {
	runtime.LockOSThread()
	close(started)
	x := uint64(1)
	for {
		x = mix(x)
		if x == 0 {
			sink = x
		}
	}
}

// spin is the other CPU-bound goroutine, not locked to a thread: as the
// crashing runtime freezes the world it is preempted asynchronously, so the
// dump shows it [runnable] under runtime.asyncPreempt2 and runtime.asyncPreempt
// at whichever instruction the signal interrupted. One short statement per
// line makes that instruction often the first of its line, where the
// runtimes differ: Go 1.21 and later print the interrupted line, Go 1.20 and
// earlier the line before it.
func spin(started chan struct{}) {
	close(started)
	x := uint64(1)
	for {
		x ^= x >> 29
		x *= 6364136223846793005
		x += 1442695040888963407
		x ^= x << 17
		if x == 0 {
			sink = x
		}
	}
}

func startSpinner() {
	started := make(chan struct{})
	go spin(started)
	<-started
}

func awaitWork() {
	sink += uint64(<-work)
}

func napper() {
	time.Sleep(time.Hour)
	sink++
}

// startBurner starts burnCPU on the main thread (see the head comment) and
// returns once it runs there.
func startBurner() {
	runtime.GOMAXPROCS(1)
	runtime.UnlockOSThread()
	started := make(chan struct{})
	go burnCPU(started)
	<-started
}

// init runs on the main thread; locking keeps main there until startBurner.
func init() {
	runtime.LockOSThread()
}

func spawnWorkers(n int) {
	for i := 0; i < n; i++ {
		go awaitWork()
	}
}

func spawnNapper() {
	go napper()
}

func main() {
	startBurner()
	runtime.GOMAXPROCS(2)
	startSpinner()

	spawnWorkers(2)
	spawnNapper()

	park.WaitParked(6)
	runtime.GC()
	fmt.Println("READY")
	select {}
}
