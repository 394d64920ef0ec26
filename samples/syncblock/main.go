// Command syncblock parks goroutines forever on sync primitives.
//
// Parked at READY (user goroutines only; the runtime's own goroutines are not
// listed). "state" is the status in Go's traceback: Go 1.20 and later name
// the primitive, Go 1.19 says "semacquire" for all but sync.Cond. "blocked
// in" is the goroutine's innermost main.* function and "created by" the
// function holding its go statement. A leak is a goroutine that nothing in
// the program will ever wake.
//
//	count  leak  state Go 1.26 / Go 1.19               blocked in        created by
//	1      no    select (no cases)                     main.main         -
//	2      yes   sync.Mutex.Lock / semacquire          main.lockMutex    main.spawnMutexWaiters
//	1      yes   sync.RWMutex.RLock / semacquire       main.readConfig   main.spawnConfigReader
//	1      yes   sync.RWMutex.Lock / semacquire        main.writeTable   main.spawnTableWriter
//	2      yes   sync.WaitGroup.Wait / semacquire      main.awaitGroup   main.spawnGroupWaiters
//	2      yes   sync.Cond.Wait / sync.Cond.Wait       main.awaitSignal  main.spawnCondWaiters
//
// Total: 9 goroutines, 8 of them leaks.
//
// main holds, forever: mu (Lock), configMu (Lock: the reader waits for the
// writer) and tableMu (RLock: the writer waits for the reader, which puts it
// in RWMutex.Lock's wait for readers rather than in the inner Mutex). The
// WaitGroup has Add(1) and no Done; the Cond is never signalled.
//
// main keeps a 24-hour time.AfterFunc timer (no goroutine) so that the
// runtime's deadlock detector does not fire while every goroutine is parked.
package main

import (
	"fmt"
	"goforensics/samples/internal/park"
	"runtime"
	"sync"
)

var (
	mu       sync.Mutex
	configMu sync.RWMutex
	tableMu  sync.RWMutex
	group    sync.WaitGroup
	condMu   sync.Mutex
	cond     = sync.NewCond(&condMu)
	signaled bool
	sink     int
)

func lockMutex() {
	mu.Lock()
	sink++
	mu.Unlock()
}

func readConfig() {
	configMu.RLock()
	sink++
	configMu.RUnlock()
}

func writeTable() {
	tableMu.Lock()
	sink++
	tableMu.Unlock()
}

func awaitGroup() {
	group.Wait()
	sink++
}

func awaitSignal() {
	condMu.Lock()
	for !signaled {
		cond.Wait()
	}
	condMu.Unlock()
}

func spawnMutexWaiters(n int) {
	for i := 0; i < n; i++ {
		go lockMutex()
	}
}

func spawnConfigReader() {
	go readConfig()
}

func spawnTableWriter() {
	go writeTable()
}

func spawnGroupWaiters(n int) {
	for i := 0; i < n; i++ {
		go awaitGroup()
	}
}

func spawnCondWaiters(n int) {
	for i := 0; i < n; i++ {
		go awaitSignal()
	}
}

func main() {
	park.KeepProcessAlive()

	mu.Lock()
	configMu.Lock()
	tableMu.RLock()
	group.Add(1)

	spawnMutexWaiters(2)
	spawnConfigReader()
	spawnTableWriter()
	spawnGroupWaiters(2)
	spawnCondWaiters(2)

	park.WaitParked(9)
	runtime.GC()
	fmt.Println("READY")
	select {}
}
